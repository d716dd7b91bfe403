/**
 * A synthetic namespace of N client-server services built with the project's own components, for
 * the benchmark: service i publishes svc-i:8080 and calls svc-(i-1), so the policies and the map
 * have real edges to follow.
 */
import { Cluster, ServiceConnectNamespace, ServiceConnectService } from "../components";

export const SYNTHETIC_CONFIG = { "aws:region": "us-east-1" };

export function syntheticNamespace(services: number): () => void {
    return () => {
        const namespace = new ServiceConnectNamespace("bench-namespace", { name: `bench-${services}` });
        const cluster = new Cluster("bench-ecs", { namespaceArn: namespace.arn });
        let previous: ServiceConnectService | undefined;
        for (let i = 0; i < services; i++) {
            previous = new ServiceConnectService(`svc-${i}`, {
                clusterArn: cluster.arn,
                namespaceArn: namespace.arn,
                vpcId: "vpc-bench",
                subnetIds: ["subnet-a", "subnet-b"],
                region: SYNTHETIC_CONFIG["aws:region"],
                image: "example/service:1.0",
                port: { name: `svc-${i}`, containerPort: 8080, appProtocol: "http" },
                endpoint: { discoveryName: `svc-${i}`, dnsName: `svc-${i}`, port: 8080 },
                upstreams: previous === undefined ? [] : [previous],
                sizing: { taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 },
                desiredCount: 1,
            });
        }
    };
}
