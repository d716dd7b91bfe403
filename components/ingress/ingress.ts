import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket, AccessLogBucketArgs } from "./accessLogBucket";
import { LoadBalancerWebAcl } from "./webAcl";

export interface IngressArgs {
    /** VPC of the load balancer and its target group. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets, one per availability zone. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The Route 53 hosted zone that holds `domainName`. */
    readonly hostedZoneId: string;
    /** Fully qualified name to publish, inside the hosted zone. */
    readonly domainName: string;
    /** Port the UI containers listen on. @default 80 */
    readonly targetPort?: number;
    /** HTTP path the target group health check requests. @default "/" */
    readonly healthCheckPath?: string;
    /** ELB security policy of the HTTPS listener, a TLS 1.3 policy. */
    readonly tlsPolicy: string;
    /** ELB's deletion protection: AWS refuses to delete the load balancer until it is turned off. @default false */
    readonly deletionProtection?: boolean;
    /** Access logs of the load balancer, in a bucket of the stack's. @default undefined (none) */
    readonly accessLogs?: AccessLogBucketArgs;
    /** Name of an AWS WAF web ACL with AWS managed rules in front of the load balancer. @default undefined (none) */
    readonly webAclName?: string;
}

/**
 * Internet-facing ALB for the UI: HTTPS with a DNS-validated ACM certificate, HTTP redirected to
 * HTTPS, and an IP target group for Fargate tasks. The public alias record is left to the UI tier,
 * so that the name resolves only once the UI is running (the guide's "Deployment order").
 */
export class Ingress extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly certificate: aws.acm.Certificate;
    readonly httpsListener: aws.lb.Listener;
    readonly httpListener: aws.lb.Listener;
    readonly url: pulumi.Output<string>;
    readonly accessLogBucket?: AccessLogBucket;
    readonly webAcl?: LoadBalancerWebAcl;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ingress:Ingress", name, {}, opts);

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: `${name} load balancer`, revokeRulesOnDelete: true },
            { parent: this },
        );
        for (const port of [80, 443]) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-from-internet-${port}`,
                {
                    securityGroupId: this.securityGroup.id,
                    cidrIpv4: "0.0.0.0/0",
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    description: port === 443 ? "HTTPS from the internet" : "HTTP from the internet, redirected to HTTPS",
                },
                { parent: this },
            );
        }

        this.accessLogBucket =
            args.accessLogs === undefined ? undefined : new AccessLogBucket(`${name}-access-logs`, args.accessLogs, { parent: this });
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                subnets: args.publicSubnetIds,
                securityGroups: [this.securityGroup.id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: args.deletionProtection ?? false,
                ...(this.accessLogBucket === undefined ? {} : { accessLogs: { bucket: this.accessLogBucket.bucketName, enabled: true } }),
            },
            // ELB writes a test object when logging is turned on, so the bucket's policy comes first.
            { parent: this, dependsOn: this.accessLogBucket === undefined ? [] : [this.accessLogBucket.policy] },
        );

        this.webAcl =
            args.webAclName === undefined
                ? undefined
                : new LoadBalancerWebAcl(
                      `${name}-waf`,
                      { name: args.webAclName, loadBalancerArn: this.loadBalancer.arn },
                      { parent: this },
                  );

        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-ui`,
            {
                vpcId: args.vpcId,
                targetType: "ip",
                protocol: "HTTP",
                port: args.targetPort ?? 80,
                deregistrationDelay: 30,
                healthCheck: {
                    path: args.healthCheckPath ?? "/",
                    protocol: "HTTP",
                    matcher: "200",
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
            },
            { parent: this },
        );

        this.certificate = new aws.acm.Certificate(
            `${name}-cert`,
            { domainName: args.domainName, validationMethod: "DNS" },
            { parent: this },
        );
        const validationOption = this.certificate.domainValidationOptions[0];
        const validationRecord = new aws.route53.Record(
            `${name}-cert-validation`,
            {
                zoneId: args.hostedZoneId,
                name: validationOption.resourceRecordName,
                type: validationOption.resourceRecordType,
                records: [validationOption.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            },
            { parent: this },
        );
        const validation = new aws.acm.CertificateValidation(
            `${name}-cert-validation`,
            { certificateArn: this.certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
            { parent: this },
        );

        this.httpsListener = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: args.tlsPolicy,
                certificateArn: validation.certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
            },
            // With a web ACL, no request reaches the UI before its rules apply.
            { parent: this, dependsOn: this.webAcl === undefined ? [] : [this.webAcl.association] },
        );
        this.httpListener = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
            { parent: this },
        );

        this.url = pulumi.output(`https://${args.domainName}`);
        this.registerOutputs({
            url: this.url,
            loadBalancerDnsName: this.loadBalancer.dnsName,
            targetGroupArn: this.targetGroup.arn,
            securityGroupId: this.securityGroup.id,
            certificateArn: validation.certificateArn,
            accessLogBucket: this.accessLogBucket?.bucketName,
            webAclArn: this.webAcl?.webAclArn,
        });
    }
}
