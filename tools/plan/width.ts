/** How wide the printed plan may be, and how a longer line is broken. */
/** The plan fits a terminal of this many columns. */
export const PLAN_WIDTH = 120;

/** `text` broken at spaces into lines of at most `PLAN_WIDTH`, each after the first indented by `indent`. */
export function wrapped(text: string, indent: string): string[] {
    const out: string[] = [];
    let line = text;
    while (line.length > PLAN_WIDTH) {
        const at = line.lastIndexOf(" ", PLAN_WIDTH);
        if (at <= indent.length || line.slice(0, at).trim() === "") {
            break;
        }
        out.push(line.slice(0, at).trimEnd());
        line = `${indent}${line.slice(at + 1).trimStart()}`;
    }
    return [...out, line];
}
