/**
 * `npm test [-- <mocha arguments>]`: the type check and the test suite, side by side (the check
 * spends most of its time parsing declarations while the suite waits on the processes it starts),
 * so the run takes about as long as the suite. The check's output follows the suite's report; the
 * exit code is non-zero when either fails.
 *
 * Both run without NODE_EXTRA_CA_CERTS: Node reads and parses the bundle it names at every start
 * (80 ms of CPU per process on a machine whose environment sets it), the suite starts about 80
 * Node processes, and none of them opens a TLS connection (every server they talk to is their own,
 * on 127.0.0.1, over plain HTTP or gRPC).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const REGISTER = path.join(__dirname, "register.js");

function exitCode(child: ChildProcess): Promise<number> {
    return new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal === null ? 1 : 128))));
}

async function main(): Promise<number> {
    const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
    const check = spawn(process.execPath, ["-r", REGISTER, path.join(__dirname, "typecheck.ts")], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let checkOutput = "";
    check.stdout!.on("data", (chunk) => (checkOutput += chunk));
    check.stderr!.on("data", (chunk) => (checkOutput += chunk));
    const mocha = spawn(process.execPath, [require.resolve("mocha/bin/mocha.js"), ...process.argv.slice(2)], {
        cwd: ROOT,
        env,
        stdio: "inherit",
    });
    const [checked, tested] = await Promise.all([exitCode(check), exitCode(mocha)]);
    process.stdout.write(checkOutput);
    if (checked !== 0) {
        process.stderr.write(`npm test: the type check failed (exit code ${checked})\n`);
    }
    return checked !== 0 ? checked : tested;
}

main().then((code) => process.exit(code));
