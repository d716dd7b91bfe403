/** Where the stack lives and how users reach it: the region, the hosted zone, the UI's name, the namespace. */
import { ACM_MAX_DOMAIN_LENGTH, AWS_REGIONS, validateRegion } from "../model/aws";
import { defaultNamespaceName } from "../model/naming";
import { SERVICE_CONNECT_REGIONS } from "../model/serviceConnect";
import { validateDomainName, validateHostedZoneId, validateNamespaceName } from "../model/validators";
import { SettingsReader } from "../model/settings/reader";

export interface SiteSettings {
    readonly region: string;
    readonly hostedZone: { readonly name: string; readonly id: string };
    /** The fully qualified name the ALB is published under. */
    readonly domainName: string;
    readonly namespaceName: string;
}

export function readSite(reader: SettingsReader, stack: string): SiteSettings {
    const region = reader.readKey("aws:region") ?? "";
    if (region === "") {
        reader.report("aws:region is required. Set it with `pulumi config set aws:region us-east-1`.");
    } else if (AWS_REGIONS.includes(region) && !SERVICE_CONNECT_REGIONS.includes(region)) {
        reader.warn(
            `aws:region ${region} is not in the AWS Service Connect guide's list of regions ` +
                `(${SERVICE_CONNECT_REGIONS.join(", ")}); check that Service Connect is available there.`,
        );
    } else {
        reader.report(validateRegion("aws:region", region));
    }

    const hostedZoneName = reader.required("hostedZoneName", "example.com").replace(/\.$/, "").toLowerCase();
    const hostedZoneId = reader.required("hostedZoneId", "Z0123456789ABCDEFGHIJ");
    if (hostedZoneName !== "") {
        reader.report(validateDomainName(reader.key("hostedZoneName"), hostedZoneName));
    }
    if (hostedZoneId !== "") {
        reader.report(validateHostedZoneId(reader.key("hostedZoneId"), hostedZoneId));
    }
    const domainName = resolveDomainName(reader.text("subdomain"), hostedZoneName, reader.problems, reader.key("subdomain"));
    if (hostedZoneName !== "" && domainName.length > ACM_MAX_DOMAIN_LENGTH) {
        reader.report(
            `${reader.key("subdomain")}: the UI's name ${domainName} has ${domainName.length} characters, and its ACM certificate ` +
                `takes at most ${ACM_MAX_DOMAIN_LENGTH}. Use a shorter subdomain (or zone).`,
        );
    }

    const namespaceName = reader.optional("namespaceName") ?? defaultNamespaceName(stack, reader.namespace);
    reader.report(validateNamespaceName(reader.key("namespaceName"), namespaceName));

    return { region, hostedZone: { name: hostedZoneName, id: hostedZoneId }, domainName, namespaceName };
}

/**
 * `subdomain` is relative to the hosted zone ("yelb", "yelb.dev"), or absolute with a trailing dot
 * as in a zone file ("yelb.example.com."), in which case the zone must contain it.
 */
export function resolveDomainName(subdomain: string, zone: string, problems: string[], setting = "yelb:subdomain"): string {
    const name = subdomain.toLowerCase();
    if (zone === "") {
        return name;
    }
    if (name.endsWith(".")) {
        const absolute = name.slice(0, -1);
        if (absolute !== zone && !absolute.endsWith(`.${zone}`)) {
            problems.push(
                `${setting}: the hosted zone ${zone} does not contain ${absolute}. ` +
                    `Use a name that ends in .${zone}, or a name relative to the zone such as "yelb".`,
            );
            return absolute;
        }
        const problem = validateDomainName(setting, absolute);
        if (problem !== undefined) {
            problems.push(problem);
        }
        return absolute;
    }
    if (name === zone || name.endsWith(`.${zone}`)) {
        const relative = name === zone ? undefined : name.slice(0, -(zone.length + 1));
        problems.push(
            `${setting}: "${subdomain}" already ends with the zone name ${zone}, so the record would be ` +
                `${name}.${zone}. Use ${relative === undefined ? "" : `the relative name "${relative}", or `}` +
                `"${name}." (trailing dot) for an absolute name.`,
        );
    }
    const domainName = `${name}.${zone}`;
    const problem = validateDomainName(setting, domainName);
    if (problem !== undefined) {
        problems.push(problem);
    }
    return domainName;
}
