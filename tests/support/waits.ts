/**
 * The namespace drain waits between its rounds for ECS to release Cloud Map (seconds, unless told
 * otherwise: components/serviceconnect/namespaceDrain.ts). A test that runs the drain through an
 * entry point that takes no options (the provider's delete, runDrain without options) would sleep
 * those seconds for nothing: here they pass at once. The rounds, the calls and their order are
 * the drain's own; only the clock does not wait. Every other timer keeps its delay.
 */
import { CloudMapApi, drainNamespace } from "../../components/serviceconnect/namespaceDrain";

/**
 * The drain's wait between rounds when it is told none, as the drain itself asks for it (one
 * service that stays in use for a round), so the figure lives only in the drain.
 */
export async function drainPollMs(): Promise<number> {
    const asked: number[] = [];
    let lists = 0;
    const inUse: CloudMapApi = {
        namespaceExists: async () => true,
        listServices: async () => (lists++ === 0 ? [{ id: "srv-1", name: "yelb-db" }] : []),
        listInstances: async () => [],
        deregisterInstance: async () => undefined,
        deleteService: () => Promise.reject(Object.assign(new Error("in use"), { name: "ResourceInUse" })),
    };
    await drainNamespace(inUse, "ns-1", { sleep: async (ms) => void asked.push(ms) });
    if (asked.length !== 1) {
        throw new Error(`expected the drain to wait once between its two rounds, it waited ${asked.length} times`);
    }
    return asked[0];
}

/** Runs `run` with every timer of exactly `delayMs` firing at once instead; restores the timers after. */
export async function withoutWaitsOf<T>(delayMs: number, run: () => Promise<T>): Promise<T> {
    const original = globalThis.setTimeout;
    const immediate = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
        original(callback, delay === delayMs ? 0 : delay, ...args);
    globalThis.setTimeout = Object.assign(immediate, original) as typeof setTimeout;
    try {
        return await run();
    } finally {
        globalThis.setTimeout = original;
    }
}
