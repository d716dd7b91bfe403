/**
 * One benchmark scenario, in its own process so its peak memory is its own: prints one JSON line
 * with the wall time of the whole plan (evaluation, policy verdict, map and cost), the CPU time of
 * the whole process (module loading included; unlike wall time, barely moved by other load on the
 * machine) and the peak RSS.
 */
// First, so that Node's code cache serves every module loaded after it.
import "../../config/compileCache";
import { planFromEvaluation, planStack } from "./plan";
import { evaluateProgram } from "../harness/program";
import { SYNTHETIC_CONFIG, syntheticNamespace } from "./synthetic";

async function run(scenario: string): Promise<{ resources: number; violations: number }> {
    const synthetic = /^synthetic-(\d+)$/.exec(scenario);
    if (synthetic === null) {
        const plan = await planStack(scenario);
        return { resources: plan.resourceCount, violations: plan.violations.length };
    }
    const evaluation = await evaluateProgram("bench", SYNTHETIC_CONFIG, syntheticNamespace(Number(synthetic[1])));
    const plan = await planFromEvaluation(evaluation, SYNTHETIC_CONFIG["aws:region"]);
    return { resources: evaluation.resources.length, violations: plan.violations.length };
}

const scenario = process.argv[2] ?? "dev";
const started = process.hrtime.bigint();
run(scenario).then(
    (result) => {
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        const usage = process.resourceUsage();
        const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
        const peakRssMiB = Math.round(usage.maxRSS / 1024);
        process.stdout.write(`${JSON.stringify({ scenario, wallMs: Math.round(wallMs), cpuMs, peakRssMiB, ...result })}\n`);
        process.exit(0);
    },
    (error) => {
        process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
    },
);
