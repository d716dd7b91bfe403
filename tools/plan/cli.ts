/**
 * `npm start [-- --stack <name>] [--config key=value]... [--config-file <file>] [--json]
 * [--policy-config <file>] [--out <dir>]`: the offline plan of a stack. Exits 0 when mandatory
 * policies pass, 1 when one fails, 2 on bad input. Input mistakes print one message that names the
 * key or file, the value and what is allowed, with no stack trace; only a bug in the project shows one.
 */
// First, so that Node's code cache serves every module loaded after it.
import "../../config/compileCache";
import * as fs from "fs";
import * as path from "path";
import { parseArgs as nodeParseArgs } from "util";
import { StackConfigError, loadStackConfig } from "../../config";
import { ensureWritableFolder } from "./outputFolder";
import { commandLineProblem } from "../harness/commandLine";
import { readPolicyConfig } from "./policyConfig";
import { stackCollisions } from "./stackCollisions";
import { VIEWS, View } from "../harness/views";
import { InputError, PROJECT_DIR, parseConfigFlag, readProject, readStackConfig, shownPath } from "../harness/stackConfig";

interface Options {
    stack: string;
    json: boolean;
    policyConfig?: string;
    configFile?: string;
    configFlags: string[];
    out: string;
    view: View;
}

const USAGE =
    "usage: npm start -- [--stack <name>] [--config <key>=<value>]... [--config-file <file.yaml>] [--json] " +
    "[--policy-config <file.json>] [--out <dir>] [--view first-preview|update]";

class UsageError extends InputError {
    constructor(
        message: string,
        readonly exitCode = 2,
    ) {
        super(message);
    }
}

/** The command line, parsed by Node's own `util.parseArgs`, with its errors said in this CLI's words. */
function parseArgs(argv: readonly string[]): Options {
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
        parsed = parseCommandLine(argv);
    } catch (error) {
        const problem = commandLineProblem(error);
        throw problem === undefined ? error : new UsageError(`${problem}. ${USAGE}`);
    }
    const { values } = parsed;
    if (values.help === true) {
        throw new UsageError(USAGE, 0);
    }
    return {
        stack: values.stack ?? "dev",
        json: values.json === true,
        policyConfig: values["policy-config"],
        configFile: values["config-file"],
        configFlags: values.config ?? [],
        out: values.out ?? path.join(PROJECT_DIR, "plan-output"),
        view: values.view === undefined ? "update" : parseView(values.view),
    };
}

function parseCommandLine(argv: readonly string[]) {
    return nodeParseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
            stack: { type: "string", short: "s" },
            config: { type: "string", short: "c", multiple: true },
            "config-file": { type: "string" },
            "policy-config": { type: "string" },
            out: { type: "string" },
            view: { type: "string" },
            json: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
    });
}

function parseView(view: string): View {
    if (!(VIEWS as readonly string[]).includes(view)) {
        throw new UsageError(`--view: "${view}" is not a view. Use ${VIEWS.join(" or ")}. ${USAGE}`);
    }
    return view as View;
}

async function main(): Promise<number> {
    const options = parseArgs(process.argv.slice(2));
    const outDir = ensureWritableFolder(path.join(options.out, options.stack), `--out ${options.out}`);
    const project = readProject().name;
    const overrides = Object.fromEntries(options.configFlags.map((flag) => parseConfigFlag(flag, project)));
    const config = readStackConfig(options.stack, { configFile: options.configFile, overrides });
    const policyConfig =
        options.policyConfig === undefined
            ? {}
            : readPolicyConfig(options.policyConfig, (await import("../../policies/policies")).policies);
    // The program runs the same loader and would fail the same way; checking first answers in a
    // fraction of a second instead of after loading the Pulumi SDK and the whole program.
    const collisions = stackCollisions(options.stack, loadStackConfig(config, options.stack));
    if (collisions.length > 0) {
        throw new StackConfigError(options.stack, collisions);
    }

    const { planStack } = await import("./plan");
    const { renderPlan } = await import("./render");
    const progress = (step: string) => process.stderr.write(`… ${step}\n`);
    const plan = await planStack(options.stack, { config, policyConfig, progress, view: options.view });

    const mermaidFile = path.join(outDir, "service-connect.mmd");
    fs.writeFileSync(mermaidFile, plan.mermaid);
    fs.writeFileSync(path.join(outDir, "plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
    const shownFile = shownPath(mermaidFile);
    process.stdout.write(
        options.json ? `${JSON.stringify({ ...plan, mermaidFile: shownFile }, null, 2)}\n` : `${renderPlan(plan, shownFile)}\n`,
    );
    return plan.blocked ? 1 : 0;
}

/**
 * The program reports configuration errors as `pulumi.RunError`, branded rather than checked with
 * `instanceof`, since the offline evaluation loads the program's modules afresh.
 */
async function isUserError(error: unknown): Promise<boolean> {
    if (error instanceof InputError || error instanceof StackConfigError) {
        return true;
    }
    const { RunError } = await import("@pulumi/pulumi");
    return RunError.isInstance(error);
}

main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
        if (error instanceof UsageError && error.exitCode === 0) {
            process.stdout.write(`${error.message}\n`);
            process.exit(0);
        }
        if (await isUserError(error)) {
            process.stderr.write(`error: ${(error as Error).message}\n`);
            process.exit(2);
        }
        process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(2);
    },
);
