/**
 * What every tier component shares: where tiers run, the settings each tier takes, and the
 * `ServiceConnectService` arguments a tier's table entry implies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logGroupName, taskFamily } from "../../model/naming";
import { TierDefinition } from "../../model/tiers";
export type { TierSettings } from "../../model/tierSettings";
import { TierSettings } from "../../model/tierSettings";
import { ServiceConnectService, ServiceConnectServiceArgs } from "../ecs/serviceConnectService";

/** Where the tiers run and how they log: the stack-wide part of `ServiceConnectServiceArgs`. */
export type TierPlacement = Pick<
    ServiceConnectServiceArgs,
    | "clusterArn"
    | "namespaceArn"
    | "vpcId"
    | "subnetIds"
    | "region"
    | "logRetentionDays"
    | "platformVersion"
    | "assignPublicIp"
    | "accessLogs"
    | "rolePath"
    | "roleBoundaryArn"
    | "customTimeouts"
    | "startAfter"
    | "autoscaled"
> & {
    /** Name of the ECS cluster, for autoscaling resource IDs. */
    readonly clusterName: pulumi.Input<string>;
    /** Prefix of task definition families and log group names, unique per stack. */
    readonly namePrefix: string;
};

/** Arguments every Yelb tier component takes. */
export interface TierArgs extends TierSettings {
    /** The tier's name in the tier table, such as "redis". */
    readonly tier: string;
    /** The tier's entry in the tier table. */
    readonly definition: TierDefinition;
    /** Cluster, namespace, network and naming shared by the tiers. */
    readonly placement: TierPlacement;
    /** The services of the tiers this one calls, by tier name. @default {} */
    readonly upstreams?: Readonly<Record<string, ServiceConnectService>>;
}

/** What the stack uses of every tier component. */
export interface TierComponent extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;
    /** The tier's own scalable target, when it scales itself. @default none */
    readonly scalingTarget?: aws.appautoscaling.Target;
    /** The public address, for the entry tier. @default none */
    readonly url?: pulumi.Output<string>;
}

/**
 * The `ServiceConnectService` arguments a tier's table entry implies: its named port, the
 * endpoint it publishes (if any), the environment and health check the image supports, its
 * upstreams, and in-place replacement for a single store.
 */
export function tierServiceArgs(args: TierArgs): ServiceConnectServiceArgs {
    const { tier, definition, placement } = args;
    const contract = definition.contract;
    const { clusterName: _clusterName, namePrefix, ...where } = placement;
    return {
        ...where,
        family: taskFamily(namePrefix, tier),
        logGroupName: logGroupName(namePrefix, tier),
        containerName: contract.portName,
        image: args.image,
        pullThroughCache: args.pullThroughCache,
        capacityProviderStrategy: args.capacityProviderStrategy,
        sizing: args.sizing,
        desiredCount: args.desiredCount,
        port: { name: contract.portName, containerPort: contract.containerPort, appProtocol: contract.appProtocol },
        endpoint: contract.endpoint,
        environment: contract.environment,
        healthCheckCommand: contract.healthCheckCommand,
        upstreams: checkUpstreams(args),
        // A single store is replaced in place, so two copies never count or write apart: tasks stop
        // before new ones start (two Postgres servers on one PGDATA on EFS would corrupt it).
        ...(definition.singleStore ? { minimumHealthyPercent: 0, maximumPercent: 100 } : {}),
        // A replaced service is deleted before its successor is created when it is a single store,
        // and when it publishes an endpoint: a discovery name "must be unique within the Cloud Map
        // namespace" (ECS's ServiceConnectService), so the successor could not be created beside it.
        deleteBeforeReplace: definition.singleStore === true || contract.endpoint !== undefined,
    };
}

/**
 * The upstream services in the order the image dials them, checked against the contract: a wiring
 * mistake fails at preview rather than as connection errors in the running app.
 */
export function checkUpstreams(args: Pick<TierArgs, "tier" | "definition" | "upstreams">): ServiceConnectService[] {
    const given = args.upstreams ?? {};
    const services = [...new Set(args.definition.contract.dials.map((dial) => dial.tier))].map((tier) => given[tier]);
    const published = Object.values(given).map((upstream) => `${upstream.endpoint?.dnsName}:${upstream.endpoint?.port}`);
    for (const dial of args.definition.contract.dials) {
        const wanted = `${dial.host}:${dial.port}`;
        if (given[dial.tier] === undefined || !published.includes(wanted)) {
            throw new Error(
                `${args.tier}: the image dials ${wanted} (${dial.tier}), but no upstream publishes it ` +
                    `(upstreams publish: ${published.join(", ") || "nothing"}). Pass the ${dial.tier} tier's service.`,
            );
        }
    }
    return services;
}
