/**
 * Creates the plan's output folder one level at a time. Node 20's `mkdirSync(dir, { recursive: true })`
 * spins forever on some paths (such as under /proc), so the recursive form is never used here.
 */
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../harness/stackConfig";

/**
 * Makes `dir` (and its parents) a writable folder, or throws an `InputError` naming the flag as the
 * user gave it (`--out <value>`) and the reason.
 */
export function ensureWritableFolder(dir: string, given: string): string {
    const absolute = path.resolve(dir);
    const fail = (reason: string): never => {
        throw new InputError(`${given}: ${reason}. Choose a folder you can write to, such as --out plan-output.`);
    };
    const levels: string[] = [];
    for (let level = absolute; !fs.existsSync(level); level = path.dirname(level)) {
        levels.unshift(level);
    }
    const existing = levels.length === 0 ? absolute : path.dirname(levels[0]);
    if (!fs.statSync(existing).isDirectory()) {
        fail(`${existing} is a file, not a folder`);
    }
    for (const level of levels) {
        try {
            fs.mkdirSync(level);
        } catch (error) {
            fail(`cannot create ${level} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        }
    }
    try {
        fs.accessSync(absolute, fs.constants.W_OK);
    } catch {
        fail(`${absolute} is not writable`);
    }
    return absolute;
}
