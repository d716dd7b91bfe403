/**
 * `npm run build` (also npm's `prepare`, so `npm ci` and `npm install` build): compiles the
 * project with TypeScript's own incremental build (`tsc -b`, type check included) into `bin/`,
 * removes what a deleted source left there, and records the hash of every input in
 * `bin/build.json`: the project's TypeScript, tsconfig.json and the installed packages (npm
 * rewrites node_modules/.package-lock.json on every install). When none of them changed since,
 * it stops there without loading TypeScript. The program checks its own sources against the
 * record when it starts (`config/freshBuild.ts`), so a stale build cannot be deployed.
 * Plain JavaScript: it is what makes the TypeScript runnable.
 */
/* global require, process, __dirname, console */
/* eslint-disable @typescript-eslint/no-require-imports -- runs before anything is compiled */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bin");
/** What `pulumi up` loads: the program's entry and the folders it imports (the rest are tools and tests). */
const PROGRAM = ["index.ts", "components", "config", "model"];
const MANIFEST = path.join(OUT, "build.json");
const NOT_SOURCE = new Set(["node_modules", "bin", "dist", "plan-output", ".git"]);
/** Inputs besides the TypeScript: the compiler's options and what npm installed, the pack's and the deployments program's included. */
const OTHER_INPUTS = [
    "tsconfig.json",
    "node_modules/.package-lock.json",
    "policies/node_modules/.package-lock.json",
    "deployments/node_modules/.package-lock.json",
];

function filesUnder(dir, keep) {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? (NOT_SOURCE.has(entry.name) ? [] : filesUnder(file, keep)) : keep(file) ? [file] : [];
    });
}

function compile() {
    const ts = require("typescript");
    const reports = [];
    const host = ts.createSolutionBuilderHost(ts.sys, undefined, (diagnostic) => reports.push(diagnostic));
    const status = ts.createSolutionBuilder(host, [path.join(ROOT, "tsconfig.json")], {}).build();
    if (reports.length > 0) {
        const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
        process.stderr.write(ts.formatDiagnosticsWithColorAndContext(reports, formatHost));
    }
    return status === ts.ExitStatus.Success && reports.length === 0;
}

/** A compiled file whose source is gone would still run (a deleted test, say): remove it. */
function removeOrphans() {
    for (const file of filesUnder(OUT, (f) => /\.js(\.map)?$/.test(f))) {
        const source = path.join(ROOT, path.relative(OUT, file)).replace(/\.js(\.map)?$/, ".ts");
        if (!fs.existsSync(source)) {
            fs.rmSync(file);
        }
    }
}

const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const relative = (file) => path.relative(ROOT, file).split(path.sep).join("/");

/** Every input of the build with its hash, by path relative to the project. */
function inputHashes() {
    const sources = filesUnder(ROOT, (f) => f.endsWith(".ts"));
    const others = OTHER_INPUTS.map((file) => path.join(ROOT, file)).filter((file) => fs.existsSync(file));
    return Object.fromEntries([...sources, ...others].map((file) => [relative(file), sha256(file)]).sort(([a], [b]) => a.localeCompare(b)));
}

function readManifest() {
    try {
        return JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
    } catch {
        return undefined;
    }
}

const inputs = inputHashes();
const recorded = readManifest();
if (recorded !== undefined && JSON.stringify(recorded.sources) === JSON.stringify(inputs)) {
    process.exit(0);
}
// An input changed: no record until the build succeeds, so a failed build leaves the program stale.
fs.rmSync(MANIFEST, { force: true });
if (!compile()) {
    console.error("build: the TypeScript build failed; fix the errors above and build again (the program refuses to run until then).");
    process.exit(1);
}
removeOrphans();
fs.writeFileSync(MANIFEST, `${JSON.stringify({ program: PROGRAM, sources: inputs }, null, 2)}\n`);
