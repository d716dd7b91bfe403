/**
 * `npm run bench`: times the offline plan (policy verdict included) of the dev stack and of
 * synthetic namespaces of 10 and 100 client-server services, each in a fresh process, and prints
 * wall time (process start to plan, module loading included) and peak memory. Targets on a
 * 2-core machine: dev under 5 s; 100 services under 15 s and 1 GiB, no worse than linear.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const SCENARIOS = ["dev", "synthetic-10", "synthetic-50", "synthetic-100"];
const TARGETS: Record<string, { wallMs: number; peakRssMiB: number }> = {
    dev: { wallMs: 5000, peakRssMiB: 1024 },
    "synthetic-100": { wallMs: 15000, peakRssMiB: 1024 },
};

interface Result {
    scenario: string;
    wallMs: number;
    peakRssMiB: number;
    resources: number;
    violations: number;
}

function runScenario(scenario: string): Result {
    const started = Date.now();
    const output = execFileSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(__dirname, "benchScenario.ts"), scenario],
        {
            cwd: path.resolve(__dirname, ".."),
            encoding: "utf8",
        },
    );
    const result = JSON.parse(output.trim().split("\n").pop()!) as Result;
    return { ...result, wallMs: Date.now() - started };
}

const results = SCENARIOS.map(runScenario);
let failed = false;
console.log("scenario          resources  violations   wall ms   peak RSS MiB   target");
for (const result of results) {
    const target = TARGETS[result.scenario];
    const ok = target === undefined || (result.wallMs <= target.wallMs && result.peakRssMiB <= target.peakRssMiB);
    failed ||= !ok;
    const targetText = target === undefined ? "-" : `< ${target.wallMs} ms, < ${target.peakRssMiB} MiB: ${ok ? "met" : "MISSED"}`;
    console.log(
        `${result.scenario.padEnd(16)}  ${String(result.resources).padStart(9)}  ${String(result.violations).padStart(10)}  ${String(result.wallMs).padStart(8)}  ${String(result.peakRssMiB).padStart(13)}   ${targetText}`,
    );
}
// Linear growth means the marginal cost per service stays flat as the namespace grows.
const [ten, fifty, hundred] = results.slice(1);
const marginalLow = (fifty.wallMs - ten.wallMs) / 40;
const marginalHigh = (hundred.wallMs - fifty.wallMs) / 50;
const linear = marginalHigh <= Math.max(marginalLow, 1) * 1.5;
console.log(
    `growth: marginal cost ${marginalLow.toFixed(1)} ms per service from 10 to 50, ${marginalHigh.toFixed(1)} ms from 50 to 100: ` +
        `${linear ? "no worse than linear" : "WORSE than linear"} (allowed: up to 1.5× the first)`,
);
process.exit(failed || !linear ? 1 : 0);
