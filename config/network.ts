/** The VPC: availability zones, NAT gateways, the CIDR block, and whether tasks get public IPs. */
import { SettingsReader } from "./reader";

export type NatGatewayStrategy = "Single" | "OnePerAz" | "None";
export const NAT_STRATEGIES: readonly NatGatewayStrategy[] = ["Single", "OnePerAz", "None"];

export interface NetworkSettings {
    readonly availabilityZones: number;
    readonly natGateways: NatGatewayStrategy;
    readonly cidrBlock: string;
    readonly assignPublicIp: boolean;
}

const IPV4_CIDR_16_TO_24 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|2[0-4])$/;

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
    if (!IPV4_CIDR_16_TO_24.test(cidrBlock)) {
        reader.report(`${reader.key("vpcCidr")}: "${cidrBlock}" is not an IPv4 CIDR block with a /16 to /24 prefix.`);
    }
    return { availabilityZones, natGateways, cidrBlock, assignPublicIp };
}
