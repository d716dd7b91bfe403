/**
 * Clean destroy of a Service Connect namespace. ECS registers a Cloud Map service for each
 * discovery name and removes it some time after the ECS service is gone, so deleting the namespace
 * right after the ECS services fails with "ResourceInUse: Namespace has associated services".
 * A dynamic resource sits between the namespace and everything that uses it: on destroy it runs
 * after the ECS services are deleted and before the namespace, and empties the namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudMapAccess, CloudMapApi, accountOfArn, sdkCloudMap } from "./cloudMapSdk";
export type { CloudMapApi } from "./cloudMapSdk";

export interface DrainOptions {
    /** Give up after this long. @default 10 minutes */
    readonly timeoutMs?: number;
    /** Wait between rounds. @default 10 seconds */
    readonly pollMs?: number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    readonly log?: (message: string) => void;
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name ?? "";

/** Runs a call that ECS's own cleanup may have made moot: these "not found" errors mean it is done. */
async function unlessGone<T>(call: () => Promise<T>, gone: T): Promise<T> {
    try {
        return await call();
    } catch (error) {
        if (errorName(error) === "ServiceNotFound" || errorName(error) === "InstanceNotFound") {
            return gone;
        }
        throw error;
    }
}

/**
 * Deletes every Cloud Map service left in a namespace. Runs only after the ECS services are gone,
 * so any instance still registered is stale and is deregistered. A service or instance that ECS
 * removed meanwhile counts as done. Returns the names of the services that are gone.
 */
export async function drainNamespace(api: CloudMapApi, namespaceId: string, options: DrainOptions = {}): Promise<string[]> {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => undefined);
    const deadline = now() + (options.timeoutMs ?? 10 * 60_000);
    const deleted: string[] = [];
    for (;;) {
        const services = await api.listServices(namespaceId);
        if (services.length === 0) {
            return deleted;
        }
        for (const service of services) {
            for (const instance of await unlessGone(() => api.listInstances(service.id), [] as string[])) {
                log(`deregistering stale instance ${instance} of ${service.name}`);
                await unlessGone(() => api.deregisterInstance(service.id, instance), undefined);
            }
            try {
                await unlessGone(() => api.deleteService(service.id), undefined);
                deleted.push(service.name);
            } catch (error) {
                // Deregistration is asynchronous: the service stays in use for a while.
                if (errorName(error) !== "ResourceInUse") {
                    throw error;
                }
            }
        }
        if (now() >= deadline) {
            const left = (await api.listServices(namespaceId)).map((s) => s.name);
            if (left.length === 0) {
                return deleted;
            }
            throw new Error(
                `Cloud Map namespace ${namespaceId} still has services (${left.join(", ")}) after the drain timed out. ` +
                    `Delete them with \`aws servicediscovery delete-service --id <id>\`, then run \`pulumi destroy\` again.`,
            );
        }
        await sleep(options.pollMs ?? 10_000);
    }
}

/** What the drain keeps in state: the namespace, the timeout, and how to reach Cloud Map (never secrets). */
export interface DrainInputs extends Partial<CloudMapAccess> {
    namespaceId: string;
    namespaceArn: string;
    timeoutMinutes: number;
    /** The serialized provider code Pulumi stores with every dynamic resource. */
    __provider?: string;
}

/**
 * The drain on destroy: with credentials for a known account (an assumed role), a namespace in
 * another account is an error, never a silent "nothing to drain"; a namespace already gone is done.
 */
export async function runDrain(
    api: CloudMapApi & { readonly account?: string },
    props: Pick<DrainInputs, "namespaceId" | "namespaceArn" | "timeoutMinutes">,
    options: DrainOptions = {},
): Promise<string[]> {
    const owner = accountOfArn(props.namespaceArn);
    if (api.account !== undefined && api.account !== owner) {
        throw new Error(
            `The namespace drain reached AWS account ${api.account}, but namespace ${props.namespaceId} is in account ${owner}. ` +
                `Check the stack's aws:profile and aws:assumeRoles, then run \`pulumi destroy\` again.`,
        );
    }
    if (!(await api.namespaceExists(props.namespaceId))) {
        (options.log ?? (() => undefined))(`namespace ${props.namespaceId} is already gone; nothing to drain`);
        return [];
    }
    return drainNamespace(api, props.namespaceId, { timeoutMs: props.timeoutMinutes * 60_000, ...options });
}

const ACCESS_KEYS = ["timeoutMinutes", "region", "profile", "roleArns", "endpoint"] as const;

export const drainProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: DrainInputs) {
        return { id: `${inputs.namespaceId}-drain`, outs: inputs };
    },
    async diff(_id: string, olds: DrainInputs, news: DrainInputs) {
        // Replaced create-before-delete: the old drain empties the old namespace only after the
        // ECS services have moved to the new one, never while they still use it.
        const replaces = olds.namespaceId === news.namespaceId ? [] : ["namespaceId"];
        const changed = ACCESS_KEYS.some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
        // Destroy runs the code kept in state: a changed provider must be written there by an
        // update, or a fixed drain would never run. Unknown in a preview: undecided, not a change.
        const codeChanged =
            typeof news.__provider === "string" && news.__provider !== pulumi.runtime.unknownValue && olds.__provider !== news.__provider;
        return { changes: replaces.length > 0 || changed || codeChanged, replaces };
    },
    async update(_id: string, _olds: DrainInputs, news: DrainInputs) {
        return { outs: news };
    },
    async delete(_id: string, props: DrainInputs) {
        const region = props.region ?? props.namespaceArn.split(":")[3];
        const api = await sdkCloudMap({ ...props, region });
        await runDrain(api, props, { log: (message) => console.log(message) });
    },
};

export interface NamespaceDrainArgs {
    /** ID of the Cloud Map namespace (ns-…). */
    readonly namespaceId: pulumi.Input<string>;
    /** ARN of the namespace, passed through to the namespace's users. */
    readonly namespaceArn: pulumi.Input<string>;
    /** How long a destroy waits for ECS to release the namespace. */
    readonly timeoutMinutes: number;
    /** The stack's region, profile and roles, so the drain reaches the namespace's account. @default the namespace's region, default credentials */
    readonly access?: Omit<CloudMapAccess, "endpoint">;
}

/** The drain as a resource; its `namespaceArn` is what users of the namespace must take. */
export class NamespaceDrain extends pulumi.dynamic.Resource {
    declare readonly namespaceArn: pulumi.Output<string>;

    constructor(name: string, args: NamespaceDrainArgs, opts?: pulumi.CustomResourceOptions) {
        const { access, ...rest } = args;
        super(drainProvider, name, { ...rest, ...access }, opts, "yelb", "NamespaceDrain");
    }
}
