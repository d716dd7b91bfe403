/**
 * The permission table's compute part: ECS, the app's IAM roles, their log groups, the
 * appserver's autoscaling and the Service Connect namespace, by Pulumi resource type.
 */
import {
    ANY,
    BY_NAME,
    BY_REQUEST_TAGS,
    BY_TAGS,
    EVERYTHING,
    StackScope,
    TypePermissions,
    grant,
    prefixOf,
    regionOnly,
    regional,
    stackRoles,
    taggedOnCreate,
} from "./grants";
import { logGroupFolder, roleBoundaryArn, taskFamily } from "../naming";

const NO_RESOURCE = "IAM gives the action no resource to name, so it can only be held to the region";
const ECS_TAGS = ["ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"];

const roleBoundary = (scope: StackScope) => roleBoundaryArn(scope.partition, scope.accountId, scope.stack, scope.project);
const withRoleBoundary = (scope: StackScope) => ({ StringEquals: { "iam:PermissionsBoundary": roleBoundary(scope) } });
export const logGroups = (scope: StackScope) => regional(scope, "logs", `log-group:${logGroupFolder(prefixOf(scope))}*`);
const taskDefinitions = (scope: StackScope) => regional(scope, "ecs", `task-definition/${taskFamily(prefixOf(scope), "*")}:*`);

