/**
 * The V8 code cache behind every offline script: a module runs from its cached bytecode only when
 * its source and the process's flags are the ones the bytecode was made from, and runs as Node's
 * own loader would run it.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TempFolders } from "./support/cli";

interface CodeCache {
    compile(source: string, fileName: string, flags: { set: string }): { script: { runInThisContext(): unknown }; produce(): void };
    write(): void;
    stats: { hits: number; compiled: number; rejected: number; reused: number };
    file: string;
}
// A plain JavaScript module of scripts/ (it runs before any transpiler), typed here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeCache = require("../scripts/codeCache") as {
    createCodeCache(dir: string, mainModule?: string): CodeCache;
    readCacheEntries(file: string): Map<string, { sourceHash: string; data: Buffer }>;
    writeCacheEntries(file: string, entries: Map<string, { sourceHash: string; data: Buffer }>): void;
};

const ROOT = path.resolve(__dirname, "..");
const REGISTER = path.join(ROOT, "scripts", "register.js");

/**
 * Compiles, runs and keeps one module's bytecode as the loader does, in a new process (V8 keeps
 * what it compiled in memory, which would hide whether the cache was used); returns the module's
 * exports and the cache's counts.
 */
function runModule(dir: string, source: string, flagsSet = ""): { exports: unknown; stats: CodeCache["stats"] } {
    const script = `
        const path = require("path");
        const cache = require(${JSON.stringify(path.join(ROOT, "scripts", "codeCache.js"))}).createCodeCache(${JSON.stringify(dir)}, "test");
        const file = ${JSON.stringify(path.join(ROOT, "example.js"))};
        const { script, produce } = cache.compile(${JSON.stringify(source)}, file, { set: ${JSON.stringify(flagsSet)} });
        const module = { exports: {} };
        script.runInThisContext().call(module.exports, module.exports, require, module, file, path.dirname(file));
        produce();
        cache.write();
        process.stdout.write(JSON.stringify({ exports: module.exports, stats: cache.stats }));`;
    return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as {
        exports: unknown;
        stats: CodeCache["stats"];
    };
}

