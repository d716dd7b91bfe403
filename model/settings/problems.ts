/**
 * The configuration error. It deliberately has no field named `stack` (that would hide
 * `Error.stack`), and it carries no Pulumi type: the program turns it into a `pulumi.RunError` at
 * the runtime boundary, so the CLI prints the message without a trace.
 */
export class StackConfigError extends Error {
    constructor(
        readonly stackName: string,
        readonly problems: readonly string[],
    ) {
        super(formatProblems(stackName, problems));
        this.name = "StackConfigError";
    }
}

/** The one way a list of input problems is shown: a header with the count, then one problem per line. */
export function problemList(subject: string, problems: readonly string[]): string {
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    return `${subject} (${count}):\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** How a stack's configuration problems read, offline and under the Pulumi CLI alike. */
export function formatProblems(stackName: string, problems: readonly string[]): string {
    return problemList(`Invalid configuration for stack "${stackName}"`, problems);
}
