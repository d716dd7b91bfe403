/** How the project's commands say what Node's `util.parseArgs` refused in their command lines. */

/** The refusal in this project's words ("unknown argument --x", "--x needs a value"), or undefined for any other error. */
export function commandLineProblem(error: unknown): string | undefined {
    const { code, message } = error as { code?: string; message: string };
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
        return `unknown argument ${/'([^']+)'/.exec(message)?.[1] ?? ""}`;
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
        // The long name, where the message names both forms ("-s, --stack <value>").
        return `${/(--[\w-]+)/.exec(message)?.[1] ?? ""} needs a value`;
    }
    return undefined;
}
