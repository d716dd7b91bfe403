import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { evaluateStack } from "../../plan/program";
import { isBlocking, runPolicyPack } from "../../plan/policyRunner";

type Json = Record<string, any>;

/** Copies plain objects and arrays, keeping Outputs (ARNs, IDs) as they are. */
function copy(value: unknown): any {
    if (Array.isArray(value)) {
        return value.map(copy);
    }
    if (value !== null && typeof value === "object" && !pulumi.Output.isInstance(value)) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]));
    }
    return value;
}

/** A stack transformation that edits the inputs of one resource of the real program. */
function breakResource(name: string, edit: (props: Json) => void): pulumi.ResourceTransformation {
    return (args) => {
        if (args.name !== name) {
            return undefined;
        }
        const props = copy(args.props);
        edit(props);
        return { props, opts: args.opts };
    };
}

describe("the policy pack over the program", () => {
    for (const stack of ["dev", "prod"]) {
        it(`finds no violation at all in the ${stack} stack`, async () => {
            const violations = await runPolicyPack(await evaluateStack(stack));
            assert.deepStrictEqual(violations, []);
        });
    }

    it("catches a deliberately broken variant with the expected policies", async () => {
        const broken = await evaluateStack("dev", {}, [
            breakResource("yelb-ui-sc-service", (p) => (p.deploymentCircuitBreaker = { enable: true, rollback: true })),
            breakResource("yelb-appserver-sc-service", (p) => (p.deploymentController = { type: "CODE_DEPLOY" })),
            breakResource("yelb-redis-sc-task", (p) => delete p.memory),
            breakResource("yelb-db-sc-service", (p) => {
                p.serviceConnectConfiguration.services[0].portName = "postgres";
                // A second alias of redis-server:6379 in the same namespace.
                p.serviceConnectConfiguration.services[0].clientAlias = [{ dnsName: "redis-server", port: 6379 }];
            }),
        ]);
        const violations = await runPolicyPack(broken);
        const found = violations.filter(isBlocking).map((v) => `${v.policy} ${v.urn?.split("::").pop()}`);
        assert.deepStrictEqual(found.sort(), [
            "service-connect-no-circuit-breaker yelb-ui-sc-service",
            "service-connect-port-name-match yelb-db-sc-service",
            "service-connect-rolling-deployment yelb-appserver-sc-service",
            "service-connect-task-memory yelb-redis-sc-task",
            // yelb-db-sc-service sorts before yelb-redis-sc-service: redis is the second to claim redis-server:6379.
            "service-connect-unique-endpoints yelb-redis-sc-service",
        ]);
    });

    it("lets policy config change enforcement levels and thresholds", async () => {
        const dev = await evaluateStack("dev");
        const stricter = await runPolicyPack(dev, {
            "service-connect-proxy-headroom": { enforcementLevel: "mandatory", proxyMemory: 128 },
        });
        assert.deepStrictEqual(
            stricter.map((v) => [v.policy, v.level, v.urn?.split("::").pop()]).sort(),
            ["appserver", "db", "redis", "ui"].map((tier) => ["service-connect-proxy-headroom", "mandatory", `yelb-${tier}-sc-task`]),
        );
        const broken = await evaluateStack("dev", {}, [
            breakResource("yelb-ui-sc-service", (p) => (p.deploymentCircuitBreaker = { enable: true })),
        ]);
        assert.deepStrictEqual(await runPolicyPack(broken, { "service-connect-no-circuit-breaker": "disabled" }), []);
        const advisory = await runPolicyPack(broken, { "service-connect-no-circuit-breaker": "advisory" });
        assert.deepStrictEqual(
            advisory.map((v) => [v.policy, v.level, isBlocking(v)]),
            [["service-connect-no-circuit-breaker", "advisory", false]],
        );
    });
});