export const COMPUTE: Readonly<Record<string, TypePermissions>> = {
    "aws:ecs/cluster:Cluster": {
        what: "the ECS cluster",
        grants: [
            grant("create", "cluster", ["ecs:CreateCluster"], ANY("ecs", "cluster/*"), BY_REQUEST_TAGS),
            grant("create", "cluster", ["ecs:TagResource"], ANY("ecs", "cluster/*"), taggedOnCreate("ecs:CreateCluster")),
            grant(
                ["read", "update", "delete", "tag"],
                "cluster",
                ["ecs:DescribeClusters", "ecs:UpdateCluster", "ecs:DeleteCluster", ...ECS_TAGS],
                ANY("ecs", "cluster/*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        what: "a tier's task definition (family <project>-<stack>-<tier>)",
        grants: [
            grant("create", "task-definition", ["ecs:RegisterTaskDefinition", "ecs:TagResource"], taskDefinitions, BY_NAME),
            grant(
                ["read", "delete"],
                "*",
                ["ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition"],
                EVERYTHING,
                regionOnly(NO_RESOURCE),
            ),
            grant("tag", "task-definition", ECS_TAGS, taskDefinitions, BY_NAME),
            // The roles a task definition names are passed to ECS tasks, and only this stack's.
            grant("create", "role", ["iam:PassRole"], stackRoles, BY_NAME, () => ({
                StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
            })),
        ],
    },
    "aws:ecs/service:Service": {
        what: "a tier's ECS service",
        grants: [
            grant("create", "service", ["ecs:CreateService"], ANY("ecs", "service/*"), BY_REQUEST_TAGS),
            grant("create", "service", ["ecs:TagResource"], ANY("ecs", "service/*"), taggedOnCreate("ecs:CreateService")),
            grant(
                ["read", "update", "delete", "tag"],
                "service",
                ["ecs:DescribeServices", "ecs:UpdateService", "ecs:DeleteService", ...ECS_TAGS],
                ANY("ecs", "service/*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        what: "a tier's log group (/ecs/<project>-<stack>/<tier>)",
        grants: [
            grant(
                ["create", "read", "update", "delete", "tag"],
                "log-group",
                [
                    "logs:CreateLogGroup",
                    "logs:PutRetentionPolicy",
                    "logs:DeleteRetentionPolicy",
                    "logs:DeleteLogGroup",
                    "logs:TagResource",
                    "logs:UntagResource",
                    "logs:ListTagsForResource",
                ],
                logGroups,
                BY_NAME,
            ),
            grant("read", "*", ["logs:DescribeLogGroups"], EVERYTHING, regionOnly(NO_RESOURCE)),
        ],
    },
    "aws:iam/role:Role": {
        what: "a tier's task or execution role (path /<project>/<stack>/), bounded by the stack's role boundary",
        grants: [
            // What could widen a role is allowed only on a role bounded by the stack's boundary, and
            // creates one only with it: whatever policy the role is then given, it can do no more.
            grant(
                ["create", "update"],
                "role",
                ["iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary"],
                stackRoles,
                BY_NAME,
                withRoleBoundary,
            ),
            grant(
                ["read", "update", "delete", "tag"],
                "role",
                [
                    "iam:GetRole",
                    "iam:ListRolePolicies",
                    "iam:ListAttachedRolePolicies",
                    "iam:UpdateRole",
                    "iam:UpdateRoleDescription",
                    "iam:ListInstanceProfilesForRole",
                    "iam:DeleteRole",
                    "iam:TagRole",
                    "iam:UntagRole",
                    "iam:ListRoleTags",
                ],
                stackRoles,
                BY_NAME,
            ),
            // Every preview reads the boundary, so a stack whose boundary is missing stops there.
            grant("read", "policy", ["iam:GetPolicy", "iam:GetPolicyVersion"], roleBoundary, BY_NAME),
        ],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        what: "a role's inline policy (only on a role the stack's boundary bounds)",
        grants: [
            grant(
                ["create", "update", "delete"],
                "role",
                ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
                stackRoles,
                BY_NAME,
                withRoleBoundary,
            ),
            grant("read", "role", ["iam:GetRolePolicy"], stackRoles, BY_NAME),
        ],
    },
    "aws:appautoscaling/target:Target": {
        what: "the appserver's scalable target",
        grants: [
            grant(
                "create",
                "ScalableTarget",
                ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource"],
                ANY("application-autoscaling", "scalable-target/*"),
                BY_REQUEST_TAGS,
            ),
            grant(
                ["update", "delete", "tag"],
                "ScalableTarget",
                [
                    "application-autoscaling:RegisterScalableTarget",
                    "application-autoscaling:DeregisterScalableTarget",
                    "application-autoscaling:TagResource",
                    "application-autoscaling:UntagResource",
                    "application-autoscaling:ListTagsForResource",
                ],
                ANY("application-autoscaling", "scalable-target/*"),
                BY_TAGS,
            ),
            grant("read", "*", ["application-autoscaling:DescribeScalableTargets"], EVERYTHING, regionOnly(NO_RESOURCE)),
        ],
    },
    "aws:appautoscaling/scheduledAction:ScheduledAction": {
        what: "a working-hours scheduled action (scale to zero and back)",
        grants: [
            grant(
                ["create", "update", "delete"],
                "ScalableTarget",
                ["application-autoscaling:PutScheduledAction", "application-autoscaling:DeleteScheduledAction"],
                ANY("application-autoscaling", "scalable-target/*"),
                BY_TAGS,
            ),
            grant("read", "*", ["application-autoscaling:DescribeScheduledActions"], EVERYTHING, regionOnly(NO_RESOURCE)),
        ],
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
        what: "the cluster's FARGATE and FARGATE_SPOT capacity providers",
        grants: [
            grant(
                ["create", "read", "update", "delete"],
                "cluster",
                ["ecs:PutClusterCapacityProviders", "ecs:DescribeClusters"],
                ANY("ecs", "cluster/*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": {
        what: "the ECR pull-through cache rule for Docker Hub",
        grants: [
            grant(
                ["create", "read", "update", "delete"],
                "*",
                [
                    "ecr:CreatePullThroughCacheRule",
                    "ecr:DescribePullThroughCacheRules",
                    "ecr:UpdatePullThroughCacheRule",
                    "ecr:DeletePullThroughCacheRule",
                ],
                EVERYTHING,
                regionOnly("ECR's pull-through cache rule actions take no resource in IAM"),
            ),
        ],
    },
    "aws:appautoscaling/policy:Policy": {
        what: "a target-tracking scaling policy and the alarms it creates",
        grants: [
            grant(
                ["create", "update", "delete"],
                "ScalableTarget",
                ["application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"],
                ANY("application-autoscaling", "scalable-target/*"),
                BY_TAGS,
            ),
            grant("read", "*", ["application-autoscaling:DescribeScalingPolicies"], EVERYTHING, regionOnly(NO_RESOURCE)),
            // Target tracking creates its alarms with the caller's rights, named after the
            // service's resource ID, whose cluster name carries no stack, and untagged.
            grant(
                ["create", "read", "update", "delete"],
                "alarm",
                ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
                ANY("cloudwatch", "alarm:TargetTracking-service/*"),
                regionOnly("Application Auto Scaling names and creates these alarms itself, untagged, after the stack-less cluster name"),
            ),
        ],
    },
    "aws:servicediscovery/httpNamespace:HttpNamespace": {
        what: "the Service Connect namespace",
        grants: [
            grant("create", "*", ["servicediscovery:CreateHttpNamespace", "servicediscovery:TagResource"], EVERYTHING, BY_REQUEST_TAGS),
            grant(
                ["read", "update", "delete"],
                "namespace",
                [
                    "servicediscovery:GetNamespace",
                    "servicediscovery:UpdateHttpNamespace",
                    "servicediscovery:DeleteNamespace",
                    "servicediscovery:GetOperation",
                ],
                ANY("servicediscovery", "namespace/*"),
                BY_TAGS,
            ),
            grant("tag", "*", ["servicediscovery:TagResource"], EVERYTHING, BY_REQUEST_TAGS),
            grant(
                "tag",
                "*",
                ["servicediscovery:UntagResource", "servicediscovery:ListTagsForResource"],
                EVERYTHING,
                regionOnly("Cloud Map's UntagResource and ListTagsForResource take no resource in IAM"),
            ),
        ],
    },
    "pulumi-nodejs:dynamic/yelb:NamespaceDrain": {
        what: "the namespace drain (a dynamic resource that runs with the deployment's credentials)",
        grants: [
            grant("delete", "*", ["servicediscovery:ListServices"], EVERYTHING, regionOnly(NO_RESOURCE)),
            grant("delete", "namespace", ["servicediscovery:GetNamespace"], ANY("servicediscovery", "namespace/*"), BY_TAGS),
            grant(
                "delete",
                "service",
                ["servicediscovery:ListInstances", "servicediscovery:DeregisterInstance", "servicediscovery:DeleteService"],
                ANY("servicediscovery", "service/*"),
                regionOnly("ECS creates the Cloud Map services of Service Connect itself, untagged and named after the discovery names"),
            ),
        ],
    },
};
