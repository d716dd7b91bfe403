import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEPLOYMENTS_IAM_PATH, roleBoundaryName } from "../../model/naming";
import { PolicyDocument, StackScope, deployPolicyParts, previewPolicyParts, roleBoundaryPolicy } from "../../model/permissions";
import {
    DEPLOY_ROLE_PATH,
    GITHUB_OIDC_AUDIENCE,
    GITHUB_OIDC_ISSUER_URL,
    PULUMI_OIDC_ISSUER_URL,
    deployRoleName,
    deployTrustPolicy,
    previewRoleName,
    previewTrustPolicy,
} from "./deployPolicies";

/** One app stack that gets its own deploy role, preview role and role boundary. */
export interface DeployRoleTarget {
    /** The app's stack name. */
    readonly stack: string;
    /** The one region the role's regional calls may reach. */
    readonly awsRegion: string;
    /** The Route 53 hosted zone the stack writes its records to. */
    readonly hostedZoneId: string;
    /** The UI's name in the zone: the only records the stack's role may change. */
    readonly domainName: string;
}

export interface PulumiOidcDeployRoleArgs {
    /** The Pulumi organisation: the tokens' audience and the subject's `org`. */
    readonly organization: string;
    /** The app's Pulumi project, which is also the prefix of its IAM role names. */
    readonly project: string;
    /** The GitHub repository, `owner/repo`, whose workflow runs may assume the preview roles. */
    readonly repository: string;
    /** The stacks to create roles for. */
    readonly stacks: readonly DeployRoleTarget[];
    /** The account's existing IAM OIDC provider for api.pulumi.com/oidc. @default undefined (one is created) */
    readonly oidcProviderArn?: string;
    /** The account's existing IAM OIDC provider for GitHub Actions. @default undefined (one is created) */
    readonly githubOidcProviderArn?: string;
    /** The deploy role name for a stack. @default `pulumi-deploy-<project>-<stack>` */
    readonly roleName?: (stack: string) => string;
    /** The IAM path of the roles, kept apart from the app's roles. @default "/pulumi-deployments/" */
    readonly rolePath?: string;
    /** The longest session a deployment may hold, in seconds. @default 3600 */
    readonly maxSessionDurationSeconds?: number;
    /** Tags for every AWS resource created. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AWS side of Deployments OIDC, per stack: a deploy role that only that stack's deployments
 * that write (update, refresh, destroy) can assume, a read-only preview role for the repository's
 * CI runs, and the permissions boundary that every IAM role of the stack must carry, which the
 * deploy role can neither create roles without nor change. The IAM identity providers for Pulumi
 * Cloud and GitHub are created unless existing ones are given (an account holds one per issuer).
 */
export class PulumiOidcDeployRole extends pulumi.ComponentResource {
    /** The providers this component created; undefined when existing ones were given. */
    readonly provider?: aws.iam.OpenIdConnectProvider;
    readonly githubProvider?: aws.iam.OpenIdConnectProvider;
    readonly providerArn: pulumi.Output<string>;
    readonly githubProviderArn: pulumi.Output<string>;
    readonly roles: Readonly<Record<string, aws.iam.Role>>;
    /** Each stack's deploy role ARN, resolved only once the role's permissions are in place. */
    readonly roleArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** Each stack's read-only preview role ARN, for the CI preview job. */
    readonly previewRoleArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** Each stack's role boundary ARN (`roleBoundaryArn`). */
    readonly boundaryArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: PulumiOidcDeployRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb-deployments:aws:PulumiOidcDeployRole", name, {}, opts);
        const tags = { ...(args.tags ?? {}) };
        const roleName = args.roleName ?? ((stack: string) => deployRoleName(args.project, stack));
        const rolePath = args.rolePath ?? DEPLOY_ROLE_PATH;

        if (args.oidcProviderArn === undefined) {
            // No thumbprint: IAM fetches the issuer's certificate chain itself when none is given.
            this.provider = new aws.iam.OpenIdConnectProvider(
                `${name}-provider`,
                { url: PULUMI_OIDC_ISSUER_URL, clientIdLists: [args.organization], tags },
                { parent: this },
            );
        }
        if (args.githubOidcProviderArn === undefined) {
            this.githubProvider = new aws.iam.OpenIdConnectProvider(
                `${name}-github-provider`,
                { url: GITHUB_OIDC_ISSUER_URL, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags },
                { parent: this },
            );
        }
        this.providerArn = this.provider?.arn ?? pulumi.output(args.oidcProviderArn!);
        this.githubProviderArn = this.githubProvider?.arn ?? pulumi.output(args.githubOidcProviderArn!);

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;

