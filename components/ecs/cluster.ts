import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ClusterArgs {
    /** ARN of the default Service Connect namespace. By ARN: a name ECS cannot find is created anew. */
    readonly namespaceArn: pulumi.Input<string>;
    /** Container Insights level. */
    readonly containerInsights: "enabled" | "enhanced" | "disabled";
}

/** The ECS cluster, with Container Insights and the namespace as its Service Connect default. */
export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly arn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;

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
        this.arn = this.cluster.arn;
        this.clusterName = this.cluster.name;
        this.registerOutputs({ arn: this.arn, clusterName: this.clusterName });
    }
}
