/**
 * A synthetic namespace of N client-server services built with the project's own components, for
 * the benchmark: service i publishes svc-i:8080 and calls svc-(i-1), so the policies and the map
 * have real edges to follow.
 */
import { Cluster, ServiceConnectNamespace, ServiceConnectService } from "../../components";
import { loadStackConfig } from "../../config";
import { readStackConfig } from "../harness/stackConfig";

/** The dev stack's configuration: the synthetic services run with its settings. */
export const SYNTHETIC_CONFIG = readStackConfig("dev");

export function syntheticNamespace(services: number): () => void {
    return () => {
        const settings = loadStackConfig(SYNTHETIC_CONFIG, "bench");
        const namespace = new ServiceConnectNamespace("bench-namespace", {
            name: `bench-${services}`,
            drainTimeoutMinutes: settings.namespaceDrainTimeoutMinutes,
        });
        const cluster = new Cluster("bench-ecs", { namespaceArn: namespace.arn, containerInsights: settings.containerInsights });
        let previous: ServiceConnectService | undefined;
        for (let i = 0; i < services; i++) {
            previous = new ServiceConnectService(`svc-${i}`, {
                clusterArn: cluster.arn,
                namespaceArn: namespace.arn,
                vpcId: "vpc-bench",
                subnetIds: ["subnet-a", "subnet-b"],
                region: settings.region,
                logRetentionDays: settings.logRetentionDays,
                platformVersion: settings.platformVersion,
                assignPublicIp: settings.network.assignPublicIp,
                accessLogs: settings.telemetry.accessLogs,
                image: "example/service:1.0",
                port: { name: `svc-${i}`, containerPort: 8080, appProtocol: "http" },
                endpoint: { discoveryName: `svc-${i}`, dnsName: `svc-${i}`, port: 8080 },
                upstreams: previous === undefined ? [] : [previous],
                sizing: settings.tiers.appserver.sizing,
                desiredCount: 1,
            });
        }
    };
}
