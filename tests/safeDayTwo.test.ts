/** Safe day two (issue 12): updates that keep the votes, rollouts that stop, zones checked first, alarms that see an outage. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { UNHEALTHY_HOST_STATISTIC } from "../components/monitoring/monitoring";
import { hostedZoneProblem } from "../config/awsChecks";
import { largestVpcPrefix, vpcCidrProblem } from "../config/network";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { MOCK_HOSTED_ZONES } from "../tools/harness/mockState";
import { evaluateStack } from "../tools/harness/program";
import { runResourcePolicy } from "../tools/plan/policyRunner";
import { noCircuitBreaker } from "../policies/deployment";
import { DEV_WITHOUT_LEVERS } from "./costFixtures";
import { sharedEvaluation } from "./support/evaluations";
import { TIER_NAMES, assertEntries, perTier } from "./support/tiers";
import { TIERS } from "../model/tiers";

const json = (value: unknown) => JSON.parse(String(value));
const SERVICE = "aws:ecs/service:Service";

/** A resource's guard against a replacement or delete that would lose data or collide on its fixed name. */
function guardOf(options: Evaluation["resources"][number]["options"]): string {
    if (options.protect) {
        return "protect";
    }
    if (options.deleteBeforeReplace) {
        return "deleteBeforeReplace";
    }
    return options.ignoreChanges.length > 0 ? `ignoreChanges ${options.ignoreChanges.join(",")}` : "none";
}

