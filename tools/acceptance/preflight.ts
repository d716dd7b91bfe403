/**
 * Checks made before anything is created, so a missing tool fails in a second with the fix,
 * not after minutes of Pulumi output.
 */
import * as fs from "fs";
import * as path from "path";

/** The first executable file named `command` on `PATH`, or undefined. */
export function findOnPath(command: string, pathVariable: string | undefined, extensions: readonly string[] = [""]): string | undefined {
    for (const dir of (pathVariable ?? "").split(path.delimiter).filter((d) => d !== "")) {
        for (const extension of extensions) {
            const candidate = path.join(dir, command + extension);
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                if (fs.statSync(candidate).isFile()) {
                    return candidate;
                }
            } catch {
                // not here
            }
        }
    }
    return undefined;
}

/** Problems that stop the run before it starts, each with its fix. */
export function preflightProblems(env: NodeJS.ProcessEnv, policiesDir: string, platform: NodeJS.Platform = process.platform): string[] {
    const problems: string[] = [];
    const extensions = platform === "win32" ? [".exe", ".cmd", ""] : [""];
    if (findOnPath("pulumi", env.PATH ?? env.Path, extensions) === undefined) {
        problems.push("The Pulumi CLI is not on PATH. Install it (https://www.pulumi.com/docs/install/) and log in (pulumi login).");
    }
    if (!fs.existsSync(path.join(policiesDir, "node_modules", "@pulumi", "policy"))) {
        problems.push(
            `The policy pack's dependencies are not installed in ${policiesDir}. Run: npm install --prefix ${path.relative(process.cwd(), policiesDir) || "."}`,
        );
    }
    return problems;
}
