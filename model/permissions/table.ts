/** The permission table itself, by Pulumi resource type; see index.ts. */
import { COMPUTE } from "./compute";
import { DATA } from "./data";
import { EDGE } from "./edge";
import { Grant, StackScope, TypePermissions, grant } from "./grants";
import { NETWORK } from "./network";

export const PERMISSIONS: Readonly<Record<string, TypePermissions>> = { ...COMPUTE, ...NETWORK, ...EDGE, ...DATA };

/** The service-linked roles ECS, the load balancer and ECS autoscaling create on first use in an account. */
export const SERVICE_LINKED_ROLE_SERVICES = [
    "ecs.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "ecs.application-autoscaling.amazonaws.com",
];

/** What no one resource type calls but a first deployment in an account needs. */
export const ACCOUNT_GRANTS: readonly Grant[] = [
    grant(
        "create",
        "role",
        ["iam:CreateServiceLinkedRole"],
        (scope: StackScope) => `arn:${scope.partition}:iam::${scope.accountId}:role/aws-service-role/*`,
        { by: "account", why: "a service-linked role belongs to the account, created once by its service" },
        () => ({ StringEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLE_SERVICES } }),
    ),
];

/**
 * The types whose creation the table holds to the stack's tags in the request: each must be
 * created with them, which the stack's provider does for every type it tags (its default tags).
 */
export const REQUEST_TAGGED_TYPES: readonly string[] = Object.entries(PERMISSIONS)
    .filter(([, entry]) => entry.grants.some((item) => item.holding.by === "request-tags"))
    .map(([type]) => type)
    .sort();
