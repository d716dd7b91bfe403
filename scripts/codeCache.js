/**
 * A V8 code cache for every CommonJS module the offline tools load, dependencies included. Node 20
 * compiles each module from source on every start (its own compile cache arrived in Node 22):
 * half a second of `npm start`, a third of it, went to parsing the same 17 MB of JavaScript again.
 * Here each module is compiled with the bytecode V8 produced for it last time.
 *
 * Nothing can go stale: bytecode is used only for the exact source it was made from (by hash),
 * under the same V8 flags, by the same Node version and architecture; V8 itself refuses data made
 * by another V8 or with other flags (the module is then compiled from source, and its entry
 * replaced). The Pulumi SDK sets a flag when its closure serializer loads
 * (`--allow-natives-syntax`), so the flags set so far are part of an entry's slot, and a module
 * during whose run they changed is left uncached. A module's bytecode is taken right after it
 * first runs, so the functions its loading called are included.
 *
 * A module runs as Node's loader would run it: the same wrapper parameters, and `require` with
 * `resolve`, `resolve.paths`, `main`, `extensions` and `cache`. A module that may call `import()`
 * is left to Node: Node 20 loses a script's import callback when it is compiled from bytecode
 * (tests/codeCache.test.ts runs one both ways).
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
const { writeAtomically } = require("./atomicWrite");

/** Bigger than this, a write keeps only what the writing process used. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** New bytecode is written this long after the last module that lacked it, or at exit. */
const WRITE_DELAY_MS = 1000;

const hash = (text) => crypto.hash("sha1", text, "base64");

/**
 * One file per Node version and per command (its main module): `npm start` reads the bytecode of
 * the modules a plan loads, not of every module the test workers ever loaded.
 */
function cacheFileIn(cacheDir, mainModule = process.argv[1] ?? "-") {
    const command = `${path.basename(mainModule).replace(/\.[^.]*$/, "")}-${hash(mainModule).replace(/[/+=]/g, "").slice(0, 8)}`;
    return path.join(cacheDir, `${process.version}-${process.arch}-${command}.bin`);
}

/**
 * The file: a 4-byte length, a JSON index of `slot: [offset, length, source hash]`, then the
 * bytecode. A slot is a module file under given flags, so an edited module replaces its bytecode
 * instead of adding to it. Bytecode is read when a module asks for it, not all at start.
 */
function openCacheFile(file) {
    let fd;
    try {
        fd = fs.openSync(file, "r");
        const header = Buffer.alloc(4);
        fs.readSync(fd, header, 0, 4, 0);
        const indexBytes = Buffer.alloc(header.readUInt32LE(0));
        fs.readSync(fd, indexBytes, 0, indexBytes.length, 4);
        const index = new Map(Object.entries(JSON.parse(indexBytes.toString("utf8"))));
        const dataStart = 4 + indexBytes.length;
        const read = ([offset, length]) => {
            const data = Buffer.alloc(length);
            return fs.readSync(fd, data, 0, length, dataStart + offset) === length ? data : undefined;
        };
        return { index, read, close: () => fs.closeSync(fd) };
    } catch {
        // Missing, or cut short by a full disk: start empty.
        if (fd !== undefined) {
            fs.closeSync(fd);
        }
        return { index: new Map(), read: () => undefined, close: () => undefined };
    }
}

/** Every entry of a file, as `slot → { sourceHash, data }`. */
function readCacheEntries(file) {
    const opened = openCacheFile(file);
    const entries = new Map([...opened.index].map(([slot, entry]) => [slot, { sourceHash: entry[2], data: opened.read(entry) }]));
    opened.close();
    return new Map([...entries].filter(([, { data }]) => data !== undefined));
}

function writeCacheEntries(file, entries) {
    const index = {};
    let offset = 0;
    for (const [slot, { sourceHash, data }] of entries) {
        index[slot] = [offset, data.length, sourceHash];
        offset += data.length;
    }
    const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
    const header = Buffer.alloc(4);
    header.writeUInt32LE(indexBytes.length, 0);
    writeAtomically(file, Buffer.concat([header, indexBytes, ...[...entries.values()].map(({ data }) => data)]));
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

function createCodeCache(cacheDir, mainModule) {
    const file = cacheFileIn(cacheDir, mainModule);
    let stored = openCacheFile(file);
    const used = new Set();
    const produced = new Map();
    /** Scripts this process compiled, by slot: a module loaded again (the harness runs the program once per evaluation) runs its script again. */
    const compiledHere = new Map();
    const stats = { hits: 0, compiled: 0, rejected: 0, reused: 0 };
    let writeTimer;

    /** Writes what this process produced over the file it read (what others wrote since is lost, and made again later). */
    function write() {
        clearTimeout(writeTimer);
        writeTimer = undefined;
        if (produced.size === 0) {
            return;
        }
        const kept = [...stored.index]
            .filter(([slot]) => !produced.has(slot))
            .map(([slot, entry]) => [slot, { sourceHash: entry[2], data: stored.read(entry) }])
            .filter(([, { data }]) => data !== undefined);
        let entries = new Map([...kept, ...produced]);
        if ([...entries.values()].reduce((total, { data }) => total + data.length, 0) > MAX_CACHE_BYTES) {
            entries = new Map([...entries].filter(([slot]) => used.has(slot)));
        }
        try {
            writeCacheEntries(file, entries);
            stored.close();
            stored = openCacheFile(file);
            produced.clear();
        } catch {
            // A read-only or full disk only costs the next run its compiles.
        }
    }

    /** Compiles a module's wrapped source, from its bytecode when there is usable bytecode. */
    function compile(source, fileName, flags) {
        const flagsAtCompile = flags.set;
        const slot = hash(`${flagsAtCompile}\0${fileName}`);
        const sourceHash = hash(source);
        used.add(slot);
        const here = compiledHere.get(slot);
        if (here?.sourceHash === sourceHash) {
            stats.reused++;
            return { script: here.script, produce: () => undefined };
        }
        const entry = stored.index.get(slot);
        const cachedData = entry?.[2] === sourceHash ? stored.read(entry) : undefined;
        const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, "")), { filename: fileName, cachedData });
        compiledHere.set(slot, { sourceHash, script });
        if (cachedData !== undefined && !script.cachedDataRejected) {
            stats.hits++;
            return { script, produce: () => undefined };
        }
        stats.compiled++;
        if (cachedData !== undefined) {
            stats.rejected++;
        }
        const produce = () => {
            if (flags.set !== flagsAtCompile) {
                return;
            }
            produced.set(slot, { sourceHash, data: script.createCachedData() });
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

module.exports = { cacheFileIn, createCodeCache, installCodeCache, readCacheEntries, startupOptions, writeCacheEntries };
