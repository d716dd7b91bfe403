/**
 * The require hook behind `npm start`, `npm test` and the other scripts: runs the project's
 * TypeScript as ts-node's transpile-only mode would (the same compiler and tsconfig.json's
 * options give byte for byte its JavaScript and inline source map), but keeps what it compiled. A cached file is keyed by the hash of its
 * source, of tsconfig.json, of the compiler's version and of this file, so an edit is picked up on
 * the next run and only the changed files are compiled again; nothing can go stale. Compiling
 * loads TypeScript (0.5 s here) and was a third of a plan's time, so a warm start skips both.
 * Plain JavaScript, since it is what makes the TypeScript runnable.
 *
 * Stack traces are not source-mapped (mapping every stack the Pulumi SDK captures made evaluation
 * three times slower); the cached code carries an inline source map, so
 * `NODE_OPTIONS=--enable-source-maps` maps them when wanted.
 */
/* global require, module, process, __dirname, __filename, Buffer */
/* eslint-disable @typescript-eslint/no-require-imports -- this file runs before any transpiler */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { writeAtomically } = require("./atomicWrite");

const ROOT = path.resolve(__dirname, "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
/**
 * Where the offline tools keep what they can reuse between runs: compiled TypeScript, V8 bytecode
 * and serialized dynamic providers, each in its own folder. Wiped by `npm ci` with the rest of
 * node_modules, whose `prepare` script fills it again; `YELB_CACHE_DIR` moves it (the benchmark
 * measures cold starts so).
 */
const CACHE_ROOT = process.env.YELB_CACHE_DIR ?? path.join(ROOT, "node_modules", ".cache", "yelb");
const DEFAULT_CACHE_DIR = path.join(CACHE_ROOT, "typescript");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** What every cached file depends on besides its own source. */
function salt() {
    const compiler = fs.readFileSync(require.resolve("typescript/package.json"), "utf8");
    return [compiler, fs.readFileSync(TSCONFIG, "utf8"), fs.readFileSync(__filename, "utf8")].join("\0");
}

let compiler;
/** TypeScript and tsconfig.json's options as ts-node's transpile-only mode applies them; loaded on the first cache miss only. */
function loadCompiler() {
    if (compiler === undefined) {
        const ts = require("typescript");
        const raw = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
        if (raw.error !== undefined) {
            throw new Error(ts.formatDiagnostic(raw.error, formatHost(ts)));
        }
        const { options, errors } = ts.convertCompilerOptionsFromJson(raw.config.compilerOptions ?? {}, ROOT, TSCONFIG);
        if (errors.length > 0) {
            throw new Error(ts.formatDiagnostics(errors, formatHost(ts)));
        }
        for (const key of ["out", "outFile", "composite", "declarationDir", "declarationMap", "emitDeclarationOnly"]) {
            delete options[key];
        }
        options.target ??= ts.ScriptTarget.ES5;
        options.module ??= ts.ModuleKind.CommonJS;
        Object.assign(options, {
            sourceMap: true,
            inlineSourceMap: false,
            inlineSources: true,
            declaration: false,
            noEmit: false,
            outDir: ".ts-node",
        });
        compiler = { ts, options };
    }
    return compiler;
}

function formatHost(ts) {
    return { getCanonicalFileName: (name) => name, getCurrentDirectory: () => ROOT, getNewLine: () => ts.sys.newLine };
}

/** Transpiles one file; a syntax error throws with the compiler's message, as ts-node's would. */
function transpile(source, fileName) {
    const { ts, options } = loadCompiler();
    const result = ts.transpileModule(source, { fileName, compilerOptions: options, reportDiagnostics: true });
    if (result.diagnostics !== undefined && result.diagnostics.length > 0) {
        const error = new Error(`⨯ Unable to compile TypeScript:\n${ts.formatDiagnostics(result.diagnostics, formatHost(ts))}`);
        error.diagnosticCodes = result.diagnostics.map((diagnostic) => diagnostic.code);
        throw error;
    }
    // As ts-node: the map names the file by its full path and travels inline.
    const map = { ...JSON.parse(result.sourceMapText), file: fileName, sources: [fileName] };
    delete map.sourceRoot;
    const inline = `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map), "utf8").toString("base64")}`;
    return result.outputText.replace(/\/\/# sourceMappingURL=[^\n]*$/, inline);
}

/**
 * Returns the JavaScript for one TypeScript file: from the cache when its source has been compiled
 * before, else compiled now and stored. Writes go through a rename, so processes that start together
 * (the CLI tests run several) never read a half-written file.
 */
function createCompileCache(cacheDir = DEFAULT_CACHE_DIR) {
    const prefix = crypto.createHash("sha256").update(salt()).digest();
    const stats = { hits: 0, compiled: 0 };
    function javaScriptFor(source, fileName) {
        const key = crypto.createHash("sha256").update(prefix).update(fileName).update("\0").update(source).digest("hex");
        const cached = path.join(cacheDir, key.slice(0, 2), `${key.slice(2)}.js`);
        try {
            const output = fs.readFileSync(cached, "utf8");
            stats.hits++;
            return output;
        } catch {
            // Not compiled yet.
        }
        const output = transpile(source, fileName);
        stats.compiled++;
        try {
            writeAtomically(cached, output);
        } catch {
            // A read-only or full disk only costs the next run a compile.
        }
        return output;
    }
    return { javaScriptFor, stats, cacheDir };
}

/** Makes `require` run .ts files through the cache; files under node_modules are left to Node, as ts-node leaves them. */
function register(cacheDir = DEFAULT_CACHE_DIR) {
    const cache = createCompileCache(cacheDir);
    const loadJavaScript = Module._extensions[".js"];
    Module._extensions[".ts"] = function (module, fileName) {
        if (fileName.includes(NODE_MODULES)) {
            return loadJavaScript(module, fileName);
        }
        module._compile(cache.javaScriptFor(fs.readFileSync(fileName, "utf8"), fileName), fileName);
    };
    return cache;
}

/** Folders that hold no project source. */
const NOT_SOURCE = new Set(["node_modules", "dist", "plan-output", ".git"]);

/** Every TypeScript source of the project (declaration files aside), for `precompile`. */
function projectSources(dir = ROOT) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return NOT_SOURCE.has(entry.name) ? [] : projectSources(file);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [file] : [];
    });
}

