/**
 * Evaluates the real program (`index.ts`, compiled) for a stack under mocks. The program is the
 * function the module exports and keeps no state between calls, so one process evaluates stack
 * after stack by calling it again, as `pulumi up` would run it once per stack. That also lets the
 * SDK serialize the namespace drain's provider once per process (it caches by provider object).
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Evaluation, View, evaluate } from "./evaluate";
import { readProject, readStackConfig } from "./stackConfig";

/** The compiled program beside the compiled harness, as `pulumi up` runs it. */
const PROGRAM = path.join(__dirname, "..", "..", "index");

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
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const program = require(PROGRAM);
            // As Pulumi's language host does: an exported function is the program, its result the outputs.
            return typeof program === "function" ? program() : program;
        },
    });
}

/** Evaluates any program (such as a synthetic one for benchmarks) with the project's name. */
export async function evaluateProgram(
    stack: string,
    config: Readonly<Record<string, string>>,
    program: () => unknown,
): Promise<Evaluation> {
    return evaluate({ project: readProject().name, stack, config, program });
}
