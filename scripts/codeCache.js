/**
 * A V8 code cache for every CommonJS module the offline tools load, dependencies included. Node 20
 * compiles each module from source on every start (its own compile cache arrived in Node 22):
 * half a second of `npm start`, a third of it, went to parsing the same 17 MB of JavaScript again.
 * Here each module is compiled with the bytecode V8 produced for it last time.
 *
 * Nothing can go stale: an entry is keyed by the hash of the module's file name and exact source,
 * the cache file by Node's version and architecture, and V8 itself refuses data made by another
 * V8 or with other flags (the module is then compiled from source, and the entry replaced). The
 * module runs as Node's loader would run it: the same wrapper parameters, and `require` with
 * `resolve`, `resolve.paths`, `main`, `extensions` and `cache`. A module that may call `import()`
 * is left to Node: Node 20 loses a script's import callback when it is compiled from bytecode
 * (tests/codeCache.test.ts runs one both ways). A module's bytecode is taken right after it first runs, so functions its
 * loading called are included. V8 refuses bytecode made under other flags, and the Pulumi SDK sets
 * one when its closure serializer loads (`--allow-natives-syntax`): so the flags set so far are
 * part of the key, and a module during whose run they changed is left uncached.
 *
 * Installed by `register.js`, so it serves `npm start`, `npm test`, `npm run bench` and the other
 * scripts; `pulumi up` loads the program through Pulumi's own loader and never sees it.
 */
/* global require, module, process, Buffer, setTimeout, clearTimeout */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by register.js, before any transpiler */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");

/** Bigger than this, a write keeps only what the writing process used. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** New bytecode is written this long after the last module that lacked it, or at exit. */
const WRITE_DELAY_MS = 1000;

function cacheFileIn(cacheDir) {
    return path.join(cacheDir, `${process.version}-${process.arch}.bin`);
}

/** The file: a 4-byte length, a JSON index of `key: [offset, length]`, then the bytecode. */
function readCacheFile(file) {
    try {
        const bytes = fs.readFileSync(file);
        const indexLength = bytes.readUInt32LE(0);
        const index = JSON.parse(bytes.subarray(4, 4 + indexLength).toString("utf8"));
        const data = bytes.subarray(4 + indexLength);
        return new Map(Object.entries(index).map(([key, [offset, length]]) => [key, data.subarray(offset, offset + length)]));
    } catch {
        // Missing, or cut short by a full disk: start empty.
        return new Map();
    }
}

/** Written through a rename, so the processes a test run starts together never read half a file. */
function writeCacheFile(file, entries) {
    const index = {};
    let offset = 0;
    for (const [key, data] of entries) {
        index[key] = [offset, data.length];
        offset += data.length;
    }
    const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
    const header = Buffer.alloc(4);
    header.writeUInt32LE(indexBytes.length, 0);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(temporary, Buffer.concat([header, indexBytes, ...entries.values()]));
    fs.renameSync(temporary, file);
}

/** The `require` Node gives a module (Node's makeRequireFunction, with the same public members). */
function requireFor(mod) {
    const require = function require(id) {
        return mod.require(id);
    };
    const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
}

/** Options that name code to run, with their value: they make no other bytecode. */
const CODE_OPTIONS = ["-r", "--require", "-e", "--eval", "-p", "--print"];

/**
 * The options this process started with, but those naming code to run: V8 flags among them make
 * other bytecode, and no list here says which options are V8's.
 */
function startupOptions(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? "") {
    const options = [...execArgv, ...nodeOptions.split(/\s+/).filter((option) => option !== "")];
    const namesCode = (option) => option !== undefined && CODE_OPTIONS.some((name) => option === name || option.startsWith(`${name}=`));
    return options.filter((option, index) => !namesCode(option) && !CODE_OPTIONS.includes(options[index - 1]));
}

/** The flags this process started with and has set since, as V8 compares them with the bytecode's. */
function watchFlags() {
    const state = { set: `${startupOptions().join(" ")}\0` };
    const setFlagsFromString = v8.setFlagsFromString;
    v8.setFlagsFromString = function (flags) {
        state.set += `${flags}\0`;
        return setFlagsFromString.call(this, flags);
    };
    return state;
}

function createCodeCache(cacheDir) {
    const file = cacheFileIn(cacheDir);
    const stored = readCacheFile(file);
    const used = new Map();
    const stats = { hits: 0, compiled: 0, rejected: 0 };
    let writeTimer;

    function write() {
        clearTimeout(writeTimer);
        writeTimer = undefined;
        const produced = [...used].filter(([key]) => !stored.has(key)).length;
        if (produced === 0) {
            return;
        }
        const current = readCacheFile(file);
        let entries = new Map([...current, ...used]);
        if ([...entries.values()].reduce((total, data) => total + data.length, 0) > MAX_CACHE_BYTES) {
            entries = new Map(used);
        }
        try {
            writeCacheFile(file, entries);
            for (const [key, data] of used) {
                stored.set(key, data);
            }
        } catch {
            // A read-only or full disk only costs the next run its compiles.
        }
    }

    /** Compiles a module's wrapped source, from its bytecode when there is usable bytecode. */
    function compile(source, fileName, flags) {
        const flagsAtCompile = flags.set;
        const key = crypto.hash("sha1", `${flagsAtCompile}\0${fileName}\0${source}`, "base64");
        const cachedData = stored.get(key);
        const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, "")), { filename: fileName, cachedData });
        if (cachedData !== undefined && !script.cachedDataRejected) {
            stats.hits++;
            used.set(key, cachedData);
            return { script, produce: () => undefined };
        }
        stats.compiled++;
        if (cachedData !== undefined) {
            stats.rejected++;
            stored.delete(key);
        }
        const produce = () => {
            if (flags.set !== flagsAtCompile) {
                return;
            }
            used.set(key, script.createCachedData());
            clearTimeout(writeTimer);
            writeTimer = setTimeout(write, WRITE_DELAY_MS);
            writeTimer.unref();
        };
        return { script, produce };
    }

    return { compile, write, stats, file };
}

/** Makes Node's CommonJS loader compile through the cache. */
function installCodeCache(cacheDir) {
    const flags = watchFlags();
    const cache = createCodeCache(cacheDir);
    const compileWithNode = Module.prototype._compile;
    Module.prototype._compile = function (source, fileName) {
        if (source.includes("import(")) {
            return compileWithNode.call(this, source, fileName);
        }
        const { script, produce } = cache.compile(source, fileName, flags);
        const wrapper = script.runInThisContext({ displayErrors: true });
        const result = wrapper.call(this.exports, this.exports, requireFor(this), this, fileName, path.dirname(fileName));
        produce();
        return result;
    };
    process.on("exit", cache.write);
    return cache;
}

module.exports = { startupOptions, cacheFileIn, createCodeCache, installCodeCache, readCacheFile, writeCacheFile };
