/**
 * Starts a policy pack's gRPC analyzer server the way the Pulumi CLI launches a Node pack
 * (`pulumi-analyzer-policy <engine> .` in the pack folder, which runs @pulumi/pulumi's
 * run-policy-pack), on 127.0.0.1, and gives a client for the CLI's calls.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";

export const LEVEL_NAMES = Object.fromEntries(
    Object.entries(analyzer.EnforcementLevel).map(([name, value]) => [value, name.toLowerCase()]),
);

export function call<Req, Res>(client: analyzerRpc.AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        (client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>)[method](
            request,
            (error, response) => (error ? reject(error) : resolve(response)),
        ),
    );
}

/** google.protobuf.Empty, the very class the generated service serialises (it checks instanceof). */
export function emptyRequest(): unknown {
    const service = analyzerRpc.AnalyzerService as unknown as { getAnalyzerInfo: { requestType: new () => unknown } };
    return new service.getAnalyzerInfo.requestType();
}

/** Starts the pack in `packDir`; `stop` ends it (and its process group). */
export async function startPackServer(packDir: string): Promise<{ client: analyzerRpc.AnalyzerClient; stop: () => void }> {
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir, __dirname] });
    // As the CLI: the pack folder is the working directory, "." the pack path; the engine address is
    // required on the command line but unused by Node packs.
    const pack = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
        cwd: packDir,
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
            if (stdout.includes("\n")) {
                resolve(Number(stdout.split("\n")[0].trim()));
            }
        });
        pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port:\n${stderr}`)));
    });
    assert.ok(port > 0 && port < 65536, `port line ${port}`);
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        client,
        stop: () => {
            client.close();
            if (pack.pid !== undefined && pack.exitCode === null) {
                process.kill(-pack.pid, "SIGINT");
            }
        },
    };
}
