import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WAF_MANAGED_RULE_GROUPS } from "../../model/waf";

export interface LoadBalancerWebAclArgs {
    /** The web ACL's name; it carries the stack (`webAclName`), so the deploy role reaches only its own. */
    readonly name: string;
    /** ARN of the application load balancer the web ACL protects. */
    readonly loadBalancerArn: pulumi.Input<string>;
}

/**
 * A regional AWS WAF web ACL in front of the load balancer: AWS's free managed rule groups
 * (`WAF_MANAGED_RULE_GROUPS`) block what they match, everything else passes, and every rule
 * reports CloudWatch metrics and sampled requests so a false positive can be found and excluded.
 */
export class LoadBalancerWebAcl extends pulumi.ComponentResource {
    readonly webAcl: aws.wafv2.WebAcl;
    readonly association: aws.wafv2.WebAclAssociation;
    readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: LoadBalancerWebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ingress:LoadBalancerWebAcl", name, {}, opts);
        const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
        this.webAcl = new aws.wafv2.WebAcl(
            `${name}-acl`,
            {
                name: args.name,
                description: "AWS managed rules in front of the Yelb load balancer",
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: WAF_MANAGED_RULE_GROUPS.map((group, priority) => ({
                    name: group.name,
                    priority,
                    // `none` keeps each group's own actions (block); `count` would only report.
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group.name } },
                    visibilityConfig: visibility(group.name),
                })),
                visibilityConfig: visibility(args.name),
            },
            // Its name is fixed, so a replacement must delete the old web ACL (and its association) first.
            { parent: this, deleteBeforeReplace: true },
        );
        this.association = new aws.wafv2.WebAclAssociation(
            `${name}-association`,
            { resourceArn: args.loadBalancerArn, webAclArn: this.webAcl.arn },
            { parent: this },
        );
        this.webAclArn = this.webAcl.arn;
        this.registerOutputs({ webAclArn: this.webAclArn });
    }
}
