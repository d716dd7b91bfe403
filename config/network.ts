/** The VPC: availability zones, NAT gateways, the CIDR block, and where tasks run. */
import { SettingsReader } from "../model/settings/reader";

export type NatGatewayStrategy = "Single" | "OnePerAz" | "None";
export const NAT_STRATEGIES: readonly NatGatewayStrategy[] = ["Single", "OnePerAz", "None"];

export interface NetworkSettings {
    readonly availabilityZones: number;
    readonly natGateways: NatGatewayStrategy;
    readonly cidrBlock: string;
    readonly assignPublicIp: boolean;
}

/**
 * The subnets the tasks run in. Without NAT gateways only the public subnets route out (through
 * the internet gateway), and a public IP is what lets a task use that route to pull its image.
 */
export function taskSubnets(network: Pick<NetworkSettings, "natGateways" | "assignPublicIp">): "public" | "private" {
    return network.natGateways === "None" && network.assignPublicIp ? "public" : "private";
}

/** The subnets Network lays out in each AZ (awsx "Auto" strategy): a public /24, then a private /20. */
export const SUBNET_MASKS = { public: 24, private: 20 } as const;

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * The largest VPC prefix awsx can lay the subnets out in for `zones` AZs. awsx splits the VPC into
 * equal blocks, one per AZ, rounded up to a power of two, and places the /24 and then the /20 in
 * each (the /20 starts on a /20 boundary), so each AZ's block must be a /19 or larger.
 */
export function largestVpcPrefix(zones: number): number {
    return 19 - Math.ceil(Math.log2(zones));
}

/** A problem with a VPC CIDR block for this many AZs, or undefined when awsx can lay it out. */
export function vpcCidrProblem(setting: string, cidr: string, zones: number): string | undefined {
    const match = IPV4_CIDR.exec(cidr);
    const octets = match?.slice(1, 5).map(Number) ?? [];
    const prefix = Number(match?.[5]);
    if (match === null || octets.some((o) => o > 255) || prefix < 16 || prefix > 24) {
        return `${setting}: "${cidr}" is not an IPv4 CIDR block with a /16 to /24 prefix.`;
    }
    const address = octets.reduce((value, octet) => value * 256 + octet, 0);
    const size = 2 ** (32 - prefix);
    if (address % size !== 0) {
        const base = address - (address % size);
        const dotted = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
        return `${setting}: "${cidr}" has host bits set. Use the network address ${dotted}/${prefix}.`;
    }
    const largest = largestVpcPrefix(zones);
    if (prefix > largest) {
        return (
            `${setting}: /${prefix} is too small for ${zones} availability zones: each AZ gets a public /${SUBNET_MASKS.public} ` +
            `and a private /${SUBNET_MASKS.private}, which needs a VPC of /${largest} or larger. Use a /${largest} or wider block, or fewer zones.`
        );
    }
    return undefined;
}

export function readNetwork(reader: SettingsReader): NetworkSettings {
    const availabilityZones = reader.integer("availabilityZones", 2, 6);
    const natGateways = reader.oneOf("natGateways", NAT_STRATEGIES);
    const assignPublicIp = reader.boolean("assignPublicIp");
    if (natGateways === "None" && !assignPublicIp) {
        reader.report(
            `${reader.key("natGateways")}: "None" leaves tasks in private subnets without a route to pull images ` +
                `or reach the ECS and CloudWatch endpoints. Use "Single" or "OnePerAz", or set ` +
                `${reader.key("assignPublicIp")} to true.`,
        );
    }
    const cidrBlock = reader.text("vpcCidr");
    if (reader.has("vpcCidr")) {
        reader.report(vpcCidrProblem(reader.key("vpcCidr"), cidrBlock, availabilityZones));
    }
    return { availabilityZones, natGateways, cidrBlock, assignPublicIp };
}
