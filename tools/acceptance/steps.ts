/**
 * The step runner and the report: every step is timed; after a failure the remaining checks are
 * skipped but clean-up steps still run; the exit code is 1 when any step failed.
 */
import { formatDuration } from "./poll";

export type StepStatus = "passed" | "failed" | "skipped";

export interface StepResult {
    readonly name: string;
    readonly status: StepStatus;
    readonly ms: number;
    readonly detail?: string;
}

export interface StepRunnerOptions {
    readonly now?: () => number;
    /** Progress lines (the CLI sends them to standard error). */
    readonly log?: (line: string) => void;
    /** A reason to stop (Ctrl-C), checked before each step that is not clean-up. */
    readonly stopRequested?: () => string | undefined;
    /** Shortens an error into the report's one line. */
    readonly summarize?: (error: unknown) => string;
}

export class StepRunner {
    readonly results: StepResult[] = [];
    private readonly now: () => number;
    private readonly log: (line: string) => void;

    constructor(private readonly options: StepRunnerOptions = {}) {
        this.now = options.now ?? Date.now;
        this.log = options.log ?? (() => undefined);
    }

    get failed(): boolean {
        return this.results.some((r) => r.status === "failed");
    }

    /**
     * Runs one step; `note` adds a detail to the report. Returns the step's value, or undefined
     * when it failed or was not run. A clean-up step runs even after a failure.
     */
    async run<T>(
        name: string,
        step: (note: (detail: string) => void) => Promise<T>,
        opts: { readonly cleanup?: boolean } = {},
    ): Promise<T | undefined> {
        if (opts.cleanup !== true) {
            const stop = this.options.stopRequested?.();
            if (stop !== undefined && !this.failed) {
                this.record({ name, status: "failed", ms: 0, detail: stop });
                return undefined;
            }
            if (this.failed || stop !== undefined) {
                this.record({ name, status: "skipped", ms: 0, detail: "not run: an earlier step failed" });
                return undefined;
            }
        }
        this.log(`▶ ${name}`);
        const start = this.now();
        let detail: string | undefined;
        try {
            const value = await step((d) => (detail = d));
            this.record({ name, status: "passed", ms: this.now() - start, detail });
            return value;
        } catch (error) {
            const summarize = this.options.summarize ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
            this.record({ name, status: "failed", ms: this.now() - start, detail: summarize(error) });
            return undefined;
        }
    }

    /** A step that does not apply to this stack, with the reason. */
    skip(name: string, reason: string): void {
        this.record({ name, status: "skipped", ms: 0, detail: reason });
    }

    private record(result: StepResult): void {
        this.results.push(result);
        const time = result.status === "skipped" ? "" : ` (${formatDuration(result.ms)})`;
        this.log(`${MARK[result.status]} ${result.name}: ${result.status}${time}${result.detail ? ` — ${result.detail}` : ""}`);
    }
}

const MARK: Record<StepStatus, string> = { passed: "✔", failed: "✘", skipped: "–" };

export interface Report {
    readonly fileStack: string;
    readonly stackName: string;
    readonly results: readonly StepResult[];
    readonly totalMs: number;
    /** Resources that outlived the destroy on purpose, with why and how to delete them. */
    readonly kept: readonly string[];
    /** What the user must do by hand (a kept stack, a failed destroy). */
    readonly actions: readonly string[];
}

export function exitCode(results: readonly StepResult[]): number {
    return results.some((r) => r.status === "failed") ? 1 : 0;
}

export function renderReport(report: Report): string {
    const width = Math.max(4, ...report.results.map((r) => r.name.length));
    const lines = [
        `Acceptance run of Pulumi.${report.fileStack}.yaml as stack ${report.stackName}`,
        "",
        `  ${"step".padEnd(width)}  ${"result".padEnd(7)}  ${"time".padStart(12)}`,
        ...report.results.map(
            (r) =>
                `  ${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${(r.status === "skipped" ? "" : formatDuration(r.ms)).padStart(12)}` +
                (r.detail ? `\n  ${" ".repeat(width)}  ${r.detail}` : ""),
        ),
        "",
    ];
    const failed = report.results.filter((r) => r.status === "failed");
    lines.push(
        failed.length === 0
            ? `PASSED in ${formatDuration(report.totalMs)}.`
            : `FAILED in ${formatDuration(report.totalMs)}: ${failed.map((r) => r.name).join("; ")}.`,
    );
    if (report.kept.length > 0) {
        lines.push("", "Left in the account on purpose:", ...report.kept.map((k) => `  - ${k}`));
    }
    if (report.actions.length > 0) {
        lines.push("", "To do by hand:", ...report.actions.map((a) => `  - ${a}`));
    }
    return lines.join("\n");
}