describe("safe day two", () => {
    let prod: Evaluation;
    let dev: Evaluation;
    before(async () => {
        prod = await sharedEvaluation("prod");
        dev = await sharedEvaluation("dev", DEV_WITHOUT_LEVERS);
    });

    describe("updates that cannot lose the votes", () => {
        it("guards every resource that holds data or has a fixed name, read from the registrations", () => {
            // Data: the EFS file system; a single store: the db service and its mount targets;
            // fixed names: the namespace, the log groups and the web ACL (a dashboard's only create-only input is its name).
            const guarded = prod.resources
                .filter((r) => r.custom)
                .filter(
                    (r) =>
                        r.type === "aws:efs/fileSystem:FileSystem" ||
                        r.type === "aws:efs/mountTarget:MountTarget" ||
                        (r.type === SERVICE && r.name === "yelb-db-sc-service") ||
                        (r.inputs.name !== undefined && !r.type.startsWith("aws:route53/") && r.type !== "aws:ecs/cluster:Cluster"),
                )
                .map((r) => `${r.name}: ${guardOf(r.options)}`)
                .sort();
            assert.deepStrictEqual(
                guarded,
                [
                    ...TIER_NAMES.map((tier) => `yelb-${tier}-sc-logs: deleteBeforeReplace`),
                    "yelb-db-sc-service: deleteBeforeReplace",
                    "yelb-db-storage-fs: protect",
                    "yelb-db-storage-mount-1: deleteBeforeReplace",
                    "yelb-db-storage-mount-2: deleteBeforeReplace",
                    "yelb-db-storage-mount-3: deleteBeforeReplace",
                    "yelb-ingress-waf-acl: deleteBeforeReplace",
                    "yelb-namespace-http: ignoreChanges description",
                ].sort(),
            );
            const fileSystem = named(prod, "aws:efs/fileSystem:FileSystem", "yelb-db-storage-fs").options;
            assert.deepStrictEqual([fileSystem.protect, fileSystem.retainOnDelete], [true, true]);
            assert.strictEqual(named(dev, SERVICE, "yelb-db-sc-service").options.deleteBeforeReplace, true, "dev's db too");
            assert.strictEqual(named(prod, SERVICE, "yelb-ui-sc-service").options.deleteBeforeReplace, false, "stateless tiers roll");
        });

        it("makes turning persistence off two deliberate steps: protection off, then persistence off", async () => {
            await assert.rejects(
                evaluateStack("prod", { "yelb:dbPersistence": "false", "yelb:dbBackups": "false", "yelb:dbRetainDataOnDestroy": "false" }),
                /yelb:dbProtectData is true but yelb:dbPersistence is false, so there is no file system to protect\. To turn persistence off, first set dbProtectData to false and run pulumi up, then set dbPersistence to false\./,
            );
            const unprotected = await evaluateStack("prod", { "yelb:dbProtectData": "false" });
            assert.strictEqual(named(unprotected, "aws:efs/fileSystem:FileSystem", "yelb-db-storage-fs").options.protect, false);
        });

        it("starts the first tasks only after IAM grants their log stream and EFS mount", () => {
            const task = named(prod, "aws:ecs/taskDefinition:TaskDefinition", "yelb-db-sc-task");
            for (const policy of ["yelb-db-sc-execution-logs", "yelb-db-sc-task-efs"]) {
                assert.ok(task.dependencies.includes(named(prod, "aws:iam/rolePolicy:RolePolicy", policy).urn), `waits for ${policy}`);
            }
            const ui = named(dev, "aws:ecs/taskDefinition:TaskDefinition", "yelb-ui-sc-task");
            assert.ok(ui.dependencies.includes(named(dev, "aws:iam/rolePolicy:RolePolicy", "yelb-ui-sc-execution-logs").urn));
        });
    });

    describe("rollouts that cannot succeed", () => {
        const timeoutsOf = async (overrides: Record<string, string>) => {
            const seen: Record<string, unknown> = {};
            await evaluateStack("dev", overrides, [
                (args) => {
                    if (args.type === SERVICE) {
                        seen[args.name] = args.opts.customTimeouts;
                    }
                    return undefined;
                },
            ]);
            return seen;
        };

        it("gives every ECS service create and update timeouts from config, well under the provider's 20 minutes", async () => {
            const seen = await timeoutsOf({});
            assert.deepStrictEqual(
                Object.keys(seen).sort(),
                perTier((tier) => `yelb-${tier}-sc-service`),
            );
            for (const timeouts of Object.values(seen)) {
                assert.deepStrictEqual(timeouts, { create: "10m", update: "10m" });
            }
            assert.deepStrictEqual((await timeoutsOf({ "yelb:serviceDeployTimeoutMinutes": "25" }))["yelb-db-sc-service"], {
                create: "25m",
                update: "25m",
            });
        });

        it("keeps the breaker off by policy, saying why now that AWS supports it, and lets a stack allow it", async () => {
            const service = named(dev, SERVICE, "yelb-ui-sc-service");
            assert.deepStrictEqual(service.inputs.deploymentCircuitBreaker, { enable: false, rollback: false });
            const withBreaker = { type: SERVICE, props: { ...service.inputs, deploymentCircuitBreaker: { enable: true, rollback: true } } };
            const [message] = await runResourcePolicy(noCircuitBreaker, withBreaker);
            assert.match(message, /^This project keeps the ECS deployment circuit breaker off/);
            assert.match(message, /listed the breaker as unsupported; later AWS documentation supports it/);
            assert.match(message, /Set deploymentCircuitBreaker\.enable to false .*or set this policy's allowCircuitBreaker to true\.$/);
            assert.deepStrictEqual(await runResourcePolicy(noCircuitBreaker, withBreaker, { allowCircuitBreaker: true }), []);
        });

        it("rejects a timeout outside 3 to 60 minutes, naming the key", async () => {
            await assert.rejects(
                evaluateStack("dev", { "yelb:serviceDeployTimeoutMinutes": "0" }),
                /yelb:serviceDeployTimeoutMinutes: 0 is out of range\. Use a whole number from 3 to 60\./,
            );
        });
    });

    describe("failing early, before anything is created", () => {
        const zone = { id: "Z0123456789ABCDEFGHIJ", name: "example.com" };

        it("says what is wrong with the zone: missing, private, or of another name", () => {
            assert.strictEqual(hostedZoneProblem(zone, { name: "example.com.", privateZone: false }), undefined);
            assert.strictEqual(hostedZoneProblem(zone, { name: "Example.COM", privateZone: false }), undefined);
            assert.match(
                hostedZoneProblem(zone, { error: "NoSuchHostedZone" })!,
                /^yelb:hostedZoneId: Route 53 has no hosted zone Z0123456789ABCDEFGHIJ/,
            );
            assert.match(hostedZoneProblem(zone, { name: "example.com.", privateZone: true })!, /is a private hosted zone/);
            assert.match(
                hostedZoneProblem(zone, { name: "example.org.", privateZone: false })!,
                /^yelb:hostedZoneName: "example.com" is not the name/,
            );
        });

        for (const [id, message] of [
            [
                "Z0MISSINGZONE0000000",
                /^yelb:hostedZoneId: Route 53 has no hosted zone Z0MISSINGZONE0000000 that these credentials can read/,
            ],
            [
                "Z0PRIVATEZONE0000000",
                /^yelb:hostedZoneId: Z0PRIVATEZONE0000000 is a private hosted zone.*Use the ID of the public zone example\.com\.$/,
            ],
            [
                "Z0OTHERZONE000000000",
                /^yelb:hostedZoneName: "example\.com" is not the name of hosted zone Z0OTHERZONE000000000, which is example\.org\./,
            ],
        ] as const) {
            it(`fails the preview with a RunError and no VPC or namespace for zone ${id}`, async () => {
                assert.ok(id in MOCK_HOSTED_ZONES);
                const error = await evaluateStack("dev", { "yelb:hostedZoneId": id }).then(
                    () => assert.fail("the preview should fail"),
                    (e: unknown) => e as Error & { registeredBeforeError: number },
                );
                assert.ok(pulumi.RunError.isInstance(error), "printed without a stack trace");
                const [header, ...problems] = error.message.split("\n  - ");
                assert.strictEqual(header, 'Invalid configuration for stack "dev" (1 problem):');
                assert.strictEqual(problems.length, 1);
                assert.match(problems[0], message);
            });
        }

        it("runs tasks in the public subnets when there is no NAT gateway", async () => {
            const noNat = await sharedEvaluation("dev", { "yelb:natGateways": "None", "yelb:assignPublicIp": "true" });
            for (const service of ofType(noNat, SERVICE)) {
                const network = service.inputs.networkConfiguration as { subnets: string[]; assignPublicIp: boolean };
                assert.deepStrictEqual(
                    [network.subnets, network.assignPublicIp],
                    [["subnet-public-1", "subnet-public-2"], true],
                    service.name,
                );
            }
            const natted = (named(dev, SERVICE, "yelb-db-sc-service").inputs.networkConfiguration as { subnets: string[] }).subnets;
            assert.deepStrictEqual(natted, ["subnet-private-1", "subnet-private-2"]);
        });

        it("accepts only VPC blocks awsx can lay a public /24 and a private /20 out in, per AZ", async () => {
            assert.deepStrictEqual([2, 3, 4, 5, 6].map(largestVpcPrefix), [18, 17, 17, 16, 16]);
            assert.strictEqual(vpcCidrProblem("k", "10.0.0.0/18", 2), undefined);
            assert.strictEqual(vpcCidrProblem("k", "10.0.0.0/16", 6), undefined);
            assert.match(
                vpcCidrProblem("k", "10.0.0.0/18", 3)!,
                /^k: \/18 is too small for 3 availability zones.*needs a VPC of \/17 or larger/,
            );
            assert.match(
                vpcCidrProblem("k", "10.0.1.0/16", 2)!,
                /^k: "10\.0\.1\.0\/16" has host bits set\. Use the network address 10\.0\.0\.0\/16\./,
            );
            assert.match(vpcCidrProblem("k", "10.0.0.300/16", 2)!, /is not an IPv4 CIDR block/);
            await assert.rejects(
                evaluateStack("dev", { "yelb:vpcCidr": "10.0.0.0/20" }),
                /yelb:vpcCidr: \/20 is too small for 2 availability zones/,
            );
        });
    });

    describe("alarms that see an outage", () => {
        it("rejects monitoring without Container Insights, whose task counts the alarms read", async () => {
            await assert.rejects(
                evaluateStack("prod", { "yelb:containerInsights": "disabled", "yelb:appserverRequestsPerTaskTarget": "0" }),
                /yelb:monitoring is true but yelb:containerInsights is "disabled": the running-task alarms read Container Insights' task counts/,
            );
        });

        it("alarms on no task counts at all, except for a tier set to run none", async () => {
            const idle = await evaluateStack("prod", { "yelb:redisDesiredCount": "0" });
            const names = ofType(idle, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);
            assert.ok(!names.includes("yelb-monitoring-redis-tasks"));
            assert.ok(names.includes("yelb-monitoring-db-tasks"));
        });

        it("plots connections for the TCP endpoints, requests for the HTTP ones, and no Service Connect percentiles", () => {
            const body = json(named(prod, "aws:cloudwatch/dashboard:Dashboard", "yelb-monitoring-dashboard").inputs.dashboardBody);
            const metrics: string[][] = body.widgets[0].properties.metrics;
            // One line for every endpoint a tier publishes.
            const endpoints = Object.values(TIERS).flatMap((tier) => tier.contract.endpoint?.discoveryName ?? []);
            assert.deepStrictEqual(metrics.map((m) => m[7]).sort(), endpoints.sort());
            const traffic = Object.fromEntries(metrics.map((m) => [m[7], m[1]]));
            assertEntries(traffic, {
                "redis-server": "NewConnectionCount",
                "yelb-appserver": "RequestCount",
                "yelb-db": "NewConnectionCount",
            });
            const serviceConnectStats = body.widgets
                .flatMap((w: any) => w.properties.metrics)
                .filter((m: unknown[]) => m[0] === "AWS/ECS" && m[1] === "TargetResponseTime")
                .map((m: unknown[]) => (m.at(-1) as { stat: string }).stat);
            assert.deepStrictEqual(serviceConnectStats, ["Average", "Maximum"]);
        });

        it("reads unhealthy targets with a statistic the ALB guide lists for host counts", () => {
            const unhealthy = named(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "yelb-monitoring-unhealthy-targets").inputs;
            assert.strictEqual(unhealthy.statistic, UNHEALTHY_HOST_STATISTIC);
            assert.ok(["Average", "Minimum", "Maximum"].includes(UNHEALTHY_HOST_STATISTIC), "each ALB node reports: Sum over-counts");
        });
    });
});
