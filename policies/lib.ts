/**
 * Shared reading of ECS resources for the Service Connect policies. Only types are imported from
 * @pulumi/aws, so the pack loads fast; properties are read as the engine sends them.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";

export const SERVICE = "aws:ecs/service:Service";
export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const CLUSTER = "aws:ecs/cluster:Cluster";
export const NAMESPACE_TYPES = [
    "aws:servicediscovery/httpNamespace:HttpNamespace",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace",
];
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const INGRESS_RULE_TYPES = [
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
];

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Props = Record<string, any>;

export interface ServiceConnectServiceEntry {
    readonly portName: string;
    readonly discoveryName?: string;
    readonly clientAlias?: { dnsName?: string; port: number }[];
    readonly ingressPortOverride?: number;
}

/** The Service Connect block of a service, when Service Connect is on. */
export function serviceConnectOf(props: Props): Props | undefined {
    const config = props.serviceConnectConfiguration;
    return config !== undefined && config !== null && config.enabled === true ? config : undefined;
}

/** The ECS services that have Service Connect on. */
export function serviceConnectServices(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === SERVICE && serviceConnectOf(r.props) !== undefined);
}

/** The sum of the containers' hard limits of one kind; what the task has beyond it is the proxy's. */
export function containerLimitSum(containers: readonly Props[], field: "cpu" | "memory"): number {
    return containers.reduce((total, container) => total + Number(container[field] ?? 0), 0);
}

/** The Service Connect services (endpoints) a service publishes; empty for a client service. */
export function publishedServices(props: Props): ServiceConnectServiceEntry[] {
    return (serviceConnectOf(props)?.services ?? []) as ServiceConnectServiceEntry[];
}

