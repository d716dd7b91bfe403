import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One allowed TCP connection between two security groups. */
export interface Connection {
    /** The security group the connection leaves from. */
    readonly fromSecurityGroupId: pulumi.Input<string>;
    /** The security group the connection arrives at. */
    readonly toSecurityGroupId: pulumi.Input<string>;
    /** The destination port. */
    readonly port: number;
    /** Why the connection exists, shown in the console on both rules. */
    readonly description: string;
}

/**
 * Opens one link of the security group chain: the egress rule on the caller and the matching
 * ingress rule on the callee, and nothing wider. Both are children of `parent`, the caller.
 */
export function allowConnection(name: string, connection: Connection, parent: pulumi.Resource): pulumi.Resource[] {
    const egress = new aws.vpc.SecurityGroupEgressRule(
        `${name}-egress`,
        {
            securityGroupId: connection.fromSecurityGroupId,
            referencedSecurityGroupId: connection.toSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: connection.port,
            toPort: connection.port,
            description: connection.description,
        },
        { parent },
    );
    const ingress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-ingress`,
        {
            securityGroupId: connection.toSecurityGroupId,
            referencedSecurityGroupId: connection.fromSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: connection.port,
            toPort: connection.port,
            description: connection.description,
        },
        { parent },
    );
    return [egress, ingress];
}
