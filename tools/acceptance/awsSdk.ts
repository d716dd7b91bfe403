/**
 * `AwsApi` over the AWS SDK v3, in the stack's region, with the default credential chain (the same
 * credentials the Pulumi CLI uses). Not exercised by the tests, which have no AWS account.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
    DescribeClustersCommand,
    DescribeServicesCommand,
    DescribeTasksCommand,
    ECSClient,
    ListTasksCommand,
    StopTaskCommand,
} from "@aws-sdk/client-ecs";
import { DescribeFileSystemsCommand, EFSClient } from "@aws-sdk/client-efs";
import { GetNamespaceCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { AwsApi, MetricQuery, TaskInfo, TrackedResource } from "./aws";

/** "Not found" errors answer "gone"; anything else (throttling, permissions) is a real error. */
async function unlessNotFound<T>(call: () => Promise<T>, notFound: readonly string[], gone: T): Promise<T> {
    try {
        return await call();
    } catch (error) {
        if (notFound.includes((error as { name?: string }).name ?? "")) {
            return gone;
        }
        throw error;
    }
}

export function awsSdk(region: string): AwsApi {
    const cloudwatch = new CloudWatchClient({ region });
    const logs = new CloudWatchLogsClient({ region });
    const ecs = new ECSClient({ region });
    const efs = new EFSClient({ region });
    const cloudMap = new ServiceDiscoveryClient({ region });

    async function exists(resource: TrackedResource): Promise<boolean> {
        switch (resource.kind) {
            case "ECS cluster": {
                const answer = await ecs.send(new DescribeClustersCommand({ clusters: [resource.id] }));
                return (answer.clusters ?? []).some((c) => c.status !== "INACTIVE");
            }
            case "ECS service": {
                if (resource.cluster === undefined) return false;
                const answer = await unlessNotFound(
                    () => ecs.send(new DescribeServicesCommand({ cluster: resource.cluster, services: [resource.id] })),
                    ["ClusterNotFoundException"],
                    undefined,
                );
                return (answer?.services ?? []).some((s) => s.status !== "INACTIVE");
            }
            case "Cloud Map namespace":
                return unlessNotFound(
                    async () => (await cloudMap.send(new GetNamespaceCommand({ Id: resource.id }))).Namespace !== undefined,
                    ["NamespaceNotFound"],
                    false,
                );
            case "log group": {
                const answer = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: resource.id }));
                return (answer.logGroups ?? []).some((g) => g.logGroupName === resource.id);
            }
            case "EFS file system": {
                const answer = await unlessNotFound(
                    () => efs.send(new DescribeFileSystemsCommand({ FileSystemId: resource.id })),
                    ["FileSystemNotFound"],
                    undefined,
                );
                return (answer?.FileSystems ?? []).some((f) => f.LifeCycleState !== "deleted");
            }
        }
    }

    return {
        async serviceConnectRequests(query: MetricQuery): Promise<number | undefined> {
            // The same metric and dimensions as the dashboard's "Service Connect: requests received" (components/monitoring.ts).
            const answer = await cloudwatch.send(
                new GetMetricStatisticsCommand({
                    Namespace: "AWS/ECS",
                    MetricName: "RequestCount",
                    Dimensions: [
                        { Name: "ClusterName", Value: query.clusterName },
                        { Name: "ServiceName", Value: query.serviceName },
                        { Name: "DiscoveryName", Value: query.discoveryName },
                    ],
                    StartTime: query.start,
                    EndTime: query.end,
                    Period: 60,
                    Statistics: ["Sum"],
                }),
            );
            const points = answer.Datapoints ?? [];
            return points.length === 0 ? undefined : points.reduce((sum, p) => sum + (p.Sum ?? 0), 0);
        },

        async serviceTasks(clusterName: string, serviceName: string): Promise<TaskInfo[]> {
            const listed = await ecs.send(new ListTasksCommand({ cluster: clusterName, serviceName }));
            const arns = listed.taskArns ?? [];
            if (arns.length === 0) return [];
            const described = await ecs.send(new DescribeTasksCommand({ cluster: clusterName, tasks: arns }));
            return (described.tasks ?? []).map((t) => ({ arn: t.taskArn ?? "", lastStatus: t.lastStatus ?? "UNKNOWN" }));
        },

        async stopTask(clusterName: string, taskArn: string, reason: string): Promise<void> {
            await ecs.send(new StopTaskCommand({ cluster: clusterName, task: taskArn, reason }));
        },

        exists,
    };
}
