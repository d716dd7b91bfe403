import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One ECS service on the dashboard and in the running-tasks alarms. */
export interface MonitoredService {
    /** Short label, such as the tier name. */
    readonly label: string;
    readonly serviceName: pulumi.Input<string>;
    /** Its Service Connect discovery name, when it publishes an endpoint. */
    readonly discoveryName?: string;
    /** The endpoint speaks HTTP (an appProtocol), so Service Connect counts its requests; TCP ones only connections. @default false */
    readonly httpEndpoint?: boolean;
    /** It is meant to run tasks; a service set to none gets no running-tasks alarm. @default true */
    readonly expectsTasks?: boolean;
}

/** An HTTP call through Service Connect, watched from the calling side (TargetDiscoveryName). */
export interface WatchedCall {
    readonly label: string;
    /** The calling (client) service: Service Connect reports target metrics under its name. */
    readonly clientServiceName: pulumi.Input<string>;
    /** The discovery name of the called service. */
    readonly targetDiscoveryName: string;
}

export interface MonitoringArgs {
    readonly region: string;
    readonly clusterName: pulumi.Input<string>;
    /** Name of the CloudWatch dashboard, unique in the account and region. */
    readonly dashboardName: string;
    readonly services: readonly MonitoredService[];
    /** The call whose 5xx rate and p99 response time are alarmed on. */
    readonly watchedCall: WatchedCall;
    /** ALB and target group ARN suffixes, the dimensions of the ALB metrics. */
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** E-mail address subscribed to the alarm topic; it must confirm the subscription. @default none */
    readonly alarmEmail?: string;
    /** 5xx responses, in percent of the watched call's responses, that raise the alarm. */
    readonly errorRatePercent: number;
    /** p99 response time of the UI tasks behind the ALB, in milliseconds, that raises the alarm. */
    readonly p99LatencyMs: number;
}

/**
 * A CloudWatch dashboard of the Service Connect metrics next to the ALB and CPU/memory figures,
 * and alarms to an SNS topic: 5xx rate of the watched call, p99 latency behind the ALB, unhealthy
 * ALB targets, and any service running fewer tasks than it wants (Container Insights).
 */
export class Monitoring extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly dashboard: aws.cloudwatch.Dashboard;
    readonly alarms: aws.cloudwatch.MetricAlarm[];

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:monitoring:Monitoring", name, {}, opts);
        const cluster = args.clusterName;
        const call = args.watchedCall;
        const callDimensions = { ClusterName: cluster, ServiceName: call.clientServiceName, TargetDiscoveryName: call.targetDiscoveryName };

        this.topic = new aws.sns.Topic(`${name}-alarms`, {}, { parent: this });
        if (args.alarmEmail !== undefined && args.alarmEmail !== "") {
            new aws.sns.TopicSubscription(
                `${name}-email`,
                { topic: this.topic.arn, protocol: "email", endpoint: args.alarmEmail },
                { parent: this },
            );
        }
        const alarm = (suffix: string, alarmArgs: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                { ...alarmArgs, alarmActions: [this.topic.arn], okActions: [this.topic.arn] },
                { parent: this },
            );
        const responses = (code: string) => ({
            id: `c${code}`,
            metric: {
                namespace: "AWS/ECS",
                metricName: `HTTPCode_Target_${code}XX_Count`,
                dimensions: callDimensions,
                period: 60,
                stat: "Sum",
            },
        });

        this.alarms = [
            alarm("error-rate", {
                alarmDescription: `${call.label}: 5xx responses above ${args.errorRatePercent}% for 3 of 5 minutes`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: args.errorRatePercent,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
                metricQueries: [
                    ...["2", "3", "4", "5"].map(responses),
                    {
                        id: "errorRate",
                        label: "5xx %",
                        returnData: true,
                        expression: "100 * FILL(c5, 0) / (FILL(c2, 0) + FILL(c3, 0) + FILL(c4, 0) + FILL(c5, 0))",
                    },
                ],
            }),
            // ECS sends Service Connect metrics as one aggregate per minute, which CloudWatch
            // cannot take percentiles of; the ALB's TargetResponseTime has them, and the UI's
            // response includes the appserver calls it proxies.
            alarm("p99-latency", {
                alarmDescription: `UI behind the ALB: p99 response time above ${args.p99LatencyMs} ms for 3 of 5 minutes`,
                namespace: "AWS/ApplicationELB",
                metricName: "TargetResponseTime",
                dimensions: { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix },
                extendedStatistic: "p99",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: args.p99LatencyMs / 1000,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
                // A p99 of a handful of requests says nothing; CloudWatch waits for enough of them.
                evaluateLowSampleCountPercentiles: "ignore",
            }),
            alarm("unhealthy-targets", {
                alarmDescription: "The ALB sees an unhealthy UI task for 2 minutes",
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix },
                // The ALB guide's useful statistics for a host count are Average, Minimum and
                // Maximum (each load balancer node reports, so Sum over-counts); Maximum: any unhealthy target.
                statistic: UNHEALTHY_HOST_STATISTIC,
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 2,
                treatMissingData: "notBreaching",
            }),
            ...args.services
                .filter((service) => service.expectsTasks ?? true)
                .map((service) =>
                    alarm(`${service.label}-tasks`, {
                        alarmDescription: `${service.label}: fewer running tasks than desired for 5 minutes, or no task counts at all`,
                        comparisonOperator: "GreaterThanThreshold",
                        threshold: 0,
                        evaluationPeriods: 5,
                        // Container Insights publishes no count for a service without a running task:
                        // no data is the outage itself, so it breaches.
                        treatMissingData: "breaching",
                        metricQueries: [
                            ...["Desired", "Running"].map((kind) => ({
                                id: kind.toLowerCase(),
                                metric: {
                                    namespace: "ECS/ContainerInsights",
                                    metricName: `${kind}TaskCount`,
                                    dimensions: { ClusterName: cluster, ServiceName: service.serviceName },
                                    period: 60,
                                    stat: "Average",
                                },
                            })),
                            { id: "missing", expression: "desired - FILL(running, 0)", label: "missing tasks", returnData: true },
                        ],
                    }),
                ),
        ];

        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            { dashboardName: args.dashboardName, dashboardBody: pulumi.jsonStringify(dashboardBody(args)) },
            { parent: this },
        );
        this.registerOutputs({ topicArn: this.topic.arn, dashboardName: this.dashboard.dashboardName });
    }
}

