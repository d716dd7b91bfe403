/**
 * The offline plan of a stack: evaluate the real program under mocks with the stack's config,
 * then derive what `pulumi up` would create, the Service Connect map, the policy verdict and the
 * monthly cost. No AWS account and no Pulumi CLI are involved.
 */
import { CostEstimate, estimateCost } from "./cost";
import { Evaluation, View } from "../harness/evaluate";
import { PackConfig, Violation, isBlocking, runPolicyPack, toPolicyResources } from "./policyRunner";
import { evaluateConfig } from "../harness/program";
import { readStackConfig } from "../harness/stackConfig";
import { ServiceConnectMap, mermaid, serviceConnectMap } from "./serviceMap";
import { TreeNode, countByType, resourceTree } from "./tree";

export interface Plan {
    readonly stack: string;
    readonly region: string;
    readonly resourceCount: number;
    readonly countByType: [string, number][];
    readonly tree: TreeNode;
    readonly serviceConnect: ServiceConnectMap;
    readonly mermaid: string;
    readonly violations: readonly Violation[];
    /** True when a mandatory policy failed: `pulumi up` with the pack would stop. */
    readonly blocked: boolean;
    readonly cost: CostEstimate;
    readonly outputs: Record<string, unknown>;
    readonly warnings: readonly string[];
    readonly timingsMs: Readonly<Record<string, number>>;
}

export type Progress = (step: string) => void;

/** Builds the plan of an evaluated program. */
export async function planFromEvaluation(
    evaluation: Evaluation,
    region: string,
    policyConfig: PackConfig = {},
    progress: Progress = () => undefined,
) {
    const timings: Record<string, number> = {};
    let started = Date.now();
    progress("running the policy pack");
    const violations = await runPolicyPack(evaluation, policyConfig);
    timings.policies = Date.now() - started;
    started = Date.now();
    progress("mapping Service Connect and pricing");
    const resources = toPolicyResources(evaluation, "outputs");
    const map = serviceConnectMap(resources);
    const cost = estimateCost(resources, region);
    timings.mapAndCost = Date.now() - started;
    return {
        violations,
        blocked: violations.some(isBlocking),
        serviceConnect: map,
        mermaid: mermaid(map),
        cost,
        timings,
    };
}

export interface PlanOptions {
    readonly policyConfig?: PackConfig;
    readonly progress?: Progress;
    /**
     * The whole configuration to evaluate with, fully qualified, as the CLI resolved it from the stack
     * file and `--config` flags. @default the stack file's configuration (`readStackConfig`)
     */
    readonly config?: Readonly<Record<string, string>>;
    /**
     * What the engine knows: "first-preview" (a new stack's first preview, every computed output
     * unknown, as the CI gate meets it) or "update" (IDs known). @default "update"
     */
    readonly view?: View;
    /**
     * How the program is evaluated, for callers that keep evaluations (the tests share one per
     * configuration). @default `evaluateConfig`, a fresh run of index.ts
     */
    readonly evaluate?: (stack: string, config: Readonly<Record<string, string>>, view?: View) => Promise<Evaluation>;
}

/** Evaluates a stack of the project and builds its plan. Config errors propagate. */
export async function planStack(stack: string, options: PlanOptions = {}): Promise<Plan> {
    const progress = options.progress ?? (() => undefined);
    const started = Date.now();
    progress(`evaluating index.ts for stack ${stack} under mocks`);
    const evaluate = options.evaluate ?? ((name, config, view) => evaluateConfig(name, config, [], view));
    const evaluation = await evaluate(stack, options.config ?? readStackConfig(stack), options.view);
    const evaluated = Date.now() - started;
    const region = evaluation.config["aws:region"] ?? "";
    const { timings, ...derived } = await planFromEvaluation(evaluation, region, options.policyConfig, progress);
    return {
        stack,
        region,
        resourceCount: evaluation.resources.length,
        countByType: countByType(evaluation.resources),
        tree: resourceTree(evaluation),
        outputs: evaluation.outputs,
        warnings: evaluation.warnings,
        ...derived,
        timingsMs: { evaluate: evaluated, ...timings, total: Date.now() - started },
    };
}
