import * as assert from "assert";
import { UNKNOWN, named } from "../../tools/harness/evaluate";
import { planFromEvaluation } from "../../tools/plan/plan";
import { isBlocking, runPolicyPack } from "../../tools/plan/policyRunner";
import { VIEWS, brokenIn, finding, programIn } from "./programViews";
import { TIERS, startOrder } from "../../model/tiers";
import { perTier } from "../support/tiers";

describe("the policy pack over the program", () => {
    it("evaluates a first preview with every computed output unknown, and an update with them known", async () => {
        const [preview, update] = await Promise.all(VIEWS.map((view) => programIn("dev", view)));
        assert.deepStrictEqual(VIEWS, ["first-preview", "update"]);
        const namespace = (ev: typeof preview) => named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http");
        const service = (ev: typeof preview) => named(ev, "aws:ecs/service:Service", "yelb-appserver-sc-service");
        assert.strictEqual(namespace(preview).outputs.arn, UNKNOWN);
        assert.match(String(namespace(update).outputs.arn), /^arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-/);
        // Inputs stay known unless they come from another resource's output.
        assert.strictEqual(namespace(preview).outputs.name, "yelb-dev");
        assert.strictEqual((service(preview).inputs.serviceConnectConfiguration as Record<string, unknown>).namespace, UNKNOWN);
        assert.strictEqual(service(preview).inputs.taskDefinition, UNKNOWN);
        assert.deepStrictEqual(service(preview).inputs.desiredCount, service(update).inputs.desiredCount);
        // The links the policies follow are there in both views.
        for (const ev of [preview, update]) {
            assert.deepStrictEqual(
                service(ev).propertyDependencies.serviceConnectConfiguration.map((urn) => urn.split("::").pop()),
                ["yelb-namespace-drain"],
            );
        }
        assert.strictEqual(preview.outputs.namespaceArn, UNKNOWN);
        assert.strictEqual(preview.outputs.namespaceName, "yelb-dev");
        assert.strictEqual(preview.view, "first-preview");
    });

    it("plans a first preview with the same verdict and Service Connect map as an update", async () => {
        const [preview, update] = await Promise.all(
            VIEWS.map(async (view) => planFromEvaluation(await programIn("dev", view), "us-east-1")),
        );
        assert.deepStrictEqual([preview.violations, preview.blocked], [[], false]);
        assert.deepStrictEqual(preview.serviceConnect, update.serviceConnect);
        assert.deepStrictEqual(
            preview.serviceConnect.services.map((s) => [s.name, s.namespace]),
            startOrder(TIERS).map((tier) => [`yelb-${tier}-sc-service`, "yelb-dev"]),
        );
    });

    it("gives the same verdict on the planted mistakes in both views", async () => {
        const [preview, update] = await Promise.all(VIEWS.map(async (view) => runPolicyPack(await brokenIn(view))));
        const blocking = (found: typeof preview) => found.filter(isBlocking).map((v) => `${finding(v.policy, v.urn)} ${v.message}`);
        assert.strictEqual(blocking(preview).length, 12);
        // The same findings; the order is the resources' registration order, which each view's unknowns shift.
        assert.deepStrictEqual(blocking(preview).sort(), blocking(update).sort());
    });

    it("lets policy config change enforcement levels and thresholds", async () => {
        const dev = await programIn("dev", "update");
        const stricter = await runPolicyPack(dev, {
            "service-connect-proxy-headroom": { enforcementLevel: "mandatory", proxyMemory: 128 },
        });
        assert.deepStrictEqual(
            stricter.map((v) => [v.policy, v.level, v.urn?.split("::").pop()]).sort(),
            perTier((tier) => `yelb-${tier}-sc-task`).map((task) => ["service-connect-proxy-headroom", "mandatory", task]),
        );
        const broken = await brokenIn("first-preview");
        const circuitBreaker = (found: Awaited<ReturnType<typeof runPolicyPack>>) =>
            found.filter((v) => v.policy === "service-connect-no-circuit-breaker").map((v) => [v.level, isBlocking(v)]);
        assert.deepStrictEqual(circuitBreaker(await runPolicyPack(broken)), [["mandatory", true]]);
        assert.deepStrictEqual(circuitBreaker(await runPolicyPack(broken, { "service-connect-no-circuit-breaker": "disabled" })), []);
        assert.deepStrictEqual(circuitBreaker(await runPolicyPack(broken, { "service-connect-no-circuit-breaker": "advisory" })), [
            ["advisory", false],
        ]);
    });
});
