/**
 * The command line of `npm run acceptance`. Pure: the CLI turns a `UsageError` into a message and
 * exit code 2, never a stack trace.
 */

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

export function parseArgs(argv: readonly string[]): AcceptanceArgs {
    let fileStack: string | undefined;
    let keep = false;
    let org: string | undefined;
    const configFlags: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg];
        const value = (): string => {
            if (inline !== undefined) {
                return inline;
            }
            const next = argv[++i];
            if (next === undefined || next.startsWith("--")) {
                throw new UsageError(`${flag} needs a value.\n${USAGE}`);
            }
            return next;
        };
        if (flag === "--stack" || flag === "-s") {
            fileStack = value();
        } else if (flag === "--keep" && inline === undefined) {
            keep = true;
        } else if (flag === "--org") {
            org = value();
            if (!ORG.test(org)) {
                throw new UsageError(`--org "${org}" is not a Pulumi organisation name (letters, digits, "-", "_", ".").`);
            }
        } else if (flag === "--config" || flag === "-c") {
            configFlags.push(value());
        } else if (flag === "--help" || flag === "-h") {
            throw new UsageError(USAGE, 0);
        } else {
            throw new UsageError(`unknown argument ${arg}.\n${USAGE}`);
        }
    }
    if (fileStack === undefined || fileStack === "") {
        throw new UsageError(`--stack is required: name the stack file to prove, e.g. --stack dev for Pulumi.dev.yaml.\n${USAGE}`);
    }
    return { fileStack, keep, org, configFlags };
}
