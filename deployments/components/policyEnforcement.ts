import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";

export interface PolicyEnforcementArgs {
    /** The Pulumi organisation that owns the pack, the group and the stacks. */
    readonly organization: string;
    /** The app's Pulumi project, the stacks' routing project. */
    readonly project: string;
    /** The app's stacks to enforce the pack on. */
    readonly stacks: readonly string[];
    /** The policy pack's name, as its `new PolicyPack(name, …)` declares. */
    readonly packName: string;
    /** The pack version to publish and enforce; published versions are immutable. */
    readonly versionTag: string;
    /** Absolute path of the pack's folder (PulumiPolicy.yaml, package.json, node_modules installed). */
    readonly sourcePath: string;
    /** Publish the pack from here; false when `pulumi policy publish` has already done it. @default true */
    readonly publish?: boolean;
    /** The policy group's name. */
    readonly groupName: string;
    /** `preventative` blocks operations on mandatory violations, `audit` only reports them. @default "preventative" */
    readonly mode?: "audit" | "preventative";
}

/**
 * Deployments run `pulumi up` without `--policy-pack`, so the pack reaches them the way Pulumi
 * Cloud enforces packs on any operation: published to the organisation and applied to the stacks
 * through a policy group. Publishing runs the pack once to read its policies, so the pack's
 * dependencies must be installed (`npm install` in its folder), as for `pulumi policy publish`.
 */
export class PolicyEnforcement extends pulumi.ComponentResource {
    /** The published pack version; undefined when the pack is published outside this program. */
    readonly pack?: pulumiservice.PolicyPack;
    readonly group: pulumiservice.PolicyGroup;
    readonly groupName: pulumi.Output<string>;
    readonly packVersionTag: pulumi.Output<string>;

    constructor(name: string, args: PolicyEnforcementArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb-deployments:policy:PolicyEnforcement", name, {}, opts);
        if (args.publish ?? true) {
            // The provider resolves a relative path against its own working directory, which
            // differs between `pulumi up` and tests; an absolute path leaves no doubt, and moving
            // the checkout replaces nothing, since the provider diffs the folder's content, not its path.
            this.pack = new pulumiservice.PolicyPack(
                `${name}-pack`,
                {
                    organization: args.organization,
                    name: args.packName,
                    versionTag: args.versionTag,
                    sourcePath: args.sourcePath,
                },
                { parent: this },
            );
        }
        // Taking name and tag from the pack makes the group wait for the version it references.
        const packReference = {
            name: this.pack?.name ?? args.packName,
            versionTag: this.pack?.versionTag ?? args.versionTag,
        };
        this.group = new pulumiservice.PolicyGroup(
            `${name}-group`,
            {
                name: args.groupName,
                organizationName: args.organization,
                entityType: "stacks",
                mode: args.mode ?? "preventative",
                stacks: args.stacks.map((stack) => ({ name: stack, routingProject: args.project })),
                policyPacks: [packReference],
            },
            { parent: this },
        );
        this.groupName = this.group.name;
        this.packVersionTag = pulumi.output(packReference.versionTag);
        this.registerOutputs({ groupName: this.groupName, packVersionTag: this.packVersionTag });
    }
}