describe("the V8 code cache", function () {
    this.timeout(60000);
    const temp = new TempFolders();
    after(() => temp.removeAll());

    it("runs a module from its bytecode on the next start, and an edited one from its new source", () => {
        const dir = temp.make("yelb-v8-");
        assert.deepStrictEqual(runModule(dir, "exports.answer = 41;"), {
            exports: { answer: 41 },
            stats: { hits: 0, compiled: 1, rejected: 0, reused: 0 },
        });
        assert.deepStrictEqual(runModule(dir, "exports.answer = 41;"), {
            exports: { answer: 41 },
            stats: { hits: 1, compiled: 0, rejected: 0, reused: 0 },
        });
        // Same length, other code: V8 alone compares only lengths.
        assert.deepStrictEqual(runModule(dir, "exports.answer = 42;"), {
            exports: { answer: 42 },
            stats: { hits: 0, compiled: 1, rejected: 0, reused: 0 },
        });
        // The edit replaced the module's bytecode rather than adding to it.
        assert.strictEqual(codeCache.readCacheEntries(codeCache.createCodeCache(dir, "test").file).size, 1);
    });

    it("runs a module loaded again in one process from the script it has, in a fresh scope, unless its source changed", () => {
        const cache = codeCache.createCodeCache(temp.make("yelb-v8-"), "test");
        const file = path.join(ROOT, "counter.js");
        const source = "let count = 0; exports.next = () => ++count;";
        const load = (text: string) => {
            const module = { exports: {} as { next(): number } };
            const wrapper = cache.compile(text, file, { set: "" }).script.runInThisContext() as (...args: unknown[]) => void;
            wrapper.call(module.exports, module.exports, require, module, file, ROOT);
            return module.exports;
        };
        const first = load(source);
        assert.deepStrictEqual([first.next(), first.next()], [1, 2]);
        const again = load(source);
        assert.strictEqual(again.next(), 1, "the second load has its own module scope");
        assert.strictEqual(first.next(), 3);
        assert.strictEqual(load(source.replace("= 0;", "= 10;")).next(), 11);
        assert.deepStrictEqual(cache.stats, { hits: 0, compiled: 2, rejected: 0, reused: 1 });
    });

    it("keeps each command's modules in a file of its own", () => {
        const dir = temp.make("yelb-v8-");
        const start = codeCache.createCodeCache(dir, path.join(ROOT, "plan", "cli.ts")).file;
        assert.match(path.basename(start), /^v\d+\.\d+\.\d+-[a-z0-9]+-cli-\w{8}\.bin$/);
        assert.notStrictEqual(codeCache.createCodeCache(dir, path.join(ROOT, "plan", "benchScenario.ts")).file, start);
        assert.strictEqual(codeCache.createCodeCache(dir, path.join(ROOT, "plan", "cli.ts")).file, start);
    });

    it("keeps bytecode made under other V8 flags apart, and none of a module whose run changed them", () => {
        const dir = temp.make("yelb-v8-");
        runModule(dir, "exports.x = 1;", "");
        assert.deepStrictEqual(runModule(dir, "exports.x = 1;", "--allow-natives-syntax\0").stats, {
            hits: 0,
            compiled: 1,
            rejected: 0,
            reused: 0,
        });
        const cache = codeCache.createCodeCache(dir, "test");
        const changing = { set: "" };
        const { script, produce } = cache.compile(`exports.y = ${Date.now()};`, path.join(ROOT, "example.js"), changing);
        script.runInThisContext();
        changing.set = "--allow-natives-syntax\0";
        produce();
        cache.write();
        // The two flag sets each kept exports.x; exports.y, whose run changed them, is not kept.
        assert.strictEqual(codeCache.readCacheEntries(cache.file).size, 2);
    });

    it("compiles from source when V8 refuses the bytecode, and replaces it", () => {
        const dir = temp.make("yelb-v8-");
        runModule(dir, "exports.z = 3;");
        const file = codeCache.createCodeCache(dir, "test").file;
        const [[slot, { sourceHash }]] = codeCache.readCacheEntries(file);
        codeCache.writeCacheEntries(
            file,
            new Map([[slot, { sourceHash, data: Buffer.from("not bytecode at all, but long enough to be read as some") }]]),
        );
        assert.deepStrictEqual(runModule(dir, "exports.z = 3;"), {
            exports: { z: 3 },
            stats: { hits: 0, compiled: 1, rejected: 1, reused: 0 },
        });
        assert.deepStrictEqual(runModule(dir, "exports.z = 3;").stats, { hits: 1, compiled: 0, rejected: 0, reused: 0 });
    });

    it("starts empty from a missing or damaged file", () => {
        const dir = temp.make("yelb-v8-");
        assert.strictEqual(codeCache.readCacheEntries(path.join(dir, "missing.bin")).size, 0);
        fs.writeFileSync(path.join(dir, "damaged.bin"), "\u00ff\u00ff\u00ff\u00ff{");
        assert.strictEqual(codeCache.readCacheEntries(path.join(dir, "damaged.bin")).size, 0);
    });

    it("runs modules as Node's loader does, cold and warm, and leaves one that calls import() to Node", () => {
        const dir = temp.make("yelb-v8-module-");
        fs.writeFileSync(path.join(dir, "imported.mjs"), "export const kind = 'esm';\n");
        fs.writeFileSync(
            path.join(dir, "esm.js"),
            "module.exports = (report) => import('./imported.mjs').then((m) => process.stdout.write(JSON.stringify({ ...report, esm: m.kind })));\n",
        );
        // Reports what the cache compiled, on stderr, without being part of what the modules report.
        const stats = path.join(dir, "stats.js");
        fs.writeFileSync(
            stats,
            `process.on("exit", () => process.stderr.write(JSON.stringify(require(${JSON.stringify(REGISTER)}).codeCache?.stats ?? null)));\n`,
        );
        fs.writeFileSync(
            path.join(dir, "helper.js"),
            "module.exports = { parent: module.parent && path(module.parent.filename) };\nfunction path(f) { return require('path').basename(f); }\n",
        );
        const main = path.join(dir, "main.js");
        fs.writeFileSync(
            main,
            [
                "#!/usr/bin/env node",
                "const report = {",
                "  isMain: require.main === module, self: this === module.exports,",
                "  file: require('path').basename(__filename), dir: __dirname === require('path').dirname(__filename),",
                "  resolved: require('path').basename(require.resolve('./helper')), paths: require.resolve.paths('x').length > 0,",
                "  cached: typeof require.cache[__filename], extensions: Object.keys(require.extensions).includes('.js'),",
                "  helper: require('./helper'),",
                "};",
                "require('./esm')(report);",
            ].join("\n"),
        );
        const start = (withCache: boolean) => {
            const child = spawnSync(process.execPath, [...(withCache ? ["-r", REGISTER, "-r", stats] : []), main], {
                cwd: ROOT,
                env: { ...process.env, YELB_CACHE_DIR: path.join(dir, "cache") },
                encoding: "utf8",
            });
            assert.strictEqual(child.status, 0, child.stderr);
            return { report: JSON.parse(child.stdout) as Record<string, unknown>, stats: JSON.parse(child.stderr || "null") as unknown };
        };
        const run = (withCache: boolean) => start(withCache).report;
        const node = run(false);
        assert.deepStrictEqual(node, {
            isMain: true,
            self: true,
            file: "main.js",
            dir: true,
            resolved: "helper.js",
            paths: true,
            cached: "object",
            extensions: true,
            helper: { parent: "main.js" },
            esm: "esm",
        });
        assert.deepStrictEqual(run(true), node);
        assert.ok(fs.readdirSync(path.join(dir, "cache", "v8")).length === 1, "the first run wrote its bytecode");
        // Warm: main.js, helper.js and stats.js from bytecode, nothing compiled; esm.js went to Node.
        const warm = start(true);
        assert.deepStrictEqual(warm.report, node);
        const { hits, compiled, rejected } = warm.stats as { hits: number; compiled: number; rejected: number };
        assert.deepStrictEqual({ compiled, rejected }, { compiled: 0, rejected: 0 });
        assert.ok(hits >= 3, JSON.stringify(warm.stats));
    });
});

