/**
 * What the acceptance run needs from the Pulumi Automation API, as an interface: the real one is
 * `pulumiWorkspace.ts` (LocalWorkspace, the user's Pulumi CLI), the tests use a fake.
 */

export interface OperationOptions {
    /** Local policy packs enforced during the operation (`--policy-pack`). */
    readonly policyPacks: readonly string[];
    /** Called with the CLI's output as it streams. */
    readonly onOutput: (text: string) => void;
}

/** A resource as the stack's state records it (`pulumi stack export`). */
export interface StateResource {
    readonly type: string;
    readonly urn: string;
    readonly id?: string;
    readonly outputs?: Readonly<Record<string, unknown>>;
    readonly retainOnDelete?: boolean;
}

export interface AcceptanceStack {
    /** The name as given to the workspace (`org/name` or `name`). */
    readonly name: string;
    setAllConfig(config: Readonly<Record<string, string>>): Promise<void>;
    preview(options: OperationOptions): Promise<void>;
    up(options: OperationOptions): Promise<void>;
    /** The stack outputs, unwrapped from `{ value, secret }`. */
    outputs(): Promise<Record<string, unknown>>;
    /** The resources in the stack's state. */
    resources(): Promise<StateResource[]>;
    destroy(options: Pick<OperationOptions, "onOutput">): Promise<void>;
}

export interface AcceptanceWorkspace {
    createOrSelectStack(stackName: string): Promise<AcceptanceStack>;
    removeStack(stackName: string): Promise<void>;
}

/** `Stack.setAllConfig` takes `{ value, secret }`; none of this project's settings is a secret. */
export function toConfigMap(config: Readonly<Record<string, string>>): Record<string, { value: string; secret: boolean }> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value, secret: false }]));
}

/** `Stack.outputs()` gives `{ key: { value, secret } }`. */
export function unwrapOutputs(outputs: Readonly<Record<string, { value: unknown; secret?: boolean }>>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
}

/** The resources of an exported deployment (`Deployment.deployment.resources`, schema v3). */
export function stateResources(deployment: unknown): StateResource[] {
    const resources = (deployment as { resources?: unknown } | undefined)?.resources;
    if (!Array.isArray(resources)) {
        return [];
    }
    return resources
        .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null && typeof r.type === "string")
        .map((r) => ({
            type: r.type as string,
            urn: String(r.urn ?? ""),
            id: typeof r.id === "string" && r.id !== "" ? r.id : undefined,
            outputs: (r.outputs ?? {}) as Record<string, unknown>,
            retainOnDelete: r.retainOnDelete === true,
        }));
}

/**
 * The Automation API's CommandError message holds the whole stdout and stderr, which were already
 * streamed; keep the last lines of stderr (where the CLI puts the cause), or the first line.
 */
export function summarizeError(error: unknown, maxLines = 4): string {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = /\bstderr:\s*([\s\S]*?)(?:\n\s*err\?:|$)/.exec(message)?.[1];
    const lines = (stderr ?? message)
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
    if (lines.length === 0) {
        return message.split("\n")[0] ?? message;
    }
    return stderr === undefined ? lines[0] : lines.slice(-maxLines).join(" | ");
}
