import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deployPolicyParts } from "../../model/permissions";
import { DEPLOY_ROLE_PATH, PULUMI_OIDC_ISSUER_URL, deployRoleName, deployTrustPolicy } from "./deployPolicies";

/** One app stack that gets its own deploy role. */
export interface DeployRoleTarget {
    /** The app's stack name. */
    readonly stack: string;
    /** The one region the role's regional calls may reach. */
    readonly awsRegion: string;
    /** The Route 53 hosted zone the stack writes its records to. */
    readonly hostedZoneId: string;
}

export interface PulumiOidcDeployRoleArgs {
    /** The Pulumi organisation: the tokens' audience and the subject's `org`. */
    readonly organization: string;
    /** The app's Pulumi project, which is also the prefix of its IAM role names. */
    readonly project: string;
    /** The stacks to create a deploy role for, one role each. */
    readonly stacks: readonly DeployRoleTarget[];
    /** The account's existing IAM OIDC provider for api.pulumi.com/oidc. @default undefined (one is created) */
    readonly oidcProviderArn?: string;
    /** The role name for a stack. @default `pulumi-deploy-<project>-<stack>` */
    readonly roleName?: (stack: string) => string;
    /** The IAM path of the roles, kept apart from the app's roles. @default "/pulumi-deployments/" */
    readonly rolePath?: string;
    /** The longest session a deployment may hold, in seconds. @default 3600 */
    readonly maxSessionDurationSeconds?: number;
    /** Tags for every AWS resource created. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AWS side of Deployments OIDC: the IAM identity provider for Pulumi Cloud's issuer (an
 * account holds one per issuer URL, so an existing one can be passed in instead) and one role per
 * stack that only that stack's deployments can assume, with the permissions a Yelb stack needs.
 */
export class PulumiOidcDeployRole extends pulumi.ComponentResource {
    /** The provider this component created; undefined when an existing one was given. */
    readonly provider?: aws.iam.OpenIdConnectProvider;
    readonly providerArn: pulumi.Output<string>;
    readonly roles: Readonly<Record<string, aws.iam.Role>>;
    /** Each stack's role ARN, resolved only once the role's permissions are in place. */
    readonly roleArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: PulumiOidcDeployRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb-deployments:aws:PulumiOidcDeployRole", name, {}, opts);
        const tags = { ...(args.tags ?? {}) };
        const roleName = args.roleName ?? ((stack: string) => deployRoleName(args.project, stack));

        if (args.oidcProviderArn === undefined) {
            // No thumbprint: IAM fetches the issuer's certificate chain itself when none is given.
            this.provider = new aws.iam.OpenIdConnectProvider(
                `${name}-provider`,
                { url: PULUMI_OIDC_ISSUER_URL, clientIdLists: [args.organization], tags },
                { parent: this },
            );
        }
        this.providerArn = this.provider?.arn ?? pulumi.output(args.oidcProviderArn!);

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;

        const roles: Record<string, aws.iam.Role> = {};
        const roleArns: Record<string, pulumi.Output<string>> = {};
        for (const target of args.stacks) {
            const role = new aws.iam.Role(
                `${name}-${target.stack}`,
                {
                    name: roleName(target.stack),
                    path: args.rolePath ?? DEPLOY_ROLE_PATH,
                    description: `Pulumi Deployments of ${args.organization}/${args.project}/${target.stack}`,
                    assumeRolePolicy: this.providerArn.apply((arn) =>
                        JSON.stringify(deployTrustPolicy(arn, args.organization, args.project, target.stack)),
                    ),
                    maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
                    tags: { ...tags, Stack: target.stack },
                },
                { parent: this },
            );
            // Managed policies, in parts: the table's grants are more than IAM allows inline.
            const where = { region: target.awsRegion, hostedZoneId: target.hostedZoneId, project: args.project, stack: target.stack };
            // How many parts depends on the stack's settings only, not on the account.
            const count = deployPolicyParts({ ...where, partition: "aws", accountId: "000000000000" }).length;
            const parts = pulumi
                .all([partition, account])
                .apply(([partitionName, accountId]) => deployPolicyParts({ ...where, partition: partitionName, accountId }));
            const attachments = Array.from({ length: count }, (_, index) => {
                const policy = new aws.iam.Policy(
                    `${name}-${target.stack}-permissions-${index + 1}`,
                    {
                        name: `${roleName(target.stack)}-${index + 1}`,
                        path: args.rolePath ?? DEPLOY_ROLE_PATH,
                        description: `Part ${index + 1} of what Pulumi Deployments of ${args.project}/${target.stack} may do`,
                        policy: parts.apply((documents) => JSON.stringify(documents[index])),
                        tags,
                    },
                    { parent: this },
                );
                return new aws.iam.RolePolicyAttachment(
                    `${name}-${target.stack}-permissions-${index + 1}`,
                    { role: role.name, policyArn: policy.arn },
                    { parent: this },
                );
            });
            roles[target.stack] = role;
            // A deployment that assumed the role before its policy existed would fail on its
            // first call, so consumers of the ARN wait for the policy too.
            roleArns[target.stack] = pulumi.all([role.arn, ...attachments.map((attachment) => attachment.id)]).apply(([arn]) => arn);
        }
        this.roles = roles;
        this.roleArns = roleArns;
        this.registerOutputs({ providerArn: this.providerArn, roleArns: this.roleArns });
    }
}
