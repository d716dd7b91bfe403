import * as aws from "@pulumi/aws";
import type { ZoneLookup } from "../../model/awsLookups";
import { firstLine } from "../errorText";

/**
 * Looks the zone up by ID (a provider function, so it runs in every preview) and resolves to what
 * Route 53 said, a failure included: the caller judges it against the settings before any resource
 * is registered. A plain promise rather than an Output, whose side promises would reject unobserved.
 */
export function lookupHostedZone(zoneId: string, provider: aws.Provider): Promise<ZoneLookup> {
    return aws.route53.getZone({ zoneId }, { provider }).then(
        (found): ZoneLookup => ({ name: found.name, privateZone: found.privateZone ?? false }),
        (error: unknown): ZoneLookup => ({ error: firstLine(error) }),
    );
}