/** The statistic of the unhealthy-targets alarm. */
export const UNHEALTHY_HOST_STATISTIC = "Maximum";

type Widget = Record<string, unknown>;

function graph(title: string, region: string, metrics: unknown[][], x: number, y: number, stat = "Sum"): Widget {
    return { type: "metric", x, y, width: 12, height: 6, properties: { title, region, metrics, stat, period: 60, view: "timeSeries" } };
}

/** The dashboard: Service Connect traffic, the watched call, the ALB, and CPU and memory per service. */
export function dashboardBody(args: MonitoringArgs): { widgets: Widget[] } {
    const cluster = args.clusterName;
    const servers = args.services.filter((s) => s.discoveryName !== undefined);
    const call = args.watchedCall;
    const callDimensions = ["ClusterName", cluster, "ServiceName", call.clientServiceName, "TargetDiscoveryName", call.targetDiscoveryName];
    const perServer = (metricName: string | ((server: MonitoredService) => string)) =>
        servers.map((s) => [
            "AWS/ECS",
            typeof metricName === "string" ? metricName : metricName(s),
            "ClusterName",
            cluster,
            "ServiceName",
            s.serviceName,
            "DiscoveryName",
            s.discoveryName!,
        ]);
    // Only HTTP/gRPC endpoints publish RequestCount; TCP ones (Redis, Postgres) count connections.
    const trafficMetric = (server: MonitoredService) => ((server.httpEndpoint ?? false) ? "RequestCount" : "NewConnectionCount");
    const perService = (metricName: string) =>
        args.services.map((s) => ["AWS/ECS", metricName, "ClusterName", cluster, "ServiceName", s.serviceName]);
    const alb = ["LoadBalancer", args.loadBalancerArnSuffix];
    return {
        widgets: [
            graph("Service Connect: requests (HTTP) and new connections (TCP) received", args.region, perServer(trafficMetric), 0, 0),
            graph("Service Connect: active connections", args.region, perServer("ActiveConnectionCount"), 12, 0, "Average"),
            graph(
                `${call.label}: responses by class`,
                args.region,
                ["2", "4", "5"].map((code) => ["AWS/ECS", `HTTPCode_Target_${code}XX_Count`, ...callDimensions]),
                0,
                6,
            ),
            graph(
                `${call.label}: response time (ms)`,
                args.region,
                // One aggregate per minute from ECS: average and maximum, no percentiles.
                [
                    ["AWS/ECS", "TargetResponseTime", ...callDimensions, { stat: "Average" }],
                    ["AWS/ECS", "TargetResponseTime", ...callDimensions, { stat: "Maximum" }],
                ],
                12,
                6,
            ),
            graph(
                "ALB: requests and 5xx",
                args.region,
                [
                    ["AWS/ApplicationELB", "RequestCount", ...alb],
                    ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...alb],
                ],
                0,
                12,
            ),
            graph(
                "ALB: target response time (s)",
                args.region,
                [["AWS/ApplicationELB", "TargetResponseTime", ...alb, { stat: "p99" }]],
                12,
                12,
                "Average",
            ),
            graph("CPU utilisation (%)", args.region, perService("CPUUtilization"), 0, 18, "Average"),
            graph("Memory utilisation (%)", args.region, perService("MemoryUtilization"), 12, 18, "Average"),
        ],
    };
}
