/**
 * Runs the real policy pack through its own gRPC analyzer server, launched the way the Pulumi CLI
 * launches a Node pack (`pulumi-analyzer-policy <engine> .` in the pack directory, which runs
 * @pulumi/pulumi's run-policy-pack), and drives it with the CLI's calls: GetAnalyzerInfo,
 * Configure, Analyze and AnalyzeStack.
 */
import * as assert from "assert";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Evaluation } from "../../tools/harness/evaluate";
import { Violation, runPolicyPack } from "../../tools/plan/policyRunner";
import { policies } from "../../policies/policies";
import { serviceProps } from "./fixtures";
import { LEVEL_NAMES, call, emptyRequest, startPackServer } from "./packServer";
import { PLANTED, STACKS, VIEWS, brokenIn, finding, programIn } from "./programViews";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";
import { TIER_NAMES } from "../support/tiers";

const PACK_DIR = path.join(PROJECT_DIR, "policies");

function options(): analyzer.AnalyzerResourceOptions {
    const result = new analyzer.AnalyzerResourceOptions();
    result.setProtect(false);
    result.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
    return result;
}

/** Struct cannot hold undefined: drop such keys, as the engine's serialisation would. */
function plain(value: unknown): Record<string, unknown> {
    return JSON.parse(JSON.stringify(value ?? {}));
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>, urn?: string): analyzer.AnalyzeRequest {
    const request = new analyzer.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(urn ?? `urn:pulumi:dev::yelb::${type}::${name}`);
    request.setProperties(Struct.fromJavaScript(plain(props) as never));
    request.setOptions(options());
    return request;
}

function stackRequest(evaluation: Evaluation): analyzer.AnalyzeStackRequest {
    const request = new analyzer.AnalyzeStackRequest();
    request.setResourcesList(
        evaluation.resources.map((resource) => {
            const message = new analyzer.AnalyzerResource();
            message.setType(resource.type);
            message.setName(resource.name);
            message.setUrn(resource.urn);
            message.setProperties(Struct.fromJavaScript(plain({ ...resource.inputs, ...resource.outputs }) as never));
            message.setOptions(options());
            message.setParent(resource.parent ?? "");
            message.setDependenciesList([...resource.dependencies]);
            for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
                const dependencies = new analyzer.AnalyzerPropertyDependencies();
                dependencies.setUrnsList([...urns]);
                message.getPropertydependenciesMap().set(key, dependencies);
            }
            return message;
        }),
    );
    return request;
}

function diagnostics(response: analyzer.AnalyzeResponse): string[] {
    return response.getDiagnosticsList().map((d) => `${LEVEL_NAMES[d.getEnforcementlevel()]} ${d.getPolicyname()}`);
}

function violations(response: analyzer.AnalyzeResponse, urn?: string): Violation[] {
    return response.getDiagnosticsList().map((d) => {
        // A message reported as a string comes after the policy's description, as the CLI prints it.
        const prefix = `${d.getDescription()}\n`;
        return {
            policy: d.getPolicyname(),
            level: LEVEL_NAMES[d.getEnforcementlevel()] as Violation["level"],
            message: d.getMessage().startsWith(prefix) ? d.getMessage().slice(prefix.length) : d.getMessage(),
            urn: d.getUrn() || urn,
        };
    });
}

const sorted = (found: Violation[]) => found.map((v) => JSON.stringify([v.policy, v.urn, v.level, v.message])).sort();
const givingUp = (found: Violation[]) => found.filter((v) => v.message.startsWith("can't run policy"));

