/**
 * How the resources of a stack link up for the Service Connect policies: a service to its task
 * definition, cluster, namespace and security groups, and who calls whom. Links are read from
 * property dependencies, which the engine sends even while the values are unknown (a first
 * preview), and from values only where they are known.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    CLUSTER,
    NAMESPACE_TYPES,
    Props,
    SECURITY_GROUP,
    INGRESS_RULE_TYPES,
    TASK_DEFINITION,
    containerDefinitions,
    publishedServices,
    serviceConnectOf,
    serviceConnectServices,
} from "./ecs";
import { OnUnknown, knownOrUndefined, read, rethrow } from "./unknowns";

export * from "./ecs";

/** The resources `resource` takes `property` from (property dependencies), of the given types. */
export function dependenciesOf(resource: PolicyResource, property: string, types: readonly string[]): PolicyResource[] {
    return (resource.propertyDependencies?.[property] ?? []).filter((dependency) => types.includes(dependency.type));
}

/**
 * The nearest resources of the given types that `property` takes its value from, following
 * property dependencies through the resources in between: the engine sends these even when the
 * value is unknown, and a resource that passes a value on (the namespace drain passes the
 * namespace's ARN to the services) must not hide where it comes from.
 */
export function dependenciesThrough(resource: PolicyResource, property: string, types: readonly string[]): PolicyResource[] {
    const seen = new Set<string>([resource.urn]);
    let frontier = resource.propertyDependencies?.[property] ?? [];
    while (frontier.length > 0) {
        const found = frontier.filter((r) => types.includes(r.type));
        if (found.length > 0) {
            return [...new Map(found.map((r) => [r.urn, r])).values()];
        }
        frontier = frontier
            .filter((r) => !seen.has(r.urn) && seen.add(r.urn))
            .flatMap((r) => Object.values(r.propertyDependencies ?? {}).flat());
    }
    return [];
}

function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Finds a resource by the value a property holds: its id, ARN or name, where those are known. */
function byValue(resources: readonly PolicyResource[], types: readonly string[], value: unknown): PolicyResource | undefined {
    const wanted = knownString(value);
    if (wanted === undefined) {
        return undefined;
    }
    return resources.find(
        (r) => types.includes(r.type) && ["id", "arn", "name"].some((key) => knownString(knownOrUndefined(() => r.props[key])) === wanted),
    );
}

/**
 * The resources of the given types that a reference property names: through its property
 * dependencies, else through its value. Throws the proxy's error when the value is unknown and no
 * dependency links it, since then nothing can tell which resource it is.
 */
function linked(
    resource: PolicyResource,
    property: string,
    types: readonly string[],
    resources: readonly PolicyResource[],
    values: (props: Props) => unknown[],
): PolicyResource[] {
    const dependencies = dependenciesOf(resource, property, types);
    if (dependencies.length > 0) {
        return dependencies;
    }
    const given = read(() => values(resource.props));
    if (!given.known) {
        throw given.error;
    }
    return given.value.map((value) => byValue(resources, types, value)).filter((r): r is PolicyResource => r !== undefined);
}

/** The task definition a service runs, through its property dependency or its ARN. */
export function taskDefinitionOf(service: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    return linked(service, "taskDefinition", [TASK_DEFINITION], resources, (p) => [p.taskDefinition])[0];
}

/** An endpoint a service publishes: what clients dial, and the Cloud Map service behind it. */
export interface PublishedEndpoint {
    readonly discoveryName: string;
    readonly dnsName: string;
    readonly port: number;
    readonly portName: string;
}

/**
 * The endpoints a service publishes, with the defaults ECS applies: without a discovery name the
 * port name names the Cloud Map service, and without a client alias clients dial the discovery
 * name on the container port.
 */
export function endpointsOf(service: PolicyResource, resources: readonly PolicyResource[]): PublishedEndpoint[] {
    // Only an entry without a client alias needs the task definition, which may be unknown in a preview.
    const containerPort = (portName: string) => {
        const taskDefinition = taskDefinitionOf(service, resources);
        const containers = taskDefinition === undefined ? [] : (containerDefinitions(taskDefinition.props) ?? []);
        return containers.flatMap((c): Props[] => c.portMappings ?? []).find((m) => m.name === portName)?.containerPort;
    };
    return publishedServices(service.props).flatMap((entry) => {
        const discoveryName = entry.discoveryName ?? entry.portName;
        const aliases = entry.clientAlias?.length ? entry.clientAlias : [{ dnsName: discoveryName, port: containerPort(entry.portName) }];
        return aliases.map((alias) => ({
            discoveryName,
            dnsName: alias.dnsName ?? discoveryName,
            port: Number(alias.port),
            portName: entry.portName,
        }));
    });
}

