/**
 * The AWS provider's own rules, which `pulumi preview` applies before anything reaches AWS, held
 * against what the program registers. Each rule cites where it was read: terraform-provider-aws
 * (which @pulumi/aws 7.x is built on) or the AWS API's own documentation in botocore's models.
 */
import * as assert from "assert";
import { Evaluation, RegisteredResource, ofType } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { TIERS } from "../model/tiers";
import { ALL_FEATURES, DEV_WITHOUT_LEVERS } from "./costFixtures";
import { sharedEvaluation } from "./support/evaluations";
import { assertEntries } from "./support/tiers";

type Json = Record<string, any>;
const SERVICE = "aws:ecs/service:Service";

/**
 * Whether the provider replaces an ECS service going from `before` to `after`, and why:
 * internal/service/ecs/service.go (commit 00a919d1): `launch_type` is ForceNew (Optional and
 * Computed, so leaving it out is no change); capacityProviderStrategyCustomizeDiff forces a new
 * service for any change of `capacity_provider_strategy` unless `force_new_deployment` is true,
 * and even then when the set goes from empty to non-empty or back.
 */
export function ecsServiceReplacement(before: Json, after: Json): string | undefined {
    if (after.launchType !== undefined && after.launchType !== before.launchType) {
        return `launch_type ${before.launchType} -> ${after.launchType}`;
    }
    const strategy = (inputs: Json) => JSON.stringify(inputs.capacityProviderStrategies ?? []);
    if (strategy(before) === strategy(after)) {
        return undefined;
    }
    const empty = (inputs: Json) => (inputs.capacityProviderStrategies ?? []).length === 0;
    if (after.forceNewDeployment !== true) {
        return "capacity_provider_strategy changed without force_new_deployment";
    }
    return empty(before) !== empty(after) ? "capacity_provider_strategy from none to some, or back" : undefined;
}

/** Names as the provider and AWS take them, each with where the rule was read. */
const NAME_RULES: readonly { type: string; input: string; pattern: RegExp; source: string }[] = [
    {
        type: "aws:servicediscovery/httpNamespace:HttpNamespace",
        input: "name",
        pattern: /^[0-9A-Za-z._-]{1,1024}$/,
        source: "terraform-provider-aws internal/service/servicediscovery/validate.go, validNamespaceName",
    },
    {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        input: "family",
        pattern: /^[0-9A-Za-z_-]{1,255}$/,
        source: "ECS RegisterTaskDefinition, family: up to 255 letters, numbers, underscores and hyphens",
    },
    {
        type: "aws:cloudwatch/dashboard:Dashboard",
        input: "dashboardName",
        pattern: /^[0-9A-Za-z_-]{1,255}$/,
        source: 'CloudWatch PutDashboard, DashboardName: A-Z, a-z, 0-9, "-" and "_", at most 255',
    },
    {
        type: "aws:wafv2/webAcl:WebAcl",
        input: "name",
        pattern: /^[0-9A-Za-z_-]{1,128}$/,
        source: "terraform-provider-aws internal/service/wafv2/web_acl.go, name",
    },
    {
        type: "aws:acm/certificate:Certificate",
        input: "domainName",
        pattern: /^.{1,64}$/,
        source: "ACM RequestCertificate, DomainName: the common name cannot exceed 64 octets",
    },
];

const services = (ev: Evaluation) => new Map(ofType(ev, SERVICE).map((r) => [r.urn, r]));

/**
 * Top-level inputs the provider marks ForceNew, by type, read from terraform-provider-aws (file and
 * commit): a change to any of them replaces the resource.
 */
const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    // internal/service/servicediscovery/http_namespace.go (97ed6536)
    "aws:servicediscovery/httpNamespace:HttpNamespace": ["name", "description"],
    // internal/service/efs/file_system.go (edd83424)
    "aws:efs/fileSystem:FileSystem": ["availabilityZoneName", "creationToken", "performanceMode", "encrypted", "kmsKeyId"],
    // internal/service/efs/mount_target.go (9182ee6e)
    "aws:efs/mountTarget:MountTarget": ["fileSystemId", "ipAddress", "subnetId"],
    // internal/service/efs/access_point.go (eeecacfa)
    "aws:efs/accessPoint:AccessPoint": ["fileSystemId", "posixUser", "rootDirectory"],
    // internal/service/elbv2/load_balancer.go (af55dfb9)
    "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType", "subnetMappings", "customerOwnedIpv4Pool"],
    // internal/service/elbv2/target_group.go (acde5882)
    "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "targetType", "vpcId"],
    // internal/service/acm/certificate.go (fc271f69)
    "aws:acm/certificate:Certificate": [
        "certificateAuthorityArn",
        "domainName",
        "subjectAlternativeNames",
        "validationMethod",
        "validationOptions",
    ],
    // internal/service/logs/group.go (b11fc0fd)
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    // internal/service/ec2/vpc_security_group.go (cc0fff0e)
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
    // internal/service/appautoscaling/target.go (cd3a8a7b)
    "aws:appautoscaling/target:Target": ["resourceId", "scalableDimension", "serviceNamespace"],
    // internal/service/route53/record.go (6f9f4734)
    "aws:route53/record:Record": ["name", "zoneId"],
    // internal/service/s3/bucket.go (4c72bcc7)
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    // internal/service/iam/role.go
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    // internal/service/wafv2/web_acl.go
    "aws:wafv2/webAcl:WebAcl": ["name", "scope"],
};

