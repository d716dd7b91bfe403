import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { StackConfigError, loadStackConfig } from "../config";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { PROJECT_DIR, readStackConfig } from "../tools/harness/stackConfig";
import { PRICES } from "../tools/plan/cost";
import { Plan, planFromEvaluation, planStack } from "../tools/plan/plan";
import { DEV_LEVER_KEYS, DEV_WITHOUT_LEVERS, cents, pricedLines } from "./costFixtures";
import { sharedConfigEvaluation, sharedEvaluation } from "./support/evaluations";
import { TIER_NAMES, assertEntries, perTier, taskCount } from "./support/tiers";

const SERVICE = "aws:ecs/service:Service";
const ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const TARGET = "aws:appautoscaling/target:Target";
const service = (ev: Evaluation, tier: string) => named(ev, SERVICE, `yelb-${tier}-sc-service`);

/** The problems a stack's configuration with these overrides is rejected with. */
function problems(stack: string, overrides: Record<string, string>): readonly string[] {
    try {
        loadStackConfig({ ...readStackConfig(stack), ...overrides }, stack);
    } catch (error) {
        assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail(`expected ${JSON.stringify(overrides)} to be rejected`);
}

describe("the cost levers under mocks", function () {
    this.timeout(120000);

    describe("the dev stack", () => {
        let dev: Plan;
        before(async () => {
            dev = await planStack("dev", { evaluate: sharedConfigEvaluation });
        });

        it("costs at most $55 a month around the clock and $35 on its working-hours schedule, every line priced", () => {
            assert.ok(dev.cost.lines.every((line) => line.monthlyUsd !== undefined));
            // Each tier's Spot task runs its scheduled hours; a tier that starts later stops sooner.
            assertEntries(pricedLines(dev.cost), {
                "Fargate yelb-db-sc-service": 0.94,
                "Fargate yelb-redis-sc-service": 0.94,
                "Fargate yelb-appserver-sc-service": 0.92,
                "Fargate yelb-ui-sc-service": 0.91,
                "Application Load Balancer": 16.43,
                "Public IPv4 addresses": 7.3,
                "CloudWatch alarms": 0.2,
            });
            // Around the clock, each tier's Spot task costs its full month.
            for (const tier of ["db", "redis", "appserver", "ui"]) {
                const line = dev.cost.lines.find((l) => l.item === `Fargate yelb-${tier}-sc-service`)!;
                assert.strictEqual(line.aroundTheClockUsd, 2.81, tier);
            }
            // The budget holds for every tier: a tier added to the table needs its dev sizing in Pulumi.dev.yaml.
            assert.ok(
                dev.cost.totalUsd <= 35 && dev.cost.aroundTheClockUsd! <= 55,
                `dev costs $${dev.cost.totalUsd} on its schedule and $${dev.cost.aroundTheClockUsd} around the clock, over $35 and $55`,
            );
        });

        it("prices a first preview of the stack the same, schedule included", async () => {
            const firstPreview = await planStack("dev", { view: "first-preview", evaluate: sharedConfigEvaluation });
            assert.deepStrictEqual(firstPreview.cost, dev.cost);
        });

        it("runs without NAT, its tasks' public addresses priced, and without Container Insights", () => {
            const items = dev.cost.lines.map((line) => line.item);
            assert.ok(!items.includes("NAT gateways"));
            assert.ok(!items.some((item) => item.startsWith("Container Insights")));
            const addresses = dev.cost.lines.find((line) => line.item === "Public IPv4 addresses (tasks)")!;
            const tasks = taskCount(loadStackConfig(readStackConfig("dev"), "dev").tiers);
            assert.strictEqual(addresses.aroundTheClockUsd, cents(tasks * 730 * PRICES.global.publicIpv4Hour));
        });

        it("keeps the proxy below the guide only where the advisory policy says so", () => {
            assert.strictEqual(dev.blocked, false);
            assert.deepStrictEqual(
                dev.violations.map((v) => [v.policy, v.level]),
                TIER_NAMES.map(() => ["service-connect-proxy-headroom", "advisory"]),
            );
            assert.ok(dev.violations.every((v) => /leaves the proxy 128 CPU units .* and the proxy should have 256/.test(v.message)));
        });
    });

    describe("the dev stack without its levers", () => {
        it("is the stock shape again, at the stock price: every tier on demand around the clock, with Container Insights and the scaling alarms", async () => {
            // Every key Pulumi.dev.yaml sets is where the stack lives, or a lever this list resets.
            const site = ["yelb:hostedZoneName", "yelb:hostedZoneId", "yelb:subdomain", "yelb:namespaceName"];
            const devKeys = [...fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").matchAll(/^ {2}(yelb:\w+):/gm)].map(
                (m) => m[1],
            );
            assert.deepStrictEqual(devKeys.filter((key) => !site.includes(key)).sort(), [...DEV_LEVER_KEYS].sort());
            const plan = await planFromEvaluation(await sharedEvaluation("dev", DEV_WITHOUT_LEVERS), "us-east-1");
            assert.deepStrictEqual(plan.violations, []);
            assertEntries(pricedLines(plan.cost), {
                "Fargate yelb-db-sc-service": 18.02,
                "Fargate yelb-redis-sc-service": 18.02,
                "Fargate yelb-appserver-sc-service": 18.02,
                "Fargate yelb-ui-sc-service": 18.02,
                "Application Load Balancer": 16.43,
                "NAT gateways": 32.85,
                "Public IPv4 addresses": 10.95,
                // The cluster's 11 metrics, and 13 for each tier's service and 8 for its task family.
                "Container Insights": cents((11 + TIER_NAMES.length * (13 + 8)) * PRICES.global.cloudwatchCustomMetricMonth),
                "CloudWatch alarms": 0.2,
            });
            assert.strictEqual(plan.cost.aroundTheClockUsd, undefined);
        });
    });

    describe("Fargate Spot per tier", () => {
        let ev: Evaluation;
        before(async () => {
            ev = await evaluateStack("prod", { "yelb:fargateSpotTiers": "ui,appserver" });
        });

        it("gives the cluster the Fargate capacity providers, the chosen tiers a Spot strategy and the others on-demand Fargate", () => {
            const providers = named(ev, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "yelb-ecs-capacity-providers");
            assert.deepStrictEqual(providers.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
            for (const tier of ["ui", "appserver"]) {
                assert.deepStrictEqual(service(ev, tier).inputs.capacityProviderStrategies, [
                    { capacityProvider: "FARGATE_SPOT", weight: 1 },
                ]);
                assert.strictEqual(service(ev, tier).inputs.launchType, undefined);
                // ECS refuses a strategy naming a provider the cluster does not have yet.
                assert.ok(service(ev, tier).dependencies.includes(providers.urn));
            }
            for (const tier of ["redis", "db"]) {
                assert.deepStrictEqual(service(ev, tier).inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE", weight: 1 }]);
                assert.strictEqual(service(ev, tier).inputs.launchType, undefined);
                assert.ok(service(ev, tier).dependencies.includes(providers.urn));
            }
        });

        it("passes the policy pack and prices the Spot tiers at the Spot reading", async () => {
            const plan = await planFromEvaluation(ev, "eu-west-1");
            assert.deepStrictEqual(plan.violations, []);
            const eu = PRICES.regions["eu-west-1"];
            const ui = plan.cost.lines.find((line) => line.item === "Fargate yelb-ui-sc-service")!;
            assert.strictEqual(ui.monthlyUsd, cents(2 * 730 * (0.5 * eu.fargateSpotVcpuHour! + 1 * eu.fargateSpotGbHour!)));
        });

        it("names the tiers it accepts", () => {
            assert.deepStrictEqual(problems("dev", { "yelb:fargateSpotTiers": "ui,web" }), [
                `yelb:fargateSpotTiers: "web" is not a tier. Use a comma-separated list of ${TIER_NAMES.join(", ")}, "all", or "" for none.`,
            ]);
        });
    });

    describe("the working-hours schedule", () => {
        let ev: Evaluation;
        before(async () => {
            ev = await evaluateStack("dev", { "yelb:workingHoursTimeZone": "Europe/Berlin" });
        });

        it("scales every tier to zero after hours and back up in start order, in the configured time zone", () => {
            const actions = Object.fromEntries(
                ofType(ev, ACTION).map((a) => [
                    a.name.replace("yelb-working-hours-", ""),
                    [a.inputs.schedule, a.inputs.scalableTargetAction],
                ]),
            );
            assert.deepStrictEqual(
                Object.keys(actions).sort(),
                perTier((tier) => [`${tier}-down`, `${tier}-up`]),
            );
            assertEntries(actions, {
                "redis-down": ["cron(10 19 ? * MON-FRI *)", { minCapacity: 0, maxCapacity: 0 }],
                "redis-up": ["cron(0 8 ? * MON-FRI *)", { minCapacity: 1, maxCapacity: 1 }],
                "db-down": ["cron(10 19 ? * MON-FRI *)", { minCapacity: 0, maxCapacity: 0 }],
                "db-up": ["cron(0 8 ? * MON-FRI *)", { minCapacity: 1, maxCapacity: 1 }],
                "appserver-down": ["cron(5 19 ? * MON-FRI *)", { minCapacity: 0, maxCapacity: 0 }],
                "appserver-up": ["cron(5 8 ? * MON-FRI *)", { minCapacity: 1, maxCapacity: 4 }],
                "ui-down": ["cron(0 19 ? * MON-FRI *)", { minCapacity: 0, maxCapacity: 0 }],
                "ui-up": ["cron(10 8 ? * MON-FRI *)", { minCapacity: 1, maxCapacity: 1 }],
            });
            assert.ok(ofType(ev, ACTION).every((a) => a.inputs.timezone === "Europe/Berlin"));
        });

        it("schedules the appserver through its autoscaling target, and leaves every tier's count to the schedule", () => {
            const appserverTarget = named(ev, TARGET, "yelb-appserver-scaling-target");
            assert.deepStrictEqual(named(ev, ACTION, "yelb-working-hours-appserver-up").propertyDependencies.resourceId, [
                appserverTarget.urn,
            ]);
            assert.deepStrictEqual(
                ofType(ev, TARGET)
                    .map((t) => t.name)
                    .sort(),
                // The appserver's own target, and one the schedule adds for every other tier.
                perTier((tier) => (tier === "appserver" ? "yelb-appserver-scaling-target" : `yelb-working-hours-${tier}-target`)),
            );
            for (const tier of TIER_NAMES) {
                assert.deepStrictEqual(service(ev, tier).options.ignoreChanges, ["desiredCount"]);
            }
        });

        it("is off when workingHours is empty, and names the form of a bad value", async () => {
            const allDay = await evaluateStack("dev", { "yelb:workingHours": "" });
            assert.deepStrictEqual(ofType(allDay, ACTION), []);
            assert.deepStrictEqual(service(allDay, "ui").options.ignoreChanges, []);
            assert.deepStrictEqual(problems("dev", { "yelb:workingHoursTimeZone": "CET-ish" }), [
                'yelb:workingHoursTimeZone: "CET-ish" is not a time zone. Use an IANA name such as "UTC", "Europe/Berlin" or "America/New_York".',
            ]);
        });
    });

    describe("Docker Hub through an ECR pull through cache (prod)", () => {
        let ev: Evaluation;
        before(async () => {
            ev = await sharedEvaluation("prod");
        });
        const repository = "arn:aws:ecr:eu-west-1:123456789012:repository/yelb-prod-docker-hub/library/redis";

        it("creates the rule for Docker Hub with the secret named by ARN, and pulls the stock images through it", () => {
            const rule = named(ev, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "yelb-docker-hub-cache");
            assert.deepStrictEqual(rule.inputs, {
                ecrRepositoryPrefix: "yelb-prod-docker-hub",
                upstreamRegistryUrl: "registry-1.docker.io",
                credentialArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-PLACEHOLDER",
            });
            const redisTask = named(ev, "aws:ecs/taskDefinition:TaskDefinition", "yelb-redis-sc-task");
            assert.strictEqual(
                JSON.parse(String(redisTask.inputs.containerDefinitions))[0].image,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb-prod-docker-hub/library/redis:4.0.2",
            );
            assert.ok(service(ev, "redis").dependencies.includes(rule.urn));
        });

        it("allows each execution role exactly its own cached repository: pull, and the first pull's create and import", () => {
            const policy = JSON.parse(String(named(ev, "aws:iam/rolePolicy:RolePolicy", "yelb-redis-sc-execution-logs").inputs.policy));
            const ecr = policy.Statement.filter((s: { Action: string | string[] }) => String(s.Action).includes("ecr:"));
            assert.deepStrictEqual(ecr, [
                { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                    Resource: repository,
                },
            ]);
        });

        it("refuses a secret that is not a pull through cache secret of the stack's region", () => {
            assert.match(
                problems("prod", { "yelb:dockerHubCacheSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub" })[0],
                /^yelb:dockerHubCacheSecretArn: ".*" is not the ARN of a Secrets Manager secret for a pull through cache rule\./,
            );
            assert.deepStrictEqual(
                problems("dev", {
                    "yelb:dockerHubCacheSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub",
                }),
                [
                    "yelb:dockerHubCacheSecretArn: the secret is in eu-west-1, but the stack deploys to us-east-1; ECR needs the secret in the rule's region. Use a secret in us-east-1.",
                ],
            );
        });
    });
});
