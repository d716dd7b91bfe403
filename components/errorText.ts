/** What a failed AWS lookup said, in a form short enough to quote in a configuration message. */

/** The first line of an error's message that says anything. */
export function firstLine(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    return (
        text
            .split("\n")
            .find((line) => line.trim() !== "")
            ?.trim() ?? "no details"
    );
}
