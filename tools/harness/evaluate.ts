/**
 * Runs a Pulumi program in process under Pulumi's runtime mocks and records every registration
 * the way the engine would see it: type, name, URN, parent, dependencies, inputs and outputs.
 * The offline plan, the tests and the policy checks all evaluate the program through this module.
 * It uses the SDK's public mocks API; what that API does not offer comes through
 * `pulumiInternals.ts`, the one place that touches the SDK's internals.
 */
import * as pulumi from "@pulumi/pulumi";
import { firstPreviewState, mockCall, mockResourceState } from "./mockState";
import { UNKNOWN, isKnown, onRegistration, providerUrn, runInStack, waitForRPCs } from "./pulumiInternals";
import type { RegisteredResource } from "./pulumiInternals";
import type { View } from "./views";

export { UNKNOWN } from "./pulumiInternals";

export type { RegisteredResource } from "./pulumiInternals";

export { VIEWS } from "./views";
export type { View } from "./views";

export interface Evaluation {
    readonly project: string;
    readonly stack: string;
    /** The configuration the program ran with. */
    readonly config: Readonly<Record<string, string>>;
    readonly resources: readonly RegisteredResource[];
    /** The program's exports, resolved. */
    readonly outputs: Record<string, unknown>;
    /** The provider functions the program called, with the URN of the provider each went to (none: the default). */
    readonly invokes: readonly { readonly token: string; readonly provider?: string }[];
    /** Messages the program logged with `pulumi.log.warn`. */
    readonly warnings: readonly string[];
    /** What the engine knew: unknown values are `UNKNOWN` in the first-preview view. @default "update" */
    readonly view?: View;
}

export interface EvaluateOptions {
    readonly project: string;
    readonly stack: string;
    /** Fully qualified config (`yelb:uiCpu`, `aws:region`) as the CLI would pass it. */
    readonly config: Readonly<Record<string, string>>;
    /** The program: returns its exports, or a promise of them. */
    readonly program: () => unknown;
    /**
     * Stack transformations applied to every resource, as `pulumi.runtime.registerStackTransformation`
     * would; used to derive deliberately broken variants of the real program. @default []
     */
    readonly transformations?: readonly pulumi.ResourceTransformation[];
    /** What the engine knows while the program runs. @default "update" */
    readonly view?: View;
}

/** Resolves every Output in a value, deeply; an unknown one (in a preview) becomes `UNKNOWN`. */
export async function resolveValue(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // `apply` never calls back on an unknown output, so ask first.
        if (!(await isKnown(value as pulumi.Output<unknown>))) {
            return UNKNOWN;
        }
        return resolveValue(await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve)));
    }
    if (value instanceof Promise) {
        return resolveValue(await value);
    }
    if (pulumi.Resource.isInstance(value)) {
        return { urn: await resolveValue((value as pulumi.Resource).urn) };
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(resolveValue));
    }
    if (value !== null && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([key, inner]) => [key, await resolveValue(inner)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/** Evaluates a program under mocks and returns what it registered. Errors thrown by the program propagate. */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
    const resources: RegisteredResource[] = [];
    const invokes: { token: string; provider?: string }[] = [];
    const warnings: string[] = [];
    const region = options.config["aws:region"] ?? "us-east-1";
    const firstPreview = (options.view ?? "update") === "first-preview";

    await pulumi.runtime.setMocks(
        {
            newResource: (args) => (firstPreview ? firstPreviewState(args, region) : mockResourceState(args, region)),
            // Provider functions run in a preview too, so their results are known in both views.
            call: (args) => {
                invokes.push({ token: args.token, provider: args.provider === undefined ? undefined : providerUrn(args.provider) });
                return mockCall(args, region, options.config);
            },
        },
        options.project,
        options.stack,
        firstPreview,
    );
    pulumi.runtime.setAllConfig({ ...options.config });

    onRegistration((resource) => resources.push(resource));

    const log = pulumi.log.warn;
    pulumi.log.warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };
    // As Pulumi's language host does: an error nothing awaits (a rejected dependency of a
    // registration, a throwing apply) fails the run, with a RunError's message as the reason.
    let failRun: (error: unknown) => void = () => undefined;
    const runFailed = new Promise<never>((_, reject) => (failRun = reject));
    process.on("unhandledRejection", failRun);
    try {
        const run = async () => {
            const transformations = options.transformations ?? [];
            // Inside a root Stack resource, as the Pulumi CLI runs every program: the program's own
            // stack transformations (the stack tags) need one.
            // The program's own exports, not the root stack's massaged copy (which drops unknowns).
            let exports: unknown;
            await runInStack(async () => {
                transformations.forEach((t) => pulumi.runtime.registerStackTransformation(t));
                exports = await options.program();
                return exports;
            });
            const resolved = (await resolveValue(exports ?? {})) as Record<string, unknown>;
            await waitForRPCs();
            return resolved;
        };
        const outputs = await Promise.race([run(), runFailed]);
        return {
            project: options.project,
            stack: options.stack,
            config: options.config,
            resources,
            invokes,
            outputs,
            warnings,
            view: options.view ?? "update",
        };
    } catch (error) {
        // Lets callers prove that bad input failed before anything would have reached AWS.
        if (error instanceof Error) {
            Object.assign(error, { registeredBeforeError: resources.length });
        }
        throw error;
    } finally {
        process.off("unhandledRejection", failRun);
        pulumi.log.warn = log;
    }
}

/** The resources of one type, in registration order. */
export function ofType(evaluation: Evaluation, type: string): RegisteredResource[] {
    return evaluation.resources.filter((resource) => resource.type === type);
}

/** The one resource with this type and name; throws when there is not exactly one. */
export function named(evaluation: Evaluation, type: string, name: string): RegisteredResource {
    const found = evaluation.resources.filter((resource) => resource.type === type && resource.name === name);
    if (found.length !== 1) {
        const names = ofType(evaluation, type).map((resource) => resource.name);
        throw new Error(`expected one ${type} named ${name}, found ${found.length} (have: ${names.join(", ")})`);
    }
    return found[0];
}
