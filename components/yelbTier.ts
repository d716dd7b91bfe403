import * as pulumi from "@pulumi/pulumi";
import { TaskSizing } from "./fargate";
import { ServiceConnectService, ServiceConnectServiceArgs } from "./serviceConnectService";
import { TierContract } from "./yelbContracts";

/** Where a tier runs: the same for all four tiers. */
export interface TierPlacement {
    /** ARN of the ECS cluster. */
    readonly clusterArn: pulumi.Input<string>;
    /** Name of the ECS cluster, for autoscaling resource IDs. */
    readonly clusterName: pulumi.Input<string>;
    /** ARN of the Service Connect namespace. */
    readonly namespaceArn: pulumi.Input<string>;
    /** VPC of the task security groups. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets for the tasks. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Region, for the log configuration. */
    readonly region: string;
    /** Prefix of task definition families and log group names, unique per stack. */
    readonly namePrefix: string;
    /** Log retention in days. @default 14 */
    readonly logRetentionDays?: number;
    /** Fargate platform version. @default "LATEST" */
    readonly platformVersion?: string;
    /** Give tasks public IPs. @default false */
    readonly assignPublicIp?: boolean;
    /** Service Connect proxy access logs in JSON. @default false */
    readonly accessLogs?: boolean;
}

/** Arguments every Yelb tier component takes. */
export interface YelbTierArgs {
    /** Cluster, namespace, network and naming shared by the tiers. */
    readonly placement: TierPlacement;
    /** Container image; the stock image by default in stack config. */
    readonly image: string;
    /** Task CPU and memory, and the proxy's share. */
    readonly sizing: TaskSizing;
    /** Tasks to run. */
    readonly desiredCount: number;
}

/**
 * The `ServiceConnectService` arguments a tier's contract implies: its named port, the endpoint
 * it publishes (if any), the environment and health check the image supports.
 */
export function contractServiceArgs(tier: string, contract: TierContract, args: YelbTierArgs): ServiceConnectServiceArgs {
    const placement = args.placement;
    return {
        clusterArn: placement.clusterArn,
        namespaceArn: placement.namespaceArn,
        vpcId: placement.vpcId,
        subnetIds: placement.subnetIds,
        region: placement.region,
        family: `${placement.namePrefix}-${tier}`,
        logGroupName: `/ecs/${placement.namePrefix}/${tier}`,
        logRetentionDays: placement.logRetentionDays,
        platformVersion: placement.platformVersion,
        assignPublicIp: placement.assignPublicIp,
        accessLogs: placement.accessLogs,
        containerName: contract.portName,
        image: args.image,
        sizing: args.sizing,
        desiredCount: args.desiredCount,
        port: { name: contract.portName, containerPort: contract.containerPort, appProtocol: contract.appProtocol },
        endpoint: contract.endpoint,
        environment: contract.environment,
        healthCheckCommand: contract.healthCheckCommand,
    };
}

/**
 * Checks that the upstreams given to a tier publish exactly the endpoints its image dials, so a
 * wiring mistake fails at preview rather than as connection errors in the running app.
 */
export function checkUpstreams(tier: string, contract: TierContract, upstreams: readonly ServiceConnectService[]): void {
    const published = upstreams.map((upstream) => `${upstream.endpoint?.dnsName}:${upstream.endpoint?.port}`);
    for (const dial of contract.dials) {
        const wanted = `${dial.host}:${dial.port}`;
        if (!published.includes(wanted)) {
            throw new Error(
                `${tier}: the image dials ${wanted} (${dial.tier}), but no upstream publishes it ` +
                    `(upstreams publish: ${published.join(", ") || "nothing"}). Pass the ${dial.tier} tier's service.`,
            );
        }
    }
}
