/**
 * Defers loading the part of the Pulumi SDK that the offline tools never call. The SDK's runtime
 * index loads `closure/codePaths` eagerly, and with it @npmcli/arborist, pacote and sigstore: a
 * quarter of `npm start`'s time (measured 0.6 s of 2.5 s) for `computeCodePaths`, which only
 * packaging a function for AWS Lambda calls. Here the runtime gets a module with the same exports
 * that loads the real one on the first call, so a caller sees the same results, only later.
 * Installed by `register.js`; tests/compileCache.test.ts checks the export list against the SDK.
 */
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by register.js, before any transpiler */
"use strict";
const Module = require("module");
const path = require("path");

/** The deferred module, as the runtime index requires it, and its exports (all functions). */
const DEFERRED = { request: "./closure/codePaths", exports: ["computeCodePaths", "findWorkspaceRoot"] };

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

function deferSdkModules() {
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        if (request === DEFERRED.request && parent?.filename?.endsWith(RUNTIME_INDEX) === true) {
            return deferredModule(() => load.call(this, request, parent, isMain), DEFERRED.exports);
        }
        return load.call(this, request, parent, isMain);
    };
}

module.exports = { DEFERRED, deferSdkModules, deferredModule };
