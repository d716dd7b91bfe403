/**
 * The permission table's edge part: the load balancer, its listeners and target group, the
 * certificate, the records in the stack's hosted zone, and the access-log bucket.
 */
import { albLogBucketPrefix, webAclName } from "../naming";
import {
    ANY,
    BY_NAME,
    BY_REQUEST_TAGS,
    BY_TAGS,
    BY_ZONE,
    EVERYTHING,
    StackScope,
    TypePermissions,
    grant,
    regional,
    regionOnly,
    taggedOnCreate,
} from "./grants";

const NO_RESOURCE = "Elastic Load Balancing's Describe calls take no resource in IAM";
const elb = (resource: string) => ANY("elasticloadbalancing", resource);
const ELB_TAGS = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"];
/** The record names a stack writes, as Route 53 normalises them (lower case, no trailing dot). */
export const stackRecordNames = (scope: StackScope): string[] => [scope.domainName, `_*.${scope.domainName}`];
/** The stack's access-log buckets, and the objects in them: their names carry the stack. */
const logBuckets = (scope: StackScope) => `arn:${scope.partition}:s3:::${albLogBucketPrefix(scope.stack, scope.project)}*`;
const logObjects = (scope: StackScope) => `${logBuckets(scope)}/*`;
/** What a bucket's sub-resource does on its bucket (its delete is a Put of the empty configuration in IAM). */
const onLogBucket = (actions: readonly string[]) => [grant(["create", "read", "update", "delete"], "bucket", actions, logBuckets, BY_NAME)];
/** The stack's web ACL: its exact name, any ID. */
const stackWebAcl = (scope: StackScope) => regional(scope, "wafv2", `regional/webacl/${webAclName(scope.stack, scope.project)}/*`);
const hostedZone = (scope: StackScope) => `arn:${scope.partition}:route53:::hostedzone/${scope.hostedZoneId}`;

const DESCRIBE = grant(
    "read",
    "*",
    [
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeTags",
    ],
    EVERYTHING,
    regionOnly(NO_RESOURCE),
);

