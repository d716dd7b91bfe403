import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AccessLogBucketArgs {
    /** The bucket's name prefix (S3 adds a unique suffix); it carries the stack (`albLogBucketPrefix`). */
    readonly bucketPrefix: string;
    /** Days a log object is kept before S3 deletes it. */
    readonly expirationDays: number;
}

/**
 * The S3 bucket the load balancer writes its access logs to: private, encrypted with S3-managed
 * keys (the only encryption ELB log delivery supports), TLS only, objects expiring after
 * `expirationDays`, and writable by Elastic Load Balancing's log delivery account of the region.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** The policy that lets ELB write: the load balancer's logging must wait for it, as ELB checks on enable. */
    readonly policy: aws.s3.BucketPolicy;
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ingress:AccessLogBucket", name, {}, opts);
        // Logs expire on their own; a destroy removes what is left instead of stopping at a full bucket.
        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: args.bucketPrefix, forceDestroy: true }, { parent: this });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket: this.bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-expiry`,
            {
                bucket: this.bucket.id,
                rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.expirationDays } }],
            },
            { parent: this },
        );

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        // The region's ELB account; the provider knows it for every region (aws.elb.getServiceAccount).
        const elb = aws.elb.getServiceAccountOutput({}, { parent: this }).arn;
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: this.bucket.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ElbLogDelivery",
                            Effect: "Allow",
                            Principal: { AWS: elb },
                            Action: "s3:PutObject",
                            Resource: pulumi.interpolate`${this.bucket.arn}/AWSLogs/${account}/*`,
                        },
                        {
                            Sid: "TlsOnly",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            // S3 refuses a second public-access change while the first is in flight.
            { parent: this, dependsOn: [publicAccess] },
        );
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
