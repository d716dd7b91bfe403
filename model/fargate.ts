/**
 * Pure sizing rules for Fargate tasks that run the Service Connect proxy. No Pulumi here, so the
 * config loader, the components and the policy pack can share the same arithmetic, and tests can
 * call it without mocks (as awsx does with `calculateFargateMemoryAndCPU`).
 */
import { SERVICE_CONNECT_PROXY, recommendedProxyReservation } from "./serviceConnect";

export { SERVICE_CONNECT_PROXY, recommendedProxyReservation };

function range(from: number, to: number, step: number): number[] {
    const values: number[] = [];
    for (let value = from; value <= to; value += step) {
        values.push(value);
    }
    return values;
}

/**
 * The task CPU units Fargate accepts on Linux, mapped to the task memory (MiB) allowed with each.
 * Source: "Task CPU and memory", Amazon ECS Developer Guide (AWS Fargate, Linux containers).
 */
export const FARGATE_TASK_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16384, 1024)],
    [4096, range(8192, 30720, 1024)],
    [8192, range(16384, 61440, 4096)],
    [16384, range(32768, 122880, 8192)],
]);

/** The least an application container is given once the proxy's share is taken out. */
export const MIN_APP_CONTAINER = { cpu: 128, memory: 256 } as const;

/** A task size and the proxy reservation inside it. */
export interface TaskSizing {
    /** Task-level CPU units (a Fargate value). */
    readonly taskCpu: number;
    /** Task-level memory in MiB (valid for `taskCpu`). */
    readonly taskMemory: number;
    /** CPU units left to the Service Connect proxy. */
    readonly proxyCpu: number;
    /** MiB left to the Service Connect proxy. */
    readonly proxyMemory: number;
}

/** The limits the application container gets: the task size minus the proxy's reservation. */
export interface AppContainerLimits {
    readonly cpu: number;
    readonly memory: number;
}

/** Returns the memory values Fargate accepts for `cpu`, or undefined when `cpu` is not a Fargate value. */
export function validFargateMemory(cpu: number): readonly number[] | undefined {
    return FARGATE_TASK_SIZES.get(cpu);
}

/**
 * Checks a task CPU/memory pair against Fargate's table. Returns an error message naming what is
 * allowed, or undefined when the pair is valid. `setting` names the config keys in the message.
 */
export function validateFargateSize(setting: string, cpu: number, memory: number): string | undefined {
    const memoryValues = validFargateMemory(cpu);
    if (memoryValues === undefined) {
        const cpus = [...FARGATE_TASK_SIZES.keys()].join(", ");
        return `${setting}: task CPU ${cpu} is not a Fargate value. Use one of ${cpus}.`;
    }
    if (!memoryValues.includes(memory)) {
        return (
            `${setting}: task memory ${memory} MiB is not valid with ${cpu} CPU units on Fargate. ` +
            `With ${cpu} CPU units use one of ${memoryValues.join(", ")} MiB.`
        );
    }
    return undefined;
}

/**
 * Splits a task between the application container and the Service Connect proxy. The app gets
 * hard limits so that the proxy always keeps its share: the guide says the proxy runs on what the
 * task limits leave unallocated by the container limits.
 */
export function calculateAppContainerLimits(sizing: TaskSizing): AppContainerLimits {
    return {
        cpu: sizing.taskCpu - sizing.proxyCpu,
        memory: sizing.taskMemory - sizing.proxyMemory,
    };
}

/**
 * The smallest Fargate task CPU that leaves the app its minimum beside a proxy of `proxyCpu`
 * units, or undefined when no Fargate size is that large.
 */
export function smallestFargateCpuFor(proxyCpu: number): number | undefined {
    return [...FARGATE_TASK_SIZES.keys()].find((cpu) => cpu - proxyCpu >= MIN_APP_CONTAINER.cpu);
}

/** What the app container is short of its minimum once the proxy has its share (0 when it fits). */
export function appContainerShortfall(sizing: TaskSizing): { readonly cpu: number; readonly memory: number } {
    const app = calculateAppContainerLimits(sizing);
    return { cpu: Math.max(0, MIN_APP_CONTAINER.cpu - app.cpu), memory: Math.max(0, MIN_APP_CONTAINER.memory - app.memory) };
}
