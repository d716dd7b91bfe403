import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ServiceConnectNamespaceArgs {
    /** Cloud Map namespace name, unique among the account's namespaces in the region. */
    readonly name: string;
    /** Description shown in Cloud Map. @default "Service Connect namespace" */
    readonly description?: string;
}

/**
 * An HTTP (API-only) Cloud Map namespace. Service Connect resolves endpoints through the Cloud Map
 * API and its proxy, so no Route 53 private zone is needed, and none is created.
 */
export class ServiceConnectNamespace extends pulumi.ComponentResource {
    readonly namespace: aws.servicediscovery.HttpNamespace;
    readonly arn: pulumi.Output<string>;
    readonly namespaceName: pulumi.Output<string>;

    constructor(name: string, args: ServiceConnectNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:serviceconnect:Namespace", name, {}, opts);
        this.namespace = new aws.servicediscovery.HttpNamespace(
            `${name}-http`,
            { name: args.name, description: args.description ?? "Service Connect namespace" },
            { parent: this },
        );
        this.arn = this.namespace.arn;
        this.namespaceName = this.namespace.name;
        this.registerOutputs({ arn: this.arn, namespaceName: this.namespaceName });
    }
}