export const EDGE: Readonly<Record<string, TypePermissions>> = {
    "aws:lb/loadBalancer:LoadBalancer": {
        what: "the application load balancer",
        grants: [
            // The catalogue keeps the actions ELB shares with Classic Load Balancers under
            // `loadbalancer`, whose ARN pattern an application load balancer's ARN matches.
            grant("create", "loadbalancer", ["elasticloadbalancing:CreateLoadBalancer"], elb("loadbalancer/app/*"), BY_REQUEST_TAGS),
            grant(
                "create",
                "loadbalancer",
                ["elasticloadbalancing:AddTags"],
                elb("loadbalancer/app/*"),
                taggedOnCreate("elasticloadbalancing:CreateLoadBalancer"),
            ),
            grant(
                ["create", "update", "delete", "tag"],
                "loadbalancer",
                ["elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:DeleteLoadBalancer", ...ELB_TAGS],
                elb("loadbalancer/app/*"),
                BY_TAGS,
            ),
            grant(
                ["create", "update"],
                "loadbalancer/app/",
                ["elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets"],
                elb("loadbalancer/app/*"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
    "aws:lb/targetGroup:TargetGroup": {
        what: "the UI's target group",
        grants: [
            grant("create", "targetgroup", ["elasticloadbalancing:CreateTargetGroup"], elb("targetgroup/*"), BY_REQUEST_TAGS),
            grant(
                "create",
                "targetgroup",
                ["elasticloadbalancing:AddTags"],
                elb("targetgroup/*"),
                taggedOnCreate("elasticloadbalancing:CreateTargetGroup"),
            ),
            grant(
                ["create", "update", "delete", "tag"],
                "targetgroup",
                [
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    ...ELB_TAGS,
                ],
                elb("targetgroup/*"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
    "aws:lb/listener:Listener": {
        what: "the HTTPS listener and the HTTP redirect",
        grants: [
            // A listener is created on its load balancer, which must be the stack's.
            grant("create", "loadbalancer/app/", ["elasticloadbalancing:CreateListener"], elb("loadbalancer/app/*"), BY_TAGS),
            grant(
                "create",
                "listener/app",
                ["elasticloadbalancing:AddTags"],
                elb("listener/app/*"),
                taggedOnCreate("elasticloadbalancing:CreateListener"),
            ),
            grant(
                ["update", "delete", "tag"],
                "listener/app",
                ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener", ...ELB_TAGS],
                elb("listener/app/*"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
    "aws:acm/certificate:Certificate": {
        what: "the UI's certificate",
        grants: [
            grant("create", "*", ["acm:RequestCertificate"], () => "*", BY_REQUEST_TAGS),
            grant("create", "certificate", ["acm:AddTagsToCertificate"], ANY("acm", "certificate/*"), BY_REQUEST_TAGS),
            grant(
                ["read", "delete", "tag"],
                "certificate",
                ["acm:DescribeCertificate", "acm:ListTagsForCertificate", "acm:DeleteCertificate", "acm:RemoveTagsFromCertificate"],
                ANY("acm", "certificate/*"),
                BY_TAGS,
            ),
        ],
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        what: "the wait for the certificate's validation",
        grants: [grant("create", "certificate", ["acm:DescribeCertificate"], ANY("acm", "certificate/*"), BY_TAGS)],
    },
    "aws:route53/record:Record": {
        what: "the UI's alias record and the certificate's validation record",
        grants: [
            grant(["read"], "hostedzone", ["route53:ListResourceRecordSets", "route53:GetHostedZone"], hostedZone, BY_ZONE),
            // Only the stack's own names in the zone: the UI's and its certificate's validation records.
            grant(["create", "update", "delete"], "hostedzone", ["route53:ChangeResourceRecordSets"], hostedZone, BY_ZONE, (scope) => ({
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": stackRecordNames(scope) },
                Null: { "route53:ChangeResourceRecordSetsNormalizedRecordNames": "false" },
            })),
            grant(["create", "update", "delete"], "change", ["route53:GetChange"], (scope) => `arn:${scope.partition}:route53:::change/*`, {
                by: "account",
                why: "Route 53 change IDs are not tied to a zone",
            }),
        ],
    },
    "aws:s3/bucket:Bucket": {
        what: "the load balancer's access-log bucket (<project>-<stack>-alb-logs-…)",
        grants: [
            grant(
                ["create", "read", "update", "delete", "tag"],
                "bucket",
                [
                    "s3:CreateBucket",
                    "s3:DeleteBucket",
                    "s3:ListBucket",
                    "s3:ListBucketVersions",
                    "s3:GetBucketLocation",
                    "s3:GetBucketTagging",
                    "s3:PutBucketTagging",
                    "s3:GetBucketAcl",
                    "s3:GetBucketCORS",
                    "s3:GetBucketWebsite",
                    "s3:GetBucketVersioning",
                    "s3:GetAccelerateConfiguration",
                    "s3:GetBucketRequestPayment",
                    "s3:GetBucketLogging",
                    "s3:GetLifecycleConfiguration",
                    "s3:GetReplicationConfiguration",
                    "s3:GetEncryptionConfiguration",
                    "s3:GetBucketObjectLockConfiguration",
                    "s3:GetBucketPolicy",
                    "s3:GetBucketOwnershipControls",
                ],
                logBuckets,
                BY_NAME,
            ),
            // forceDestroy empties the bucket before deleting it.
            grant("delete", "object", ["s3:DeleteObject", "s3:DeleteObjectVersion"], logObjects, BY_NAME),
        ],
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        what: "the log bucket's public access block",
        grants: onLogBucket(["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"]),
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        what: "the log bucket's S3-managed encryption",
        grants: onLogBucket(["s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"]),
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        what: "the log bucket's expiry of old logs",
        grants: onLogBucket(["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"]),
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        what: "the log bucket's policy (ELB log delivery, TLS only)",
        grants: onLogBucket(["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"]),
    },
    "aws:wafv2/webAcl:WebAcl": {
        what: "the web ACL with AWS managed rules in front of the load balancer (named <project>-<stack>-alb)",
        grants: [
            grant(
                ["create", "read", "update", "delete", "tag"],
                "webacl",
                [
                    "wafv2:CreateWebACL",
                    "wafv2:GetWebACL",
                    "wafv2:UpdateWebACL",
                    "wafv2:DeleteWebACL",
                    "wafv2:ListTagsForResource",
                    "wafv2:TagResource",
                    "wafv2:UntagResource",
                ],
                stackWebAcl,
                BY_NAME,
            ),
        ],
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        what: "the web ACL's association with the load balancer",
        grants: [
            grant(["create", "read"], "webacl", ["wafv2:AssociateWebACL", "wafv2:GetWebACLForResource"], stackWebAcl, BY_NAME),
            grant(
                ["create", "read", "delete"],
                "loadbalancer/app/",
                ["wafv2:AssociateWebACL", "wafv2:GetWebACLForResource", "wafv2:DisassociateWebACL"],
                elb("loadbalancer/app/*"),
                regionOnly("WAF names the load balancer in its association calls but gives IAM no key for the load balancer's tags"),
            ),
            // WAF calls it on the caller's behalf when it attaches a web ACL to a load balancer.
            grant("create", "*", ["elasticloadbalancing:SetWebAcl"], EVERYTHING, regionOnly("ELB's SetWebAcl takes no resource in IAM")),
        ],
    },
};
