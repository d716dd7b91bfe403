/**
 * The harness's one adapter to what the Pulumi SDK's public mocks API does not offer. The mocks'
 * `newResource` sees a resource's type, name and inputs, but not what the engine acts on (parent,
 * dependencies, property dependencies, protect, retainOnDelete, deleteBeforeReplace), so the
 * registrations are read where the mock monitor receives them. Also here: the runtime's own
 * deserialiser (recorded inputs are exactly what a provider receives), the root Stack resource that
 * stack transformations need, waiting for outstanding registrations, and `Output.isKnown`.
 * Everything else in `harness/` uses public API only. Checked against the pinned SDK by the tests.
 */
import * as pulumi from "@pulumi/pulumi";

const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    deserializeProperties(struct: unknown): Record<string, unknown>;
    unknownValue: string;
};

/**
 * What this adapter takes from the SDK beyond its typings, by the SDK's own names: checked when the
 * adapter loads, so an SDK release that moves one fails every evaluation with this message instead
 * of recording something silently wrong.
 */
export function sdkInternalsProblems(): string[] {
    const stack = require("@pulumi/pulumi/runtime/stack") as Record<string, unknown>;
    const runtime = pulumi.runtime as unknown as Record<string, unknown>;
    const expected: [string, unknown, string][] = [
        ["runtime/rpc.deserializeProperties", rpc.deserializeProperties, "function"],
        ["runtime/rpc.unknownValue", rpc.unknownValue, "string"],
        ["runtime/stack.runInPulumiStack", stack.runInPulumiStack, "function"],
        ["runtime.waitForRPCs", runtime.waitForRPCs, "function"],
        ["runtime.getMonitor", runtime.getMonitor, "function"],
    ];
    return expected
        .filter(([, value, type]) => typeof value !== type)
        .map(
            ([name, value, type]) =>
                `@pulumi/pulumi's ${name} is ${typeof value}, not a ${type}: update harness/pulumiInternals.ts for this SDK.`,
        );
}

const problems = sdkInternalsProblems();
if (problems.length > 0) {
    throw new Error(problems.join("\n"));
}

/**
 * An unknown value as the engine sends it to providers and policy packs: the sentinel string
 * that `@pulumi/policy`'s unknown-checking proxy recognises.
 */
export const UNKNOWN = rpc.unknownValue;

export interface RegisteredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for provider resources, false for components. */
    readonly custom: boolean;
    /** True for remote (multi-language) components such as awsx's. */
    readonly remote: boolean;
    readonly parent?: string;
    /** The URN of the provider a custom resource is created with; undefined for the default provider. */
    readonly provider?: string;
    /** The providers a component hands its children, by package (`aws`), as URNs. */
    readonly providers: Readonly<Record<string, string>>;
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

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getProvidersMap(): { forEach(callback: (value: string, key: string) => void): void };
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

/** The engine's URN of a provider reference (`<urn>::<id>`). */
export function providerUrn(reference: string): string {
    return engineUrn(reference.slice(0, reference.lastIndexOf("::")));
}

function providersOf(req: RegisterRequest): Record<string, string> {
    const result: Record<string, string> = {};
    req.getProvidersMap().forEach((reference, pkg) => {
        result[pkg] = providerUrn(reference);
    });
    return result;
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        result[key] = value.getUrnsList().map(engineUrn);
    });
    return result;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The mock monitor names a resource under the root stack `…::pulumi:pulumi:Stack$<type>::<name>`;
 * the engine leaves the root stack's type out of its children's URNs. Recorded URNs are the engine's.
 */
export function engineUrn(urn: string): string {
    return urn.replace(`::${ROOT_STACK_TYPE}$`, "::");
}

/**
 * Calls `record` with every registration the current mock monitor accepts, as the engine sees it.
 * The root stack is implicit, as at the root of `pulumi preview`'s tree: it is not recorded, and
 * the resources directly under it are recorded without a parent.
 */
export function onRegistration(record: (resource: RegisteredResource) => void): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: Callback) =>
        register(req, (err, response) => {
            if ((err === null || err === undefined) && req.getType() !== ROOT_STACK_TYPE) {
                record({
                    urn: engineUrn(response!.getUrn()),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    remote: req.getRemote(),
                    parent:
                        req.getParent() === "" || req.getParent().includes(`::${ROOT_STACK_TYPE}::`)
                            ? undefined
                            : engineUrn(req.getParent()),
                    provider: req.getProvider() === "" ? undefined : providerUrn(req.getProvider()),
                    providers: providersOf(req),
                    dependencies: [...new Set(req.getDependenciesList().map(engineUrn))],
                    propertyDependencies: propertyDependencies(req),
                    inputs: recorded(req.getObject()),
                    outputs: recorded(response!.getObject()),
                    options: {
                        ignoreChanges: req.getIgnorechangesList(),
                        protect: req.getProtect() === true,
                        retainOnDelete: req.getRetainondelete() === true,
                        deleteBeforeReplace: req.getDeletebeforereplace(),
                        deletedWith: req.getDeletedwith() === "" ? undefined : engineUrn(req.getDeletedwith()),
                    },
                });
            }
            callback(err, response);
        });
}

/** Runs a program inside a root Stack resource, which stack transformations need. */
export async function runInStack(program: () => unknown): Promise<unknown> {
    const stack = require("@pulumi/pulumi/runtime/stack") as { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> };
    return stack.runInPulumiStack(async () => program());
}

/** Waits for every outstanding registration (exported at run time, but not in the typings). */
export function waitForRPCs(): Promise<void> {
    return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** Whether an output's value is known (false for a computed value in a preview); not in the typings. */
export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}