/** The resources a change from `before` to `after` replaces by the provider's rules, each with the inputs that force it. */
function replacements(before: Evaluation, after: Evaluation): Map<string, string[]> {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const replaced = new Map<string, string[]>();
    for (const resource of after.resources) {
        const previous = old.get(resource.urn);
        if (previous === undefined) {
            continue;
        }
        const changed = (FORCE_NEW[resource.type] ?? []).filter(
            (input) => JSON.stringify(previous.inputs[input]) !== JSON.stringify(resource.inputs[input]),
        );
        const service = resource.type === SERVICE ? ecsServiceReplacement(previous.inputs, resource.inputs) : undefined;
        if (changed.length > 0 || service !== undefined) {
            replaced.set(resource.name, service === undefined ? changed : [...changed, service]);
        }
    }
    return replaced;
}

describe("the AWS provider's rules on what the program registers", () => {
    const stacks: [string, () => Promise<Evaluation>][] = [
        ["dev (no NAT gateway)", () => sharedEvaluation("dev")],
        ["prod", () => sharedEvaluation("prod")],
        ["dev with every feature", () => evaluateStack("dev", { ...DEV_WITHOUT_LEVERS, ...ALL_FEATURES })],
    ];

    for (const [label, evaluate] of stacks) {
        describe(label, () => {
            let ev: Evaluation;
            before(async () => (ev = await evaluate()));

            it("builds every name within the rules the provider and AWS apply", () => {
                let checked = 0;
                for (const rule of NAME_RULES) {
                    for (const resource of ofType(ev, rule.type)) {
                        const value = String(resource.inputs[rule.input]);
                        assert.match(value, rule.pattern, `${resource.name}.${rule.input} (${rule.source})`);
                        checked++;
                    }
                }
                assert.ok(checked >= 6, `${checked} names checked`);
            });

            it("places every service by a capacity provider strategy with forceNewDeployment, never a launch type", () => {
                for (const service of ofType(ev, SERVICE)) {
                    assert.strictEqual(service.inputs.launchType, undefined, service.name);
                    assert.strictEqual(service.inputs.forceNewDeployment, true, service.name);
                    assert.strictEqual((service.inputs.capacityProviderStrategies as unknown[]).length, 1, service.name);
                }
            });
        });
    }

    describe("moving tiers on and off Fargate Spot on a running stack", () => {
        for (const [stack, from, to] of [
            ["prod", "", "all"],
            ["dev", "all", ""],
            ["dev", "all", "ui,appserver"],
        ] as const) {
            it(`${stack}: fargateSpotTiers "${from}" -> "${to}" keeps every URN and replaces no service or scaling resource`, async () => {
                const before = await evaluateStack(stack, { "yelb:fargateSpotTiers": from });
                const after = await evaluateStack(stack, { "yelb:fargateSpotTiers": to });
                assert.deepStrictEqual(after.resources.map((r) => r.urn).sort(), before.resources.map((r) => r.urn).sort());
                const old = services(before);
                let moved = 0;
                for (const [urn, service] of services(after)) {
                    const previous = old.get(urn)!;
                    assert.strictEqual(ecsServiceReplacement(previous.inputs, service.inputs), undefined, service.name);
                    moved +=
                        JSON.stringify(previous.inputs.capacityProviderStrategies) ===
                        JSON.stringify(service.inputs.capacityProviderStrategies)
                            ? 0
                            : 1;
                }
                assert.ok(moved >= 2, `${moved} services changed strategy`);
                // The scaling target names the service, whose name a replacement would change: it stays.
                const target = (ev: Evaluation) => ofType(ev, "aws:appautoscaling/target:Target").map((r) => r.inputs.resourceId);
                assert.deepStrictEqual(target(after), target(before));
            });
        }
    });

    describe("the one-time move of a service from the launch type to a strategy", () => {
        let prod: Evaluation;
        before(async () => (prod = await sharedEvaluation("prod")));

        it("is a replacement by the provider's rule, which ECS's UpdateService would not do in place either", () => {
            for (const service of ofType(prod, SERVICE)) {
                const deployedBefore = { ...service.inputs, launchType: "FARGATE", capacityProviderStrategies: [] };
                assert.strictEqual(
                    ecsServiceReplacement(deployedBefore, service.inputs),
                    "capacity_provider_strategy from none to some, or back",
                );
            }
        });

        it("deletes each service that publishes an endpoint, or holds the data, before its successor is created", () => {
            const guard = (r: RegisteredResource) => `${r.name}: ${r.options.deleteBeforeReplace ? "delete first" : "create first"}`;
            const expected = Object.entries(TIERS).map(
                ([tier, definition]) =>
                    `yelb-${tier}-sc-service: ${definition.singleStore === true || definition.contract.endpoint !== undefined ? "delete first" : "create first"}`,
            );
            assert.deepStrictEqual(ofType(prod, SERVICE).map(guard).sort(), expected.sort());
            // Of the stock tiers, the UI alone publishes nothing and keeps no data: it rolls create-first.
            assertEntries(Object.fromEntries(ofType(prod, SERVICE).map((r) => [r.name, guard(r)])), {
                "yelb-ui-sc-service": "yelb-ui-sc-service: create first",
                "yelb-appserver-sc-service": "yelb-appserver-sc-service: delete first",
                "yelb-redis-sc-service": "yelb-redis-sc-service: delete first",
                "yelb-db-sc-service": "yelb-db-sc-service: delete first",
            });
        });
    });

    describe("day-two changes against the provider's ForceNew inputs", () => {
        let prod: Evaluation;
        before(async () => (prod = await sharedEvaluation("prod")));

        const cases: [string, Record<string, string>, Record<string, string[]>][] = [
            ["turning the web ACL off", { "yelb:albWaf": "false" }, {}],
            ["another log retention", { "yelb:logRetentionDays": "30" }, {}],
            ["backups off", { "yelb:dbBackups": "false" }, {}],
            ["another TLS policy", { "yelb:tlsPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06" }, {}],
            ["more appserver tasks", { "yelb:appserverMaxCount": "12" }, {}],
            [
                "another subdomain",
                { "yelb:subdomain": "shop" },
                // Under new names, so each is created before the old one goes: nothing collides.
                { "yelb-ingress-cert": ["domainName"], "yelb-ingress-cert-validation": ["name"], "yelb-ui-record": ["name"] },
            ],
            ["another namespace name", { "yelb:namespaceName": "yelb-prod-2" }, { "yelb-namespace-http": ["name"] }],
        ];
        for (const [label, change, expected] of cases) {
            it(`${label}: replaces ${Object.keys(expected).join(", ") || "nothing"}, each safely`, async () => {
                const after = await evaluateStack("prod", change);
                const replaced = replacements(prod, after);
                assert.deepStrictEqual(Object.fromEntries(replaced), expected);
                for (const name of replaced.keys()) {
                    const resource = after.resources.find((r) => r.name === name)!;
                    const previous = prod.resources.find((r) => r.urn === resource.urn)!;
                    // A replacement created beside the old resource under the same fixed name would collide.
                    const fixedName = ["name", "family", "bucket"].find(
                        (input) => typeof resource.inputs[input] === "string" && resource.inputs[input] === previous.inputs[input],
                    );
                    if (fixedName !== undefined && resource.inputs[fixedName] !== undefined) {
                        assert.strictEqual(resource.options.deleteBeforeReplace, true, `${name} keeps its ${fixedName}`);
                    }
                    assert.notStrictEqual(resource.type, "aws:efs/fileSystem:FileSystem", "the votes' file system is never replaced");
                }
            });
        }
    });

    describe("the rule itself", () => {
        const spot = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
        const onDemand = [{ capacityProvider: "FARGATE", weight: 1 }];
        it("replaces on a strategy change without forceNewDeployment, and on the launch type", () => {
            assert.strictEqual(
                ecsServiceReplacement({ capacityProviderStrategies: onDemand }, { capacityProviderStrategies: spot }),
                "capacity_provider_strategy changed without force_new_deployment",
            );
            assert.strictEqual(ecsServiceReplacement({ launchType: "FARGATE" }, { launchType: "EC2" }), "launch_type FARGATE -> EC2");
            assert.strictEqual(
                ecsServiceReplacement(
                    { capacityProviderStrategies: onDemand },
                    { capacityProviderStrategies: spot, forceNewDeployment: true },
                ),
                undefined,
            );
            assert.strictEqual(
                ecsServiceReplacement({ capacityProviderStrategies: spot }, { capacityProviderStrategies: spot }),
                undefined,
            );
        });
    });
});
