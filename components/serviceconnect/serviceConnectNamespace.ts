import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NamespaceDrain } from "./namespaceDrain";

export interface ServiceConnectNamespaceArgs {
    /** Cloud Map namespace name, unique among the account's namespaces in the region. */
    readonly name: string;
    /** Description shown in Cloud Map. @default "Service Connect namespace" */
    readonly description?: string;
    /** How long `pulumi destroy` waits for ECS to release the namespace. */
    readonly drainTimeoutMinutes: number;
}

/**
 * An HTTP (API-only) Cloud Map namespace. Service Connect resolves endpoints through the Cloud Map
 * API and its proxy, so no Route 53 private zone is needed, and none is created.
 *
 * `arn` comes through a drain resource, so everything that uses the namespace depends on the
 * drain: on destroy, ECS services go first, the drain empties the namespace of the Cloud Map
 * services ECS left behind, and only then is the namespace deleted.
 */
export class ServiceConnectNamespace extends pulumi.ComponentResource {
    readonly namespace: aws.servicediscovery.HttpNamespace;
    readonly drain: NamespaceDrain;
    readonly arn: pulumi.Output<string>;
    readonly namespaceName: pulumi.Output<string>;

    constructor(name: string, args: ServiceConnectNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:serviceconnect:Namespace", name, {}, opts);
        this.namespace = new aws.servicediscovery.HttpNamespace(
            `${name}-http`,
            { name: args.name, description: args.description ?? "Service Connect namespace" },
            { parent: this },
        );
        this.drain = new NamespaceDrain(
            `${name}-drain`,
            { namespaceId: this.namespace.id, namespaceArn: this.namespace.arn, timeoutMinutes: args.drainTimeoutMinutes },
            { parent: this },
        );
        this.arn = this.drain.namespaceArn;
        this.namespaceName = this.namespace.name;
        this.registerOutputs({ arn: this.arn, namespaceName: this.namespaceName });
    }
}
