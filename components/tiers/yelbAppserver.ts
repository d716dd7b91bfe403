import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { TierScaling, validateScalingBounds } from "../../model/scaling";
import { TierArgs, tierServiceArgs } from "./tierService";

export interface YelbAppserverArgs extends TierArgs {
    /** CPU (and optionally request-rate) target tracking bounds and targets. */
    readonly scaling: TierScaling;
}

/**
 * yelb-appserver: the Sinatra API, published as `yelb-appserver:4567` and a client of Redis and
 * Postgres, scaled on average CPU by Application Auto Scaling.
 */
export class YelbAppserver extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;
    readonly scalingTarget: aws.appautoscaling.Target;
    readonly cpuScalingPolicy: aws.appautoscaling.Policy;
    readonly requestScalingPolicy?: aws.appautoscaling.Policy;

    constructor(name: string, args: YelbAppserverArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbAppserver", name, {}, opts);
        const { minCount, maxCount } = args.scaling;
        const outOfBounds = validateScalingBounds(args.scaling, args.desiredCount, {
            min: "scaling.minCount",
            max: "scaling.maxCount",
            desired: "desiredCount",
        });
        if (outOfBounds !== undefined) {
            throw new Error(`${name}: ${outOfBounds}`);
        }
        this.service = new ServiceConnectService(`${name}-sc`, { ...tierServiceArgs(args), autoscaled: true }, { parent: this });
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
        if (args.scaling.requestsPerTaskTarget > 0) {
            this.requestScalingPolicy = this.requestScaling(name, args);
        }
        this.registerOutputs({
            serviceName: this.service.service.name,
            scalingResourceId: this.scalingTarget.resourceId,
        });
    }

    /**
     * Scales on the Service Connect request rate per task, ahead of CPU (the AWS containers blog
     * "Proactive scaling of Amazon ECS services using Amazon ECS Service Connect metrics"):
     * requests the appserver's proxy received in a minute, divided by its running tasks.
     */
    private requestScaling(name: string, args: YelbAppserverArgs): aws.appautoscaling.Policy {
        const cluster = { name: "ClusterName", value: args.placement.clusterName };
        const service = { name: "ServiceName", value: this.service.service.name };
        const discoveryName = args.definition.contract.endpoint?.discoveryName;
        if (discoveryName === undefined) {
            throw new Error(`${name}: request-rate scaling needs the tier to publish an endpoint, whose requests it counts.`);
        }
        return new aws.appautoscaling.Policy(
            `${name}-request-scaling`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: this.scalingTarget.serviceNamespace,
                scalableDimension: this.scalingTarget.scalableDimension,
                resourceId: this.scalingTarget.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: args.scaling.requestsPerTaskTarget,
                    scaleOutCooldown: args.scaling.scaleOutCooldownSeconds ?? 60,
                    scaleInCooldown: args.scaling.scaleInCooldownSeconds ?? 300,
                    customizedMetricSpecification: {
                        metrics: [
                            {
                                id: "requests",
                                label: "Service Connect requests to the appserver",
                                returnData: false,
                                metricStat: {
                                    stat: "Sum",
                                    metric: {
                                        namespace: "AWS/ECS",
                                        metricName: "RequestCount",
                                        dimensions: [cluster, service, { name: "DiscoveryName", value: discoveryName }],
                                    },
                                },
                            },
                            {
                                id: "tasks",
                                label: "Running appserver tasks",
                                returnData: false,
                                metricStat: {
                                    stat: "Average",
                                    metric: {
                                        namespace: "ECS/ContainerInsights",
                                        metricName: "RunningTaskCount",
                                        dimensions: [cluster, service],
                                    },
                                },
                            },
                            { id: "requestsPerTask", label: "Requests per task", expression: "requests / tasks", returnData: true },
                        ],
                    },
                },
            },
            { parent: this },
        );
    }
}
