/**
 * Runs a Pulumi program in process under Pulumi's runtime mocks and records every registration
 * the way the engine would see it: type, name, URN, parent, dependencies, inputs and outputs.
 * Tests, the offline plan and the policy checks all evaluate the program through this module.
 */
import * as pulumi from "@pulumi/pulumi";
import { firstPreviewState, mockCall, mockResourceState } from "./mockState";
import type { View } from "./views";

export { VIEWS } from "./views";
export type { View } from "./views";

// The runtime's own (de)serialiser, so recorded inputs are exactly what a provider would receive.

const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    deserializeProperties(struct: unknown): Record<string, unknown>;
    unknownValue: string;
};

/**
 * An unknown value as the engine sends it to providers and policy packs: the sentinel string
 * that `@pulumi/policy`'s unknown-checking proxy recognises.
 */
export const UNKNOWN = rpc.unknownValue;

/** Replaces the runtime's unknown markers in deserialised properties by the wire sentinel. */
function withUnknownSentinels(value: unknown): unknown {
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(withUnknownSentinels);
    }
    // Plain objects only: a resource reference or an asset is kept as the runtime made it.
    if (value !== null && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withUnknownSentinels(inner)]));
    }
    return value;
}

function recorded(struct: unknown): Record<string, unknown> {
    return withUnknownSentinels(rpc.deserializeProperties(struct)) as Record<string, unknown>;
}

export interface RegisteredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for provider resources, false for components. */
    readonly custom: boolean;
    /** True for remote (multi-language) components such as awsx's. */
    readonly remote: boolean;
    readonly parent?: string;
    /** URNs this resource waits for: explicit `dependsOn` and those implied by its inputs. */
    readonly dependencies: readonly string[];
    /** For each input property, the URNs it takes values from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    /** The resource options the engine would act on. */
    readonly options: {
        readonly ignoreChanges: readonly string[];
        readonly protect: boolean;
        readonly retainOnDelete: boolean;
        readonly deleteBeforeReplace: boolean;
        readonly deletedWith?: string;
    };
}

export interface Evaluation {
    readonly project: string;
    readonly stack: string;
    /** The configuration the program ran with. */
    readonly config: Readonly<Record<string, string>>;
    readonly resources: readonly RegisteredResource[];
    /** The program's exports, resolved. */
    readonly outputs: Record<string, unknown>;
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

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getDependenciesList(): string[];
    getObject(): unknown;
    getIgnorechangesList(): string[];
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getDeletedwith(): string;
    getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): unknown;
}
type Callback = (err: unknown, response?: RegisterResponse) => void;

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        result[key] = value.getUrnsList();
    });
    return result;
}

/**
 * Pulumi records a stack trace for every promise it creates; under ts-node each one is mapped
 * back to TypeScript by source-map-support, which made evaluation three times slower (measured:
 * 10.2 s against 3.3 s for 1,100 resources). The plan and the benchmark keep V8's plain traces.
 */
export function useUnmappedStackTraces(): void {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
}

/** Runs a program inside a root Stack resource, which stack transformations need. */
async function runInStack(program: () => unknown): Promise<unknown> {
    const stack = require("@pulumi/pulumi/runtime/stack") as { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> };
    return stack.runInPulumiStack(async () => program());
}

/** Resolves every Output in a value, deeply; an unknown one (in a preview) becomes `UNKNOWN`. */
export async function resolveValue(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // `apply` never calls back on an unknown output, so ask first (`isKnown` is not in the typings).
        if (!(await (value as unknown as { isKnown: Promise<boolean> }).isKnown)) {
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
    const warnings: string[] = [];
    const region = options.config["aws:region"] ?? "us-east-1";
    const firstPreview = (options.view ?? "update") === "first-preview";

    await pulumi.runtime.setMocks(
        {
            newResource: (args) => (firstPreview ? firstPreviewState(args, region) : mockResourceState(args, region)),
            // Provider functions run in a preview too, so their results are known in both views.
            call: (args) => mockCall(args, region),
        },
        options.project,
        options.stack,
        firstPreview,
    );
    pulumi.runtime.setAllConfig({ ...options.config });

    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: Callback) =>
        register(req, (err, response) => {
            if (err === null || err === undefined) {
                resources.push({
                    urn: response!.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    remote: req.getRemote(),
                    parent: req.getParent() === "" ? undefined : req.getParent(),
                    dependencies: [...new Set(req.getDependenciesList())],
                    propertyDependencies: propertyDependencies(req),
                    inputs: recorded(req.getObject()),
                    outputs: recorded(response!.getObject()),
                    options: {
                        ignoreChanges: req.getIgnorechangesList(),
                        protect: req.getProtect() === true,
                        retainOnDelete: req.getRetainondelete() === true,
                        deleteBeforeReplace: req.getDeletebeforereplace(),
                        deletedWith: req.getDeletedwith() === "" ? undefined : req.getDeletedwith(),
                    },
                });
            }
            callback(err, response);
        });

    const log = pulumi.log.warn;
    pulumi.log.warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };
    try {
        const transformations = options.transformations ?? [];
        const exports =
            transformations.length === 0
                ? await options.program()
                : await runInStack(() => {
                      transformations.forEach((t) => pulumi.runtime.registerStackTransformation(t));
                      return options.program();
                  });
        const outputs = (await resolveValue(exports ?? {})) as Record<string, unknown>;
        // Exported at run time but not in the typings: waits for every outstanding registration.
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        return {
            project: options.project,
            stack: options.stack,
            config: options.config,
            resources,
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
