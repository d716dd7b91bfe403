/** Day two in the prod stack: persistent votes, telemetry, alarms, request scaling; all off in dev. */
import * as assert from "assert";
import { buildContainerDefinition } from "../components/ecs/containerDefinition";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { sharedEvaluation } from "./support/evaluations";
import { TIER_NAMES } from "./support/tiers";

const json = (value: unknown) => JSON.parse(String(value));

describe("day two (prod stack)", () => {
    let prod: Evaluation;
    let dev: Evaluation;
    before(async () => {
        prod = await sharedEvaluation("prod");
        dev = await sharedEvaluation("dev");
    });

    describe("votes survive a database task replacement", () => {
        it("keeps Postgres data on an encrypted EFS file system, kept on destroy and backed up", () => {
            const fileSystem = named(prod, "aws:efs/fileSystem:FileSystem", "yelb-db-storage-fs");
            assert.strictEqual(fileSystem.inputs.encrypted, true);
            assert.strictEqual(fileSystem.options.retainOnDelete, true);
            assert.deepStrictEqual(named(prod, "aws:efs/backupPolicy:BackupPolicy", "yelb-db-storage-backup").inputs.backupPolicy, {
                status: "ENABLED",
            });
            const policy = json(named(prod, "aws:efs/fileSystemPolicy:FileSystemPolicy", "yelb-db-storage-policy").inputs.policy);
            assert.deepStrictEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.strictEqual(policy.Statement[0].Effect, "Deny");
        });

        it("gives Postgres an access point owned by its user, and a mount target in each private subnet", () => {
            const accessPoint = named(prod, "aws:efs/accessPoint:AccessPoint", "yelb-db-storage-ap").inputs;
            assert.deepStrictEqual(accessPoint.posixUser, { uid: 999, gid: 999 });
            assert.deepStrictEqual(accessPoint.rootDirectory, {
                path: "/postgres",
                creationInfo: { ownerUid: 999, ownerGid: 999, permissions: "700" },
            });
            const subnets = ofType(prod, "aws:efs/mountTarget:MountTarget").map((m) => m.inputs.subnetId);
            assert.deepStrictEqual(subnets, ["subnet-private-1", "subnet-private-2", "subnet-private-3"]);
        });

        it("mounts it with TLS and IAM authorisation, under a PGDATA subdirectory", () => {
            const task = named(prod, "aws:ecs/taskDefinition:TaskDefinition", "yelb-db-sc-task");
            const accessPoint = named(prod, "aws:efs/accessPoint:AccessPoint", "yelb-db-storage-ap");
            assert.deepStrictEqual(task.inputs.volumes, [
                {
                    name: "data",
                    efsVolumeConfiguration: {
                        fileSystemId: "yelb-db-storage-fs-id",
                        transitEncryption: "ENABLED",
                        authorizationConfig: { accessPointId: "yelb-db-storage-ap-id", iam: "ENABLED" },
                    },
                },
            ]);
            const [container] = json(task.inputs.containerDefinitions);
            assert.deepStrictEqual(container.mountPoints, [
                { sourceVolume: "data", containerPath: "/var/lib/postgresql/data", readOnly: false },
            ]);
            assert.deepStrictEqual(container.environment, [{ name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" }]);
            assert.strictEqual(container.healthCheck.startPeriod, 180);
            const taskPolicy = json(named(prod, "aws:iam/rolePolicy:RolePolicy", "yelb-db-sc-task-efs").inputs.policy);
            assert.deepStrictEqual(taskPolicy.Statement, [
                {
                    Effect: "Allow",
                    Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                    Resource: named(prod, "aws:efs/fileSystem:FileSystem", "yelb-db-storage-fs").outputs.arn,
                    Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": accessPoint.outputs.arn } },
                },
            ]);
        });

        it("opens NFS to the database tasks only, and starts them after the mount targets", () => {
            const efsGroupArn = String(named(prod, "aws:ec2/securityGroup:SecurityGroup", "yelb-db-storage-sg").outputs.arn);
            const rulesIntoEfs = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
                efsGroupArn.endsWith(String(r.inputs.securityGroupId)),
            );
            const dbGroupArn = String(named(prod, "aws:ec2/securityGroup:SecurityGroup", "yelb-db-sc-sg").outputs.arn);
            assert.deepStrictEqual(
                rulesIntoEfs.map((r) => [
                    dbGroupArn.endsWith(String(r.inputs.referencedSecurityGroupId)),
                    r.inputs.fromPort,
                    r.inputs.toPort,
                ]),
                [[true, 2049, 2049]],
            );
            const service = named(prod, "aws:ecs/service:Service", "yelb-db-sc-service");
            for (const mount of ofType(prod, "aws:efs/mountTarget:MountTarget")) {
                assert.ok(service.dependencies.includes(mount.urn), `the db service waits for ${mount.name}`);
            }
            assert.deepStrictEqual(
                [service.inputs.desiredCount, service.inputs.deploymentMinimumHealthyPercent, service.inputs.deploymentMaximumPercent],
                [1, 0, 100],
            );
        });

        it("leaves dev on task storage", () => {
            assert.strictEqual(ofType(dev, "aws:efs/fileSystem:FileSystem").length, 0);
            assert.deepStrictEqual(named(dev, "aws:ecs/taskDefinition:TaskDefinition", "yelb-db-sc-task").inputs.volumes, []);
        });
    });

    describe("Service Connect telemetry", () => {
        it("writes JSON access logs for every service in prod, none in dev", () => {
            for (const service of ofType(prod, "aws:ecs/service:Service")) {
                assert.deepStrictEqual((service.inputs.serviceConnectConfiguration as any).accessLogConfiguration, {
                    format: "JSON",
                    includeQueryParameters: "DISABLED",
                });
            }
            for (const service of ofType(dev, "aws:ecs/service:Service")) {
                assert.strictEqual((service.inputs.serviceConnectConfiguration as any).accessLogConfiguration, undefined);
            }
        });

        it("draws a dashboard of Service Connect, ALB and CPU/memory metrics", () => {
            const dashboard = named(prod, "aws:cloudwatch/dashboard:Dashboard", "yelb-monitoring-dashboard");
            assert.strictEqual(dashboard.inputs.dashboardName, "yelb-prod");
            const body = json(dashboard.inputs.dashboardBody);
            const metrics = body.widgets.flatMap((w: any) => w.properties.metrics.map((m: unknown[]) => `${m[0]} ${m[1]}`));
            for (const expected of [
                "AWS/ECS RequestCount",
                "AWS/ECS ActiveConnectionCount",
                "AWS/ECS HTTPCode_Target_5XX_Count",
                "AWS/ECS TargetResponseTime",
                "AWS/ApplicationELB RequestCount",
                "AWS/ECS CPUUtilization",
                "AWS/ECS MemoryUtilization",
            ]) {
                assert.ok(metrics.includes(expected), expected);
            }
            const appserverName = named(prod, "aws:ecs/service:Service", "yelb-appserver-sc-service").outputs.name;
            const clusterName = named(prod, "aws:ecs/cluster:Cluster", "yelb-ecs-cluster").outputs.name;
            const requests = body.widgets[0].properties.metrics.find((m: unknown[]) => m.includes(appserverName));
            assert.deepStrictEqual(requests, [
                "AWS/ECS",
                "RequestCount",
                "ClusterName",
                clusterName,
                "ServiceName",
                appserverName,
                "DiscoveryName",
                "yelb-appserver",
            ]);
        });

        it("raises the four kinds of alarms to one SNS topic", () => {
            const topic = named(prod, "aws:sns/topic:Topic", "yelb-monitoring-alarms");
            const alarms = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm");
            // Registration order follows the outputs each alarm waits for, so compare as sets.
            assert.deepStrictEqual(
                alarms.map((a) => a.name).sort(),
                // The ALB's and the calls' alarms, and one on every tier's task count.
                [...["error-rate", "p99-latency", "unhealthy-targets"], ...TIER_NAMES.map((tier) => `${tier}-tasks`)]
                    .map((n) => `yelb-monitoring-${n}`)
                    .sort(),
            );
            for (const alarm of alarms) {
                assert.deepStrictEqual(alarm.inputs.alarmActions, [topic.outputs.arn], alarm.name);
            }
            const uiName = named(prod, "aws:ecs/service:Service", "yelb-ui-sc-service").outputs.name;
            // Service Connect's TargetResponseTime has no percentiles (one aggregate a minute): the ALB's has.
            const p99 = named(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "yelb-monitoring-p99-latency").inputs as any;
            assert.deepStrictEqual(
                [p99.namespace, p99.metricName, p99.extendedStatistic, p99.threshold, p99.evaluateLowSampleCountPercentiles],
                ["AWS/ApplicationELB", "TargetResponseTime", "p99", 1, "ignore"],
            );
            assert.strictEqual(
                p99.dimensions.TargetGroup,
                named(prod, "aws:lb/targetGroup:TargetGroup", "yelb-ingress-ui").outputs.arnSuffix,
            );
            const errorRate = named(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "yelb-monitoring-error-rate").inputs as any;
            assert.strictEqual(errorRate.threshold, 5);
            assert.strictEqual(
                errorRate.metricQueries[0].metric.dimensions.ServiceName,
                uiName,
                "Service Connect reports target metrics under the caller",
            );
            assert.strictEqual(
                errorRate.metricQueries.at(-1).expression,
                "100 * FILL(c5, 0) / (FILL(c2, 0) + FILL(c3, 0) + FILL(c4, 0) + FILL(c5, 0))",
            );
            const tasks = named(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "yelb-monitoring-db-tasks").inputs as any;
            assert.deepStrictEqual(
                tasks.metricQueries.map((q: any) => q.metric?.metricName ?? q.expression),
                ["DesiredTaskCount", "RunningTaskCount", "desired - FILL(running, 0)"],
            );
            assert.strictEqual(tasks.treatMissingData, "breaching", "no task counts at all is the outage itself");
            const unhealthy = named(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "yelb-monitoring-unhealthy-targets").inputs as any;
            assert.strictEqual(
                unhealthy.dimensions.TargetGroup,
                named(prod, "aws:lb/targetGroup:TargetGroup", "yelb-ingress-ui").outputs.arnSuffix,
            );
            assert.strictEqual(ofType(prod, "aws:sns/topicSubscription:TopicSubscription").length, 0, "no e-mail configured in prod");
            assert.strictEqual(ofType(dev, "aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
        });

        it("subscribes the configured e-mail address", async () => {
            const withEmail = await evaluateStack("prod", { "yelb:alarmEmail": "ops@example.com" });
            const subscription = named(withEmail, "aws:sns/topicSubscription:TopicSubscription", "yelb-monitoring-email").inputs;
            assert.deepStrictEqual([subscription.protocol, subscription.endpoint], ["email", "ops@example.com"]);
        });
    });

    describe("scaling on traffic", () => {
        it("tracks Service Connect requests per running task next to CPU", () => {
            const policy = named(prod, "aws:appautoscaling/policy:Policy", "yelb-appserver-request-scaling").inputs as any;
            const config = policy.targetTrackingScalingPolicyConfiguration;
            assert.strictEqual(config.targetValue, 600);
            const [requests, tasks, ratio] = config.customizedMetricSpecification.metrics;
            assert.deepStrictEqual(
                [requests.metricStat.metric.namespace, requests.metricStat.metric.metricName, requests.metricStat.stat],
                ["AWS/ECS", "RequestCount", "Sum"],
            );
            assert.deepStrictEqual(
                requests.metricStat.metric.dimensions.map((d: any) => d.name),
                ["ClusterName", "ServiceName", "DiscoveryName"],
            );
            assert.deepStrictEqual(
                [tasks.metricStat.metric.namespace, tasks.metricStat.metric.metricName],
                ["ECS/ContainerInsights", "RunningTaskCount"],
            );
            assert.deepStrictEqual([ratio.expression, ratio.returnData], ["requests / tasks", true]);
            assert.strictEqual(ofType(dev, "aws:appautoscaling/policy:Policy").length, 1, "dev scales on CPU only");
        });
    });

    describe("health checks", () => {
        it("only use commands the images ship, and give the UI a grace period behind the ALB", () => {
            const command = (tier: string, ev = dev) =>
                json(named(ev, "aws:ecs/taskDefinition:TaskDefinition", `yelb-${tier}-sc-task`).inputs.containerDefinitions)[0].healthCheck
                    ?.command;
            assert.deepStrictEqual(command("appserver"), ["CMD-SHELL", "curl -fs http://127.0.0.1:4567/api/hostname || exit 1"]);
            assert.deepStrictEqual(command("redis"), ["CMD-SHELL", "redis-cli -h 127.0.0.1 ping | grep -q PONG"]);
            assert.deepStrictEqual(command("db"), ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U postgres"]);
            assert.strictEqual(command("ui"), undefined);
            assert.strictEqual(named(dev, "aws:ecs/service:Service", "yelb-ui-sc-service").inputs.healthCheckGracePeriodSeconds, 60);
        });

        it("builds container definitions with the proxy's share left out of the limits", () => {
            const container = buildContainerDefinition({
                name: "api",
                image: "example/api:1",
                limits: { cpu: 256, memory: 960 },
                port: { name: "api", containerPort: 8080 },
                logGroupName: "/ecs/api",
                region: "eu-west-1",
            });
            assert.deepStrictEqual(container, {
                name: "api",
                image: "example/api:1",
                essential: true,
                cpu: 256,
                memory: 960,
                portMappings: [{ name: "api", containerPort: 8080, protocol: "tcp" }],
                logConfiguration: {
                    logDriver: "awslogs",
                    options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" },
                },
            });
        });
    });
});
