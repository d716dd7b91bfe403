import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CloudMapAccess } from "./cloudMapSdk";
import { NamespaceDrain } from "./namespaceDrain";

export interface ServiceConnectNamespaceArgs {
    /** Cloud Map namespace name, unique among the account's namespaces in the region. */
    readonly name: string;
    /** A check that must pass before the namespace is registered; its rejection fails the run. @default none */
    readonly waitFor?: Promise<unknown>;
    /** Description shown in Cloud Map. @default "Service Connect namespace" */
    readonly description?: string;
    /** How long `pulumi destroy` waits for ECS to release the namespace. */
    readonly drainTimeoutMinutes: number;
    /** The stack's region, profile and roles, for the drain (never secrets). @default the namespace's region, default credentials */
    readonly access?: Omit<CloudMapAccess, "endpoint">;
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
        // Registered only once the check passes; its rejection fails the run, as a RunError.
        const waitFor: Promise<pulumi.Resource[]> | undefined = args.waitFor?.then(() => []);
        this.namespace = new aws.servicediscovery.HttpNamespace(
            `${name}-http`,
            { name: args.name, description: args.description ?? "Service Connect namespace" },
            // The name is fixed and the description create-only: a changed description would
            // replace the namespace create-first and collide with its own name. A new name still
            // replaces it create-first, so the services move over before the old one is drained.
            { parent: this, ignoreChanges: ["description"], dependsOn: waitFor },
        );
        this.drain = new NamespaceDrain(
            `${name}-drain`,
            {
                namespaceId: this.namespace.id,
                namespaceArn: this.namespace.arn,
                timeoutMinutes: args.drainTimeoutMinutes,
                access: args.access,
            },
            { parent: this },
        );
        this.arn = this.drain.namespaceArn;
        this.namespaceName = this.namespace.name;
        this.registerOutputs({ arn: this.arn, namespaceName: this.namespaceName });
    }
}
