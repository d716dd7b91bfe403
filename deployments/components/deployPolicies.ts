/**
 * Who may assume a Pulumi Deployments deploy role (the trust policy) and where the roles live, as
 * plain data so tests can read them without AWS. What a role may do comes from the permission
 * table in `../permissions`.
 */
import { DEPLOYMENTS_IAM_PATH, roleIamPath } from "../../model/naming";
import { Condition, PolicyDocument } from "../../model/permissions";

export type { PolicyDocument, PolicyStatement, StackScope } from "../../model/permissions";

/**
 * Pulumi Cloud's OIDC issuer for Deployments and the claims its tokens carry, as documented in
 * https://www.pulumi.com/docs/pulumi-cloud/deployments/oidc/ ("aud: the name of the organization",
 * "iss: https://api.pulumi.com/oidc", "sub: pulumi:deploy:org:<organization name>:project:<project
 * name>:stack:<stack name>:operation:<operation kind>:scope:write") and, for the IAM condition keys
 * `api.pulumi.com/oidc:aud` and `:sub`, https://www.pulumi.com/docs/pulumi-cloud/deployments/oidc/aws/.
 * ESC's `aws:<org>` audience does not apply: that is the audience of ESC's own tokens.
 */
export const PULUMI_OIDC_ISSUER_URL = "https://api.pulumi.com/oidc";
/** The issuer without its scheme: IAM's prefix for the token's condition keys. */
export const PULUMI_OIDC_ISSUER_HOST = PULUMI_OIDC_ISSUER_URL.replace(/^https:\/\//, "");

/** The operations a deployment runs as (the subject's `operation` part). */
export const DEPLOYMENT_OPERATIONS = ["preview", "update", "refresh", "destroy"] as const;
export type DeploymentOperation = (typeof DEPLOYMENT_OPERATIONS)[number];

/** The operations that write, the only ones the deploy role is trusted for. */
export const WRITE_OPERATIONS: readonly DeploymentOperation[] = ["update", "refresh", "destroy"];

/** The `sub` claim of a deployment token for one operation. */
export function deploymentSubject(organization: string, project: string, stack: string, operation: DeploymentOperation): string {
    return `pulumi:deploy:org:${organization}:project:${project}:stack:${stack}:operation:${operation}:scope:write`;
}

/**
 * Only this organisation's deployments of this one stack may assume the role, and only for an
 * operation that writes. The audience alone would admit every stack of the organisation, so the
 * subject pins organisation, project and stack. A preview runs the code of a pull request, so it
 * never holds this role: previews run in CI on the stack's read-only preview role.
 */
export function deployTrustPolicy(providerArn: string, organization: string, project: string, stack: string): PolicyDocument {
    return webIdentityTrust("PulumiDeploymentsThatWriteOneStack", providerArn, {
        StringEquals: {
            [`${PULUMI_OIDC_ISSUER_HOST}:aud`]: organization,
            [`${PULUMI_OIDC_ISSUER_HOST}:sub`]: WRITE_OPERATIONS.map((operation) =>
                deploymentSubject(organization, project, stack, operation),
            ),
        },
    });
}

/** A role trust that admits the tokens of one OIDC provider that meet `condition`, and nothing else. */
function webIdentityTrust(sid: string, providerArn: string, condition: Condition): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: sid,
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: condition,
            },
        ],
    };
}

/**
 * GitHub Actions' OIDC issuer and the audience aws-actions/configure-aws-credentials asks for
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services).
 */
export const GITHUB_OIDC_ISSUER_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_ISSUER_HOST = GITHUB_OIDC_ISSUER_URL.replace(/^https:\/\//, "");
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * The preview role's trust: the repository's workflow runs (pull requests and pushes), through
 * GitHub's OIDC. The role only reads, so any run of the repository may preview any stack.
 */
export function previewTrustPolicy(githubProviderArn: string, repository: string): PolicyDocument {
    return webIdentityTrust("WorkflowRunsOfTheRepository", githubProviderArn, {
        StringEquals: { [`${GITHUB_OIDC_ISSUER_HOST}:aud`]: GITHUB_OIDC_AUDIENCE },
        StringLike: { [`${GITHUB_OIDC_ISSUER_HOST}:sub`]: `repo:${repository}:*` },
    });
}

/** Where the deploy roles live: under a path of their own, apart from every stack's app roles (`roleIamPath`). */
export const DEPLOY_ROLE_PATH = DEPLOYMENTS_IAM_PATH;

/** The deploy role's name for a stack; the config checks it against IAM's length limit. */
export function deployRoleName(project: string, stack: string): string {
    return `pulumi-deploy-${project}-${stack}`;
}

/** The read-only preview role's name for a stack. */
export function previewRoleName(project: string, stack: string): string {
    return `pulumi-preview-${project}-${stack}`;
}

/** Whether the app's roles would share the deploy roles' path: a project named like that path would. */
export function appRolesReachDeployRoles(project: string): boolean {
    return roleIamPath("", project).startsWith(DEPLOY_ROLE_PATH);
}
