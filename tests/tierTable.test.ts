/**
 * The tier table is the one list of tiers: adding an entry (here a stats service that reads the
 * page views from Redis) must give it config keys, a service with its alias, a security group
 * edge to what it calls, a place in the start order, monitoring and an output, with no other edit.
 */
import * as assert from "assert";
import { StackConfigError, loadStackConfig } from "../config";
import { TIERS, TierTable, startOrder, upstreamsOf } from "../model/tiers";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { evaluateProgram } from "../tools/harness/program";
import { readStackConfig } from "../tools/harness/stackConfig";
import { DEV_WITHOUT_LEVERS } from "./costFixtures";

const WITH_STATS: TierTable = {
    ...TIERS,
    stats: {
        contract: {
            portName: "yelb-stats",
            containerPort: 8080,
            appProtocol: "http",
            endpoint: { dnsName: "yelb-stats", port: 8080, discoveryName: "yelb-stats" },
            dials: [{ tier: "redis", host: "redis-server", port: 6379 }],
            environment: {},
            source: "a test tier",
        },
        singleStore: false,
        maxDesiredCount: 10,
        idleEffect: "no stats task runs.",
        genericComponent: "YelbStats",
    },
};

const STATS_SETTINGS = {
    "yelb:statsImage": "example/stats:1.0",
    "yelb:statsCpu": "512",
    "yelb:statsMemory": "1024",
    "yelb:statsDesiredCount": "2",
};

describe("the tier table", () => {
    it("starts every tier after the tiers it calls, bottom-up through the table", () => {
        const stock = ["db", "redis", "appserver", "ui"];
        assert.deepStrictEqual(
            startOrder(TIERS).filter((tier) => stock.includes(tier)),
            stock,
        );
        for (const table of [TIERS, WITH_STATS]) {
            const order = startOrder(table);
            assert.deepStrictEqual([...order].sort(), Object.keys(table).sort());
            for (const tier of order) {
                assert.ok(
                    upstreamsOf(table, tier).every((upstream) => order.indexOf(upstream) < order.indexOf(tier)),
                    tier,
                );
            }
        }
        // An added tier starts as soon as what it calls has started; the others keep their order.
        const withStats = startOrder(WITH_STATS);
        assert.strictEqual(withStats[withStats.indexOf("redis") + 1], "stats");
        assert.deepStrictEqual(
            withStats.filter((tier) => tier !== "stats"),
            startOrder(TIERS),
        );
    });

    it("refuses a dial to a tier it does not define, and a cycle", () => {
        const orphan: TierTable = { ui: TIERS.ui };
        assert.throws(() => startOrder(orphan), /tier ui dials appserver, which the tier table does not define\./);
        const cycle: TierTable = {
            a: { ...TIERS.redis, contract: { ...TIERS.redis.contract, dials: [{ tier: "b", host: "b", port: 1 }] } },
            b: { ...TIERS.redis, contract: { ...TIERS.redis.contract, dials: [{ tier: "a", host: "a", port: 1 }] } },
        };
        assert.throws(() => startOrder(cycle), /the tiers a, b call each other in a cycle\./);
    });

    describe("with a tier added", () => {
        let ev: Evaluation;
        const values = { ...readStackConfig("dev"), ...DEV_WITHOUT_LEVERS, "yelb:monitoring": "true", ...STATS_SETTINGS };
        before(async () => {
            const program = (await import("../index")).default;
            ev = await evaluateProgram("dev", values, () => program(WITH_STATS));
        });

        it("reads its settings from config keys named after it, and only with the tier in the table", () => {
            const config = loadStackConfig(values, "dev", WITH_STATS);
            assert.deepStrictEqual(config.tiers.stats, {
                image: "example/stats:1.0",
                sizing: { taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 },
                desiredCount: 2,
            });
            assert.throws(
                () => loadStackConfig(values, "dev"),
                (error: StackConfigError) => {
                    const [image, cpu, memory, desiredCount, ...rest] = error.problems;
                    assert.deepStrictEqual(
                        [image, cpu, memory],
                        ["Image", "Cpu", "Memory"].map(
                            (setting) =>
                                `yelb:stats${setting} is not a setting of this project. Remove it; docs/configuration.md lists every setting.`,
                        ),
                    );
                    // Close to the other tiers' counts, which it suggests (validators.test.ts pins their ranking).
                    assert.match(
                        desiredCount,
                        /^yelb:statsDesiredCount is not a setting of this project\. Did you mean one of (yelb:\w+DesiredCount, )+yelb:\w+DesiredCount\?$/,
                    );
                    assert.deepStrictEqual(rest, []);
                    return true;
                },
            );
            assert.throws(() => loadStackConfig(readStackConfig("dev"), "dev", WITH_STATS), /yelb:statsImage has no value\./);
        });

        it("creates its component and a client-server service publishing its alias", () => {
            assert.strictEqual(named(ev, "yelb:tiers:YelbStats", "yelb-stats").custom, false);
            const service = named(ev, "aws:ecs/service:Service", "yelb-stats-sc-service");
            const connect = service.inputs.serviceConnectConfiguration as Record<string, any>;
            assert.deepStrictEqual(connect.services, [
                { portName: "yelb-stats", discoveryName: "yelb-stats", clientAlias: [{ dnsName: "yelb-stats", port: 8080 }] },
            ]);
            assert.strictEqual(service.inputs.desiredCount, 2);
            assert.strictEqual(named(ev, "aws:ecs/taskDefinition:TaskDefinition", "yelb-stats-sc-task").inputs.family, "yelb-dev-stats");
            assert.strictEqual(named(ev, "aws:cloudwatch/logGroup:LogGroup", "yelb-stats-sc-logs").inputs.name, "/ecs/yelb-dev/stats");
        });

        it("opens its security group to Redis only, and starts after Redis", () => {
            const stats = named(ev, "aws:ec2/securityGroup:SecurityGroup", "yelb-stats-sc-sg");
            const redis = named(ev, "aws:ec2/securityGroup:SecurityGroup", "yelb-redis-sc-sg");
            const toRedis = ofType(ev, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
                (rule) => rule.propertyDependencies.securityGroupId?.includes(stats.urn) && rule.inputs.fromPort === 6379,
            );
            assert.strictEqual(toRedis.length, 1);
            assert.ok(toRedis[0].propertyDependencies.referencedSecurityGroupId?.includes(redis.urn));
            const service = named(ev, "aws:ecs/service:Service", "yelb-stats-sc-service");
            assert.ok(service.dependencies.includes(named(ev, "aws:ecs/service:Service", "yelb-redis-sc-service").urn));
        });

        it("is watched by monitoring and named in the outputs", () => {
            const dashboard = JSON.parse(
                String(named(ev, "aws:cloudwatch/dashboard:Dashboard", "yelb-monitoring-dashboard").inputs.dashboardBody),
            );
            assert.match(JSON.stringify(dashboard), /yelb-stats/);
            const runningAlarms = ofType(ev, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) => alarm.name);
            assert.ok(
                runningAlarms.some((name) => name.includes("stats")),
                runningAlarms.join(", "),
            );
            assert.deepStrictEqual(Object.keys(ev.outputs.serviceNames as object).sort(), Object.keys(WITH_STATS).sort());
        });
    });
});
