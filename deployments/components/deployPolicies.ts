/**
 * The IAM documents of a Pulumi Deployments deploy role, as plain data so tests can read them
 * without AWS: who may assume the role (the trust policy) and what a Yelb deployment may do.
 * The app's names come from its own naming functions, so the grants follow them.
 */
import { autoNamePattern, logGroupFolder, stackPrefix } from "../../model/naming";

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

/** The `sub` claim of a deployment token; `operation: "*"` gives the IAM pattern for every operation. */
export function deploymentSubject(organization: string, project: string, stack: string, operation = "*"): string {
    return `pulumi:deploy:org:${organization}:project:${project}:stack:${stack}:operation:${operation}:scope:write`;
}

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Principal?: Record<string, string>;
    readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/**
 * Only this organisation's deployments of this one stack may assume the role. The audience alone
 * would admit every stack of the organisation, so the subject pins organisation, project and stack
 * and leaves only the operation open.
 */
export function deployTrustPolicy(providerArn: string, organization: string, project: string, stack: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PulumiDeploymentsOfOneStack",
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${PULUMI_OIDC_ISSUER_HOST}:aud`]: organization },
                    StringLike: { [`${PULUMI_OIDC_ISSUER_HOST}:sub`]: deploymentSubject(organization, project, stack) },
                },
            },
        ],
    };
}

export interface DeployScope {
    readonly partition: string;
    readonly accountId: string;
    /** The only region the stack's regional calls may go to. */
    readonly region: string;
    readonly hostedZoneId: string;
    /** The app's project name: its IAM roles are auto-named `<project>-…`. */
    readonly project: string;
    readonly stack: string;
}

/** Services the IAM condition `aws:RequestedRegion` can hold to the stack's region. */
const REGIONAL_SERVICES = ["ecs:*", "elasticloadbalancing:*", "acm:*", "servicediscovery:*", "application-autoscaling:*"];

/** The VPC (awsx), its subnets, routes, gateways and addresses, and the security groups and rules. */
const NETWORK_ACTIONS = [
    "ec2:Describe*",
    "ec2:CreateVpc",
    "ec2:DeleteVpc",
    "ec2:ModifyVpcAttribute",
    "ec2:CreateSubnet",
    "ec2:DeleteSubnet",
    "ec2:ModifySubnetAttribute",
    "ec2:*RouteTable*",
    "ec2:CreateRoute",
    "ec2:DeleteRoute",
    "ec2:ReplaceRoute",
    "ec2:*InternetGateway",
    "ec2:*NatGateway",
    "ec2:AllocateAddress",
    "ec2:ReleaseAddress",
    "ec2:AssociateAddress",
    "ec2:DisassociateAddress",
    "ec2:*SecurityGroup*",
    "ec2:CreateTags",
    "ec2:DeleteTags",
];

/** Enough to manage the app's roles and their inline policies; the app attaches no managed policies. */
const APP_ROLE_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:GetRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:ListRoleTags",
    "iam:PutRolePolicy",
    "iam:GetRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
];

/** The service-linked roles ECS, the ALB and ECS autoscaling create on their first use in an account. */
export const SERVICE_LINKED_ROLE_SERVICES = [
    "ecs.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "ecs.application-autoscaling.amazonaws.com",
];

/** Where the deploy roles live; kept out of the app's role pattern (see `appRolesReachDeployRoles`). */
export const DEPLOY_ROLE_PATH = "/pulumi-deployments/";

/** The deploy role's name for a stack; the config checks it against IAM's length limit. */
export function deployRoleName(project: string, stack: string): string {
    return `pulumi-deploy-${project}-${stack}`;
}

/** Whether IAM's pattern matching (`*` any run, `/` included; `?` one character) matches the value. */
function iamPatternMatches(pattern: string, value: string): boolean {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${source}$`).test(value);
}

/** Whether the app's role grants would reach the deploy roles too: a project named like their path would. */
export function appRolesReachDeployRoles(project: string): boolean {
    return iamPatternMatches(autoNamePattern(project), `${DEPLOY_ROLE_PATH.slice(1)}${deployRoleName(project, "stack")}`);
}

/** The ARN pattern of the app's IAM roles, which Pulumi auto-names after the program's components. */
export function appRolePattern(scope: Pick<DeployScope, "partition" | "accountId" | "project">): string {
    return `arn:${scope.partition}:iam::${scope.accountId}:role/${autoNamePattern(scope.project)}`;
}

/** What a deployment of one Yelb stack needs, and no more than the program's resources call for. */
export function deployPermissions(scope: DeployScope): PolicyDocument {
    const { partition, accountId, region } = scope;
    const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
    const appRoles = appRolePattern(scope);
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "YelbRegionalServices", Effect: "Allow", Action: REGIONAL_SERVICES, Resource: "*", Condition: inRegion },
            { Sid: "YelbNetwork", Effect: "Allow", Action: NETWORK_ACTIONS, Resource: "*", Condition: inRegion },
            {
                // The program puts every log group of a stack in one folder.
                Sid: "YelbLogGroups",
                Effect: "Allow",
                Action: [
                    "logs:CreateLogGroup",
                    "logs:DeleteLogGroup",
                    "logs:PutRetentionPolicy",
                    "logs:DeleteRetentionPolicy",
                    "logs:TagResource",
                    "logs:UntagResource",
                    "logs:ListTagsForResource",
                    "logs:TagLogGroup",
                    "logs:UntagLogGroup",
                    "logs:ListTagsLogGroup",
                ],
                Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupFolder(stackPrefix(scope.stack, scope.project))}*`,
            },
            { Sid: "LogGroupLookups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*", Condition: inRegion },
            {
                // Target tracking creates and deletes its CloudWatch alarms with the caller's rights.
                Sid: "TargetTrackingAlarms",
                Effect: "Allow",
                Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms"],
                Resource: `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:TargetTracking-*`,
            },
            {
                // The UI's alias record and the certificate's validation record, in this zone only.
                Sid: "RecordsInTheStacksZone",
                Effect: "Allow",
                Action: [
                    "route53:ChangeResourceRecordSets",
                    "route53:ListResourceRecordSets",
                    "route53:GetHostedZone",
                    "route53:ListTagsForResource",
                ],
                Resource: `arn:${partition}:route53:::hostedzone/${scope.hostedZoneId}`,
            },
            { Sid: "RecordChangeStatus", Effect: "Allow", Action: "route53:GetChange", Resource: `arn:${partition}:route53:::change/*` },
            { Sid: "AppRoles", Effect: "Allow", Action: APP_ROLE_ACTIONS, Resource: appRoles },
            {
                Sid: "PassAppRolesToEcsTasksOnly",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: appRoles,
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
            {
                Sid: "FirstUseServiceLinkedRoles",
                Effect: "Allow",
                Action: "iam:CreateServiceLinkedRole",
                Resource: `arn:${partition}:iam::${accountId}:role/aws-service-role/*`,
                Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLE_SERVICES } },
            },
        ],
    };
}
