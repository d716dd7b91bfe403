/**
 * The whole acceptance run over a fake workspace, a fake AWS account and a local Yelb: the order of
 * operations, the settings and policy pack handed to Pulumi, the report, and every clean-up path.
 */
import * as assert from "assert";
import * as path from "path";
import { AcceptanceDeps, AcceptanceRequest, runAcceptance, STEPS } from "../../tools/acceptance/run";
import { acceptanceSettings } from "../../tools/acceptance/settings";
import { renderReport } from "../../tools/acceptance/steps";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";
import { deployedOutputs, deployedState, FakeAws, FakeWorkspace } from "./fakes";
import { FakeYelb, startYelb, YelbBehaviour } from "./yelbServer";

const TIMING = {
    requestTimeoutMs: 300,
    readyTimeoutMs: 600,
    pollIntervalMs: 10,
    metricsTimeoutMs: 200,
    metricsPollMs: 10,
    taskTimeoutMs: 200,
    leftoversTimeoutMs: 100,
    leftoversPollMs: 10,
};
const ZONE = ["hostedZoneName=acme-demo.org", "hostedZoneId=Z04471232Q9ABCDEFGHIJ"];

interface Scenario {
    readonly fileStack?: "dev" | "prod";
    readonly keep?: boolean;
    readonly yelb?: YelbBehaviour;
    readonly prepare?: (workspace: FakeWorkspace, aws: FakeAws, yelb: FakeYelb, abort: AbortController) => void;
}

