import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { TIERS as TIER_TABLE, TierTable } from "../model/tiers";
import { componentName } from "../model/naming";
import { Evaluation, RegisteredResource, named, ofType } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { DEV_WITHOUT_LEVERS } from "./costFixtures";
import { sharedEvaluation } from "./support/evaluations";
import { tagsAll } from "./support/tags";
import { PROJECT_DIR } from "../tools/harness/stackConfig";

const SERVICE = "aws:ecs/service:Service";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const TIERS = Object.keys(TIER_TABLE) as (keyof typeof TIER_TABLE)[];

type Json = Record<string, any>;

function service(ev: Evaluation, tier: string): RegisteredResource {
    return named(ev, SERVICE, `yelb-${tier}-sc-service`);
}
function containers(ev: Evaluation, tier: string): Json[] {
    return JSON.parse(String(named(ev, TASK_DEFINITION, `yelb-${tier}-sc-task`).inputs.containerDefinitions));
}
/** The security group rules as "from -> to:port" between named groups, or CIDRs. */
function securityGroupEdges(ev: Evaluation): string[] {
    // The mocks give each group an ARN ending in its ID, which is what the rules reference.
    const groupNames = new Map(
        ofType(ev, "aws:ec2/securityGroup:SecurityGroup").map((group) => [String(group.outputs.arn).split("/").pop(), group.name]),
    );
    const nameOf = (id: unknown) => groupNames.get(String(id)) ?? String(id);
    const edges: string[] = [];
    for (const rule of ofType(ev, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
        const source = rule.inputs.referencedSecurityGroupId ?? rule.inputs.cidrIpv4;
        edges.push(`in ${nameOf(source)} -> ${nameOf(rule.inputs.securityGroupId)}:${rule.inputs.fromPort}-${rule.inputs.toPort}`);
    }
    for (const rule of ofType(ev, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")) {
        const destination = rule.inputs.referencedSecurityGroupId ?? rule.inputs.cidrIpv4;
        edges.push(`out ${nameOf(rule.inputs.securityGroupId)} -> ${nameOf(destination)}:${rule.inputs.fromPort}-${rule.inputs.toPort}`);
    }
    return edges.sort();
}

describe("the program (dev stack)", function () {
    let ev: Evaluation;
    before(async () => {
        ev = await sharedEvaluation("dev", DEV_WITHOUT_LEVERS);
    });

    it("exports the outputs of what it creates, and none for a feature that is off, so Pulumi warns of no undefined output", async () => {
        assert.deepStrictEqual(Object.keys(ev.outputs).sort(), [
            "clusterName",
            "loadBalancerDnsName",
            "namespaceArn",
            "namespaceName",
            "serviceNames",
            "url",
            "vpcId",
        ]);
        assert.deepStrictEqual(
            ev.warnings.filter((warning) => warning.startsWith("Undefined value")),
            [],
        );
        const prod = await sharedEvaluation("prod");
        assert.ok(["databaseFileSystemId", "dashboardName", "alarmTopicArn"].every((key) => prod.outputs[key] !== undefined));
    });

    it("instantiates one component per part, with the yelb type tokens", () => {
        const components = ev.resources.filter((r) => !r.custom && r.parent === undefined).map((r) => `${r.type} ${r.name}`);
        const tierComponents = components.filter((c) => c.startsWith("yelb:tiers:"));
        assert.deepStrictEqual(components.filter((c) => !tierComponents.includes(c)).sort(), [
            "yelb:ecs:Cluster yelb-ecs",
            "yelb:ingress:Ingress yelb-ingress",
            "yelb:network:Network yelb-network",
            "yelb:serviceconnect:Namespace yelb-namespace",
        ]);
        // One component per tier; a generic tier under the token its table entry names (the roles' are pinned by the URN fixtures).
        assert.deepStrictEqual(tierComponents.map((c) => c.split(" ")[1]).sort(), TIERS.map((tier) => componentName(tier)).sort());
        for (const [tier, definition] of Object.entries(TIER_TABLE)) {
            if (definition.genericComponent !== undefined) {
                assert.ok(tierComponents.includes(`yelb:tiers:${definition.genericComponent} ${componentName(tier)}`), tier);
            }
        }
        for (const resource of ev.resources.filter((r) => r.parent !== undefined)) {
            const parentName = resource.parent!.split("::").pop()!;
            assert.ok(resource.name.startsWith(`${parentName}-`), `${resource.name} is named after its parent ${parentName}`);
        }
    });

    it("creates an HTTP namespace and points the cluster at it by ARN", () => {
        const namespace = named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http");
        assert.strictEqual(namespace.inputs.name, "yelb-dev");
        assert.strictEqual(ofType(ev, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").length, 0);
        const cluster = named(ev, "aws:ecs/cluster:Cluster", "yelb-ecs-cluster");
        assert.deepStrictEqual(cluster.inputs.serviceConnectDefaults, { namespace: namespace.outputs.arn });
        assert.match(String(namespace.outputs.arn), /^arn:aws:servicediscovery:us-east-1:\d{12}:namespace\/ns-/);
        assert.deepStrictEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enabled" }]);
    });

    it("builds the VPC with awsx: two AZs, one NAT gateway, tasks in private subnets", () => {
        const vpc = named(ev, "awsx:ec2:Vpc", "yelb-network-vpc");
        assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 2);
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "Single" });
        for (const tier of TIERS) {
            const network = service(ev, tier).inputs.networkConfiguration as Json;
            assert.deepStrictEqual(network.subnets, ["subnet-private-1", "subnet-private-2"]);
            assert.strictEqual(network.assignPublicIp, false);
        }
    });

    for (const tier of TIERS) {
        it(`runs ${tier} as a rolling, breaker-free Fargate service with the proxy's logs`, () => {
            const inputs = service(ev, tier).inputs as Json;
            // Always a strategy, never the launch type, so moving a tier on or off Spot updates it in place.
            assert.deepStrictEqual(inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE", weight: 1 }]);
            assert.strictEqual(inputs.launchType, undefined);
            assert.strictEqual(inputs.forceNewDeployment, true);
            assert.strictEqual(inputs.platformVersion, "LATEST");
            assert.deepStrictEqual(inputs.deploymentController, { type: "ECS" });
            assert.deepStrictEqual(inputs.deploymentCircuitBreaker, { enable: false, rollback: false });
            assert.strictEqual(inputs.waitForSteadyState, true);
            const sc = inputs.serviceConnectConfiguration;
            assert.strictEqual(sc.enabled, true);
            assert.strictEqual(
                sc.namespace,
                named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http").outputs.arn,
            );
            assert.deepStrictEqual(sc.logConfiguration, {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": `/ecs/yelb-dev/${tier}`,
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "service-connect-proxy",
                },
            });
        });

        it(`sizes the ${tier} task with room for the proxy`, () => {
            const taskDefinition = named(ev, TASK_DEFINITION, `yelb-${tier}-sc-task`).inputs as Json;
            assert.strictEqual(taskDefinition.cpu, "512");
            assert.strictEqual(taskDefinition.memory, "1024");
            assert.deepStrictEqual(taskDefinition.requiresCompatibilities, ["FARGATE"]);
            assert.strictEqual(taskDefinition.networkMode, "awsvpc");
            assert.deepStrictEqual(taskDefinition.runtimePlatform, { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" });
            assert.strictEqual(taskDefinition.family, `yelb-dev-${tier}`);
            const [app] = containers(ev, tier);
            assert.strictEqual(app.cpu, 256); // 512 - 256 for the proxy
            assert.strictEqual(app.memory, 960); // 1024 - 64 for the proxy
        });
    }

    it("names each port as its contract says, with appProtocol on the HTTP ports", () => {
        const ports = Object.fromEntries(TIERS.map((tier) => [tier, containers(ev, tier)[0].portMappings]));
        // The values themselves are checked against the images' sources in contracts.test.ts.
        const expected = Object.fromEntries(
            TIERS.map((tier) => {
                const { portName, containerPort, appProtocol } = TIER_TABLE[tier].contract;
                return [tier, [{ name: portName, containerPort, protocol: "tcp", ...(appProtocol === undefined ? {} : { appProtocol }) }]];
            }),
        );
        assert.deepStrictEqual(ports, expected);
        assert.deepStrictEqual(ports.ui, [{ name: "yelb-ui", containerPort: 80, protocol: "tcp", appProtocol: "http" }]);
    });

    it("publishes exactly the aliases the stock images dial, and the UI as a client only", () => {
        const published = Object.fromEntries(
            TIERS.map((tier) => [tier, (service(ev, tier).inputs as Json).serviceConnectConfiguration.services]),
        );
        const expected = Object.fromEntries(
            TIERS.map((tier) => {
                const { portName, endpoint } = TIER_TABLE[tier].contract;
                const alias = endpoint && {
                    portName,
                    discoveryName: endpoint.discoveryName,
                    clientAlias: [{ dnsName: endpoint.dnsName, port: endpoint.port }],
                };
                return [tier, alias === undefined ? [] : [alias]];
            }),
        );
        assert.deepStrictEqual(published, expected);
        assert.deepStrictEqual(published.ui, []);
        const dialled = TIERS.flatMap((tier) => TIER_TABLE[tier].contract.dials.map((dial) => `${dial.host}:${dial.port}`));
        const aliases = Object.values(published)
            .flat()
            .flatMap((s: Json) => s.clientAlias.map((a: Json) => `${a.dnsName}:${a.port}`));
        // Every host and port an image dials is published by exactly one tier.
        for (const hostPort of new Set(dialled)) {
            assert.strictEqual(aliases.filter((alias) => alias === hostPort).length, 1, hostPort);
        }
        // And every published alias is one an image dials.
        assert.deepStrictEqual(
            aliases.filter((alias) => !dialled.includes(alias)),
            [],
        );
        assert.ok(dialled.length > 0);
    });

    it("passes no environment to the stock images and no secrets anywhere", () => {
        for (const tier of TIERS) {
            const [app] = containers(ev, tier);
            assert.ok(!("environment" in app), `${tier}: no environment key, not even an empty one`);
            assert.strictEqual(app.secrets, undefined, tier);
        }
    });

    it("deploys every client after the client-server services it calls", () => {
        const urn = (tier: string) => service(ev, tier).urn;
        assert.ok(service(ev, "appserver").dependencies.includes(urn("redis")));
        assert.ok(service(ev, "appserver").dependencies.includes(urn("db")));
        assert.ok(service(ev, "ui").dependencies.includes(urn("appserver")));
        assert.ok(!service(ev, "db").dependencies.includes(urn("appserver")));
        const record = named(ev, "aws:route53/record:Record", "yelb-ui-record");
        assert.ok(record.dependencies.includes(urn("ui")), "the public name waits for the UI");
        assert.ok(service(ev, "ui").dependencies.includes(named(ev, "aws:lb/listener:Listener", "yelb-ingress-https").urn));
    });

    it("chains the security groups and opens nothing else", () => {
        const sg = (tier: string) => `${componentName(tier)}-sc-sg`;
        const entry = TIERS.find((tier) => TIER_TABLE[tier].role === "entry")!;
        const entryPort = TIER_TABLE[entry].contract.containerPort;
        const expected = [
            "in 0.0.0.0/0 -> yelb-ingress-sg:443-443",
            "in 0.0.0.0/0 -> yelb-ingress-sg:80-80",
            `in yelb-ingress-sg -> ${sg(entry)}:${entryPort}-${entryPort}`,
            `out yelb-ingress-sg -> ${sg(entry)}:${entryPort}-${entryPort}`,
            // Every task reaches ECR, CloudWatch Logs and the other AWS APIs over HTTPS, and each tier what it dials.
            ...TIERS.map((tier) => `out ${sg(tier)} -> 0.0.0.0/0:443-443`),
            ...TIERS.flatMap((tier) =>
                TIER_TABLE[tier].contract.dials.flatMap((dial) => [
                    `in ${sg(tier)} -> ${sg(dial.tier)}:${dial.port}-${dial.port}`,
                    `out ${sg(tier)} -> ${sg(dial.tier)}:${dial.port}-${dial.port}`,
                ]),
            ),
        ];
        assert.deepStrictEqual(securityGroupEdges(ev), expected.sort());
        assert.ok(expected.includes("in yelb-appserver-sc-sg -> yelb-db-sc-sg:5432-5432"));
        for (const group of ofType(ev, "aws:ec2/securityGroup:SecurityGroup")) {
            assert.strictEqual(group.inputs.ingress, undefined, `${group.name} has no inline rules`);
            assert.strictEqual(group.inputs.egress, undefined, `${group.name} has no inline rules`);
        }
    });

    it("serves HTTPS with a modern policy and a DNS-validated certificate, and redirects HTTP", () => {
        const alb = named(ev, "aws:lb/loadBalancer:LoadBalancer", "yelb-ingress-alb").inputs as Json;
        assert.strictEqual(alb.internal, false);
        assert.strictEqual(alb.loadBalancerType, "application");
        assert.deepStrictEqual(alb.subnets, ["subnet-public-1", "subnet-public-2"]);
        const certificate = named(ev, "aws:acm/certificate:Certificate", "yelb-ingress-cert");
        assert.deepStrictEqual(
            { domainName: certificate.inputs.domainName, validationMethod: certificate.inputs.validationMethod },
            { domainName: "yelb-dev.example.com", validationMethod: "DNS" },
        );
        const option = (certificate.outputs.domainValidationOptions as Json[])[0];
        const validationRecord = named(ev, "aws:route53/record:Record", "yelb-ingress-cert-validation").inputs as Json;
        assert.deepStrictEqual(
            [validationRecord.zoneId, validationRecord.name, validationRecord.type, validationRecord.records],
            ["Z0123456789ABCDEFGHIJ", option.resourceRecordName, "CNAME", [option.resourceRecordValue]],
        );
        const validation = named(ev, "aws:acm/certificateValidation:CertificateValidation", "yelb-ingress-cert-validation").inputs as Json;
        assert.deepStrictEqual(validation.validationRecordFqdns, [option.resourceRecordName.replace(/\.$/, "")]);

        const https = named(ev, "aws:lb/listener:Listener", "yelb-ingress-https").inputs as Json;
        assert.strictEqual(https.port, 443);
        assert.strictEqual(https.protocol, "HTTPS");
        assert.strictEqual(https.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.strictEqual(https.certificateArn, certificate.outputs.arn);
        const targetGroup = named(ev, "aws:lb/targetGroup:TargetGroup", "yelb-ingress-ui");
        assert.deepStrictEqual(https.defaultActions, [{ type: "forward", targetGroupArn: targetGroup.outputs.arn }]);
        assert.strictEqual(targetGroup.inputs.targetType, "ip");
        assert.strictEqual((targetGroup.inputs.healthCheck as Json).path, "/");

        const http = named(ev, "aws:lb/listener:Listener", "yelb-ingress-http").inputs as Json;
        assert.deepStrictEqual(
            [http.port, http.defaultActions],
            [80, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]],
        );

        const lb = (service(ev, "ui").inputs as Json).loadBalancers;
        assert.deepStrictEqual(lb, [{ targetGroupArn: targetGroup.outputs.arn, containerName: "yelb-ui", containerPort: 80 }]);
    });

    it("publishes yelb-dev.example.com as an alias of the ALB", () => {
        const record = named(ev, "aws:route53/record:Record", "yelb-ui-record").inputs as Json;
        const alb = named(ev, "aws:lb/loadBalancer:LoadBalancer", "yelb-ingress-alb").outputs as Json;
        assert.deepStrictEqual(record, {
            zoneId: "Z0123456789ABCDEFGHIJ",
            name: "yelb-dev.example.com",
            type: "A",
            aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
        });
        assert.strictEqual(ev.outputs.url, "https://yelb-dev.example.com");
    });

    it("scales the appserver on average CPU within the configured bounds", () => {
        const registered = named(ev, "aws:appautoscaling/target:Target", "yelb-appserver-scaling-target");
        const target = registered.inputs as Json;
        const cluster = named(ev, "aws:ecs/cluster:Cluster", "yelb-ecs-cluster").outputs as Json;
        assert.deepStrictEqual(target, {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: `service/${cluster.name}/${service(ev, "appserver").outputs.name}`,
            minCapacity: 1,
            maxCapacity: 4,
        });
        // The deploy role holds the scalable target to its stack by these tags, the provider's default tags.
        assert.deepStrictEqual(tagsAll(ev, registered), { Project: "yelb", Stack: "dev" });
        const policy = named(ev, "aws:appautoscaling/policy:Policy", "yelb-appserver-cpu-scaling").inputs as Json;
        assert.strictEqual(policy.policyType, "TargetTrackingScaling");
        assert.deepStrictEqual(policy.targetTrackingScalingPolicyConfiguration, {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: 60,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
        });
    });

    it("grants the execution roles only their log group, and trusts ECS for this account only", () => {
        for (const tier of TIERS) {
            const policy = JSON.parse(String(named(ev, "aws:iam/rolePolicy:RolePolicy", `yelb-${tier}-sc-execution-logs`).inputs.policy));
            const logGroup = named(ev, "aws:cloudwatch/logGroup:LogGroup", `yelb-${tier}-sc-logs`);
            assert.deepStrictEqual(policy.Statement, [
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${logGroup.outputs.arn}:log-stream:*`,
                },
            ]);
            assert.strictEqual(logGroup.inputs.retentionInDays, 14);
            const trust = JSON.parse(String(named(ev, "aws:iam/role:Role", `yelb-${tier}-sc-execution`).inputs.assumeRolePolicy));
            assert.deepStrictEqual(trust.Statement[0].Condition, {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
            });
        }
        assert.strictEqual(ofType(ev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
    });

    it("replaces the stateful tiers in place and leaves the appserver count to the autoscaler", () => {
        for (const tier of ["db", "redis"]) {
            const inputs = service(ev, tier).inputs as Json;
            assert.deepStrictEqual([inputs.deploymentMinimumHealthyPercent, inputs.deploymentMaximumPercent], [0, 100], tier);
        }
        const ui = service(ev, "ui").inputs as Json;
        assert.deepStrictEqual([ui.deploymentMinimumHealthyPercent, ui.deploymentMaximumPercent], [100, 200]);
    });
});

describe("the program (prod stack)", () => {
    let ev: Evaluation;
    before(async () => {
        ev = await sharedEvaluation("prod");
    });

    it("spreads over three AZs with a NAT gateway in each", () => {
        const vpc = named(ev, "awsx:ec2:Vpc", "yelb-network-vpc");
        assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "OnePerAz" });
    });

    it("uses the production sizing, counts and retention", () => {
        const appserver = named(ev, TASK_DEFINITION, "yelb-appserver-sc-task").inputs as Json;
        assert.deepStrictEqual([appserver.cpu, appserver.memory], ["1024", "2048"]);
        assert.strictEqual((service(ev, "ui").inputs as Json).desiredCount, 2);
        assert.strictEqual((service(ev, "appserver").inputs as Json).desiredCount, 2);
        const target = named(ev, "aws:appautoscaling/target:Target", "yelb-appserver-scaling-target").inputs as Json;
        assert.deepStrictEqual([target.minCapacity, target.maxCapacity], [2, 10]);
        for (const logGroup of ofType(ev, "aws:cloudwatch/logGroup:LogGroup")) {
            assert.strictEqual(logGroup.inputs.retentionInDays, 90, logGroup.name);
        }
        assert.strictEqual(named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http").inputs.name, "yelb-prod");
        assert.match(String(named(ev, "aws:iam/role:Role", "yelb-ui-sc-execution").inputs.assumeRolePolicy), /arn:aws:ecs:eu-west-1:/);
        assert.strictEqual(ev.outputs.url, "https://yelb.example.com");
    });
});

describe("the program with broken config", () => {
    it("fails before registering anything with a RunError, which the Pulumi CLI prints as its message alone", async () => {
        await assert.rejects(
            evaluateStack("dev", { "yelb:uiCpu": "300", "yelb:uiCPU": "512", "aws:region": "us-east-9" }),
            (error: Error & { registeredBeforeError?: number }) => {
                // The language host hides the stack of exactly these errors and logs `message`.
                assert.ok(pulumi.RunError.isInstance(error), `expected a RunError, got ${error.name}`);
                assert.strictEqual(error.registeredBeforeError, 0);
                const lines = error.message.split("\n");
                assert.strictEqual(lines[0], 'Invalid configuration for stack "dev" (3 problems):');
                assert.match(lines[1], /^ {2}- yelb:uiCPU is not a setting of this project\. Did you mean yelb:uiCpu\?$/);
                assert.match(lines[2], /^ {2}- aws:region: "us-east-9" is not an AWS region\. Did you mean us-east-1\? Use one of /);
                assert.match(lines[3], /^ {2}- yelb:uiCpu\/yelb:uiMemory: task CPU 300 is not a Fargate value\./);
                assert.strictEqual(lines.length, 4);
                return true;
            },
        );
    });
});

describe("resource identity", () => {
    // A URN that changes is a replacement on a deployed stack: refactors must keep these, or add aliases.
    for (const stack of ["dev", "prod"]) {
        it(`keeps every URN of the ${stack} stack`, async () => {
            const ev = await sharedEvaluation(stack);
            const expected = fs
                .readFileSync(path.join(PROJECT_DIR, "tests", "fixtures", `urns-${stack}.txt`), "utf8")
                .trim()
                .split("\n");
            const urns = ev.resources.map((r) => r.urn).sort();
            assert.deepStrictEqual(
                expected.filter((urn) => !urns.includes(urn)),
                [],
                "URNs the program no longer registers",
            );
            // What the fixture lacks belongs to a tier added to the table since: its name carries the tier's.
            const known = (tier: string) => expected.some((urn) => urn.endsWith(`::yelb-${tier}-sc-service`));
            const added = Object.keys(TIER_TABLE).filter((tier) => !known(tier));
            const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            const ofAddedTier = (urn: string) =>
                added.some((tier) => {
                    const t = escaped(tier);
                    const host = escaped((TIER_TABLE as TierTable)[tier].contract.endpoint?.dnsName ?? tier);
                    // Its component and children, its schedule and alarm, and other tiers' rules into it.
                    return new RegExp(`::yelb-${t}(-|$)|::yelb-(monitoring|working-hours)-${t}-|-sc-to-${host}-(egress|ingress)$`).test(
                        urn,
                    );
                });
            assert.deepStrictEqual(
                urns.filter((urn) => !expected.includes(urn) && !ofAddedTier(urn)),
                [],
                "URNs the fixture lacks",
            );
        });
    }
});