/**
 * A stable key for the namespace a Service Connect service joins: the namespace resource's URN
 * when the program creates it, else the name or ARN given, else the cluster's default.
 */
export function namespaceKeyOf(service: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
    if (serviceConnectOf(service.props) === undefined) {
        return undefined;
    }
    const own = namespaceReference(service, "serviceConnectConfiguration", (p) => p.serviceConnectConfiguration.namespace, resources);
    if (own !== undefined) {
        return own;
    }
    const cluster = linked(service, "cluster", [CLUSTER], resources, (p) => [p.cluster])[0];
    return cluster === undefined
        ? undefined
        : namespaceReference(cluster, "serviceConnectDefaults", (p) => p.serviceConnectDefaults?.namespace, resources);
}

/**
 * The namespace one property of a resource names, as a key: the URN of the one namespace resource
 * its property dependencies lead to (directly or through a drain), which is the same in a first
 * preview and an update; else the name or ARN given, as the namespace resource's URN when it
 * matches one. Undefined when no namespace is set; throws the proxy's error when the value is
 * unknown and leads to no one namespace.
 */
function namespaceReference(
    resource: PolicyResource,
    property: string,
    value: (props: Props) => unknown,
    resources: readonly PolicyResource[],
): string | undefined {
    const behind = dependenciesThrough(resource, property, NAMESPACE_TYPES);
    if (behind.length === 1) {
        return behind[0].urn;
    }
    const given = read(() => value(resource.props));
    if (!given.known) {
        throw given.error;
    }
    const name = knownString(given.value);
    return name === undefined ? undefined : (byValue(resources, NAMESPACE_TYPES, name)?.urn ?? name);
}

/** The security groups of a service's tasks. */
function securityGroupsOf(service: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    return linked(service, "networkConfiguration", [SECURITY_GROUP], resources, (p) => [...(p.networkConfiguration?.securityGroups ?? [])]);
}

/** A call from one Service Connect service to another, seen as an ingress rule between their groups. */
export interface ServiceCall {
    readonly client: PolicyResource;
    readonly server: PolicyResource;
}

/**
 * Who calls whom, read from the security groups: an ingress rule on a server's group that admits
 * a client's group. Works in preview, where IDs are unknown, through property dependencies; a
 * service or rule whose groups cannot be told goes to `onUnknown` and is left out.
 */
export function serviceCalls(resources: readonly PolicyResource[], onUnknown: OnUnknown = rethrow): ServiceCall[] {
    const groupOwners = new Map<string, { service: PolicyResource; publishes: boolean }[]>();
    for (const service of serviceConnectServices(resources, onUnknown)) {
        const seen = read(() => ({ groups: securityGroupsOf(service, resources), publishes: publishedServices(service.props).length > 0 }));
        if (!seen.known) {
            onUnknown(service, seen.error);
        }
        for (const group of seen.known ? seen.value.groups : []) {
            groupOwners.set(group.urn, [...(groupOwners.get(group.urn) ?? []), { service, publishes: seen.known && seen.value.publishes }]);
        }
    }
    const group = (rule: PolicyResource, property: string) => linked(rule, property, [SECURITY_GROUP], resources, (p) => [p[property]])[0];
    const calls: ServiceCall[] = [];
    for (const rule of resources.filter((r) => INGRESS_RULE_TYPES.includes(r.type))) {
        const ends = read(() =>
            rule.type === INGRESS_RULE_TYPES[1] && rule.props.type !== "ingress"
                ? undefined
                : {
                      target: group(rule, "securityGroupId"),
                      source: group(rule, rule.type === INGRESS_RULE_TYPES[0] ? "referencedSecurityGroupId" : "sourceSecurityGroupId"),
                  },
        );
        if (!ends.known) {
            onUnknown(rule, ends.error);
        }
        const { target, source } = (ends.known ? ends.value : undefined) ?? {};
        for (const server of groupOwners.get(target?.urn ?? "") ?? []) {
            for (const client of groupOwners.get(source?.urn ?? "") ?? []) {
                if (client.service.urn !== server.service.urn && server.publishes) {
                    calls.push({ client: client.service, server: server.service });
                }
            }
        }
    }
    return calls;
}

/** True when `from` depends on `to`, directly or through other resources. */
export function dependsOn(from: PolicyResource, to: PolicyResource): boolean {
    const seen = new Set<string>();
    const pending = [...from.dependencies];
    while (pending.length > 0) {
        const next = pending.pop()!;
        if (next.urn === to.urn) {
            return true;
        }
        if (!seen.has(next.urn)) {
            seen.add(next.urn);
            pending.push(...next.dependencies);
        }
    }
    return false;
}
