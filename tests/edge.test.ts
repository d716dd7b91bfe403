/** The load balancer's hardening: deletion protection, access logs in a bucket of the stack's, and the role boundary. */
import * as assert from "assert";
import { Evaluation, named, ofType } from "../harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../harness/mockState";
import { evaluateStack } from "../harness/program";
import { sharedEvaluation } from "./support/evaluations";

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

    it("bounds every IAM role of the stack by the stack's role boundary, or none when it is turned off", async () => {
        const boundary = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/pulumi-deployments/yelb-prod-role-boundary`;
        const roles = ofType(prod, "aws:iam/role:Role");
        assert.strictEqual(roles.length, 8);
        assert.deepStrictEqual([...new Set(roles.map((r) => r.inputs.permissionsBoundary))], [boundary]);
        const unbounded = await evaluateStack("dev", { "yelb:rolePermissionsBoundary": "false" });
        assert.deepStrictEqual([...new Set(ofType(unbounded, "aws:iam/role:Role").map((r) => r.inputs.permissionsBoundary))], [undefined]);
    });
});
