/** The step runner's rules, the report and the bounded wait. */
import * as assert from "assert";
import { formatDuration, poll, notYet, done, fatal } from "../../tools/acceptance/poll";
import { exitCode, renderReport, StepRunner } from "../../tools/acceptance/steps";

/** A clock that each step advances by a set amount. */
function steppingClock(): { now: () => number; advance: (ms: number) => void } {
    let t = 1_000_000;
    return { now: () => t, advance: (ms) => (t += ms) };
}

describe("acceptance: steps and report", () => {
    it("times each step, skips checks after a failure, and still runs clean-up", async () => {
        const clock = steppingClock();
        const lines: string[] = [];
        const runner = new StepRunner({ now: clock.now, log: (l) => lines.push(l) });
        assert.strictEqual(await runner.run("up", async () => (clock.advance(754_000), 7)), 7);
        await runner.run("vote counted", async (note) => {
            clock.advance(1_500);
            note("ihop 0 → 0");
            throw new Error("the vote was not counted");
        });
        let ran = false;
        await runner.run("metrics", async () => (ran = true));
        await runner.run("destroy", async () => clock.advance(125_000), { cleanup: true });
        runner.skip("votes survive", "dbPersistence is off");
        assert.strictEqual(ran, false);
        assert.deepStrictEqual(runner.results, [
            { name: "up", status: "passed", ms: 754_000, detail: undefined },
            { name: "vote counted", status: "failed", ms: 1_500, detail: "the vote was not counted" },
            { name: "metrics", status: "skipped", ms: 0, detail: "not run: an earlier step failed" },
            { name: "destroy", status: "passed", ms: 125_000, detail: undefined },
            { name: "votes survive", status: "skipped", ms: 0, detail: "dbPersistence is off" },
        ]);
        assert.strictEqual(exitCode(runner.results), 1);
        assert.ok(lines.includes("✘ vote counted: failed (1.5 s) — the vote was not counted"), lines.join("\n"));

        const report = renderReport({
            fileStack: "dev",
            stackName: "dev-acc-11230501-7f3a",
            results: runner.results,
            totalMs: 881_000,
            kept: [],
            actions: ["do this"],
        });
        const rows = report.split("\n");
        assert.strictEqual(rows[0], "Acceptance run of Pulumi.dev.yaml as stack dev-acc-11230501-7f3a");
        assert.match(report, /\n {2}up +passed +12 min 34 s\n/);
        assert.match(report, /\n {2}vote counted +failed +1\.5 s\n +the vote was not counted\n/);
        assert.match(report, /\n {2}destroy +passed +2 min 05 s\n/);
        assert.match(report, /\n {2}metrics +skipped +\n/);
        assert.match(report, /\nFAILED in 14 min 41 s: vote counted\.\n\nTo do by hand:\n {2}- do this$/);
    });

    it("passes with exit code 0 and lists what was kept on purpose", () => {
        const results = [{ name: "up", status: "passed" as const, ms: 10 }];
        assert.strictEqual(exitCode(results), 0);
        const report = renderReport({
            fileStack: "prod",
            stackName: "p",
            results,
            totalMs: 3_723_000,
            kept: ["EFS file system fs-1: kept"],
            actions: [],
        });
        assert.match(report, /\nPASSED in 1 h 02 min\.\n\nLeft in the account on purpose:\n {2}- EFS file system fs-1: kept$/);
    });

    it("records an interruption as the failure and skips the rest", async () => {
        let stop: string | undefined;
        const runner = new StepRunner({ stopRequested: () => stop });
        await runner.run("up", async () => (stop = "interrupted (Ctrl-C)"));
        await runner.run("UI loads", async () => assert.fail("must not run"));
        await runner.run("redirect", async () => assert.fail("must not run"));
        await runner.run("destroy", async () => undefined, { cleanup: true });
        assert.deepStrictEqual(
            runner.results.map((r) => [r.name, r.status, r.detail]),
            [
                ["up", "passed", undefined],
                ["UI loads", "failed", "interrupted (Ctrl-C)"],
                ["redirect", "skipped", "not run: an earlier step failed"],
                ["destroy", "passed", undefined],
            ],
        );
    });

    it("formats durations for the report", () => {
        assert.deepStrictEqual([400, 9_950, 42_000, 60_000, 125_000, 3_600_000].map(formatDuration), [
            "0.4 s",
            "9.9 s",
            "42 s",
            "1 min 00 s",
            "2 min 05 s",
            "1 h 00 min",
        ]);
    });
});

describe("acceptance: bounded waits", () => {
    it("retry errors until done, stop at once on a fatal one, and stop when aborted", async () => {
        let calls = 0;
        assert.strictEqual(
            await poll(
                "x",
                async () => (++calls < 3 ? (calls === 1 ? notYet("warming") : Promise.reject(new Error("ECONNREFUSED"))) : done("ok")),
                { timeoutMs: 500, intervalMs: 5 },
            ),
            "ok",
        );
        calls = 0;
        await assert.rejects(
            poll(
                "y",
                async () => {
                    calls++;
                    throw fatal("wrong answer");
                },
                { timeoutMs: 500, intervalMs: 5 },
            ),
            /^Error: wrong answer$/,
        );
        assert.strictEqual(calls, 1);
        const controller = new AbortController();
        setTimeout(() => controller.abort("Ctrl-C"), 20);
        const began = Date.now();
        await assert.rejects(
            poll("z", async () => notYet("never"), { timeoutMs: 5_000, intervalMs: 1_000, signal: controller.signal }),
            /z: stopped \(Ctrl-C\)/,
        );
        assert.ok(Date.now() - began < 500, "an abort cuts the sleep short");
    });
});
