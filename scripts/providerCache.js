/**
 * Keeps the code Pulumi serializes for a dynamic provider. Serializing walks the provider's
 * closures through an inspector session and parses their code with TypeScript: 0.4 to 0.5 s of
 * every offline plan, a quarter of `npm start`, for a text that only changes with the code.
 *
 * A text is keyed by everything it is made from when the provider depends on code only: the
 * provider's own functions, the source of every project module loaded, the installed dependencies
 * (package-lock.json), Node's version and the serializer's options. A provider that captured
 * configuration or another run-time value would need that value in the key; this project's one
 * provider, the namespace drain, takes all of them as inputs (a test checks that stacks with
 * different settings serialize it alike, so capturing one would fail it). A first serialization
 * runs the SDK's own, and a failing one is never kept.
 *
 * Only the SDK's dynamic resource module is served through it (its one call serializes its own
 * `() => provider` thunk; tests/providerCache.test.ts checks the SDK still calls it so), and only in
 * the offline tools: `pulumi up` loads the program through Pulumi's own loader and serializes anew.
 */
/* global require, module, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by register.js, before any transpiler */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { writeAtomically } = require("./atomicWrite");
const { substituteSdkModule } = require("./deferSdkModules");

const ROOT = path.resolve(__dirname, "..");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** The dynamic resource module, wherever npm placed the SDK, and how it asks for the serializer. */
const DYNAMIC_MODULE = path.join("node_modules", "@pulumi", "pulumi", "dynamic", "index.js");
const SERIALIZER_REQUEST = "../runtime/closure/serializeClosure";

/** A provider's own members: names, and the code or value of each. */
function providerFingerprint(provider) {
    return Object.entries(provider)
        .map(([name, value]) => `${name}:${typeof value === "function" ? value.toString() : JSON.stringify(value)}`)
        .join("\0");
}

/** A loaded module's source; a file deleted since it loaded only misses the cache. */
function sourceOf(file) {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return `unreadable ${Date.now()} ${Math.random()}`;
    }
}

/** The source of every project module loaded so far, in a fixed order. */
function projectSourcesFingerprint(moduleCache) {
    return Object.keys(moduleCache)
        .filter((file) => file.startsWith(ROOT) && !file.includes(NODE_MODULES))
        .sort()
        .map((file) => `${file}\0${sourceOf(file)}`)
        .join("\0");
}

function dependenciesFingerprint() {
    return fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8");
}

/** The key of a provider's serialized text; see the file's comment for what goes into it. */
function providerKey(provider, options, moduleCache = require.cache) {
    return crypto
        .createHash("sha256")
        .update(process.version)
        .update("\0")
        .update(JSON.stringify(options))
        .update("\0")
        .update(dependenciesFingerprint())
        .update("\0")
        .update(projectSourcesFingerprint(moduleCache))
        .update("\0")
        .update(providerFingerprint(provider))
        .digest("hex");
}

/**
 * The serializer the dynamic module gets: the SDK's own (`loadSerializer()`, loaded on the first
 * miss), with its results kept in `cacheDir`. `thunk` is the module's `() => provider`.
 */
function cachingSerializer(loadSerializer, cacheDir, stats = { hits: 0, serialized: 0 }) {
    let serializer;
    const serializeFunction = async (thunk, options) => {
        const file = path.join(cacheDir, `${providerKey(thunk(), options)}.json`);
        try {
            const kept = JSON.parse(fs.readFileSync(file, "utf8"));
            stats.hits++;
            return kept;
        } catch {
            // Not serialized yet.
        }
        serializer ??= loadSerializer();
        const serialized = await serializer.serializeFunction(thunk, options);
        stats.serialized++;
        try {
            writeAtomically(file, JSON.stringify(serialized));
        } catch {
            // A read-only or full disk only costs the next run a serialization.
        }
        return serialized;
    };
    const serializeFunctionAsync = (...args) => (serializer ??= loadSerializer()).serializeFunctionAsync(...args);
    return { serializeFunction, serializeFunctionAsync, stats };
}

/** Hands the dynamic resource module the caching serializer. */
function installProviderCache(cacheDir) {
    let caching;
    substituteSdkModule(DYNAMIC_MODULE, SERIALIZER_REQUEST, (load) => (caching ??= cachingSerializer(load, cacheDir)));
}

module.exports = { DYNAMIC_MODULE, SERIALIZER_REQUEST, cachingSerializer, installProviderCache, providerKey };
