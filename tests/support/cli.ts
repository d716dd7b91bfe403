/**
 * Runs the offline plan exactly as `npm start` does: the command comes from package.json's own
 * `start` script, so a test cannot drift from what the user runs.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";

export const ROOT = PROJECT_DIR;

export interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function startCommand(): [string, string[]] {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    // The script builds first (`node scripts/build.js && …`), which `npm test` has done already.
    const [command, ...args] = scripts.start.split("&&").pop()!.trim().split(/\s+/);
    return [command === "node" ? process.execPath : command, args];
}

function run(file: string, args: readonly string[]): Promise<CliResult> {
    return new Promise((resolve) => {
        execFile(file, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
            resolve({ code, stdout, stderr });
        });
    });
}

/** `npm start -- <args>`, run as the start script's own command (without npm's banner). */
export function npmStart(args: readonly string[]): Promise<CliResult> {
    const [command, base] = startCommand();
    return run(command, [...base, ...args]);
}

/** `npm start --silent -- <args>` through npm itself, for the few checks that must include npm. */
export function npmStartThroughNpm(args: readonly string[]): Promise<CliResult> {
    return run(process.platform === "win32" ? "npm.cmd" : "npm", ["start", "--silent", "--", ...args]);
}

/** Runs tasks with at most `limit` at a time, keeping their order in the results. */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** Temporary folders a suite makes and removes again in its `after` hook. */
export class TempFolders {
    private readonly made: string[] = [];

    make(prefix = "yelb-test-"): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        this.made.push(dir);
        return dir;
    }

    removeAll(): void {
        for (const dir of this.made.splice(0)) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
}
