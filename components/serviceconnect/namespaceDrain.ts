/**
 * Clean destroy of a Service Connect namespace. ECS registers a Cloud Map service for each
 * discovery name and removes it some time after the ECS service is gone, so deleting the namespace
 * right after the ECS services fails with "ResourceInUse: Namespace has associated services".
 * A dynamic resource sits between the namespace and everything that uses it: on destroy it runs
 * after the ECS services are deleted and before the namespace, and empties the namespace.
 */
import * as pulumi from "@pulumi/pulumi";

/** The Cloud Map calls the drain needs; the AWS SDK in production, a fake in tests. */
export interface CloudMapApi {
    listServices(namespaceId: string): Promise<{ id: string; name: string }[]>;
    listInstances(serviceId: string): Promise<string[]>;
    deregisterInstance(serviceId: string, instanceId: string): Promise<void>;
    /** Deletes a service; rejects with an error named "ResourceInUse" while instances remain. */
    deleteService(serviceId: string): Promise<void>;
}

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

/**
 * Deletes every Cloud Map service left in a namespace. Runs only after the ECS services are gone,
 * so any instance still registered is stale and is deregistered. Returns the deleted service names.
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
            for (const instance of await api.listInstances(service.id)) {
                log(`deregistering stale instance ${instance} of ${service.name}`);
                await api.deregisterInstance(service.id, instance);
            }
            try {
                await api.deleteService(service.id);
                deleted.push(service.name);
            } catch (error) {
                // Deregistration is asynchronous: the service stays in use for a while.
                if (errorName(error) !== "ResourceInUse" && errorName(error) !== "ServiceNotFound") {
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

/** The Cloud Map API through the AWS SDK, for the region of the namespace. */
async function sdkCloudMap(region: string): Promise<CloudMapApi> {
    const sdk = await import("@aws-sdk/client-servicediscovery");
    const client = new sdk.ServiceDiscoveryClient({ region });
    return {
        listServices: async (namespaceId) => {
            const services: { id: string; name: string }[] = [];
            const filters = [{ Name: "NAMESPACE_ID" as const, Values: [namespaceId], Condition: "EQ" as const }];
            for await (const page of sdk.paginateListServices({ client }, { Filters: filters })) {
                services.push(...(page.Services ?? []).map((s) => ({ id: s.Id!, name: s.Name ?? s.Id! })));
            }
            return services;
        },
        listInstances: async (serviceId) => {
            const instances: string[] = [];
            for await (const page of sdk.paginateListInstances({ client }, { ServiceId: serviceId })) {
                instances.push(...(page.Instances ?? []).map((i) => i.Id!));
            }
            return instances;
        },
        deregisterInstance: async (serviceId, instanceId) => {
            await client.send(new sdk.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: instanceId }));
        },
        deleteService: async (serviceId) => {
            await client.send(new sdk.DeleteServiceCommand({ Id: serviceId }));
        },
    };
}

interface DrainInputs {
    namespaceId: string;
    namespaceArn: string;
    timeoutMinutes: number;
}

export const drainProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: DrainInputs) {
        return { id: `${inputs.namespaceId}-drain`, outs: inputs };
    },
    async diff(_id: string, olds: DrainInputs, news: DrainInputs) {
        // Replaced create-before-delete: the old drain empties the old namespace only after the
        // ECS services have moved to the new one, never while they still use it.
        const replaces = olds.namespaceId === news.namespaceId ? [] : ["namespaceId"];
        return { changes: replaces.length > 0 || olds.timeoutMinutes !== news.timeoutMinutes, replaces };
    },
    async update(_id: string, _olds: DrainInputs, news: DrainInputs) {
        return { outs: news };
    },
    async delete(_id: string, props: DrainInputs) {
        const region = props.namespaceArn.split(":")[3];
        const api = await sdkCloudMap(region);
        await drainNamespace(api, props.namespaceId, { timeoutMs: props.timeoutMinutes * 60_000 });
    },
};

export interface NamespaceDrainArgs {
    /** ID of the Cloud Map namespace (ns-…). */
    readonly namespaceId: pulumi.Input<string>;
    /** ARN of the namespace, passed through to the namespace's users. */
    readonly namespaceArn: pulumi.Input<string>;
    /** How long a destroy waits for ECS to release the namespace. */
    readonly timeoutMinutes: number;
}

/** The drain as a resource; its `namespaceArn` is what users of the namespace must take. */
export class NamespaceDrain extends pulumi.dynamic.Resource {
    declare readonly namespaceArn: pulumi.Output<string>;

    constructor(name: string, args: NamespaceDrainArgs, opts?: pulumi.CustomResourceOptions) {
        super(drainProvider, name, { ...args }, opts, "yelb", "NamespaceDrain");
    }
}
