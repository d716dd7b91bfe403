/**
 * The hosted zone is checked before anything is created: a wrong or placeholder ID would otherwise
 * fail mid-`up`, after the VPC, NAT gateways, ALB and certificate exist, and a private or
 * undelegated zone would leave certificate validation waiting 75 minutes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../model/naming";
import { firstLine } from "../errorText";

/** The zone the stack is configured with. */
export interface ConfiguredZone {
    readonly id: string;
    /** Lower case, without the trailing dot. */
    readonly name: string;
}

const ID_KEY = `${PROJECT}:hostedZoneId`;
const NAME_KEY = `${PROJECT}:hostedZoneName`;

/** What Route 53 said about the zone: its name and whether it is private, or why it could not be read. */
export type ZoneLookup = { readonly name: string; readonly privateZone: boolean } | { readonly error: string };

/** The problem with the configured zone, or undefined when it is the public zone it claims to be. */
export function hostedZoneProblem(zone: ConfiguredZone, found: ZoneLookup): string | undefined {
    if ("error" in found) {
        return (
            `${ID_KEY}: Route 53 has no hosted zone ${zone.id} that these credentials can read (${found.error}). ` +
            `Set ${ID_KEY} to the ID of the public zone ${zone.name} (aws route53 list-hosted-zones-by-name --dns-name ${zone.name}).`
        );
    }
    if (found.privateZone) {
        return (
            `${ID_KEY}: ${zone.id} is a private hosted zone, which ACM cannot validate a certificate in and users cannot resolve. ` +
            `Use the ID of the public zone ${zone.name}.`
        );
    }
    const name = found.name.toLowerCase().replace(/\.$/, "");
    if (name !== zone.name) {
        return `${NAME_KEY}: "${zone.name}" is not the name of hosted zone ${zone.id}, which is ${name}. Make the two settings name the same public zone.`;
    }
    return undefined;
}

/**
 * Looks the zone up by ID (a provider function, so it runs in every preview) and resolves to its
 * ID, or rejects with a `RunError` the CLI prints without a trace. A plain promise rather than an
 * Output: an Output's side promises would reject unobserved besides the one that is awaited.
 */
export function checkedHostedZone(zone: ConfiguredZone, provider: aws.Provider): Promise<string> {
    return aws.route53
        .getZone({ zoneId: zone.id }, { provider })
        .then(
            (found): ZoneLookup => ({ name: found.name, privateZone: found.privateZone ?? false }),
            (error: unknown): ZoneLookup => ({ error: firstLine(error) }),
        )
        .then((found) => {
            const problem = hostedZoneProblem(zone, found);
            if (problem !== undefined) {
                throw new pulumi.RunError(problem);
            }
            return zone.id;
        });
}