/** Compiles whatever the cache lacks: `npm ci` runs this (the `prepare` script), so the first start is a warm one. */
function precompile(cacheDir = DEFAULT_CACHE_DIR) {
    const cache = createCompileCache(cacheDir);
    for (const file of projectSources()) {
        cache.javaScriptFor(fs.readFileSync(file, "utf8"), file);
    }
    return cache.stats;
}

module.exports = { createCompileCache, precompile, projectSources, register, CACHE_ROOT, DEFAULT_CACHE_DIR };

/**
 * Plans dev once, as the first `npm start` would, so that the V8 bytecode and the dynamic
 * provider's code are kept as well; returns the plan's exit code. Its output goes to a temporary
 * folder, removed after.
 */
function warmUp() {
    const { spawnSync } = require("child_process");
    const os = require("os");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "yelb-warm-up-"));
    try {
        const plan = spawnSync(process.execPath, ["-r", __filename, path.join(ROOT, "plan", "cli.ts"), "--stack", "dev", "--out", out], {
            cwd: ROOT,
            stdio: "ignore",
            timeout: 120000,
        });
        return plan.status;
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

if (require.main === module) {
    // `npm ci --omit=dev` installs no compiler; the plan then has nothing to run with anyway.
    const installed = (() => {
        try {
            return require.resolve("typescript") !== "";
        } catch {
            return false;
        }
    })();
    if (!installed) {
        process.stdout.write("precompile: TypeScript is not installed; skipped\n");
    } else {
        const started = Date.now();
        const stats = precompile();
        process.stdout.write(`precompile: ${stats.compiled} compiled, ${stats.hits} up to date, in ${Date.now() - started} ms\n`);
        const warmUpStarted = Date.now();
        const status = warmUp();
        // The plan exits 1 when a mandatory policy fails: planned all the same, so the caches are full.
        process.stdout.write(
            status === 0 || status === 1
                ? `warm-up: planned dev in ${Date.now() - warmUpStarted} ms; the first npm start reuses its bytecode\n`
                : `warm-up: planning dev exited with ${status}; the first npm start fills the cache instead\n`,
        );
    }
} else if (!Object.prototype.hasOwnProperty.call(Module._extensions, ".ts")) {
    // Under a debugger (`--inspect`), Node's own loader: it breaks on the first line and shows each module as Node compiled it.
    if (require("inspector").url() === undefined) {
        module.exports.codeCache = require("./codeCache").installCodeCache(path.join(CACHE_ROOT, "v8"));
    }
    module.exports.cache = register();
    require("./deferSdkModules").deferSdkModules();
    require("./providerCache").installProviderCache(path.join(CACHE_ROOT, "providers"));
}
