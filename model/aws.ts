/** AWS facts the program, the deployments program and the config share. */
import { Region } from "@pulumi/aws/types/enums";
import { closestNames } from "./names";

/** The regions the AWS provider knows, from its own maintained list. */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

/** An error naming the setting, the value, the closest region and every region, or undefined. */
export function validateRegion(setting: string, region: string): string | undefined {
    if (AWS_REGIONS.includes(region)) {
        return undefined;
    }
    const close = closestNames(region, AWS_REGIONS, 1);
    return `${setting}: "${region}" is not an AWS region.${close.length > 0 ? ` Did you mean ${close[0]}?` : ""} Use one of ${AWS_REGIONS.join(", ")}.`;
}

/** The AWS partition of a region, for ARNs built before any resource exists. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) {
        return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
        return "aws-us-gov";
    }
    return "aws";
}

/**
 * The longest name an ACM certificate takes as its domain (its common name): "cannot exceed 64
 * octets (characters), including periods" (ACM's RequestCertificate, after RFC 5280).
 */
export const ACM_MAX_DOMAIN_LENGTH = 64;
