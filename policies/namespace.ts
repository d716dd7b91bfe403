/**
 * Namespaces: unique discovery names and endpoints within a namespace, callers in the same
 * namespace as the services they call, and namespaces referenced by ARN.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    CLUSTER,
    NAMESPACE_TYPES,
    PublishedEndpoint,
    dependenciesThrough,
    endpointsOf,
    namespaceKeyOf,
    serviceCalls,
    serviceConnectOf,
    serviceConnectServices,
} from "./lib";
import { checkEach, read, undecidedReporter } from "./unknowns";

export const uniqueEndpoints: StackValidationPolicy = {
    name: "service-connect-unique-endpoints",
    description: "Checks that discovery names and endpoints (client alias DNS name and port) are unique within each namespace.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const discoveryOwners = new Map<string, string>();
        const endpointOwners = new Map<string, string>();
        const undecided = undecidedReporter(reportViolation);
        // In URN order, so the same stack always blames the same service for a duplicate.
        const services = serviceConnectServices(args.resources, undecided).sort((a, b) => a.urn.localeCompare(b.urn));
        // Read every service first: one that cannot be decided takes no names, and is not compared.
        const judged: { service: PolicyResource; namespace: string; endpoints: PublishedEndpoint[] }[] = [];
        checkEach(services, undecided, (service) =>
            judged.push({
                service,
                namespace: namespaceKeyOf(service, args.resources) ?? "(cluster default)",
                endpoints: endpointsOf(service, args.resources),
            }),
        );
        for (const { service, namespace, endpoints } of judged) {
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
        const undecided = undecidedReporter(reportViolation);
        checkEach(serviceConnectServices(args.resources, undecided), undecided, (service) => {
            if (namespaceKeyOf(service, args.resources) === undefined) {
                reportViolation(
                    `${service.name} enables Service Connect without a namespace, and its cluster sets no default. ` +
                        `Set serviceConnectConfiguration.namespace to the namespace ARN.`,
                    service.urn,
                );
            }
        });
        checkEach(
            serviceCalls(args.resources, undecided),
            undecided,
            ({ client, server }) => {
                const clientNamespace = namespaceKeyOf(client, args.resources);
                const serverNamespace = namespaceKeyOf(server, args.resources);
                if (clientNamespace !== undefined && serverNamespace !== undefined && clientNamespace !== serverNamespace) {
                    reportViolation(
                        `${client.name} calls ${server.name}, but they are in different namespaces (${clientNamespace} and ` +
                            `${serverNamespace}), and Service Connect resolves endpoints only within one. Put both in the same namespace.`,
                        client.urn,
                    );
                }
            },
            (call) => call.client,
        );
    },
};

export const namespaceByArn: StackValidationPolicy = {
    name: "service-connect-namespace-by-arn",
    description:
        "Checks that services and clusters reference the Service Connect namespace by ARN, since an unknown name makes ECS create a new namespace.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const undecided = undecidedReporter(reportViolation);
        const references = [
            ...serviceConnectServices(args.resources, undecided).map((resource) => ({
                resource,
                property: "serviceConnectConfiguration",
                namespace: () => serviceConnectOf(resource.props)?.namespace,
            })),
            ...args.resources
                .filter((r) => r.type === CLUSTER)
                .map((resource) => ({
                    resource,
                    property: "serviceConnectDefaults",
                    namespace: () => resource.props.serviceConnectDefaults?.namespace,
                })),
        ];
        checkEach(
            references,
            undecided,
            ({ resource, property, namespace }) => {
                const given = read(namespace);
                // Unknown in a preview, it is an output of a namespace this stack creates, so it resolves.
                if (!given.known && dependenciesThrough(resource, property, NAMESPACE_TYPES).length === 0) {
                    throw given.error;
                }
                const value = given.known ? given.value : undefined;
                if (typeof value === "string" && value !== "" && !value.startsWith("arn:")) {
                    reportViolation(
                        `The Service Connect namespace is referenced by the name "${value}"; a name that does not resolve ` +
                            `creates a second namespace. Pass the namespace's ARN (for example httpNamespace.arn).`,
                        resource.urn,
                    );
                }
            },
            (reference) => reference.resource,
        );
    },
};
