/**
 * Reading ECS resources for the Service Connect policies, one resource at a time. Only types are
 * imported from @pulumi/aws, so the pack loads fast; properties are read as the engine sends them.
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { OnUnknown, read, rethrow } from "./unknowns";

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

/**
 * The ECS services that have Service Connect on. A service whose Service Connect block is unknown
 * (a preview) goes to `onUnknown` and is left out.
 */
export function serviceConnectServices(resources: readonly PolicyResource[], onUnknown: OnUnknown = rethrow): PolicyResource[] {
    return resources.filter((r) => {
        if (r.type !== SERVICE) {
            return false;
        }
        const config = read(() => serviceConnectOf(r.props));
        if (!config.known) {
            onUnknown(r, config.error);
        }
        return config.known && config.value !== undefined;
    });
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
