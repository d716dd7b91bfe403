import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { Ingress } from "../ingress/ingress";
import { allowConnection } from "../network/securityGroupRules";
import { TierArgs, tierServiceArgs } from "./tierService";

export interface YelbUiArgs extends TierArgs {
    /** The load balancer the UI is reached through. */
    readonly ingress: Ingress;
    /** Hosted zone of the public record. */
    readonly hostedZoneId: string;
    /** Public name of the UI, inside the hosted zone. */
    readonly domainName: string;
    /** Seconds the ALB health checks are ignored after a task starts. */
    readonly healthCheckGracePeriodSeconds: number;
}

/**
 * yelb-ui: nginx with the Angular app, a Service Connect client behind the ALB. It is created
 * last, after the appserver it proxies to, and its public DNS name is published after it runs.
 */
export class YelbUi extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;
    readonly record: aws.route53.Record;
    readonly url: pulumi.Output<string>;

    constructor(name: string, args: YelbUiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbUi", name, {}, opts);
        const contract = args.definition.contract;

        this.service = new ServiceConnectService(
            `${name}-sc`,
            {
                ...tierServiceArgs(args),
                // A client only: nothing in the namespace calls the UI.
                endpoint: undefined,
                targetGroupArn: args.ingress.targetGroup.arn,
                healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds,
                // ECS refuses a target group that no listener uses yet.
                serviceDependsOn: [args.ingress.httpsListener],
            },
            { parent: this },
        );
        allowConnection(
            `${name}-from-alb`,
            {
                fromSecurityGroupId: args.ingress.securityGroup.id,
                toSecurityGroupId: this.service.securityGroup.id,
                port: contract.containerPort,
                description: "ALB to yelb-ui tasks",
            },
            this,
        );

        this.record = new aws.route53.Record(
            `${name}-record`,
            {
                zoneId: args.hostedZoneId,
                name: args.domainName,
                type: "A",
                aliases: [
                    {
                        name: args.ingress.loadBalancer.dnsName,
                        zoneId: args.ingress.loadBalancer.zoneId,
                        evaluateTargetHealth: true,
                    },
                ],
            },
            // Publish the name once the UI is steady, so the public never meets a half-built stack.
            { parent: this, dependsOn: [this.service.service] },
        );
        this.url = pulumi.output(`https://${args.domainName}`);
        this.registerOutputs({ url: this.url, serviceName: this.service.service.name });
    }
}
