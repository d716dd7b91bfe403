import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NamedPort } from "./containerDefinition";

/** The endpoint a client-server service publishes in the namespace. */
export interface ServiceConnectEndpoint {
    /** The Cloud Map service name, unique in the namespace. */
    readonly discoveryName: string;
    /** The name clients dial. */
    readonly dnsName: string;
    /** The port clients dial. */
    readonly port: number;
}

export interface ServiceConnectSpec {
    readonly namespaceArn: pulumi.Input<string>;
    readonly region: string;
    /** The log group the proxy writes to, next to the app. */
    readonly logGroupName: string;
    readonly accessLogs: boolean;
    readonly port?: NamedPort;
    readonly endpoint?: ServiceConnectEndpoint;
}

/**
 * A service's Service Connect configuration: the namespace by ARN, the proxy's logs beside the
 * app's, JSON access logs without query strings when asked, and the endpoint it publishes (a
 * client-server service) or none (a client).
 */
export function serviceConnectConfiguration(spec: ServiceConnectSpec): aws.types.input.ecs.ServiceServiceConnectConfiguration {
    return {
        enabled: true,
        namespace: spec.namespaceArn,
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": spec.logGroupName,
                "awslogs-region": spec.region,
                "awslogs-stream-prefix": "service-connect-proxy",
            },
        },
        ...(spec.accessLogs ? { accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" } } : {}),
        services:
            spec.endpoint === undefined || spec.port === undefined
                ? []
                : [
                      {
                          portName: spec.port.name,
                          discoveryName: spec.endpoint.discoveryName,
                          clientAlias: [{ dnsName: spec.endpoint.dnsName, port: spec.endpoint.port }],
                      },
                  ],
    };
}
