/**
 * Evaluates the real program (`index.ts`) for a stack under mocks. Each call re-requires the
 * project's modules, so one process can evaluate several stacks, as `pulumi up` would one by one,
 * and forgets them again afterwards, so that a later plain `import("../index")` (a unit test
 * written as Pulumi's guide writes one) runs the program rather than getting a spent module.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Evaluation, View, evaluate } from "./evaluate";
import { PROJECT_DIR, readProject, readStackConfig } from "./stackConfig";

const PROGRAM = path.join(PROJECT_DIR, "index");

function forgetProjectModules(): void {
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(PROJECT_DIR) && !id.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[id];
        }
    }
}

/**
 * Evaluates `index.ts` with the stack's config, optionally overriding single keys, and optionally
 * through stack transformations (for deliberately broken variants in tests).
 */
export async function evaluateStack(
    stack: string,
    overrides: Readonly<Record<string, string>> = {},
    transformations: readonly pulumi.ResourceTransformation[] = [],
    view: View = "update",
): Promise<Evaluation> {
    return evaluateConfig(stack, { ...readStackConfig(stack), ...overrides }, transformations, view);
}

/** Evaluates `index.ts` with exactly this configuration (fully qualified keys). */
export async function evaluateConfig(
    stack: string,
    config: Readonly<Record<string, string>>,
    transformations: readonly pulumi.ResourceTransformation[] = [],
    view: View = "update",
): Promise<Evaluation> {
    return evaluate({
        project: readProject().name,
        stack,
        config,
        transformations,
        view,
        program: () => {
            forgetProjectModules();
            // A fresh require per evaluation runs the real index.ts again, as `pulumi up` would.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(PROGRAM);
        },
    }).finally(forgetProjectModules);
}

/** Evaluates any program (such as a synthetic one for benchmarks) with the project's name. */
export async function evaluateProgram(
    stack: string,
    config: Readonly<Record<string, string>>,
    program: () => unknown,
): Promise<Evaluation> {
    return evaluate({ project: readProject().name, stack, config, program });
}
