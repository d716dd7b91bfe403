/**
 * The vocabulary of the permission table: what one grant says (the lifecycle phases it serves, the
 * IAM actions, the IAM resource type they authorise against, the ARN pattern) and how it is held
 * to one stack. Plain data and pure functions, so the tests can read the table without AWS.
 */
import { roleIamPath, stackPrefix, stackTags } from "../naming";

/** Where one app stack deploys, and who it is. */
export interface StackScope {
    readonly partition: string;
    readonly accountId: string;
    /** The only region the stack's regional calls may go to. */
    readonly region: string;
    readonly hostedZoneId: string;
    /** The UI's name in the zone, lower case without the trailing dot: the only records the stack writes. */
    readonly domainName: string;
    /** The app's project name (`yelb`). */
    readonly project: string;
    readonly stack: string;
}

/** What the Pulumi provider does with a resource when it calls these actions. */
export type Phase = "create" | "read" | "update" | "delete" | "tag";
export const PHASES: readonly Phase[] = ["create", "read", "update", "delete", "tag"];

/**
 * How a grant is held to one stack:
 * - `name`: the ARN pattern carries the stack (a role path, a log group folder, a task family);
 * - `tags`: the resource carries the stack's tags (`aws:ResourceTag/Project` and `/Stack`);
 * - `request-tags`: the request creates the resource with the stack's tags (`aws:RequestTag/…`); a
 *   tagging action held so names the create actions it may serve (`createdBy`), where the service
 *   has a create-action key, so it cannot re-tag a resource that exists already;
 * - `zone`: the stack's own hosted zone;
 * - `region`: not to the stack, only to its account and region, for the reason given.
 */
export type Holding =
    | { readonly by: "name" | "tags" | "zone" }
    | { readonly by: "request-tags"; readonly createdBy?: readonly string[] }
    | { readonly by: "region" | "account"; readonly why: string };

/**
 * The services whose tagging actions carry the create action they are part of
 * (`<service>:CreateAction`): outside a create call the key is absent, so a grant that requires it
 * cannot tag a resource that already exists.
 */
export const CREATE_ACTION_SERVICES: readonly string[] = ["ec2", "ecs", "elasticloadbalancing", "elasticfilesystem"];

export type Condition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface Grant {
    readonly phases: readonly Phase[];
    readonly actions: readonly string[];
    /** The IAM resource type (the service's own name for it) the actions authorise against; "*" when they take none. */
    readonly on: string;
    readonly arn: (scope: StackScope) => string;
    readonly holding: Holding;
    /** A further condition, such as the service a role may be passed to. */
    readonly condition?: (scope: StackScope) => Condition;
}

export interface TypePermissions {
    /** What the resource is, for the table in docs/ci-and-deployments.md. */
    readonly what: string;
    readonly grants: readonly Grant[];
}

/** A regional ARN of the stack's account and region. */
export function regional(scope: StackScope, service: string, resource: string): string {
    return `arn:${scope.partition}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** The ARN pattern of the stack's IAM roles: their path carries the stack. */
export function stackRoles(scope: StackScope): string {
    return `arn:${scope.partition}:iam::${scope.accountId}:role${roleIamPath(scope.stack, scope.project)}*`;
}

/** The stack's name prefix (task families, log group folder, dashboard). */
export function prefixOf(scope: StackScope): string {
    return stackPrefix(scope.stack, scope.project);
}

/** One grant; `phases` may be one phase or several. */
export function grant(
    phases: Phase | readonly Phase[],
    on: string,
    actions: readonly string[],
    arn: (scope: StackScope) => string,
    holding: Holding,
    condition?: (scope: StackScope) => Condition,
): Grant {
    return { phases: typeof phases === "string" ? [phases] : phases, on, actions, arn, holding, condition };
}

export const BY_NAME: Holding = { by: "name" };
export const BY_TAGS: Holding = { by: "tags" };
export const BY_REQUEST_TAGS: Holding = { by: "request-tags" };

/** A tagging action held to the stack's tags and to the create calls it serves (`createActions`, with their service prefix). */
export function taggedOnCreate(...createActions: string[]): Holding {
    const services = new Set(createActions.map((action) => action.split(":")[0]));
    if (services.size !== 1 || !CREATE_ACTION_SERVICES.includes([...services][0])) {
        throw new Error(
            `taggedOnCreate(${createActions.join(", ")}): one service with a CreateAction key (${CREATE_ACTION_SERVICES.join(", ")})`,
        );
    }
    return { by: "request-tags", createdBy: createActions };
}
export const BY_ZONE: Holding = { by: "zone" };

/** Held to the region only: IAM gives these actions no resource, or no key that carries the stack. */
export function regionOnly(why: string): Holding {
    return { by: "region", why };
}

/** Any resource of the type in the stack's account and region. */
export const ANY = (service: string, resource: string) => (scope: StackScope) => regional(scope, service, resource);
export const EVERYTHING = () => "*";

/** The condition that holds a grant to the stack, from its holding, the stack's tags and the grant's own condition. */
export function conditionOf(item: Grant, scope: StackScope): Condition | undefined {
    const tags = Object.entries(stackTags(scope.stack, scope.project));
    const holding: Record<string, Record<string, string | readonly string[]>> = {};
    if (item.holding.by === "tags") {
        holding.StringEquals = Object.fromEntries(tags.map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
    } else if (item.holding.by === "request-tags") {
        holding.StringEquals = Object.fromEntries(tags.map(([key, value]) => [`aws:RequestTag/${key}`, value]));
        const createdBy = item.holding.createdBy;
        if (createdBy !== undefined) {
            const service = createdBy[0].split(":")[0];
            holding.StringEquals[`${service}:CreateAction`] = createdBy.map((action) => action.split(":")[1]);
        }
    }
    // A grant on no resource in particular still goes to the stack's region only.
    if (item.holding.by === "region" || item.arn(scope) === "*") {
        holding.StringEquals = { ...holding.StringEquals, "aws:RequestedRegion": scope.region };
    }
    const extra = item.condition?.(scope) ?? {};
    const operators = new Set([...Object.keys(holding), ...Object.keys(extra)]);
    if (operators.size === 0) {
        return undefined;
    }
    return Object.fromEntries([...operators].sort().map((operator) => [operator, { ...holding[operator], ...extra[operator] }]));
}
