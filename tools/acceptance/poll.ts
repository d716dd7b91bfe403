/**
 * Bounded waiting. Everything the run waits for (the UI behind a fresh DNS name, CloudWatch
 * metrics, a replacement task, deletions) is polled against a deadline, never waited on forever.
 */

export type Attempt<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly reason: string };

export const done = <T>(value: T): Attempt<T> => ({ done: true, value });
export const notYet = <T = never>(reason: string): Attempt<T> => ({ done: false, reason });

/** An error that ends a wait at once: the answer is wrong, not late. */
export function fatal(message: string): Error {
    return Object.assign(new Error(message), { fatal: true });
}

export function isFatal(error: unknown): boolean {
    return typeof error === "object" && error !== null && (error as { fatal?: unknown }).fatal === true;
}

export interface PollOptions {
    readonly timeoutMs: number;
    readonly intervalMs: number;
    /** Aborted on Ctrl-C: the wait ends with the signal's reason. */
    readonly signal?: AbortSignal;
    readonly now?: () => number;
}

export function formatDuration(ms: number): string {
    if (ms < 60_000) {
        return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
    }
    const seconds = Math.round(ms / 1000);
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
    }
    return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(finish, ms);
        function finish() {
            clearTimeout(timer);
            signal?.removeEventListener("abort", finish);
            resolve();
        }
        signal?.addEventListener("abort", finish);
    });
}

/**
 * Calls `attempt` until it is done, it throws a fatal error, or `timeoutMs` has passed; other
 * errors count as "not yet" (a refused connection while a name propagates, a 503 while targets
 * register). The timeout error names what was awaited and the last reason it was not there.
 */
export async function poll<T>(what: string, attempt: () => Promise<Attempt<T>>, options: PollOptions): Promise<T> {
    const now = options.now ?? Date.now;
    const deadline = now() + options.timeoutMs;
    let reason = "no attempt finished";
    for (;;) {
        if (options.signal?.aborted) {
            throw fatal(`${what}: stopped (${String(options.signal.reason ?? "interrupted")})`);
        }
        try {
            const result = await attempt();
            if (result.done) {
                return result.value;
            }
            reason = result.reason;
        } catch (error) {
            if (isFatal(error)) {
                throw error;
            }
            reason = error instanceof Error ? error.message : String(error);
        }
        const left = deadline - now();
        if (left <= 0) {
            throw fatal(`${what}: not within ${formatDuration(options.timeoutMs)}; last: ${reason}`);
        }
        await sleep(Math.min(options.intervalMs, left), options.signal);
    }
}
