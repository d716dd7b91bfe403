/** The load balancer's hardening: deletion protection, access logs in a bucket of the stack's, and the role boundary. */
import * as assert from "assert";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../tools/harness/mockState";
import { evaluateStack } from "../tools/harness/program";
import { sharedEvaluation } from "./support/evaluations";
import { perTier } from "./support/tiers";
import { WAF_MANAGED_RULE_GROUPS } from "../model/waf";

type Json = Record<string, any>;

const loadBalancer = (ev: Evaluation) => named(ev, "aws:lb/loadBalancer:LoadBalancer", "yelb-ingress-alb");

describe("the prod edge", () => {
    let prod: Evaluation;
    let dev: Evaluation;
    before(async () => {
        prod = await sharedEvaluation("prod");
        dev = await sharedEvaluation("dev");
    });

    it("protects prod's load balancer from deletion, and leaves dev's deletable", () => {
        assert.strictEqual(loadBalancer(prod).inputs.enableDeletionProtection, true);
        assert.strictEqual(loadBalancer(dev).inputs.enableDeletionProtection, false);
    });

    it("logs prod's requests to a private, encrypted, TLS-only bucket of the stack's that ELB may write to", () => {
        const bucket = named(prod, "aws:s3/bucket:Bucket", "yelb-ingress-access-logs-bucket");
        assert.strictEqual(bucket.inputs.bucketPrefix, "yelb-prod-alb-logs-");
        assert.deepStrictEqual(loadBalancer(prod).inputs.accessLogs, { bucket: bucket.outputs.bucket, enabled: true });
        const policy = named(prod, "aws:s3/bucketPolicy:BucketPolicy", "yelb-ingress-access-logs-policy");
        assert.ok(loadBalancer(prod).dependencies.includes(policy.urn), "ELB checks the bucket's policy when logging is turned on");
        const document = JSON.parse(String(policy.inputs.policy)) as Json;
        assert.deepStrictEqual(document.Statement[0], {
            Sid: "ElbLogDelivery",
            Effect: "Allow",
            // eu-west-1's Elastic Load Balancing account.
            Principal: { AWS: "arn:aws:iam::156460612806:root" },
            Action: "s3:PutObject",
            Resource: `${bucket.outputs.arn}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
        });
        assert.deepStrictEqual(document.Statement[1].Condition, { Bool: { "aws:SecureTransport": "false" } });
        assert.strictEqual(document.Statement[1].Effect, "Deny");
        const encryption = named(
            prod,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "yelb-ingress-access-logs-encryption",
        );
        // SSE-S3: ELB log delivery supports no KMS key.
        assert.deepStrictEqual(encryption.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const publicAccess = named(
            prod,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "yelb-ingress-access-logs-public-access",
        );
        for (const key of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            assert.strictEqual(publicAccess.inputs[key], true, key);
        }
        const expiry = named(prod, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "yelb-ingress-access-logs-expiry");
        assert.strictEqual((expiry.inputs.rules as Json[])[0].expiration.days, Number(prod.config["yelb:logRetentionDays"]));
        assert.deepStrictEqual(ofType(dev, "aws:s3/bucket:Bucket"), [], "dev keeps no access logs");
    });

    it("writes the logs to us-east-1's ELB account in a us-east-1 stack", async () => {
        const ev = await evaluateStack("dev", { "yelb:albAccessLogs": "true" });
        const policy = JSON.parse(String(named(ev, "aws:s3/bucketPolicy:BucketPolicy", "yelb-ingress-access-logs-policy").inputs.policy));
        assert.strictEqual(policy.Statement[0].Principal.AWS, "arn:aws:iam::127311923021:root");
    });

    it("puts prod's load balancer behind a web ACL of AWS managed rules that block, named after the stack, before the listener serves", () => {
        const acl = named(prod, "aws:wafv2/webAcl:WebAcl", "yelb-ingress-waf-acl");
        assert.strictEqual(acl.inputs.name, "yelb-prod-alb");
        assert.strictEqual(acl.inputs.scope, "REGIONAL");
        assert.deepStrictEqual(acl.inputs.defaultAction, { allow: {} });
        const rules = acl.inputs.rules as Json[];
        assert.deepStrictEqual(
            rules.map((rule) => [rule.priority, rule.statement.managedRuleGroupStatement]),
            WAF_MANAGED_RULE_GROUPS.map((group, priority) => [priority, { vendorName: "AWS", name: group.name }]),
        );
        // `count` would only report what the rules match; `none` keeps their block actions.
        assert.deepStrictEqual([...new Set(rules.map((rule) => JSON.stringify(rule.overrideAction)))], ['{"none":{}}']);
        // A web ACL includes 1,500 capacity units; above them AWS charges for each extra 500.
        assert.ok(WAF_MANAGED_RULE_GROUPS.reduce((sum, group) => sum + group.capacityUnits, 0) <= 1500);
        const association = named(prod, "aws:wafv2/webAclAssociation:WebAclAssociation", "yelb-ingress-waf-association");
        assert.strictEqual(association.inputs.resourceArn, loadBalancer(prod).outputs.arn);
        assert.strictEqual(association.inputs.webAclArn, acl.outputs.arn);
        const https = named(prod, "aws:lb/listener:Listener", "yelb-ingress-https");
        assert.ok(https.dependencies.includes(association.urn), "the HTTPS listener waits for the web ACL");
        assert.deepStrictEqual(ofType(dev, "aws:wafv2/webAcl:WebAcl"), [], "dev has no web ACL");
    });

    it("bounds every IAM role of the stack by the stack's role boundary, or none when it is turned off", async () => {
        const boundary = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/pulumi-deployments/yelb-prod-role-boundary`;
        const roles = ofType(prod, "aws:iam/role:Role");
        // Every tier's task role and execution role.
        assert.deepStrictEqual(
            roles.map((r) => r.name).sort(),
            perTier((tier) => [`yelb-${tier}-sc-execution`, `yelb-${tier}-sc-task`]),
        );
        assert.deepStrictEqual([...new Set(roles.map((r) => r.inputs.permissionsBoundary))], [boundary]);
        const unbounded = await evaluateStack("dev", { "yelb:rolePermissionsBoundary": "false" });
        assert.deepStrictEqual([...new Set(ofType(unbounded, "aws:iam/role:Role").map((r) => r.inputs.permissionsBoundary))], [undefined]);
    });
});
