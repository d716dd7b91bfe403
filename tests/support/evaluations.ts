/**
 * One evaluation of the real program per configuration and view in each mocha worker, shared by
 * the tests that only read it. Evaluating is deterministic and takes a few hundred milliseconds,
 * and a dozen files asked for the same few stacks again and again. A shared evaluation is frozen,
 * deeply: a test that changed one would throw instead of leaking into the next. A test that
 * needs to vary the program (transformations), or checks what evaluating itself does, calls
 * `evaluateStack` for its own.
 *
 * The cache lives on globalThis, so every copy of this module a worker loads shares it.
 */
import { Evaluation, View } from "../../tools/harness/evaluate";
import { evaluateConfig } from "../../tools/harness/program";
import { readStackConfig } from "../../tools/harness/stackConfig";

interface Shared {
    readonly evaluations: Map<string, Promise<Evaluation>>;
    /** Evaluations run one at a time: the Pulumi runtime and its mocks are process-wide. */
    queue: Promise<unknown>;
}

const KEY = Symbol.for("yelb.tests.sharedEvaluations");
const shared: Shared = ((globalThis as Record<symbol, Shared | undefined>)[KEY] ??= { evaluations: new Map(), queue: Promise.resolve() });

/** Freezes a value and everything it holds (typed arrays cannot be frozen and hold only numbers). */
export function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) {
            deepFreeze(inner);
        }
    }
    return value;
}

/**
 * The evaluation `evaluate` gives, computed once per worker under `key` and frozen. Evaluations
 * run one after the other. A failed evaluation is not kept.
 */
export function shareOnce(key: string, evaluate: () => Promise<Evaluation>): Promise<Evaluation> {
    let evaluation = shared.evaluations.get(key);
    if (evaluation === undefined) {
        evaluation = shared.queue.then(evaluate).then(deepFreeze);
        shared.queue = evaluation.catch(() => undefined);
        shared.evaluations.set(key, evaluation);
        evaluation.catch(() => shared.evaluations.delete(key));
    }
    return evaluation;
}

/** `evaluateConfig(stack, config, [], view)`, evaluated once per worker; `planStack` takes it as its `evaluate`. */
export function sharedConfigEvaluation(
    stack: string,
    config: Readonly<Record<string, string>>,
    view: View = "update",
): Promise<Evaluation> {
    const key = JSON.stringify([stack, view, Object.entries(config).sort(([a], [b]) => a.localeCompare(b))]);
    return shareOnce(key, () => evaluateConfig(stack, config, [], view));
}

/**
 * `evaluateStack(stack, overrides, [], view)`, evaluated once per worker for the configuration it
 * amounts to (the stack file with the overrides applied): `dev` with a setting overridden to the
 * value its file already has is the same evaluation.
 */
export function sharedEvaluation(
    stack: string,
    overrides: Readonly<Record<string, string>> = {},
    view: View = "update",
): Promise<Evaluation> {
    return sharedConfigEvaluation(stack, { ...readStackConfig(stack), ...overrides }, view);
}
