/**
 * How the program names things, as functions: the program calls them to name its resources, and
 * `deployments/` calls the same functions to scope the deploy role to one stack's names.
 */

/** The project: `Pulumi.yaml`'s `name`, the config namespace and the first word of every name. */
export const PROJECT = "yelb";

/** A top-level component's logical name; Pulumi's auto-names of its children (roles too) start with it. */
export function componentName(role: string, project = PROJECT): string {
    return `${project}-${role}`;
}

/** What every auto-named resource of the program matches, as an IAM or glob pattern. */
export function autoNamePattern(project = PROJECT): string {
    return `${componentName("", project)}*`;
}

/** The prefix that makes names unique per stack: task families, log groups, the dashboard, the namespace. */
export function stackPrefix(stack: string, project = PROJECT): string {
    return `${project}-${stack}`;
}

/** A tier's task definition family. */
export function taskFamily(prefix: string, tier: string): string {
    return `${prefix}-${tier}`;
}

/** The folder of a stack's log groups. */
export function logGroupFolder(prefix: string): string {
    return `/ecs/${prefix}/`;
}

/** A tier's log group, shared by its app container and its Service Connect proxy. */
export function logGroupName(prefix: string, tier: string): string {
    return `${logGroupFolder(prefix)}${tier}`;
}

/** The Service Connect namespace of a stack when `namespaceName` is left empty. */
export function defaultNamespaceName(stack: string, project = PROJECT): string {
    return stackPrefix(stack, project);
}

/**
 * The IAM path of a stack's roles. Auto-named roles carry no stack in their names, so the path
 * does: a deploy role and its `iam:PassRole` reach `role/<project>/<stack>/*` and no other stack's.
 */
export function roleIamPath(stack: string, project = PROJECT): string {
    return `/${project}/${stack}/`;
}

/**
 * The tags that mark a resource as one stack's. Most AWS names are auto-named without the stack,
 * so a deploy role is held to its stack by these tags (`aws:ResourceTag`, `aws:RequestTag`).
 */
export function stackTags(stack: string, project = PROJECT): { readonly Project: string; readonly Stack: string } {
    return { Project: project, Stack: stack };
}

/**
 * The IAM path of what the deployments program creates for the app stacks: the deploy and preview
 * roles and each stack's role boundary. No app stack's role path (`roleIamPath`) reaches it.
 */
export const DEPLOYMENTS_IAM_PATH = "/pulumi-deployments/";

/**
 * The managed policy every IAM role of a stack carries as its permissions boundary: whatever
 * inline policy a deploy role puts on such a role, the role can do no more than the boundary allows.
 */
export function roleBoundaryName(stack: string, project = PROJECT): string {
    return `${stackPrefix(stack, project)}-role-boundary`;
}

/** The boundary's ARN, which the program names on every role and the deploy role insists on. */
export function roleBoundaryArn(partition: string, accountId: string, stack: string, project = PROJECT): string {
    return `arn:${partition}:iam::${accountId}:policy${DEPLOYMENTS_IAM_PATH}${roleBoundaryName(stack, project)}`;
}

/**
 * The name prefix of a stack's ALB access-log bucket (S3 appends a unique suffix): lower case, as
 * S3 requires, and carrying the stack so the deploy role reaches only its own stack's buckets.
 */
export function albLogBucketPrefix(stack: string, project = PROJECT): string {
    return `${stackPrefix(stack, project).toLowerCase()}-alb-logs-`;
}

/** S3's rule for a bucket name prefix: lower-case letters, digits, hyphens and dots, at most 37 characters. */
export const BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,36}$/;

/** The stack's web ACL in front of its load balancer: one per stack and region, so an exact name the deploy role can be held to. */
export function webAclName(stack: string, project = PROJECT): string {
    return `${stackPrefix(stack, project)}-alb`;
}

/**
 * What a stack name may hold, because the names built from it must: ECS task definition families
 * and CloudWatch dashboards take only letters, digits, "_" and "-" (RegisterTaskDefinition's
 * `family`, PutDashboard's `DashboardName`), and so do WAF web ACL names. Pulumi also allows ".".
 */
export const STACK_NAME = /^[0-9A-Za-z_-]+$/;
