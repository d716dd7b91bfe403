/**
 * `npm start [-- --stack <name>] [--json] [--policy-config <file>] [--out <dir>]`: the offline
 * plan of a stack. Exits 0 when mandatory policies pass, 1 when one fails, 2 on bad input.
 */
import * as fs from "fs";
import * as path from "path";
import { StackConfigError } from "../config";
import { useUnmappedStackTraces } from "./harness";
import { planStack } from "./plan";
import { PackConfig } from "./policyRunner";
import { renderPlan } from "./render";
import { PROJECT_DIR, StackNotFoundError } from "./stackConfig";

interface Options {
    stack: string;
    json: boolean;
    policyConfig?: string;
    out: string;
}

const USAGE = "usage: npm start -- [--stack <name>] [--json] [--policy-config <file.json>] [--out <dir>]";

function parseArgs(argv: string[]): Options {
    const options: Options = { stack: "dev", json: false, out: path.join(PROJECT_DIR, "plan-output") };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const next = argv[++i];
            if (next === undefined || next.startsWith("--")) {
                throw new UsageError(`${arg} needs a value. ${USAGE}`);
            }
            return next;
        };
        if (arg === "--stack" || arg === "-s") options.stack = value();
        else if (arg.startsWith("--stack=")) options.stack = arg.slice("--stack=".length);
        else if (arg === "--json") options.json = true;
        else if (arg === "--policy-config") options.policyConfig = value();
        else if (arg === "--out") options.out = path.resolve(value());
        else if (arg === "--help" || arg === "-h") throw new UsageError(USAGE, 0);
        else throw new UsageError(`unknown argument ${arg}. ${USAGE}`);
    }
    return options;
}

class UsageError extends Error {
    constructor(
        message: string,
        readonly exitCode = 2,
    ) {
        super(message);
    }
}

async function main(): Promise<number> {
    useUnmappedStackTraces();
    const options = parseArgs(process.argv.slice(2));
    const policyConfig: PackConfig = options.policyConfig === undefined ? {} : JSON.parse(fs.readFileSync(options.policyConfig, "utf8"));
    const progress = (step: string) => process.stderr.write(`… ${step}\n`);
    const plan = await planStack(options.stack, { policyConfig, progress });

    const outDir = path.join(options.out, options.stack);
    fs.mkdirSync(outDir, { recursive: true });
    const mermaidFile = path.join(outDir, "service-connect.mmd");
    fs.writeFileSync(mermaidFile, plan.mermaid);
    fs.writeFileSync(path.join(outDir, "plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
    const shownFile = path.relative(process.cwd(), mermaidFile);

    process.stdout.write(
        options.json ? `${JSON.stringify({ ...plan, mermaidFile: shownFile }, null, 2)}\n` : `${renderPlan(plan, shownFile)}\n`,
    );
    return plan.blocked ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        if (error instanceof UsageError) {
            (error.exitCode === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
            process.exit(error.exitCode);
        }
        if (error instanceof StackConfigError || error instanceof StackNotFoundError) {
            process.stderr.write(`error: ${error.message}\n`);
            process.exit(2);
        }
        process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(2);
    },
);
