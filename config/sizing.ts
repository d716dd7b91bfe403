/**
 * The proxy reservation is one stack-wide setting taken out of every tier's task, so a shortfall is
 * reported once per resource, naming the proxy setting and every tier it squeezes, with both fixes.
 */
import { FARGATE_TASK_SIZES, MIN_APP_CONTAINER, TaskSizing, appContainerShortfall, smallestFargateCpuFor } from "../model/fargate";

/** One tier's task size, with the keys that set it. */
export interface TierSize {
    readonly cpuKey: string;
    readonly memoryKey: string;
    readonly sizing: TaskSizing;
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
    return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Problems for tasks that leave the app less than its minimum beside the proxy; tiers with invalid sizes are skipped by the caller. */
export function proxyHeadroomProblems(proxyCpuKey: string, proxyMemoryKey: string, tiers: readonly TierSize[]): string[] {
    const problems: string[] = [];
    const cpuShort = tiers.filter((tier) => appContainerShortfall(tier.sizing).cpu > 0);
    if (cpuShort.length > 0) {
        const proxyCpu = cpuShort[0].sizing.proxyCpu;
        const maxProxy = Math.min(...cpuShort.map((tier) => tier.sizing.taskCpu)) - MIN_APP_CONTAINER.cpu;
        const fitting = smallestFargateCpuFor(proxyCpu);
        const raise =
            fitting === undefined
                ? "no Fargate task is large enough for that reservation"
                : `or raise ${cpuShort.length === 1 ? "that task" : "those tasks"} to at least ${fitting} CPU units ` +
                  `(a Fargate size; its task memory is ${FARGATE_TASK_SIZES.get(fitting)![0]} MiB or more)`;
        problems.push(
            `${proxyCpuKey}: ${proxyCpu} CPU units for the Service Connect proxy leave the app less than the ` +
                `${MIN_APP_CONTAINER.cpu} units it needs in ${listed(cpuShort.map((t) => `${t.cpuKey} (${t.sizing.taskCpu})`))}. ` +
                `Lower ${proxyCpuKey} to at most ${maxProxy}, ${raise}.`,
        );
    }
    const memoryShort = tiers.filter((tier) => appContainerShortfall(tier.sizing).memory > 0);
    if (memoryShort.length > 0) {
        const proxyMemory = memoryShort[0].sizing.proxyMemory;
        const maxProxy = Math.min(...memoryShort.map((tier) => tier.sizing.taskMemory)) - MIN_APP_CONTAINER.memory;
        problems.push(
            `${proxyMemoryKey}: ${proxyMemory} MiB for the Service Connect proxy leave the app less than the ` +
                `${MIN_APP_CONTAINER.memory} MiB it needs in ${listed(memoryShort.map((t) => `${t.memoryKey} (${t.sizing.taskMemory})`))}. ` +
                `Lower ${proxyMemoryKey} to at most ${maxProxy}, or raise ${memoryShort.length === 1 ? "that task's" : "those tasks'"} ` +
                `memory to at least ${proxyMemory + MIN_APP_CONTAINER.memory} MiB (a Fargate value for its CPU).`,
        );
    }
    return problems;
}
