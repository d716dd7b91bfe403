// The ec2 module alone: the package index also loads awsx classic, which this program never uses.
import * as ec2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";

export interface NetworkArgs {
    /** Availability zones to spread subnets over. */
    readonly availabilityZones: number;
    /** NAT gateways for the private subnets: one shared, one per AZ, or none. */
    readonly natGateways: "Single" | "OnePerAz" | "None";
    /** IPv4 CIDR block of the VPC. */
    readonly cidrBlock: string;
    /** A check that must pass before the VPC is registered; its rejection fails the run. @default none */
    readonly waitFor?: Promise<unknown>;
}

/**
 * The VPC: public subnets for the load balancer, private subnets for the tasks. awsx's VPC is the
 * idiomatic choice here; it is a remote component, so its children are not visible under mocks.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpc: ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:network:Network", name, {}, opts);
        const waitFor: Promise<pulumi.Resource[]> | undefined = args.waitFor?.then(() => []);
        // A remote component gets only the providers handed to it, not its parent's: without this,
        // awsx would create the subnets, gateways and routes with the default AWS provider.
        const awsProvider = this.getProvider("aws:ec2/vpc:Vpc");
        this.vpc = new ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                numberOfAvailabilityZones: args.availabilityZones,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                natGateways: { strategy: args.natGateways },
                subnetStrategy: "Auto",
                subnetSpecs: [
                    { type: "Public", cidrMask: 24 },
                    { type: "Private", cidrMask: 20 },
                ],
            },
            { parent: this, dependsOn: waitFor, providers: awsProvider === undefined ? [] : [awsProvider] },
        );
        this.vpcId = this.vpc.vpcId;
        this.publicSubnetIds = this.vpc.publicSubnetIds;
        this.privateSubnetIds = this.vpc.privateSubnetIds;
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }
}
