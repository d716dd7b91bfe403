/**
 * Writes a file of the offline tools' caches through a rename in its own folder, so the processes
 * a test run starts together never read half a file; used by every cache under scripts/.
 */
/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by register.js, before any transpiler */
"use strict";
const fs = require("fs");
const path = require("path");

function writeAtomically(file, data) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
}

module.exports = { writeAtomically };
