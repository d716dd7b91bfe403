/**
 * The permission table's data and monitoring part: the database's EFS file system (and the
 * network interfaces EFS creates for its mount targets with the caller's rights), the alarms, the
 * dashboard and the alarm topic.
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
    taggedOnCreate,
} from "./grants";

const efs = ANY("elasticfilesystem", "file-system/*");
const accessPoints = ANY("elasticfilesystem", "access-point/*");
const dashboard = (scope: StackScope) => `arn:${scope.partition}:cloudwatch::${scope.accountId}:dashboard/${prefixOf(scope)}`;

/** What a file-system sub-resource (policy, backup policy, mount target) does on its file system. */
const onFileSystem = (actions: readonly string[]) => [grant(["create", "read", "update", "delete"], "file-system", actions, efs, BY_TAGS)];

export const DATA: Readonly<Record<string, TypePermissions>> = {
    "aws:efs/fileSystem:FileSystem": {
        what: "the database's encrypted file system",
        grants: [
            grant("create", "*", ["elasticfilesystem:CreateFileSystem"], EVERYTHING, BY_REQUEST_TAGS),
            grant("create", "file-system", ["elasticfilesystem:TagResource"], efs, taggedOnCreate("elasticfilesystem:CreateFileSystem")),
            grant(
                ["create", "read", "update", "delete", "tag"],
                "file-system",
                [
                    "elasticfilesystem:DescribeFileSystems",
                    "elasticfilesystem:DescribeLifecycleConfiguration",
                    "elasticfilesystem:PutLifecycleConfiguration",
                    "elasticfilesystem:UpdateFileSystem",
                    "elasticfilesystem:DeleteFileSystem",
                    "elasticfilesystem:TagResource",
                    "elasticfilesystem:UntagResource",
                    "elasticfilesystem:ListTagsForResource",
                ],
                efs,
                BY_TAGS,
            ),
            // The first encrypted file system in an account creates EFS's service-linked role.
            grant(
                "create",
                "role",
                ["iam:CreateServiceLinkedRole"],
                (scope) => `arn:${scope.partition}:iam::${scope.accountId}:role/aws-service-role/elasticfilesystem.amazonaws.com/*`,
                { by: "account", why: "a service-linked role belongs to the account" },
                () => ({ StringEquals: { "iam:AWSServiceName": "elasticfilesystem.amazonaws.com" } }),
            ),
        ],
    },
    "aws:efs/backupPolicy:BackupPolicy": {
        what: "the file system's automatic backups (on or off)",
        grants: onFileSystem(["elasticfilesystem:PutBackupPolicy", "elasticfilesystem:DescribeBackupPolicy"]),
    },
    "aws:efs/fileSystemPolicy:FileSystemPolicy": {
        what: "the file system's policy (TLS only)",
        grants: onFileSystem([
            "elasticfilesystem:PutFileSystemPolicy",
            "elasticfilesystem:DescribeFileSystemPolicy",
            "elasticfilesystem:DeleteFileSystemPolicy",
        ]),
    },
    "aws:efs/accessPoint:AccessPoint": {
        what: "the database's access point",
        grants: [
            grant("create", "file-system", ["elasticfilesystem:CreateAccessPoint"], efs, BY_TAGS),
            grant(
                "create",
                "access-point",
                ["elasticfilesystem:TagResource"],
                accessPoints,
                taggedOnCreate("elasticfilesystem:CreateAccessPoint"),
            ),
            grant(
                ["read", "delete", "tag"],
                "access-point",
                [
                    "elasticfilesystem:DescribeAccessPoints",
                    "elasticfilesystem:DeleteAccessPoint",
                    "elasticfilesystem:TagResource",
                    "elasticfilesystem:UntagResource",
                    "elasticfilesystem:ListTagsForResource",
                ],
                accessPoints,
                BY_TAGS,
            ),
        ],
    },
    "aws:efs/mountTarget:MountTarget": {
        what: "a mount target per private subnet",
        grants: [
            ...onFileSystem([
                "elasticfilesystem:CreateMountTarget",
                "elasticfilesystem:DescribeMountTargets",
                "elasticfilesystem:DescribeMountTargetSecurityGroups",
                "elasticfilesystem:ModifyMountTargetSecurityGroups",
                "elasticfilesystem:DeleteMountTarget",
            ]),
            // EFS creates the mount target's network interface with the caller's rights, in the
            // stack's subnet and security group; the interface itself is EFS's and untagged.
            grant("create", "subnet", ["ec2:CreateNetworkInterface"], ANY("ec2", "subnet/*"), BY_TAGS),
            grant("create", "security-group", ["ec2:CreateNetworkInterface"], ANY("ec2", "security-group/*"), BY_TAGS),
            grant(
                "create",
                "network-interface",
                ["ec2:CreateNetworkInterface"],
                ANY("ec2", "network-interface/*"),
                regionOnly("EFS creates the interface untagged"),
            ),
        ],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        what: "a monitoring alarm",
        grants: [
            grant(
                "create",
                "alarm",
                ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource"],
                ANY("cloudwatch", "alarm:*"),
                BY_REQUEST_TAGS,
            ),
            grant(
                ["read", "update", "delete", "tag"],
                "alarm",
                [
                    "cloudwatch:DescribeAlarms",
                    "cloudwatch:PutMetricAlarm",
                    "cloudwatch:DeleteAlarms",
                    "cloudwatch:TagResource",
                    "cloudwatch:UntagResource",
                    "cloudwatch:ListTagsForResource",
                ],
                ANY("cloudwatch", "alarm:*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        what: "the stack's dashboard (named <project>-<stack>)",
        grants: [
            grant(
                ["create", "read", "update", "delete"],
                "dashboard",
                ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
                dashboard,
                BY_NAME,
            ),
        ],
    },
    "aws:sns/topic:Topic": {
        what: "the alarm topic",
        grants: [
            grant("create", "topic", ["sns:CreateTopic", "sns:TagResource"], ANY("sns", "*"), BY_REQUEST_TAGS),
            grant(
                ["read", "update", "delete", "tag"],
                "topic",
                [
                    "sns:GetTopicAttributes",
                    "sns:SetTopicAttributes",
                    "sns:DeleteTopic",
                    "sns:TagResource",
                    "sns:UntagResource",
                    "sns:ListTagsForResource",
                ],
                ANY("sns", "*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        what: "the alarm e-mail subscription",
        grants: [
            grant(
                ["create", "read", "update", "delete"],
                "topic",
                ["sns:Subscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe"],
                ANY("sns", "*"),
                BY_TAGS,
            ),
        ],
    },
};
