/**
 * One evaluation of the program the way the Pulumi CLI's Node language host runs it
 * (`@pulumi/pulumi/cmd/run/index.js` and `run.js`), in its own process, for the benchmark:
 * source-map-support registered first; ts-node registered as run.js registers it when Pulumi.yaml
 * says `runtime.options.typescript: true` (type check unless PULUMI_NODEJS_TRANSPILE_ONLY or the
 * tsconfig's noCheck); Pulumi.yaml's `main` required; an exported function called and its result
 * awaited. The engine is Pulumi's public mocks with the dev stack's configuration (one thing run.js
 * does is left out: its OpenTelemetry instrumentation, off unless tracing is asked for).
 * `--floor` instead loads only @pulumi/pulumi and @pulumi/aws: what any program on this SDK pays.
 * `--typescript` runs `index.ts` through ts-node instead, as `main: index.ts` with `typescript: true` would.
 * Prints one JSON line: wall time from process start, peak RSS, resources registered.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the language host loads its loaders and the program with require(), and so does this emulation */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const started = process.hrtime.bigint();
const ROOT = path.resolve(__dirname, "..", "..", "..");
const fromRoot = (request: string, base = ROOT) => require.resolve(request, { paths: [base] });
const elapsedMs = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface ProjectFile {
    main?: string;
    runtime?: { options?: { typescript?: boolean } };
}

async function evaluateAsTheHostDoes(): Promise<number> {
    const sdkDir = path.dirname(fromRoot("@pulumi/pulumi/package.json"));
    require(fromRoot("source-map-support/register", sdkDir));
    const declared = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const project: ProjectFile = process.argv.includes("--typescript")
        ? { main: "index.ts", runtime: { options: { typescript: true } } }
        : declared;
    if (project.runtime?.options?.typescript ?? true) {
        const ts = require(fromRoot("typescript")) as typeof import("typescript");
        const compilerOptions = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config?.compilerOptions ?? {};
        const transpileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY
            ? process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true"
            : compilerOptions.noCheck;
        require(fromRoot("ts-node")).register({
            compiler: "typescript",
            transpileOnly,
            project: path.join(ROOT, "tsconfig.json"),
            skipProject: false,
            compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
        });
    }
    const pulumi = require(fromRoot("@pulumi/pulumi")) as typeof import("@pulumi/pulumi");
    const { mockCall, mockResourceState } = await import("../harness/mockState");
    const { readStackConfig } = await import("../harness/stackConfig");
    const config = readStackConfig("dev");
    const region = config["aws:region"];
    let resources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return mockResourceState(args, region);
            },
            call: (args) => mockCall(args, region, config),
        },
        "yelb",
        "dev",
        false,
    );
    pulumi.runtime.setAllConfig(config);
    pulumi.log.warn = () => Promise.resolve();
    const main = path.join(ROOT, project.main ?? "index.ts");
    const exported = require(main);
    const outputs = await (typeof exported === "function" ? exported() : exported);
    await new Promise<void>((resolve) => pulumi.output(outputs).apply(() => resolve()));
    // The host's process ends when the last registration is answered.
    await new Promise<void>((resolve) => process.once("beforeExit", () => resolve()));
    return resources;
}

async function main(): Promise<void> {
    if (process.argv.includes("--floor")) {
        require(fromRoot("@pulumi/pulumi"));
        require(fromRoot("@pulumi/aws"));
        process.stdout.write(`${JSON.stringify({ wallMs: elapsedMs(), peakRssMiB: peakRssMiB() })}\n`);
        return;
    }
    const resources = await evaluateAsTheHostDoes();
    process.stdout.write(`${JSON.stringify({ wallMs: elapsedMs(), peakRssMiB: peakRssMiB(), resources })}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
});
