/**
 * The app container of a Service Connect task, as a typed object serialised once into the task
 * definition. Pure, so its shape is tested without mocks.
 */
import type * as aws from "@pulumi/aws";
import { AppContainerLimits } from "../../model/fargate";

export interface NamedPort {
    readonly name: string;
    readonly containerPort: number;
    /** Set for HTTP so that Service Connect publishes HTTP metrics (5xx, response time). */
    readonly appProtocol?: "http" | "http2" | "grpc";
}

export interface AppContainerSpec {
    readonly name: string;
    readonly image: string;
    readonly limits: AppContainerLimits;
    readonly port?: NamedPort;
    readonly environment?: Readonly<Record<string, string>>;
    readonly healthCheckCommand?: readonly string[];
    /** Seconds a starting container's failed health checks are not counted. @default 60 */
    readonly healthCheckStartPeriodSeconds?: number;
    readonly mountPoints?: readonly { sourceVolume: string; containerPath: string }[];
    readonly logGroupName: string;
    readonly region: string;
}

export function buildContainerDefinition(spec: AppContainerSpec): aws.ecs.ContainerDefinition {
    return {
        name: spec.name,
        image: spec.image,
        essential: true,
        // Hard limits below the task's: what they leave is the Service Connect proxy's.
        cpu: spec.limits.cpu,
        memory: spec.limits.memory,
        portMappings:
            spec.port === undefined
                ? []
                : [
                      {
                          name: spec.port.name,
                          containerPort: spec.port.containerPort,
                          protocol: "tcp",
                          ...(spec.port.appProtocol === undefined ? {} : { appProtocol: spec.port.appProtocol }),
                      },
                  ],
        // No key at all when empty: scanners such as cdk-nag's ECS2 flag any `environment`, and the
        // provider compares an empty list and none as equal (containerDefinitionsAreEquivalent in
        // terraform-provider-aws's ecs/container_definitions.go), so running stacks get no new revision.
        ...(Object.keys(spec.environment ?? {}).length === 0
            ? {}
            : { environment: Object.entries(spec.environment ?? {}).map(([name, value]) => ({ name, value })) }),
        ...(spec.healthCheckCommand === undefined
            ? {}
            : {
                  healthCheck: {
                      command: [...spec.healthCheckCommand],
                      interval: 30,
                      timeout: 5,
                      retries: 3,
                      startPeriod: spec.healthCheckStartPeriodSeconds ?? 60,
                  },
              }),
        ...(spec.mountPoints === undefined || spec.mountPoints.length === 0
            ? {}
            : {
                  mountPoints: spec.mountPoints.map((m) => ({
                      sourceVolume: m.sourceVolume,
                      containerPath: m.containerPath,
                      readOnly: false,
                  })),
              }),
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": spec.logGroupName, "awslogs-region": spec.region, "awslogs-stream-prefix": "app" },
        },
    };
}
