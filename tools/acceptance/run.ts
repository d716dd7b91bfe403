/**
 * The acceptance run: an ephemeral stack from a stack file's settings, preview and up with the
 * policy pack, the application and AWS checks, then destroy, a search for leftovers, and the
 * stack's removal. Any failure skips the remaining checks and goes to clean-up, unless `keep`.
 */
import * as path from "path";
import { TIERS } from "../../model/tiers";
import { PROJECT_DIR } from "../harness/stackConfig";
import { AppTarget, appTarget, checkPageViews, checkRedirect, checkUiPage, checkVote, checkVotesSurvive } from "./appChecks";
import {
    AwsApi,
    describeResource,
    leftoverProblem,
    replaceTask,
    TrackedResource,
    trackedResources,
    waitForNothingLeft,
    waitForServiceConnectMetrics,
} from "./aws";
import { parseOutputs, StackOutputs } from "./outputs";
import { AcceptanceSettings } from "./settings";
import { exitCode, Report, StepRunner } from "./steps";
import { AcceptanceStack, AcceptanceWorkspace, summarizeError } from "./workspace";

export const STEPS = {
    create: "create the ephemeral stack",
    preview: "preview with the policy pack",
    up: "up with the policy pack",
    outputs: "read the stack outputs",
    page: "UI loads over HTTPS",
    redirect: "HTTP redirects to HTTPS",
    pageViews: "page views counted (redis)",
    vote: "vote counted and read back (postgres)",
    survive: "votes survive a database task replacement",
    metrics: "Service Connect metrics in CloudWatch",
    destroy: "destroy",
    leftovers: "nothing left in the account",
    remove: "remove the ephemeral stack",
} as const;

export interface Timing {
    readonly requestTimeoutMs: number;
    /** How long the app may take to answer after up, or after the database task is replaced. */
    readonly readyTimeoutMs: number;
    readonly pollIntervalMs: number;
    /** CloudWatch publishes Service Connect metrics each minute, a few minutes late. */
    readonly metricsTimeoutMs: number;
    readonly metricsPollMs: number;
    /** Stopping the database task and ECS starting another (EFS mount, Postgres start). */
    readonly taskTimeoutMs: number;
    /** Deletions that settle after the destroy (ECS clusters turn INACTIVE, EFS deleting). */
    readonly leftoversTimeoutMs: number;
    readonly leftoversPollMs: number;
}

export const DEFAULT_TIMING: Timing = {
    requestTimeoutMs: 15_000,
    readyTimeoutMs: 10 * 60_000,
    pollIntervalMs: 10_000,
    metricsTimeoutMs: 10 * 60_000,
    metricsPollMs: 30_000,
    taskTimeoutMs: 10 * 60_000,
    leftoversTimeoutMs: 5 * 60_000,
    leftoversPollMs: 15_000,
};

export interface AcceptanceRequest {
    readonly fileStack: string;
    /** As the workspace takes it: `name` or `org/name`. */
    readonly stackName: string;
    readonly keep: boolean;
    readonly settings: AcceptanceSettings;
}

export interface AcceptanceDeps {
    readonly workspace: AcceptanceWorkspace;
    readonly aws: (region: string) => AwsApi;
    /** Progress and the CLI's streamed output. */
    readonly log?: (text: string) => void;
    readonly now?: () => number;
    readonly timing?: Partial<Timing>;
    /** Where the app checks go for the stack's url output (local servers in the tests). */
    readonly target?: (url: string) => AppTarget;
    readonly policyPacks?: readonly string[];
    /** Aborted on Ctrl-C: the checks stop and clean-up runs. */
    readonly signal?: AbortSignal;
}

export const policyPackDir = (projectDir = PROJECT_DIR) => path.join(projectDir, "policies");

export const cleanupCommands = (stackName: string) => `pulumi destroy --stack ${stackName} --yes && pulumi stack rm ${stackName} --yes`;

