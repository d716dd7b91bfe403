/**
 * Defers loading the parts of the Pulumi SDK that the offline tools rarely call. The SDK's runtime
 * index loads two closure modules eagerly: `closure/codePaths`, and with it @npmcli/arborist,
 * pacote and sigstore (a quarter of `npm start`'s time, measured 0.6 s of 2.5 s), for
 * `computeCodePaths`, which only packaging a function for AWS Lambda calls; and
 * `closure/serializeClosure`, and with it TypeScript's 9 MB compiler, which only serializing a
 * function calls (the dynamic provider's code comes from providerCache.js's cache on a warm run).
 * Here the runtime gets modules with the same exports that load the real ones on the first call,
 * so a caller sees the same results, only later. Installed by `register.js`;
 * tests/compileCache.test.ts checks the export lists against the SDK.
 */
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by register.js, before any transpiler */
"use strict";
const Module = require("module");
const path = require("path");

/** The deferred modules, as the runtime index requires them, and their exports (all functions). */
const DEFERRED = [
    { request: "./closure/codePaths", exports: ["computeCodePaths", "findWorkspaceRoot"] },
    { request: "./closure/serializeClosure", exports: ["serializeFunction", "serializeFunctionAsync"] },
];

/** A module object whose functions load `load()`'s module on their first call and call through. */
function deferredModule(load, names) {
    let loaded;
    const stub = {};
    Object.defineProperty(stub, "__esModule", { value: true });
    for (const name of names) {
        stub[name] = function (...args) {
            loaded ??= load();
            return loaded[name].apply(this, args);
        };
    }
    return stub;
}

/** The SDK's runtime index, wherever npm placed the SDK; matched by name, so installing costs no lookup. */
const RUNTIME_INDEX = path.join("node_modules", "@pulumi", "pulumi", "runtime", "index.js");

const substitutes = [];

/**
 * From now on, when the SDK module whose path ends with `parentModule` requires `request`, it gets
 * `substitute(load)` instead, where `load()` loads the real module. One hook on Node's loader
 * serves every substitution (the deferred modules here, the provider cache's serializer).
 */
function substituteSdkModule(parentModule, request, substitute) {
    if (substitutes.length === 0) {
        const load = Module._load;
        Module._load = function (required, parent, isMain) {
            const match = substitutes.find((s) => s.request === required && parent?.filename?.endsWith(s.parentModule) === true);
            const loadReal = () => load.call(this, required, parent, isMain);
            return match === undefined ? loadReal() : match.substitute(loadReal);
        };
    }
    substitutes.push({ parentModule, request, substitute });
}

function deferSdkModules() {
    for (const { request, exports } of DEFERRED) {
        substituteSdkModule(RUNTIME_INDEX, request, (load) => deferredModule(load, exports));
    }
}

module.exports = { DEFERRED, deferSdkModules, deferredModule, substituteSdkModule };