/** The container definitions of a task definition, or undefined when not known yet. */
export function containerDefinitions(taskDefinitionProps: Props): Props[] | undefined {
    const raw = taskDefinitionProps.containerDefinitions;
    if (typeof raw !== "string") {
        return Array.isArray(raw) ? raw : undefined;
    }
    try {
        const parsed = JSON.parse(raw);
        return Array.isArray(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** The resources `resource` takes `property` from (property dependencies), of the given types. */
export function dependenciesOf(resource: PolicyResource, property: string, types: readonly string[]): PolicyResource[] {
    return (resource.propertyDependencies?.[property] ?? []).filter((dependency) => types.includes(dependency.type));
}

function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Finds a resource by the value a property holds: its id, ARN or name. */
function byValue(resources: readonly PolicyResource[], type: string, value: unknown): PolicyResource | undefined {
    const wanted = knownString(value);
    if (wanted === undefined) {
        return undefined;
    }
    return resources.find((r) => r.type === type && [r.props.id, r.props.arn, r.props.name].some((v) => knownString(v) === wanted));
}

/** The task definition a service runs, through its property dependency or its ARN. */
export function taskDefinitionOf(service: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    return (
        dependenciesOf(service, "taskDefinition", [TASK_DEFINITION])[0] ?? byValue(resources, TASK_DEFINITION, service.props.taskDefinition)
    );
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
    const taskDefinition = taskDefinitionOf(service, resources);
    const mappings: Props[] = (taskDefinition === undefined ? [] : (containerDefinitions(taskDefinition.props) ?? [])).flatMap(
        (c) => c.portMappings ?? [],
    );
    return publishedServices(service.props).flatMap((entry) => {
        const discoveryName = entry.discoveryName ?? entry.portName;
        const containerPort = mappings.find((m) => m.name === entry.portName)?.containerPort;
        const aliases = entry.clientAlias?.length ? entry.clientAlias : [{ dnsName: discoveryName, port: containerPort }];
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
    const sc = serviceConnectOf(service.props);
    if (sc === undefined) {
        return undefined;
    }
    const namespaceResource = dependenciesOf(service, "serviceConnectConfiguration", NAMESPACE_TYPES)[0];
    if (namespaceResource !== undefined) {
        return namespaceResource.urn;
    }
    const direct = knownString(sc.namespace);
    if (direct !== undefined) {
        return byValue(resources, NAMESPACE_TYPES[0], direct)?.urn ?? direct;
    }
    const cluster = dependenciesOf(service, "cluster", [CLUSTER])[0] ?? byValue(resources, CLUSTER, service.props.cluster);
    const clusterDefault = cluster?.props.serviceConnectDefaults?.namespace;
    const clusterNamespace = cluster === undefined ? [] : dependenciesOf(cluster, "serviceConnectDefaults", NAMESPACE_TYPES);
    return clusterNamespace[0]?.urn ?? knownString(clusterDefault);
}

/** The security groups of a service's tasks. */
function securityGroupsOf(service: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const fromDependencies = dependenciesOf(service, "networkConfiguration", [SECURITY_GROUP]);
    if (fromDependencies.length > 0) {
        return fromDependencies;
    }
    const ids: unknown[] = service.props.networkConfiguration?.securityGroups ?? [];
    return ids.map((id) => byValue(resources, SECURITY_GROUP, id)).filter((g): g is PolicyResource => g !== undefined);
}

/** A call from one Service Connect service to another, seen as an ingress rule between their groups. */
export interface ServiceCall {
    readonly client: PolicyResource;
    readonly server: PolicyResource;
}

/**
 * Who calls whom, read from the security groups: an ingress rule on a server's group that admits
 * a client's group. Works in preview, where IDs are unknown, through property dependencies.
 */
export function serviceCalls(resources: readonly PolicyResource[]): ServiceCall[] {
    const services = serviceConnectServices(resources);
    const groupOwners = new Map<string, PolicyResource[]>();
    for (const service of services) {
        for (const group of securityGroupsOf(service, resources)) {
            groupOwners.set(group.urn, [...(groupOwners.get(group.urn) ?? []), service]);
        }
    }
    const group = (rule: PolicyResource, property: string, valueProperty: string) =>
        dependenciesOf(rule, property, [SECURITY_GROUP])[0] ?? byValue(resources, SECURITY_GROUP, rule.props[valueProperty]);
    const calls: ServiceCall[] = [];
    for (const rule of resources.filter((r) => INGRESS_RULE_TYPES.includes(r.type))) {
        if (rule.type === INGRESS_RULE_TYPES[1] && rule.props.type !== "ingress") {
            continue;
        }
        const target = group(rule, "securityGroupId", "securityGroupId");
        const source =
            rule.type === INGRESS_RULE_TYPES[0]
                ? group(rule, "referencedSecurityGroupId", "referencedSecurityGroupId")
                : group(rule, "sourceSecurityGroupId", "sourceSecurityGroupId");
        for (const server of groupOwners.get(target?.urn ?? "") ?? []) {
            for (const client of groupOwners.get(source?.urn ?? "") ?? []) {
                if (client.urn !== server.urn && publishedServices(server.props).length > 0) {
                    calls.push({ client, server });
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

/** Parses a Fargate platform version; LATEST and unset count as current. */
export function platformVersionAtLeast(version: unknown, major: number, minor: number): boolean {
    if (version === undefined || version === null || version === "" || version === "LATEST") {
        return true;
    }
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(String(version));
    return match !== null && (Number(match[1]) > major || (Number(match[1]) === major && Number(match[2]) >= minor));
}

/**
 * A policy's settings: its schema defaults overlaid with the given config. The Pulumi CLI fills
 * in defaults before it configures a pack, but a pack that is never configured gets `{}`.
 */
export function settingsOf<T extends object>(schema: PolicyConfigSchema | undefined, given: object): T {
    const defaults = Object.fromEntries(
        Object.entries(schema?.properties ?? {})
            .filter(([, property]) => (property as { default?: unknown }).default !== undefined)
            .map(([key, property]) => [key, (property as { default?: unknown }).default]),
    );
    return { ...defaults, ...given } as T;
}