describe("the V8 code cache under a debugger", () => {
    it("is not installed, so Node's own loader breaks on first lines and shows its own compiles", () => {
        const installed = (options: string[]) =>
            execFileSync(
                process.execPath,
                [
                    ...options,
                    "-r",
                    REGISTER,
                    "-e",
                    "process.stdout.write(String(require('./scripts/register.js').codeCache !== undefined))",
                ],
                { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
            );
        assert.strictEqual(installed([]), "true");
        assert.strictEqual(installed(["--inspect=127.0.0.1:0"]), "false");
    });
});

describe("the options that key the V8 code cache", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startupOptions } = require("../scripts/codeCache") as { startupOptions(execArgv: string[], nodeOptions: string): string[] };

    it("keep V8 flags from the command line and NODE_OPTIONS, and drop the code a process is told to run", () => {
        assert.deepStrictEqual(
            startupOptions(
                ["-r", "./scripts/register.js", "--max-semi-space-size=32", "-e", "run()"],
                "--require=/abs/register.js --max-old-space-size=300",
            ),
            ["--max-semi-space-size=32", "--max-old-space-size=300"],
        );
        // npm start's preload and the warm-up's absolute one share their bytecode.
        assert.deepStrictEqual(
            startupOptions(["-r", "./scripts/register.js"], ""),
            startupOptions(["-r", "/work/scripts/register.js"], ""),
        );
    });
});