export async function runAcceptance(request: AcceptanceRequest, deps: AcceptanceDeps): Promise<Report & { readonly exitCode: number }> {
    const timing = { ...DEFAULT_TIMING, ...deps.timing };
    const now = deps.now ?? Date.now;
    const log = deps.log ?? (() => undefined);
    const { settings, stackName } = request;
    const source = `Pulumi.${request.fileStack}.yaml`;
    const runner = new StepRunner({
        now,
        log: (line) => log(`${line}\n`),
        stopRequested: () => (deps.signal?.aborted ? `interrupted (${String(deps.signal.reason ?? "signal")})` : undefined),
        summarize: summarizeError,
    });
    const started = now();
    const aws = deps.aws(settings.region);
    const operation = { policyPacks: deps.policyPacks ?? [policyPackDir()], onOutput: log };
    const appTiming = { ...timing, signal: deps.signal };
    const kept: string[] = [];
    const actions: string[] = [];

    let stack: AcceptanceStack | undefined;
    await runner.run(STEPS.create, async (note) => {
        stack = await deps.workspace.createOrSelectStack(stackName);
        await stack.setAllConfig(settings.config);
        const isolation = Object.entries(settings.isolation).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        note(`${stackName}: ${Object.keys(settings.config).length} settings from ${source}, with ${isolation.join(", ")}`);
    });
    await runner.run(STEPS.preview, async () => stack!.preview(operation));
    await runner.run(STEPS.up, async () => stack!.up(operation));
    const deployed = await runner.run(STEPS.outputs, async (note): Promise<{ outputs: StackOutputs; target: AppTarget }> => {
        const outputs = parseOutputs(await stack!.outputs());
        const target = (deps.target ?? appTarget)(outputs.url);
        note(`url ${outputs.url}, cluster ${outputs.clusterName}`);
        return { outputs, target };
    });

    const checksStarted = now();
    await runner.run(STEPS.page, async (note) => note(await checkUiPage(deployed!.target, appTiming)));
    await runner.run(STEPS.redirect, async (note) => note(await checkRedirect(deployed!.target, appTiming)));
    await runner.run(STEPS.pageViews, async (note) => note(await checkPageViews(deployed!.target, appTiming)));
    await runner.run(STEPS.vote, async (note) => note((await checkVote(deployed!.target, appTiming)).detail));
    if (deployed !== undefined && deployed.outputs.databaseFileSystemId === undefined) {
        runner.skip(STEPS.survive, `${settings.project}:dbPersistence is off in ${source}: the votes live in the database task's storage`);
    } else {
        await runner.run(STEPS.survive, async (note) => {
            const { outputs, target } = deployed!;
            const replace = () =>
                replaceTask(aws, outputs.clusterName, outputs.serviceNames.db, {
                    timeoutMs: timing.taskTimeoutMs,
                    intervalMs: timing.pollIntervalMs,
                    signal: deps.signal,
                });
            note(await checkVotesSurvive(target, appTiming, replace));
        });
    }
    await runner.run(STEPS.metrics, async (note) => {
        const { outputs } = deployed!;
        const query = {
            clusterName: outputs.clusterName,
            serviceName: outputs.serviceNames.appserver,
            discoveryName: TIERS.appserver.contract.endpoint!.discoveryName,
            // Five minutes of slack for the clock and for datapoints timestamped at the minute's start.
            start: new Date(checksStarted - 5 * 60_000),
        };
        note(
            await waitForServiceConnectMetrics(aws, query, {
                timeoutMs: timing.metricsTimeoutMs,
                intervalMs: timing.metricsPollMs,
                signal: deps.signal,
            }),
        );
    });

    if (stack === undefined) {
        // Nothing was created: the stack could not be.
    } else if (request.keep) {
        for (const step of [STEPS.destroy, STEPS.leftovers, STEPS.remove]) runner.skip(step, "--keep");
        actions.push(`The stack ${stackName} was kept (--keep); its resources are billed until you run: ${cleanupCommands(stackName)}`);
    } else {
        await cleanUp(stack);
    }

    async function cleanUp(created: AcceptanceStack): Promise<void> {
        let tracked: TrackedResource[] = [];
        // The run sets dbRetainDataOnDestroy false (acceptance/settings.ts): whatever is left was not meant to be.
        const reason = "the stack keeps it on destroy (retainOnDelete)";
        const destroyed = await runner.run(
            STEPS.destroy,
            async (note) => {
                let unread = "";
                try {
                    tracked = trackedResources(await created.resources(), reason);
                } catch (error) {
                    // The destroy matters more than the later search: go on without the inventory.
                    unread = ` (the state could not be read: ${summarizeError(error)})`;
                }
                await created.destroy({ onOutput: log });
                const kinds = [...new Set(tracked.map((r) => r.kind))].join(", ");
                note(`${tracked.length} resources to look for afterwards${kinds ? `: ${kinds}` : ""}${unread}`);
                return true;
            },
            { cleanup: true },
        );
        if (destroyed !== true) {
            runner.skip(STEPS.leftovers, "the destroy failed");
            runner.skip(STEPS.remove, "kept: it still holds what the destroy left");
            actions.push(
                `The destroy failed; the stack ${stackName} still holds what it created. Fix the cause shown above, then run: ${cleanupCommands(stackName)}`,
            );
            return;
        }
        await runner.run(
            STEPS.leftovers,
            async (note) => {
                const left = await waitForNothingLeft(aws, tracked, {
                    timeoutMs: timing.leftoversTimeoutMs,
                    intervalMs: timing.leftoversPollMs,
                });
                kept.push(
                    ...left.kept.map(
                        (r) => `${describeResource(r)}: ${r.keptBecause}${r.deleteWith ? `. Delete it with: ${r.deleteWith}` : ""}`,
                    ),
                );
                const problem = leftoverProblem(left);
                if (problem !== undefined) throw new Error(problem);
                note(
                    `${tracked.length - left.kept.length} of ${tracked.length} gone${left.kept.length > 0 ? `; ${left.kept.length} kept on purpose (below)` : ""}`,
                );
            },
            { cleanup: true },
        );
        const removed = await runner.run(
            STEPS.remove,
            async () => {
                await deps.workspace.removeStack(stackName);
                return true;
            },
            { cleanup: true },
        );
        if (removed !== true) {
            actions.push(`The stack ${stackName} is empty but was not removed: pulumi stack rm ${stackName} --yes`);
        }
    }

    const report = { fileStack: request.fileStack, stackName, results: runner.results, totalMs: now() - started, kept, actions };
    return { ...report, exitCode: exitCode(report.results) };
}