describe("acceptance: the run", function () {
    this.timeout(5000);
    let yelb: FakeYelb | undefined;
    afterEach(async () => {
        await yelb?.close();
        yelb = undefined;
    });

    async function run(scenario: Scenario = {}) {
        const fileStack = scenario.fileStack ?? "dev";
        const persistence = fileStack === "prod";
        const stackName = `${fileStack}-acc-11230501-7f3a`;
        yelb = await startYelb(scenario.yelb);
        const workspace = new FakeWorkspace(deployedOutputs({ persistence }), deployedState({ persistence, retain: persistence }));
        const aws = new FakeAws();
        const fake = yelb;
        aws.onStop = () => fake.restartDatabase();
        const abort = new AbortController();
        scenario.prepare?.(workspace, aws, yelb, abort);
        const settings = acceptanceSettings({ fileStack, stackName, configFlags: ZONE });
        const request: AcceptanceRequest = { fileStack, stackName, keep: scenario.keep ?? false, settings };
        const regions: string[] = [];
        const log: string[] = [];
        const deps: AcceptanceDeps = {
            workspace,
            aws: (region) => (regions.push(region), aws),
            log: (text) => log.push(text),
            timing: TIMING,
            target: () => fake.target,
            signal: abort.signal,
        };
        const report = await runAcceptance(request, deps);
        const status = Object.fromEntries(report.results.map((r) => [r.name, r.status]));
        return { report, status, workspace, aws, settings, regions, log: log.join(""), yelb: fake };
    }

    it("creates, previews and deploys with the stack file's settings and the policy pack, checks, destroys and removes", async () => {
        const { report, status, workspace, aws, settings, regions, log } = await run();
        assert.deepStrictEqual(workspace.calls, [
            "create dev-acc-11230501-7f3a",
            "setAllConfig dev-acc-11230501-7f3a",
            "preview dev-acc-11230501-7f3a",
            "up dev-acc-11230501-7f3a",
            "outputs dev-acc-11230501-7f3a",
            "resources dev-acc-11230501-7f3a",
            "destroy dev-acc-11230501-7f3a",
            "removeStack dev-acc-11230501-7f3a",
        ]);
        assert.deepStrictEqual(workspace.config, settings.config);
        assert.strictEqual(workspace.config!["aws:region"], "us-east-1");
        assert.strictEqual(workspace.config!["yelb:subdomain"], "dev-acc-11230501-7f3a");
        assert.deepStrictEqual(regions, ["us-east-1"]);
        for (const operation of ["preview", "up"] as const) {
            assert.deepStrictEqual(workspace.operationOptions[operation]!.policyPacks, [path.join(PROJECT_DIR, "policies")], operation);
        }
        assert.match(
            log,
            /Previewing update \(fake\)\n[\s\S]*Updating \(fake\)\n[\s\S]*Destroying \(fake\)\n/,
            "Pulumi's output is streamed",
        );
        assert.deepStrictEqual(status, {
            [STEPS.create]: "passed",
            [STEPS.preview]: "passed",
            [STEPS.up]: "passed",
            [STEPS.outputs]: "passed",
            [STEPS.page]: "passed",
            [STEPS.redirect]: "passed",
            [STEPS.pageViews]: "passed",
            [STEPS.vote]: "passed",
            [STEPS.survive]: "skipped",
            [STEPS.metrics]: "passed",
            [STEPS.destroy]: "passed",
            [STEPS.leftovers]: "passed",
            [STEPS.remove]: "passed",
        });
        assert.strictEqual(report.exitCode, 0);
        assert.match(report.results.find((r) => r.name === STEPS.survive)!.detail!, /yelb:dbPersistence is off in Pulumi\.dev\.yaml/);
        assert.strictEqual(aws.queries[0].serviceName, "yelb-appserver-svc-9z");
        assert.strictEqual(aws.queries[0].discoveryName, "yelb-appserver");
        assert.ok(!aws.calls.some((c) => c.startsWith("stop")), "no database task is stopped without persistence");
        const text = renderReport(report);
        assert.match(text, /^Acceptance run of Pulumi\.dev\.yaml as stack dev-acc-11230501-7f3a\n/);
        for (const r of report.results.filter((x) => x.status === "passed")) {
            assert.match(text, new RegExp(`\\n  ${r.name.replace(/[()]/g, "\\$&")} +passed +\\d+\\.\\d s\\n`), r.name);
        }
        assert.match(text, /\nPASSED in \d+\.\d s\.$/);
    });

    it("with dbPersistence, stops the database task and finds the votes still there", async () => {
        const { report, status, aws } = await run({ fileStack: "prod" });
        assert.strictEqual(status[STEPS.survive], "passed", JSON.stringify(report.results));
        assert.match(
            aws.calls.find((c) => c.startsWith("stop"))!,
            /^stop yelb-ecs-cluster-1a2b3c4 arn:aws:ecs:.*\/0aaa /,
        );
        assert.ok(aws.calls.includes("tasks yelb-ecs-cluster-1a2b3c4 yelb-db-svc-9z"));
        assert.match(
            report.results.find((r) => r.name === STEPS.survive)!.detail!,
            /^outback 0, bucadibeppo 0, ihop 1, chipotle 0 before and after task 0aaa stopped, 0bbb running$/,
        );
        assert.deepStrictEqual(report.kept, [], "the fake account holds nothing after the destroy");
        assert.strictEqual(report.exitCode, 0);
    });

    it("fails when the votes do not survive, and still cleans up", async () => {
        const { report, status, workspace } = await run({ fileStack: "prod", yelb: { loseVotesOnRestart: true } });
        assert.strictEqual(status[STEPS.survive], "failed");
        assert.match(report.results.find((r) => r.name === STEPS.survive)!.detail!, /votes were lost when the database task was replaced/);
        assert.strictEqual(status[STEPS.metrics], "skipped");
        assert.ok(
            workspace.calls.includes("destroy prod-acc-11230501-7f3a") && workspace.calls.includes("removeStack prod-acc-11230501-7f3a"),
        );
        assert.strictEqual(report.exitCode, 1);
    });

    it("on a failed up, skips the checks, destroys and removes the stack, and exits 1 with the cause", async () => {
        const { report, status, workspace } = await run({ prepare: (w) => (w.failAt = "up") });
        assert.strictEqual(status[STEPS.up], "failed");
        assert.strictEqual(
            report.results.find((r) => r.name === STEPS.up)!.detail,
            "error: up failed: AccessDenied: not authorized to perform ecs:CreateCluster",
        );
        for (const step of [STEPS.outputs, STEPS.page, STEPS.redirect, STEPS.pageViews, STEPS.vote, STEPS.survive, STEPS.metrics]) {
            assert.strictEqual(status[step], "skipped", step);
        }
        assert.deepStrictEqual(workspace.calls.slice(-3), [
            "resources dev-acc-11230501-7f3a",
            "destroy dev-acc-11230501-7f3a",
            "removeStack dev-acc-11230501-7f3a",
        ]);
        assert.strictEqual(report.exitCode, 1);
        assert.match(renderReport(report), /\nFAILED in .*: up with the policy pack\.$/);
    });

    it("with --keep, never destroys nor removes, even on failure, and says how to", async () => {
        const { report, status, workspace } = await run({ keep: true, yelb: { countVotes: false } });
        assert.strictEqual(status[STEPS.vote], "failed");
        assert.ok(!workspace.calls.some((c) => c.startsWith("destroy") || c.startsWith("removeStack")), workspace.calls.join(", "));
        assert.deepStrictEqual([status[STEPS.destroy], status[STEPS.leftovers], status[STEPS.remove]], ["skipped", "skipped", "skipped"]);
        assert.match(
            report.actions[0],
            /kept \(--keep\).*pulumi destroy --stack dev-acc-11230501-7f3a --yes && pulumi stack rm dev-acc-11230501-7f3a --yes/,
        );
        assert.strictEqual(report.exitCode, 1);
    });

    it("destroys even when the state cannot be read for the later search", async () => {
        const { report, status, workspace } = await run({ prepare: (w) => (w.failAt = "resources") });
        assert.strictEqual(status[STEPS.destroy], "passed");
        assert.match(
            report.results.find((r) => r.name === STEPS.destroy)!.detail!,
            /^0 resources to look for afterwards \(the state could not be read: /,
        );
        assert.ok(
            workspace.calls.includes("destroy dev-acc-11230501-7f3a") && workspace.calls.includes("removeStack dev-acc-11230501-7f3a"),
        );
        assert.strictEqual(report.exitCode, 0);
    });

    it("keeps the stack when the destroy fails, so its state can still be destroyed", async () => {
        const { report, status, workspace } = await run({ prepare: (w) => (w.failAt = "destroy") });
        assert.strictEqual(status[STEPS.destroy], "failed");
        assert.strictEqual(status[STEPS.remove], "skipped");
        assert.ok(!workspace.calls.some((c) => c.startsWith("removeStack")));
        assert.match(report.actions[0], /The destroy failed; the stack dev-acc-11230501-7f3a still holds what it created/);
        assert.strictEqual(report.exitCode, 1);
    });

    it("fails on leftovers, reports what the stack retains and why, and still removes the empty stack", async () => {
        const { report, status, workspace } = await run({
            fileStack: "prod",
            prepare: (_w, aws) => {
                aws.present.add("fs-0123456789abcdef0");
                aws.present.add("ns-abcdefgh12345678");
            },
        });
        assert.strictEqual(status[STEPS.leftovers], "failed");
        assert.match(
            report.results.find((r) => r.name === STEPS.leftovers)!.detail!,
            /left in the account after destroy: Cloud Map namespace ns-abcdefgh12345678$/,
        );
        assert.strictEqual(report.kept.length, 1);
        assert.match(
            report.kept[0],
            /^EFS file system fs-0123456789abcdef0: the stack keeps it on destroy \(retainOnDelete\)\. Delete it with: /,
        );
        assert.ok(workspace.calls.includes("removeStack prod-acc-11230501-7f3a"));
        assert.strictEqual(report.exitCode, 1);
    });

    it("on Ctrl-C, stops the checks and cleans up", async () => {
        const { report, status, workspace } = await run({ prepare: (w, _aws, _y, abort) => (w.afterUp = () => abort.abort("Ctrl-C")) });
        assert.strictEqual(status[STEPS.outputs], "failed");
        assert.strictEqual(report.results.find((r) => r.name === STEPS.outputs)!.detail, "interrupted (Ctrl-C)");
        assert.strictEqual(status[STEPS.page], "skipped");
        assert.ok(
            workspace.calls.includes("destroy dev-acc-11230501-7f3a") && workspace.calls.includes("removeStack dev-acc-11230501-7f3a"),
        );
        assert.strictEqual(report.exitCode, 1);
    });

    it("creates nothing to clean when the stack cannot be created", async () => {
        const { report, workspace } = await run({ prepare: (w) => (w.failAt = "create") });
        assert.deepStrictEqual(workspace.calls, ["create dev-acc-11230501-7f3a"]);
        assert.deepStrictEqual(report.actions, []);
        assert.strictEqual(report.exitCode, 1);
    });
});
