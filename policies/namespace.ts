/**
 * Namespaces: unique discovery names and endpoints within a namespace, callers in the same
 * namespace as the services they call, and namespaces referenced by ARN.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CLUSTER, SERVICE, endpointsOf, namespaceKeyOf, serviceCalls, serviceConnectOf, serviceConnectServices } from "./lib";

export const uniqueEndpoints: StackValidationPolicy = {
    name: "service-connect-unique-endpoints",
    description: "Checks that discovery names and endpoints (client alias DNS name and port) are unique within each namespace.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const discoveryOwners = new Map<string, string>();
        const endpointOwners = new Map<string, string>();
        // In URN order, so the same stack always blames the same service for a duplicate.
        const services = serviceConnectServices(args.resources).sort((a, b) => a.urn.localeCompare(b.urn));
        for (const service of services) {
            const namespace = namespaceKeyOf(service, args.resources) ?? "(cluster default)";
            const endpoints = endpointsOf(service, args.resources);
            for (const discoveryName of new Set(endpoints.map((e) => e.discoveryName))) {
                const discoveryOwner = discoveryOwners.get(`${namespace}|${discoveryName}`);
                if (discoveryOwner !== undefined) {
                    reportViolation(
                        `Discovery name "${discoveryName}" of ${service.name} is already used by ${discoveryOwner} in the same ` +
                            `namespace; discovery names must be unique in a namespace. Give one of them another discoveryName.`,
                        service.urn,
                    );
                }
                discoveryOwners.set(`${namespace}|${discoveryName}`, service.name);
            }
            for (const { dnsName, port, discoveryName } of endpoints) {
                const endpoint = `${dnsName}:${port}`;
                const endpointOwner = endpointOwners.get(`${namespace}|${endpoint}`);
                if (endpointOwner !== undefined && endpointOwner !== `${service.name}/${discoveryName}`) {
                    reportViolation(
                        `Endpoint ${endpoint} of ${service.name} is already published by ${endpointOwner.split("/")[0]} in the ` +
                            `same namespace; endpoints must be unique in a namespace. Change the client alias DNS name or port.`,
                        service.urn,
                    );
                }
                endpointOwners.set(`${namespace}|${endpoint}`, `${service.name}/${discoveryName}`);
            }
        }
    },
};

export const sharedNamespace: StackValidationPolicy = {
    name: "service-connect-shared-namespace",
    description:
        "Checks that each Service Connect service has one namespace, the same as the services it calls, since endpoints resolve only within a namespace.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const service of serviceConnectServices(args.resources)) {
            if (namespaceKeyOf(service, args.resources) === undefined && serviceConnectOf(service.props)?.namespace === undefined) {
                reportViolation(
                    `${service.name} enables Service Connect without a namespace, and its cluster sets no default. ` +
                        `Set serviceConnectConfiguration.namespace to the namespace ARN.`,
                    service.urn,
                );
            }
        }
        for (const { client, server } of serviceCalls(args.resources)) {
            const clientNamespace = namespaceKeyOf(client, args.resources);
            const serverNamespace = namespaceKeyOf(server, args.resources);
            if (clientNamespace !== undefined && serverNamespace !== undefined && clientNamespace !== serverNamespace) {
                reportViolation(
                    `${client.name} calls ${server.name}, but they are in different namespaces (${clientNamespace} and ` +
                        `${serverNamespace}), and Service Connect resolves endpoints only within one. Put both in the same namespace.`,
                    client.urn,
                );
            }
        }
    },
};

export const namespaceByArn: ResourceValidationPolicy = {
    name: "service-connect-namespace-by-arn",
    description:
        "Checks that services and clusters reference the Service Connect namespace by ARN, since an unknown name makes ECS create a new namespace.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const namespace =
            args.type === SERVICE
                ? serviceConnectOf(args.props)?.namespace
                : args.type === CLUSTER
                  ? args.props.serviceConnectDefaults?.namespace
                  : undefined;
        if (typeof namespace === "string" && namespace !== "" && !namespace.startsWith("arn:")) {
            reportViolation(
                `The Service Connect namespace is referenced by the name "${namespace}"; a name that does not resolve ` +
                    `creates a second namespace. Pass the namespace's ARN (for example httpNamespace.arn).`,
            );
        }
    },
};
