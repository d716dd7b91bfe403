/**
 * `npm start [-- --stack <name>] [--config key=value]... [--config-file <file>] [--json]
 * [--policy-config <file>] [--out <dir>]`: the offline plan of a stack. Exits 0 when mandatory
 * policies pass, 1 when one fails, 2 on bad input. Input mistakes print one message that names the
 * key or file, the value and what is allowed, with no stack trace; only a bug in the project shows one.
 */
// First, so that Node's code cache serves every module loaded after it.
import "../config/compileCache";
import * as fs from "fs";
import * as path from "path";
import { StackConfigError, loadStackConfig } from "../config";
import { ensureWritableFolder } from "./outputFolder";
import { readPolicyConfig } from "./policyConfig";
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

function parseArgs(argv: readonly string[]): Options {
    const options: Options = { stack: "dev", json: false, configFlags: [], out: path.join(PROJECT_DIR, "plan-output"), view: "update" };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].startsWith("--") && argv[i].includes("=") ? splitOnce(argv[i]) : [argv[i], undefined];
        const value = (): string => {
            const next = inline ?? argv[++i];
            if (next === undefined || (inline === undefined && next.startsWith("-"))) {
                throw new UsageError(`${flag} needs a value. ${USAGE}`);
            }
            return next;
        };
        if (flag === "--stack" || flag === "-s") options.stack = value();
        else if (flag === "--config" || flag === "-c") options.configFlags.push(value());
        else if (flag === "--config-file") options.configFile = value();
        else if (flag === "--policy-config") options.policyConfig = value();
        else if (flag === "--out") options.out = value();
        else if (flag === "--view") options.view = parseView(value());
        else if (flag === "--json" && inline === undefined) options.json = true;
        else if ((flag === "--help" || flag === "-h") && inline === undefined) throw new UsageError(USAGE, 0);
        else throw new UsageError(`unknown argument ${argv[i]}. ${USAGE}`);
    }
    return options;
}

function parseView(view: string): View {
    if (!(VIEWS as readonly string[]).includes(view)) {
        throw new UsageError(`--view: "${view}" is not a view. Use ${VIEWS.join(" or ")}. ${USAGE}`);
    }
    return view as View;
}

function splitOnce(arg: string): [string, string] {
    const equals = arg.indexOf("=");
    return [arg.slice(0, equals), arg.slice(equals + 1)];
}

async function main(): Promise<number> {
    const options = parseArgs(process.argv.slice(2));
    const outDir = ensureWritableFolder(path.join(options.out, options.stack), `--out ${options.out}`);
    const project = readProject().name;
    const overrides = Object.fromEntries(options.configFlags.map((flag) => parseConfigFlag(flag, project)));
    const config = readStackConfig(options.stack, { configFile: options.configFile, overrides });
    const policyConfig =
        options.policyConfig === undefined ? {} : readPolicyConfig(options.policyConfig, (await import("../policies/policies")).policies);
    // The program runs the same loader and would fail the same way; checking first answers in a
    // fraction of a second instead of after loading the Pulumi SDK and the whole program.
    loadStackConfig(config, options.stack);

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
