/**
 * What no deploy role may give away: the permissions boundary of a stack's app roles, and the
 * explicit denies every deploy role carries beside its grants. Plain data, so the simulator tests
 * read the same documents the deployments program creates.
 */
import { DEPLOYMENTS_IAM_PATH, roleBoundaryArn, stackTags } from "../naming";
import { StackScope, regional } from "./grants";
import { logGroups } from "./compute";
import type { PolicyDocument, PolicyStatement } from "./document";

/**
 * The most a stack's task and execution roles may ever do: write to the stack's log groups, pull
 * images from ECR (a pull through cache's first pull creates the repository), and mount EFS in the
 * stack's region. It holds no IAM, STS or other write, so a role a deploy role creates and fills
 * with any inline policy still cannot reach past the app's own needs.
 */
export function roleBoundaryPolicy(scope: StackScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteTheStacksLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroups(scope)}:log-stream:*`,
            },
            { Sid: "AuthenticateToEcr", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
            {
                Sid: "PullImages",
                Effect: "Allow",
                Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                // Images may live in another account's or region's registry.
                Resource: `arn:${scope.partition}:ecr:*:*:repository/*`,
            },
            {
                Sid: "MountFileSystems",
                Effect: "Allow",
                Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                // EFS's client actions take no tag or name key that carries the stack.
                Resource: regional(scope, "elasticfilesystem", "file-system/*"),
            },
        ],
    };
}

/** The IAM actions that could give a role more than it has: each allowed only with the stack's boundary in place. */
export const ROLE_WIDENING_ACTIONS = [
    "iam:CreateRole",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
] as const;

/** Managed-policy writes: a deploy role needs none, and the boundary and the deploy roles' own policies are managed policies. */
export const POLICY_WRITE_ACTIONS = [
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
] as const;

/**
 * The denies of a stack's deploy role. They hold whatever a later grant says: no role without the
 * stack's boundary, no boundary removed, no managed policy or deployments role rewritten, and
 * nothing done to a resource that another stack or project has tagged as its own.
 */
export function deployDenies(scope: StackScope): PolicyStatement[] {
    const boundary = roleBoundaryArn(scope.partition, scope.accountId, scope.stack, scope.project);
    const iam = (resource: string) => `arn:${scope.partition}:iam::${scope.accountId}:${resource}`;
    return [
        {
            Sid: "DenyRolesWithoutTheStacksBoundary",
            Effect: "Deny",
            Action: [...ROLE_WIDENING_ACTIONS],
            Resource: "*",
            // A request without the key (no boundary) is denied too: StringNotEquals holds on a missing key.
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
        },
        { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary"], Resource: "*" },
        { Sid: "DenyManagedPolicyWrites", Effect: "Deny", Action: [...POLICY_WRITE_ACTIONS], Resource: "*" },
        {
            Sid: "DenyDeploymentsRoleWrites",
            Effect: "Deny",
            Action: ["iam:Create*", "iam:Update*", "iam:Put*", "iam:Delete*", "iam:Attach*", "iam:Detach*", "iam:Tag*", "iam:Untag*"],
            Resource: iam(`role${DEPLOYMENTS_IAM_PATH}*`),
        },
        ...Object.entries(stackTags(scope.stack, scope.project)).map(([key, value]): PolicyStatement => ({
            Sid: `DenyResourcesOfAnother${key}`,
            Effect: "Deny",
            Action: ["*"],
            Resource: "*",
            Condition: { StringNotEquals: { [`aws:ResourceTag/${key}`]: value }, Null: { [`aws:ResourceTag/${key}`]: "false" } },
        })),
    ];
}