        /** Managed policies `<policyName>-<n>`, in parts (a stack's grants are more than IAM allows inline), attached to `role`. */
        const attach = (
            prefix: string,
            policyName: string,
            role: aws.iam.Role,
            what: string,
            cut: (scope: StackScope) => PolicyDocument[],
            where: Where,
        ) => {
            // How many parts depends on the stack's settings only, not on the account.
            const count = cut({ ...where, partition: "aws", accountId: "000000000000" }).length;
            const parts = pulumi
                .all([partition, account])
                .apply(([partitionName, accountId]) => cut({ ...where, partition: partitionName, accountId }));
            return Array.from({ length: count }, (_, index) => {
                const policy = new aws.iam.Policy(
                    `${prefix}-${index + 1}`,
                    {
                        name: `${policyName}-${index + 1}`,
                        path: rolePath,
                        description: `Part ${index + 1} of ${what}`,
                        policy: parts.apply((documents) => JSON.stringify(documents[index])),
                        tags,
                    },
                    { parent: this },
                );
                return new aws.iam.RolePolicyAttachment(
                    `${prefix}-${index + 1}`,
                    { role: role.name, policyArn: policy.arn },
                    { parent: this },
                );
            });
        };

        const roles: Record<string, aws.iam.Role> = {};
        const roleArns: Record<string, pulumi.Output<string>> = {};
        const previewRoleArns: Record<string, pulumi.Output<string>> = {};
        const boundaryArns: Record<string, pulumi.Output<string>> = {};
        for (const target of args.stacks) {
            const where: Where = {
                region: target.awsRegion,
                hostedZoneId: target.hostedZoneId,
                domainName: target.domainName,
                project: args.project,
                stack: target.stack,
            };
            const boundary = new aws.iam.Policy(
                `${name}-${target.stack}-role-boundary`,
                {
                    name: roleBoundaryName(target.stack, args.project),
                    path: DEPLOYMENTS_IAM_PATH,
                    description: `The most any IAM role of ${args.project}/${target.stack} may do`,
                    policy: pulumi
                        .all([partition, account])
                        .apply(([partitionName, accountId]) =>
                            JSON.stringify(roleBoundaryPolicy({ ...where, partition: partitionName, accountId })),
                        ),
                    tags: { ...tags, Stack: target.stack },
                },
                { parent: this },
            );
            boundaryArns[target.stack] = boundary.arn;

            const role = new aws.iam.Role(
                `${name}-${target.stack}`,
                {
                    name: roleName(target.stack),
                    path: rolePath,
                    description: `Pulumi Deployments of ${args.organization}/${args.project}/${target.stack} (update, refresh, destroy)`,
                    assumeRolePolicy: this.providerArn.apply((arn) =>
                        JSON.stringify(deployTrustPolicy(arn, args.organization, args.project, target.stack)),
                    ),
                    maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
                    tags: { ...tags, Stack: target.stack },
                },
                { parent: this },
            );
            const attachments = attach(
                `${name}-${target.stack}-permissions`,
                roleName(target.stack),
                role,
                `what Pulumi Deployments of ${args.project}/${target.stack} may do`,
                deployPolicyParts,
                where,
            );
            roles[target.stack] = role;
            // A deployment that assumed the role before its policy and the boundary existed would
            // fail on its first call, so consumers of the ARN wait for them too.
            roleArns[target.stack] = pulumi
                .all([role.arn, boundary.arn, ...attachments.map((attachment) => attachment.id)])
                .apply(([arn]) => arn);

            const preview = new aws.iam.Role(
                `${name}-${target.stack}-preview`,
                {
                    name: previewRoleName(args.project, target.stack),
                    path: rolePath,
                    description: `Read-only previews of ${args.project}/${target.stack} from ${args.repository}'s workflow runs`,
                    assumeRolePolicy: this.githubProviderArn.apply((arn) => JSON.stringify(previewTrustPolicy(arn, args.repository))),
                    maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
                    tags: { ...tags, Stack: target.stack },
                },
                { parent: this },
            );
            const previewAttachments = attach(
                `${name}-${target.stack}-preview-permissions`,
                previewRoleName(args.project, target.stack),
                preview,
                `what a preview of ${args.project}/${target.stack} may read`,
                previewPolicyParts,
                where,
            );
            previewRoleArns[target.stack] = pulumi
                .all([preview.arn, ...previewAttachments.map((attachment) => attachment.id)])
                .apply(([arn]) => arn);
        }
        this.roles = roles;
        this.roleArns = roleArns;
        this.previewRoleArns = previewRoleArns;
        this.boundaryArns = boundaryArns;
        this.registerOutputs({
            providerArn: this.providerArn,
            githubProviderArn: this.githubProviderArn,
            roleArns: this.roleArns,
            previewRoleArns: this.previewRoleArns,
            boundaryArns: this.boundaryArns,
        });
    }
}

type Where = Omit<StackScope, "partition" | "accountId">;
