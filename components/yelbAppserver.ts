import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "./serviceConnectService";
import { YELB_CONTRACTS } from "./yelbContracts";
import { YelbTierArgs, checkUpstreams, contractServiceArgs } from "./yelbTier";

export interface AppserverScaling {
    /** Fewest tasks the autoscaler keeps. */
    readonly minCount: number;
    /** Most tasks the autoscaler starts. */
    readonly maxCount: number;
    /** Average service CPU utilisation (percent) to hold. */
    readonly cpuTargetPercent: number;
    /** Seconds between scale-out steps. @default 60 */
    readonly scaleOutCooldownSeconds?: number;
    /** Seconds between scale-in steps. @default 300 */
    readonly scaleInCooldownSeconds?: number;
}

export interface YelbAppserverArgs extends YelbTierArgs {
    /** The Redis tier's service; the appserver dials it as `redis-server:6379`. */
    readonly redis: ServiceConnectService;
    /** The database tier's service; the appserver dials it as `yelb-db:5432`. */
    readonly db: ServiceConnectService;
    /** CPU target tracking bounds and target. */
    readonly scaling: AppserverScaling;
}

/**
 * yelb-appserver: the Sinatra API, published as `yelb-appserver:4567` and a client of Redis and
 * Postgres, scaled on average CPU by Application Auto Scaling.
 */
export class YelbAppserver extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;
    readonly scalingTarget: aws.appautoscaling.Target;
    readonly cpuScalingPolicy: aws.appautoscaling.Policy;

    constructor(name: string, args: YelbAppserverArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbAppserver", name, {}, opts);
        const { minCount, maxCount } = args.scaling;
        if (minCount > maxCount || args.desiredCount < minCount || args.desiredCount > maxCount) {
            throw new Error(
                `${name}: desired count ${args.desiredCount} must lie within the scaling range ${minCount}..${maxCount}, and min ≤ max.`,
            );
        }
        const contract = YELB_CONTRACTS.appserver;
        const upstreams = [args.redis, args.db];
        checkUpstreams("appserver", contract, upstreams);

        this.service = new ServiceConnectService(
            `${name}-sc`,
            { ...contractServiceArgs("appserver", contract, args), upstreams, autoscaled: true },
            { parent: this },
        );

        this.scalingTarget = new aws.appautoscaling.Target(
            `${name}-scaling-target`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.placement.clusterName}/${this.service.service.name}`,
                minCapacity: minCount,
                maxCapacity: maxCount,
            },
            { parent: this },
        );
        this.cpuScalingPolicy = new aws.appautoscaling.Policy(
            `${name}-cpu-scaling`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: this.scalingTarget.serviceNamespace,
                scalableDimension: this.scalingTarget.scalableDimension,
                resourceId: this.scalingTarget.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                    targetValue: args.scaling.cpuTargetPercent,
                    scaleOutCooldown: args.scaling.scaleOutCooldownSeconds ?? 60,
                    scaleInCooldown: args.scaling.scaleInCooldownSeconds ?? 300,
                },
            },
            { parent: this },
        );
        this.registerOutputs({
            serviceName: this.service.service.name,
            scalingResourceId: this.scalingTarget.resourceId,
        });
    }
}
