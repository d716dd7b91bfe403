import * as assert from "assert";
import { PRICES, estimateCost } from "../tools/plan/cost";
import { planStack } from "../tools/plan/plan";
import { renderCost } from "../tools/plan/render";
import { RegisteredResource } from "../tools/harness/evaluate";
import { URN, asPolicyResources, change, stackFixture } from "./policies/fixtures";
import { cents, extra, scheduleOnApi, trackingPolicy } from "./costFixtures";
import { sharedConfigEvaluation } from "./support/evaluations";
import { TIER_NAMES } from "./support/tiers";

const US = PRICES.regions["us-east-1"];
/** Monthly cost of one fixture task (0.5 vCPU, 1 GB) at a rate pair, for `hours`. */
const task = (cpu: number, gb: number, hours = 730) => hours * (0.5 * cpu + 1 * gb);
const estimate = (resources: RegisteredResource[], region = "us-east-1") => estimateCost(asPolicyResources(resources), region);
const line = (resources: RegisteredResource[], item: string, region = "us-east-1") => {
    const found = estimate(resources, region).lines.find((l) => l.item === item);
    assert.ok(found, `no line ${item}`);
    return found;
};

describe("the cost model", () => {
    describe("Fargate capacity providers and architectures", () => {
        it("prices a service on its FARGATE_SPOT strategy at the Spot reading", () => {
            const resources = change(stackFixture(), "api", (props) => {
                delete props.launchType;
                props.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
            });
            const api = line(resources, "Fargate api");
            assert.strictEqual(api.monthlyUsd, cents(task(US.fargateSpotVcpuHour!, US.fargateSpotGbHour!)));
            assert.match(api.quantity, /FARGATE_SPOT weight 1/);
            // The web service keeps its launch type: on-demand.
            assert.strictEqual(line(resources, "Fargate web").monthlyUsd, cents(task(US.fargateVcpuHour!, US.fargateGbHour!)));
        });

        it("places the base on its provider first and splits the rest by weight", () => {
            const resources = change(stackFixture(), "api", (props) => {
                delete props.launchType;
                props.desiredCount = 3;
                props.capacityProviderStrategies = [
                    { capacityProvider: "FARGATE", base: 1, weight: 0 },
                    { capacityProvider: "FARGATE_SPOT", weight: 1 },
                ];
            });
            const expected = task(US.fargateVcpuHour!, US.fargateGbHour!) + 2 * task(US.fargateSpotVcpuHour!, US.fargateSpotGbHour!);
            assert.strictEqual(line(resources, "Fargate api").monthlyUsd, cents(expected));
        });

        it("uses the cluster's default strategy for a service with neither launch type nor strategy", () => {
            const resources = change(stackFixture(), "api", (props) => delete props.launchType);
            resources.push(
                extra(
                    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
                    "providers",
                    {
                        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
                    },
                    { clusterName: [URN.cluster] },
                ),
            );
            assert.strictEqual(line(resources, "Fargate api").monthlyUsd, cents(task(US.fargateSpotVcpuHour!, US.fargateSpotGbHour!)));
        });

        it("prices ARM64 task definitions at the Graviton rate, and says Spot cannot run them", () => {
            const arm = change(stackFixture(), "api-task", (props) => (props.runtimePlatform.cpuArchitecture = "ARM64"));
            assert.strictEqual(line(arm, "Fargate api").monthlyUsd, cents(task(US.fargateArmVcpuHour!, US.fargateArmGbHour!)));
            assert.match(line(arm, "Fargate api").quantity, /ARM64/);
            change(arm, "api", (props) => (props.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]));
            const result = estimate(arm);
            assert.strictEqual(result.lines.find((l) => l.item === "Fargate api")!.monthlyUsd, undefined);
            assert.ok(result.notPriced.some((n) => /^Fargate api on FARGATE_SPOT: Fargate Spot runs X86_64 tasks only/.test(n)));
        });

        it("charges a public IPv4 address per task that gets one", () => {
            const resources = change(stackFixture(), "api", (props) => {
                props.desiredCount = 2;
                props.networkConfiguration = { assignPublicIp: true, subnets: ["subnet-a"] };
            });
            const addresses = line(resources, "Public IPv4 addresses (tasks)");
            assert.strictEqual(addresses.monthlyUsd, cents(2 * 730 * PRICES.global.publicIpv4Hour));
            assert.match(addresses.quantity, /^2 task address\(es\), 1460 h a month/);
            assert.strictEqual(
                estimate(stackFixture()).lines.some((l) => l.item === "Public IPv4 addresses (tasks)"),
                false,
            );
        });
    });

    describe("scheduled hours", () => {
        const workingHours = (timezone?: string) =>
            scheduleOnApi({ min: 1, max: 1 }, [
                { schedule: "cron(0 19 ? * MON-FRI *)", min: 0, max: 0, timezone },
                { schedule: "cron(0 8 ? * MON-FRI *)", min: 1, max: 1, timezone },
            ]);
        // 2025, the reference year, has 261 weekdays: 11 h each, a twelfth of it a month.
        const hours = (261 * 11) / 12;

        it("runs a service only between its scale-up and scale-down actions, and shows the around-the-clock figure", () => {
            const resources = [...stackFixture(), ...workingHours("Europe/Berlin")];
            const result = estimate(resources);
            const api = result.lines.find((l) => l.item === "Fargate api")!;
            const perHour = task(US.fargateVcpuHour!, US.fargateGbHour!, 1);
            assert.strictEqual(api.monthlyUsd, cents(hours * perHour));
            assert.strictEqual(api.aroundTheClockUsd, cents(730 * perHour));
            assert.match(api.quantity, /running 239\.3 h of 730 h on 2 scheduled action\(s\), Europe\/Berlin/);
            const web = result.lines.find((l) => l.item === "Fargate web")!;
            assert.strictEqual(web.aroundTheClockUsd, undefined);
            assert.strictEqual(result.aroundTheClockUsd, cents(result.totalUsd - api.monthlyUsd! + api.aroundTheClockUsd!));
            assert.ok(result.aroundTheClockUsd! > result.totalUsd);
            const text = renderCost(result).join("\n");
            assert.match(text, /Total on the schedule +\$\d+\.\d\d/);
            assert.match(text, /Total around the clock +\$\d+\.\d\d {2}every service at its desired count all month/);
        });

        it("counts the same hours in any time zone", () => {
            const berlin = estimate([...stackFixture(), ...workingHours("Europe/Berlin")]);
            const utc = estimate([...stackFixture(), ...workingHours()]);
            assert.strictEqual(berlin.totalUsd, utc.totalUsd);
        });

        it("scales task addresses with the schedule", () => {
            const resources = change([...stackFixture(), ...workingHours()], "api", (props) => {
                props.networkConfiguration = { assignPublicIp: true };
            });
            const addresses = line(resources, "Public IPv4 addresses (tasks)");
            assert.strictEqual(addresses.monthlyUsd, cents(hours * PRICES.global.publicIpv4Hour));
            assert.strictEqual(addresses.aroundTheClockUsd, cents(730 * PRICES.global.publicIpv4Hour));
        });

        it("prices a schedule it cannot replay around the clock, and says why", () => {
            const resources = [
                ...stackFixture(),
                ...scheduleOnApi({ min: 1, max: 1 }, [{ schedule: "cron(0 19 L * ? *)", min: 0, max: 0 }]),
            ];
            const result = estimate(resources);
            assert.strictEqual(result.aroundTheClockUsd, undefined);
            assert.ok(
                result.notPriced.some((n) => n.startsWith('api: its schedule is priced around the clock: "L" is not a value from 1 to 31')),
            );
        });
    });

    describe("CloudWatch", () => {
        const withInsights = (value: string) =>
            change(stackFixture(), "cluster", (props) => (props.settings = [{ name: "containerInsights", value }]));
        // The fixture has one cluster, two services and two task families.
        const metrics =
            PRICES.global.containerInsightsClusterMetrics +
            2 * PRICES.global.containerInsightsServiceMetrics +
            2 * PRICES.global.containerInsightsTaskFamilyMetrics;

        it("prices Container Insights as custom metrics per cluster, service and task family", () => {
            assert.strictEqual(metrics, 53);
            const insights = line(withInsights("enabled"), "Container Insights");
            assert.strictEqual(insights.monthlyUsd, cents(53 * PRICES.global.cloudwatchCustomMetricMonth));
            assert.match(insights.quantity, /^53 metric\(s\): the cluster, 2 service\(s\), 2 task families/);
        });

        it("prices enhanced observability's standard metrics as a lower bound and lists the rest", () => {
            const result = estimate(withInsights("enhanced"));
            assert.strictEqual(result.lines.find((l) => l.item === "Container Insights (enhanced, lower bound)")!.monthlyUsd, 15.9);
            assert.ok(
                result.notPriced.some((n) => n.startsWith("Container Insights with enhanced observability: task- and container-level")),
            );
        });

        it("prices nothing for a cluster with Container Insights off, and says when the account setting decides", () => {
            assert.strictEqual(
                estimate(withInsights("disabled")).lines.some((l) => l.item.startsWith("Container Insights")),
                false,
            );
            assert.ok(
                estimate(stackFixture()).notPriced.some((n) =>
                    n.startsWith("Container Insights of cluster: the cluster leaves it to the account setting"),
                ),
            );
        });

        it("counts the two alarms each target tracking policy creates, per metric they read", () => {
            const cpu = trackingPolicy("cpu", {
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            });
            const perTask = trackingPolicy("requests", {
                customizedMetricSpecification: {
                    metrics: [
                        { id: "requests", metricStat: { metric: { metricName: "RequestCount" } } },
                        { id: "tasks", metricStat: { metric: { metricName: "RunningTaskCount" } } },
                        { id: "perTask", expression: "requests / tasks" },
                    ],
                },
            });
            const alarms = line([...stackFixture(), cpu, perTask], "CloudWatch alarms");
            assert.strictEqual(alarms.quantity, "4 alarm(s) (4 created by target tracking) reading 6 metric(s)");
            assert.strictEqual(alarms.monthlyUsd, cents(6 * PRICES.global.cloudwatchAlarmMetricMonth));
            const scaleOutOnly = trackingPolicy("out", { disableScaleIn: true, predefinedMetricSpecification: {} });
            assert.strictEqual(
                line([...stackFixture(), scaleOutOnly], "CloudWatch alarms").quantity,
                "1 alarm(s) (1 created by target tracking) reading 1 metric(s)",
            );
        });
    });

    describe("EFS", () => {
        const withFileSystem = () => [...stackFixture(), extra("aws:efs/fileSystem:FileSystem", "data", { encrypted: true })];

        it("prices the stated size, 1 GB unless told otherwise", () => {
            assert.strictEqual(line(withFileSystem(), "EFS storage (Standard)").monthlyUsd, cents(US.efsStandardGbMonth!));
            const fiveGb = estimateCost(asPolicyResources(withFileSystem()), "us-east-1", PRICES, { efsStorageGb: 5 });
            const efs = fiveGb.lines.find((l) => l.item === "EFS storage (Standard)")!;
            assert.strictEqual(efs.monthlyUsd, cents(5 * US.efsStandardGbMonth!));
            assert.match(efs.quantity, /^5 GB assumed/);
            assert.match(renderCost(fiveGb).join("\n"), /Assumed: 5 GB in each EFS file system\./);
        });

        it("lists EFS as not priced where the region has no figure", () => {
            const result = estimate(withFileSystem(), "ap-southeast-2");
            assert.strictEqual(result.lines.find((l) => l.item === "EFS storage (Standard)")!.monthlyUsd, undefined);
            assert.ok(result.notPriced.includes("EFS storage: no ap-southeast-2 price in tools/plan/prices.json"));
        });
    });

    describe("the prod stack", function () {
        this.timeout(120000);
        it("prices what it used to leave out: Container Insights, target tracking alarms and EFS", async () => {
            const { cost } = await planStack("prod", { evaluate: sharedConfigEvaluation });
            const byItem = Object.fromEntries(cost.lines.map((l) => [l.item, l]));
            const tiers = TIER_NAMES.length;
            // The cluster's 11 metrics, then 13 for each tier's service and 8 for its task family.
            assert.strictEqual(
                byItem["Container Insights (enhanced, lower bound)"].monthlyUsd,
                cents((11 + tiers * (13 + 8)) * PRICES.global.cloudwatchCustomMetricMonth),
            );
            // Declared: the error rate (4 metrics), p99 latency and unhealthy targets (1 each), and one
            // task-count alarm per tier (desired and running). Then two for each of the appserver's two
            // target tracking policies; the request-rate policy's alarms read two metrics each.
            const declared = 3 + tiers;
            assert.strictEqual(
                byItem["CloudWatch alarms"].quantity,
                `${declared + 4} alarm(s) (4 created by target tracking) reading ${6 + 2 * tiers + 2 * 1 + 2 * 2} metric(s)`,
            );
            assert.strictEqual(byItem["EFS storage (Standard)"].monthlyUsd, cents(PRICES.regions["eu-west-1"].efsStandardGbMonth!));
            assert.ok(
                cost.lines.every((l) => l.monthlyUsd !== undefined),
                "every prod line has a price",
            );
        });
    });
});
