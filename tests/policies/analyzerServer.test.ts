/**
 * Runs the real policy pack through its own gRPC analyzer server, launched the way the Pulumi CLI
 * launches a Node pack (`pulumi-analyzer-policy <engine> .` in the pack directory, which runs
 * @pulumi/pulumi's run-policy-pack), and drives it with the CLI's calls: GetAnalyzerInfo,
 * Configure, Analyze and AnalyzeStack.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { evaluateStack } from "../../plan/program";
import { Evaluation } from "../../plan/harness";
import { policies } from "../../policies/policies";
import { serviceProps } from "./fixtures";

const PACK_DIR = path.resolve(__dirname, "../../policies");
const LEVEL_NAMES = Object.fromEntries(Object.entries(analyzer.EnforcementLevel).map(([name, value]) => [value, name.toLowerCase()]));

function call<Req, Res>(client: analyzerRpc.AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        (client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>)[method](
            request,
            (error, response) => (error ? reject(error) : resolve(response)),
        ),
    );
}

/** google.protobuf.Empty, the very class the generated service serialises (it checks instanceof). */
function emptyRequest(): unknown {
    const service = analyzerRpc.AnalyzerService as unknown as { getAnalyzerInfo: { requestType: new () => unknown } };
    return new service.getAnalyzerInfo.requestType();
}

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

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): analyzer.AnalyzeRequest {
    const request = new analyzer.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(`urn:pulumi:dev::yelb::${type}::${name}`);
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

describe("the policy pack through its gRPC analyzer server", function () {
    this.timeout(120000);
    let pack: ChildProcess;
    let client: analyzerRpc.AnalyzerClient;

    before(async () => {
        const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
        // As the CLI: the pack directory is the working directory, "." the pack path; the engine
        // address is required on the command line but unused by Node packs.
        pack = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
            cwd: PACK_DIR,
            env: { ...process.env, PULUMI_PROJECT: "yelb", PULUMI_STACK: "dev", PULUMI_DRY_RUN: "true" },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        let stderr = "";
        pack.stderr!.on("data", (chunk) => (stderr += chunk));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            pack.stdout!.on("data", (chunk) => {
                stdout += chunk;
                const line = stdout.split("\n")[0];
                if (stdout.includes("\n")) {
                    resolve(Number(line.trim()));
                }
            });
            pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port:\n${stderr}`)));
        });
        assert.ok(port > 0 && port < 65536, `port line ${port}`);
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        if (pack?.pid !== undefined && pack.exitCode === null) {
            process.kill(-pack.pid, "SIGINT");
        }
    });

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

    it("finds nothing in the dev program, and the broken client order (AnalyzeStack)", async () => {
        const dev = await evaluateStack("dev");
        const clean = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client, "analyzeStack", stackRequest(dev));
        assert.deepStrictEqual(diagnostics(clean), []);

        const ui = dev.resources.find((r) => r.name === "yelb-ui-sc-service")!;
        const appserver = dev.resources.find((r) => r.name === "yelb-appserver-sc-service")!;
        const unordered: Evaluation = {
            ...dev,
            resources: dev.resources.map((r) =>
                r === ui ? { ...ui, dependencies: ui.dependencies.filter((urn) => urn !== appserver.urn) } : r,
            ),
        };
        const response = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
            client,
            "analyzeStack",
            stackRequest(unordered),
        );
        assert.deepStrictEqual(diagnostics(response), ["mandatory service-connect-client-after-servers"]);
        assert.strictEqual(response.getDiagnosticsList()[0].getUrn(), ui.urn);
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
        const dev = await evaluateStack("dev");
        const stack = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client, "analyzeStack", stackRequest(dev));
        assert.deepStrictEqual(diagnostics(stack), Array(4).fill("mandatory service-connect-proxy-headroom"));
    });
});
