/**
 * The settings checked against AWS before anything is created: a wrong or placeholder zone ID
 * would otherwise fail mid-`up`, after the VPC, NAT gateways, ALB and certificate exist, a private
 * or undelegated zone would leave certificate validation waiting 75 minutes, and a role naming a
 * missing boundary fails only after the network and the load balancer exist.
 */
import type { RoleBoundaryLookup, ZoneLookup } from "../model/awsLookups";
import { PROJECT } from "../model/naming";

const ZONE_ID_KEY = `${PROJECT}:hostedZoneId`;
const ZONE_NAME_KEY = `${PROJECT}:hostedZoneName`;
const BOUNDARY_KEY = `${PROJECT}:rolePermissionsBoundary`;

/** The problem with the configured zone, or undefined when it is the public zone it claims to be. */
export function hostedZoneProblem(zone: { readonly id: string; readonly name: string }, found: ZoneLookup): string | undefined {
    if ("error" in found) {
        return (
            `${ZONE_ID_KEY}: Route 53 has no hosted zone ${zone.id} that these credentials can read (${found.error}). ` +
            `Set ${ZONE_ID_KEY} to the ID of the public zone ${zone.name} (aws route53 list-hosted-zones-by-name --dns-name ${zone.name}).`
        );
    }
    if (found.privateZone) {
        return (
            `${ZONE_ID_KEY}: ${zone.id} is a private hosted zone, which ACM cannot validate a certificate in and users cannot resolve. ` +
            `Use the ID of the public zone ${zone.name}.`
        );
    }
    const name = found.name.toLowerCase().replace(/\.$/, "");
    if (name !== zone.name) {
        return `${ZONE_NAME_KEY}: "${zone.name}" is not the name of hosted zone ${zone.id}, which is ${name}. Make the two settings name the same public zone.`;
    }
    return undefined;
}

/** What to tell the user when the boundary cannot be read, or undefined when IAM has it. */
export function roleBoundaryProblem(found: RoleBoundaryLookup): string | undefined {
    if (found.error === undefined) {
        return undefined;
    }
    return (
        `${BOUNDARY_KEY} is true, but IAM has no policy ${found.arn} that these credentials can read (${found.error}). ` +
        `Run the deployments program (deployments/) with this stack in yelb-deployments:stacks first, which creates it, ` +
        `or set ${BOUNDARY_KEY} to false when you deploy with credentials of your own.`
    );
}