describe("the policy pack through its gRPC analyzer server", function () {
    this.timeout(120000);
    let client: analyzerRpc.AnalyzerClient;
    let stop: (() => void) | undefined;

    /** The server's verdict on an evaluation, driven as the engine does: Analyze each resource's inputs, then AnalyzeStack. */
    async function verdict(evaluation: Evaluation): Promise<Violation[]> {
        const analyzed = await Promise.all(
            evaluation.resources.map(async (r) =>
                violations(
                    await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
                        client,
                        "analyze",
                        analyzeRequest(r.type, r.name, r.inputs, r.urn),
                    ),
                    r.urn,
                ),
            ),
        );
        const stack = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client, "analyzeStack", stackRequest(evaluation));
        return [...analyzed.flat(), ...violations(stack)];
    }

    before(async () => {
        ({ client, stop } = await startPackServer(PACK_DIR));
    });

    after(() => stop?.());

    it("describes every policy with its level and config schema", async () => {
        const info = await call<unknown, analyzer.AnalyzerInfo>(client, "getAnalyzerInfo", emptyRequest());
        assert.strictEqual(info.getName(), "yelb-service-connect");
        assert.strictEqual(info.getVersion(), "0.1.0");
        const described = info.getPoliciesList().map((p) => `${p.getName()} ${LEVEL_NAMES[p.getEnforcementlevel()]}`);
        assert.deepStrictEqual(
            described,
            policies.map((p) => `${p.name} ${p.enforcementLevel}`),
        );
        for (const policy of info.getPoliciesList()) {
            assert.match(policy.getDescription(), /^Checks that /, policy.getName());
        }
        const headroom = info.getPoliciesList().find((p) => p.getName() === "service-connect-proxy-headroom")!;
        assert.strictEqual(
            (headroom.getConfigschema()!.getProperties()!.toJavaScript() as Record<string, { default: number }>).proxyCpu.default,
            256,
        );
    });

    it("reports a circuit breaker on a Service Connect service (Analyze)", async () => {
        const broken = { ...serviceProps(), deploymentCircuitBreaker: { enable: true, rollback: true } };
        const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
            client,
            "analyze",
            analyzeRequest("aws:ecs/service:Service", "api", broken),
        );
        assert.deepStrictEqual(diagnostics(response), ["mandatory service-connect-no-circuit-breaker"]);
        const fine = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
            client,
            "analyze",
            analyzeRequest("aws:ecs/service:Service", "api", serviceProps()),
        );
        assert.deepStrictEqual(diagnostics(fine), []);
    });

    for (const stack of STACKS) {
        for (const view of VIEWS) {
            it(`passes the unmodified ${stack} program in the ${view} view, every policy deciding, as the offline runner does`, async () => {
                const evaluation = await programIn(stack, view);
                assert.deepStrictEqual(await verdict(evaluation), []);
                assert.deepStrictEqual(await runPolicyPack(evaluation), []);
            });
        }
    }

    for (const view of VIEWS) {
        it(`catches each mandatory policy's planted mistake in the ${view} view, as the offline runner does`, async () => {
            const evaluation = await brokenIn(view);
            const served = await verdict(evaluation);
            const mandatory = served
                .filter((v) => v.level === "mandatory")
                .sort((a, b) => finding(a.policy, a.urn).localeCompare(finding(b.policy, b.urn)));
            const planted = [...PLANTED].sort(([a], [b]) => a.localeCompare(b));
            assert.deepStrictEqual(
                mandatory.map((v) => finding(v.policy, v.urn)),
                planted.map(([name]) => name),
            );
            mandatory.forEach((v, i) => assert.match(v.message, planted[i][1]));
            assert.deepStrictEqual(givingUp(served), []);
            assert.deepStrictEqual(sorted(await runPolicyPack(evaluation)), sorted(served));
        });
    }

    it("notes the one service whose namespace cannot be told in a first preview, and judges the rest", async () => {
        const dev = await programIn("dev", "first-preview");
        const ui = dev.resources.find((r) => r.type === "aws:ecs/service:Service" && r.name === "yelb-ui-sc-service")!;
        // The namespace ARN given through something the engine does not link (an apply on a stack reference, say).
        const unlinked: Evaluation = {
            ...dev,
            resources: dev.resources.map((r) =>
                r === ui ? { ...ui, propertyDependencies: { ...ui.propertyDependencies, serviceConnectConfiguration: [] } } : r,
            ),
        };
        const served = await verdict(unlinked);
        const note = (policy: string) => ({
            policy,
            level: "advisory",
            message:
                "Cannot check yelb-ui-sc-service in this preview: string value at .serviceConnectConfiguration.namespace can't be " +
                "known during preview, as it comes from a resource that does not exist yet. The check runs once the value is known " +
                "(`pulumi up` and every later preview); to have it checked on a first preview too, take the value from the resource " +
                "it refers to (so that the engine records the dependency), or give it literally.",
            urn: ui.urn,
        });
        assert.deepStrictEqual(
            sorted(served),
            sorted([
                note("service-connect-unique-endpoints"),
                note("service-connect-shared-namespace"),
                note("service-connect-namespace-by-arn"),
            ] as Violation[]),
        );
        assert.deepStrictEqual(sorted(await runPolicyPack(unlinked)), sorted(served));
    });

    it("takes enforcement levels and settings from policy config (Configure)", async () => {
        const request = new analyzer.ConfigureAnalyzerRequest();
        for (const policy of policies) {
            const config = new analyzer.PolicyConfig();
            const level =
                policy.name === "service-connect-no-circuit-breaker"
                    ? "DISABLED"
                    : policy.name === "service-connect-proxy-headroom"
                      ? "MANDATORY"
                      : "ADVISORY";
            config.setEnforcementlevel(analyzer.EnforcementLevel[level]);
            const defaults = Object.fromEntries(
                Object.entries(policy.configSchema?.properties ?? {}).map(([key, schema]) => [
                    key,
                    (schema as { default?: unknown }).default,
                ]),
            );
            config.setProperties(Struct.fromJavaScript({ ...defaults, ...(level === "MANDATORY" ? { proxyMemory: 128 } : {}) } as never));
            request.getPolicyconfigMap().set(policy.name, config);
        }
        await call(client, "configure", request);

        const broken = { ...serviceProps(), deploymentCircuitBreaker: { enable: true } };
        const analyzed = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
            client,
            "analyze",
            analyzeRequest("aws:ecs/service:Service", "api", broken),
        );
        assert.deepStrictEqual(diagnostics(analyzed), [], "disabled by config");
        for (const view of VIEWS) {
            const stack = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
                client,
                "analyzeStack",
                stackRequest(await programIn("dev", view)),
            );
            // Every tier's task leaves the proxy less memory than the stricter 128 MiB.
            assert.deepStrictEqual(
                diagnostics(stack),
                TIER_NAMES.map(() => "mandatory service-connect-proxy-headroom"),
                view,
            );
        }
    });
});
