/**
 * `npm run typecheck`: `tsc --noEmit` over the project, incremental, and skipped when none of its
 * inputs changed since the last clean check. The inputs are every TypeScript file of the project,
 * tsconfig.json, and the installed packages, the policy pack's own included (npm rewrites
 * node_modules/.package-lock.json on every install), hashed on each run; a change to any of them runs the compiler again. A full check
 * parses 920,000 lines of the AWS provider's declarations: 20 s here, 9 s incrementally.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "yelb-tsc");
const STAMP = path.join(CACHE_DIR, "clean-check.sha256");
const NOT_SOURCE = new Set(["node_modules", "dist", "plan-output", ".git"]);

function typeScriptFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                return NOT_SOURCE.has(entry.name) ? [] : typeScriptFiles(file);
            }
            return entry.name.endsWith(".ts") ? [file] : [];
        });
}

/** The hash of everything the compiler reads: a file added, removed or edited changes it. */
export function inputHash(root = ROOT): string {
    const hash = createHash("sha256");
    const installed = ["node_modules", "policies/node_modules"].map((dir) => path.join(root, dir, ".package-lock.json"));
    const others = ["tsconfig.json", "package-lock.json"].map((file) => path.join(root, file)).concat(installed.filter(fs.existsSync));
    for (const file of [...others, ...typeScriptFiles(root)]) {
        hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    return hash.digest("hex");
}

/** Runs the check unless the last clean one had the same inputs; returns tsc's exit code. */
export function typecheck(): number {
    const inputs = inputHash();
    if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === inputs) {
        process.stdout.write("typecheck: no input changed since the last clean check\n");
        return 0;
    }
    fs.rmSync(STAMP, { force: true });
    const tsc = require.resolve("typescript/bin/tsc");
    const args = ["-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", path.join(CACHE_DIR, "tsconfig.tsbuildinfo")];
    const { status } = spawnSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: "inherit" });
    if (status === 0) {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        fs.writeFileSync(STAMP, inputs);
        process.stdout.write("typecheck: passed\n");
    }
    return status ?? 1;
}

if (require.main === module) {
    process.exit(typecheck());
}
