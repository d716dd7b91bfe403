/**
 * The CloudWatch lines of the cost: Container Insights (its metrics are billed as custom metrics),
 * the dashboards, and the alarms, those the stack declares and those target tracking creates.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CLUSTER, SERVICE, dependenciesOf, taskDefinitionOf } from "../../policies/lib";
import type { CostLine, PricingContext } from "./costTypes";
import { serviceTaskHours } from "./costCompute";

const round = (value: number) => Math.round(value * 100) / 100;
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

/** The Container Insights level a cluster sets, or undefined when it leaves it to the account setting. */
export function containerInsightsOf(cluster: PolicyResource): string | undefined {
    const settings: { name?: string; value?: string }[] = cluster.props.settings ?? [];
    return settings.find((s) => s.name === "containerInsights")?.value;
}

/** The services of a cluster: linked to it, or every service when the stack has one cluster. */
function servicesOf(cluster: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const clusters = resources.filter((r) => r.type === CLUSTER);
    return resources.filter(
        (r) =>
            r.type === SERVICE &&
            (dependenciesOf(r, "cluster", [CLUSTER]).some((c) => c.urn === cluster.urn) ||
                (clusters.length === 1 && dependenciesOf(r, "cluster", [CLUSTER]).length === 0)),
    );
}

/**
 * Container Insights metrics of a cluster: the cluster's own, each service's and each task
 * family's. A service that never runs a task sends none (ECS reports only resources with running tasks).
 */
export function containerInsightsMetrics(cluster: PolicyResource, context: PricingContext) {
    const global = context.prices.global;
    const running = servicesOf(cluster, context.resources).filter((service) =>
        [...serviceTaskHours(service, { ...context, notPriced: [] }).hours].some(([count, hours]) => count > 0 && hours > 0),
    );
    const families = new Set(
        running.map((service) => taskDefinitionOf(service, context.resources)?.props.family ?? service.name).filter(Boolean),
    );
    const metrics =
        (running.length > 0 ? global.containerInsightsClusterMetrics : 0) +
        running.length * global.containerInsightsServiceMetrics +
        families.size * global.containerInsightsTaskFamilyMetrics;
    return { services: running.length, families: families.size, metrics };
}

function containerInsightsLines(context: PricingContext): CostLine[] {
    const lines: CostLine[] = [];
    const price = context.prices.global.cloudwatchCustomMetricMonth;
    for (const cluster of context.resources.filter((r) => r.type === CLUSTER)) {
        const level = containerInsightsOf(cluster);
        if (level === undefined) {
            context.notPriced.push(
                `Container Insights of ${cluster.name}: the cluster leaves it to the account setting, which the plan cannot see`,
            );
            continue;
        }
        if (level !== "enabled" && level !== "enhanced") {
            continue;
        }
        const { services, families, metrics } = containerInsightsMetrics(cluster, context);
        const counted = `${metrics} metric(s): the cluster, ${services} service(s), ${families} task famil${families === 1 ? "y" : "ies"}`;
        lines.push({
            item: level === "enhanced" ? "Container Insights (enhanced, lower bound)" : "Container Insights",
            quantity: `${counted}, billed as custom metrics for the whole month`,
            monthlyUsd: round(metrics * price),
        });
        if (level === "enhanced") {
            context.notPriced.push(
                "Container Insights with enhanced observability: task- and container-level telemetry on top of the standard metrics, " +
                    "billed by observations in tiers (the CloudWatch pricing page, as quoted in aws-observability/observability-best-practices#123); " +
                    "tools/plan/prices.json has no per-observation rate, so the plan prices the standard metrics only",
            );
        }
        context.notPriced.push(`Container Insights performance log events of ${cluster.name}: CloudWatch Logs ingestion, usage-based`);
    }
    return lines;
}

/** Metrics one alarm reads: each metric a metric-math alarm queries, else one. */
function metricsRead(queries: { metric?: unknown; metricStat?: unknown }[] | undefined): number {
    return (queries ?? []).filter((q) => q.metric !== undefined || q.metricStat !== undefined).length || 1;
}

/** The alarms the stack declares and those its target tracking policies create (AlarmHigh and AlarmLow each). */
export function alarmCount(context: PricingContext) {
    const declared = context.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    let alarms = declared.length;
    let metrics = declared.reduce((total, alarm) => total + metricsRead(alarm.props.metricQueries), 0);
    let tracking = 0;
    for (const policy of context.resources.filter((r) => r.type === SCALING_POLICY && r.props.policyType === "TargetTrackingScaling")) {
        const configuration = policy.props.targetTrackingScalingPolicyConfiguration ?? {};
        // With scale-in disabled, target tracking creates the high alarm only.
        const created = configuration.disableScaleIn === true ? 1 : context.prices.global.targetTrackingAlarmsPerPolicy;
        tracking += created;
        alarms += created;
        metrics += created * metricsRead(configuration.customizedMetricSpecification?.metrics);
    }
    return { alarms, tracking, metrics };
}

/** Container Insights, dashboards and alarms. */
export function monitoringLines(context: PricingContext): CostLine[] {
    const global = context.prices.global;
    const lines = containerInsightsLines(context);
    const dashboards = context.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard").length;
    if (dashboards > 0) {
        lines.push({
            item: "CloudWatch dashboards",
            quantity: `${dashboards} dashboard(s)`,
            monthlyUsd: round(dashboards * global.cloudwatchDashboardMonth),
        });
    }
    const { alarms, tracking, metrics } = alarmCount(context);
    if (alarms > 0) {
        lines.push({
            item: "CloudWatch alarms",
            quantity: `${alarms} alarm(s)${tracking > 0 ? ` (${tracking} created by target tracking)` : ""} reading ${metrics} metric(s)`,
            monthlyUsd: round(metrics * global.cloudwatchAlarmMetricMonth),
        });
    }
    return lines;
}
