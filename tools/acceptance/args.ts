/**
 * The command line of `npm run acceptance`. Pure: the CLI turns a `UsageError` into a message and
 * exit code 2, never a stack trace.
 */
import { parseArgs as nodeParseArgs } from "util";
import { commandLineProblem } from "../harness/commandLine";

export const USAGE =
    "usage: npm run acceptance -- --stack <file-stack> [--keep] [--org <pulumi-org>] [--config <key>=<value>]...\n" +
    "  --stack   the stack file to prove, Pulumi.<file-stack>.yaml (its settings seed an ephemeral stack)\n" +
    "  --keep    leave the ephemeral stack and its resources in place, even when a check fails\n" +
    "  --org     Pulumi organisation of the ephemeral stack (default: the logged-in account's default)\n" +
    "  --config  override one setting of the stack file, e.g. --config hostedZoneName=<zone> --config hostedZoneId=<zone id>";

export interface AcceptanceArgs {
    readonly fileStack: string;
    readonly keep: boolean;
    readonly org?: string;
    /** `--config key=value` flags, in order; `plan/stackConfig.ts` parses them. */
    readonly configFlags: readonly string[];
}

/** A mistake in how the command was called: printed as is, exit code 2 (0 for --help). */
export class UsageError extends Error {
    readonly isUsageError = true;
    constructor(
        message: string,
        readonly exitCode = 2,
    ) {
        super(message);
        this.name = "UsageError";
    }
}

/** Duck-typed so a second copy of this module (ts-node and mocha) still recognises it. */
export function isUsageError(error: unknown): error is UsageError {
    return typeof error === "object" && error !== null && (error as { isUsageError?: unknown }).isUsageError === true;
}

const ORG = /^[A-Za-z0-9][\w.-]*$/;

/** The command line, parsed by Node's own `util.parseArgs`, with its errors said in this command's words. */
export function parseArgs(argv: readonly string[]): AcceptanceArgs {
    let values: { stack?: string; keep?: boolean; org?: string; config?: string[]; help?: boolean };
    try {
        ({ values } = nodeParseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                stack: { type: "string", short: "s" },
                keep: { type: "boolean" },
                org: { type: "string" },
                config: { type: "string", short: "c", multiple: true },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (error) {
        const problem = commandLineProblem(error);
        throw problem === undefined ? error : new UsageError(`${problem}.\n${USAGE}`);
    }
    if (values.help === true) {
        throw new UsageError(USAGE, 0);
    }
    if (values.org !== undefined && !ORG.test(values.org)) {
        throw new UsageError(`--org "${values.org}" is not a Pulumi organisation name (letters, digits, "-", "_", ".").`);
    }
    if (values.stack === undefined || values.stack === "") {
        throw new UsageError(`--stack is required: name the stack file to prove, e.g. --stack dev for Pulumi.dev.yaml.\n${USAGE}`);
    }
    return { fileStack: values.stack, keep: values.keep === true, org: values.org, configFlags: values.config ?? [] };
}
