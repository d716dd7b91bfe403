import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FARGATE_CAPACITY_PROVIDERS, ON_DEMAND_STRATEGY } from "../../model/capacityProviders";

export interface ClusterArgs {
    /** ARN of the default Service Connect namespace. By ARN: a name ECS cannot find is created anew. */
    readonly namespaceArn: pulumi.Input<string>;
    /** Container Insights level. */
    readonly containerInsights: "enabled" | "enhanced" | "disabled";
}

/**
 * The ECS cluster, with Container Insights, the namespace as its Service Connect default, and the
 * Fargate capacity providers that every service's strategy names (`fargatePlacement`).
 */
export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly arn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** The cluster's capacity providers: services, which name them, start after it. */
    readonly capacityProviders: aws.ecs.ClusterCapacityProviders;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ecs:Cluster", name, {}, opts);
        this.cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                settings: [{ name: "containerInsights", value: args.containerInsights }],
                serviceConnectDefaults: { namespace: args.namespaceArn },
            },
            { parent: this },
        );
        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity-providers`,
            {
                clusterName: this.cluster.name,
                capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
                defaultCapacityProviderStrategies: ON_DEMAND_STRATEGY.map((strategy) => ({ ...strategy })),
            },
            { parent: this },
        );
        this.arn = this.cluster.arn;
        this.clusterName = this.cluster.name;
        this.registerOutputs({ arn: this.arn, clusterName: this.clusterName });
    }
}
