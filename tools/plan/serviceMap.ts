/**
 * The Service Connect map of a plan: each service's role, the endpoints it publishes, and for
 * each client the endpoints it may call (those its security group is let through to), drawn
 * from the same reading of the resources as the policy pack.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    PublishedEndpoint,
    endpointsOf,
    namespaceKeyOf,
    publishedServices,
    serviceCalls,
    serviceConnectServices,
} from "../../policies/lib";

export type Endpoint = PublishedEndpoint;

export interface MappedService {
    readonly name: string;
    readonly role: "client" | "client-server";
    readonly namespace: string;
    readonly endpoints: readonly Endpoint[];
    /** Endpoints this service calls, as "dns:port", read from the security group rules. */
    readonly calls: readonly string[];
    /** Whether a load balancer target group sends traffic to it. */
    readonly loadBalanced: boolean;
}

export interface ServiceConnectMap {
    readonly services: readonly MappedService[];
    readonly edges: readonly { from: string; to: string; endpoint: string }[];
}

function namespaceLabel(key: string | undefined, resources: readonly PolicyResource[]): string {
    const resource = resources.find((r) => r.urn === key);
    return String(resource?.props.name ?? key ?? "(cluster default)");
}

export function serviceConnectMap(resources: readonly PolicyResource[]): ServiceConnectMap {
    const services = serviceConnectServices(resources);
    const calls = serviceCalls(resources);
    const endpoints = new Map(services.map((s) => [s.urn, endpointsOf(s, resources)]));
    const edges = calls.flatMap(({ client, server }) =>
        (endpoints.get(server.urn) ?? []).map((e) => ({ from: client.name, to: server.name, endpoint: `${e.dnsName}:${e.port}` })),
    );
    return {
        services: services.map((service) => ({
            name: service.name,
            role: publishedServices(service.props).length > 0 ? "client-server" : "client",
            namespace: namespaceLabel(namespaceKeyOf(service, resources), resources),
            endpoints: endpoints.get(service.urn) ?? [],
            calls: edges.filter((e) => e.from === service.name).map((e) => e.endpoint),
            loadBalanced: (service.props.loadBalancers ?? []).length > 0,
        })),
        edges,
    };
}

const nodeId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/** A Mermaid flowchart of the map: the internet, the load balancer, the namespace and its calls. */
export function mermaid(map: ServiceConnectMap): string {
    const lines = ["flowchart LR", '  internet(("Internet")) -->|"HTTPS 443"| alb["Application Load Balancer"]'];
    const namespaces = [...new Set(map.services.map((s) => s.namespace))];
    for (const namespace of namespaces) {
        lines.push(`  subgraph ${nodeId(`ns_${namespace}`)}["Cloud Map namespace ${namespace}"]`);
        for (const service of map.services.filter((s) => s.namespace === namespace)) {
            const published = service.endpoints.map((e) => `${e.dnsName}:${e.port}`).join(", ");
            lines.push(`    ${nodeId(service.name)}["${service.name}<br/>${service.role}${published ? `<br/>${published}` : ""}"]`);
        }
        lines.push("  end");
    }
    for (const service of map.services.filter((s) => s.loadBalanced)) {
        lines.push(`  alb --> ${nodeId(service.name)}`);
    }
    for (const edge of map.edges) {
        lines.push(`  ${nodeId(edge.from)} -->|"${edge.endpoint}"| ${nodeId(edge.to)}`);
    }
    return `${lines.join("\n")}\n`;
}
