/**
 * Monthly cost of a plan at on-demand list prices: Fargate per task size and count (with the
 * Service Connect proxy's share shown apart), the ALB, NAT gateways, public IPv4 addresses and the
 * Route 53 records. Usage-based charges are listed as not priced rather than guessed.
 */
import type { PolicyResource } from "@pulumi/policy";
import { SERVICE, containerDefinitions, containerLimitSum, taskDefinitionOf } from "../policies/lib";
import pricesData from "./prices.json";

export interface RegionPrices {
    readonly fargateVcpuHour?: number;
    readonly fargateGbHour?: number;
    readonly albHour?: number;
    readonly albLcuHour?: number;
    readonly natGatewayHour?: number;
    readonly natGatewayGb?: number;
    readonly logsIngestGb?: number;
    readonly logsStorageGbMonth?: number;
    readonly efsStandardGbMonth?: number;
}

export interface Prices {
    readonly retrieved: string;
    readonly hoursPerMonth: number;
    readonly global: {
        readonly publicIpv4Hour: number;
        readonly route53AliasQueriesPerMillion: number;
        readonly serviceConnectCloudMapMonth: number;
        readonly cloudwatchDashboardMonth: number;
        readonly cloudwatchAlarmMetricMonth: number;
    };
    readonly regions: Readonly<Record<string, RegionPrices>>;
}

export const PRICES: Prices = pricesData;

export interface CostLine {
    readonly item: string;
    readonly quantity: string;
    /** Undefined when the region has no price for the item. */
    readonly monthlyUsd?: number;
    /** Part of a Fargate line paid for the Service Connect proxy. */
    readonly proxyMonthlyUsd?: number;
}

export interface CostEstimate {
    readonly region: string;
    readonly pricesRetrieved: string;
    readonly lines: readonly CostLine[];
    readonly totalUsd: number;
    readonly proxyUsd: number;
    /** What the estimate leaves out, and why. */
    readonly notPriced: readonly string[];
}

const round = (value: number) => Math.round(value * 100) / 100;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function fargateLines(resources: readonly PolicyResource[], prices: RegionPrices, hours: number): CostLine[] {
    const services = resources.filter((r) => r.type === SERVICE && (r.props.launchType === "FARGATE" || r.props.launchType === undefined));
    return services.map((service) => {
        const taskDefinition = taskDefinitionOf(service, resources);
        const tasks = Number(service.props.desiredCount ?? 0);
        const vcpu = Number(taskDefinition?.props.cpu ?? 0) / 1024;
        const gb = Number(taskDefinition?.props.memory ?? 0) / 1024;
        const containers = taskDefinition === undefined ? [] : (containerDefinitions(taskDefinition.props) ?? []);
        const proxyVcpu = Math.max(0, vcpu - containerLimitSum(containers, "cpu") / 1024);
        const proxyGb = Math.max(0, gb - containerLimitSum(containers, "memory") / 1024);
        const priced = prices.fargateVcpuHour !== undefined && prices.fargateGbHour !== undefined;
        const cost = (cpu: number, memory: number) => tasks * hours * (cpu * prices.fargateVcpuHour! + memory * prices.fargateGbHour!);
        return {
            item: `Fargate ${service.name}`,
            quantity: `${tasks} × ${vcpu} vCPU, ${gb} GB (proxy ${proxyVcpu} vCPU, ${proxyGb} GB)`,
            monthlyUsd: priced ? round(cost(vcpu, gb)) : undefined,
            proxyMonthlyUsd: priced ? round(cost(proxyVcpu, proxyGb)) : undefined,
        };
    });
}

/** The availability zones of the awsx VPCs (awsx's default is 3). */
function vpcZones(vpc: PolicyResource): number {
    return Number(vpc.props.numberOfAvailabilityZones ?? 3);
}

/** NAT gateways the awsx VPC creates: none, one, or one per availability zone. */
function natGatewayCount(resources: readonly PolicyResource[]): number {
    return (
        sum(
            resources
                .filter((r) => r.type === "awsx:ec2:Vpc")
                .map((vpc) => {
                    const strategy = vpc.props.natGateways?.strategy ?? "OnePerAz";
                    return strategy === "None" ? 0 : strategy === "Single" ? 1 : vpcZones(vpc);
                }),
        ) + resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length
    );
}

export function estimateCost(resources: readonly PolicyResource[], region: string, prices: Prices = PRICES): CostEstimate {
    const regional = prices.regions[region] ?? {};
    const hours = prices.hoursPerMonth;
    const lines: CostLine[] = fargateLines(resources, regional, hours);
    const notPriced: string[] = [];
    const hourly = (item: string, count: number, price: number | undefined, unit: string): CostLine => {
        if (price === undefined) {
            notPriced.push(`${item}: no ${region} price in plan/prices.json`);
        }
        return {
            item,
            quantity: `${count} ${unit} × ${hours} h`,
            monthlyUsd: price === undefined ? undefined : round(count * hours * price),
        };
    };

    const albs = resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
    if (albs.length > 0) {
        lines.push(hourly("Application Load Balancer", albs.length, regional.albHour, "ALB"));
        notPriced.push(
            `ALB capacity units (LCU): usage-based${regional.albLcuHour === undefined ? "" : `, $${regional.albLcuHour} per LCU-hour`}`,
        );
    }
    const nats = natGatewayCount(resources);
    if (nats > 0) {
        lines.push(hourly("NAT gateways", nats, regional.natGatewayHour, "gateway(s)"));
        notPriced.push(
            `NAT data processing: usage-based${regional.natGatewayGb === undefined ? "" : `, $${regional.natGatewayGb} per GB`}`,
        );
    }
    // An internet-facing ALB holds a public IPv4 address in each of its subnets; each NAT gateway one Elastic IP.
    // On a first preview the subnets are unknown: the ALB spans the VPC's public subnets, one per zone.
    const publicSubnets = sum(resources.filter((r) => r.type === "awsx:ec2:Vpc").map(vpcZones));
    const albAddresses = sum(
        albs
            .filter((alb) => alb.props.internal !== true)
            .map((alb) => (Array.isArray(alb.props.subnets) ? alb.props.subnets.length : publicSubnets)),
    );
    const taskAddresses = sum(
        resources
            .filter((r) => r.type === SERVICE && r.props.networkConfiguration?.assignPublicIp === true)
            .map((r) => Number(r.props.desiredCount ?? 0)),
    );
    const addresses = albAddresses + nats + taskAddresses;
    if (addresses > 0) {
        lines.push(hourly("Public IPv4 addresses", addresses, prices.global.publicIpv4Hour, "address(es)"));
    }
    const records = resources.filter((r) => r.type === "aws:route53/record:Record");
    if (records.length > 0) {
        lines.push({
            item: "Route 53 records",
            quantity: `${records.length} record(s) in the existing zone; alias queries to the ALB are free`,
            monthlyUsd: 0,
        });
        notPriced.push("Route 53 hosted zone: the zone exists already and is billed to its owner ($0.50 per month)");
    }
    if (resources.some((r) => r.type === "aws:servicediscovery/httpNamespace:HttpNamespace")) {
        lines.push({
            item: "Cloud Map namespace (Service Connect)",
            quantity: "1 HTTP namespace",
            monthlyUsd: prices.global.serviceConnectCloudMapMonth,
        });
    }
    const dashboards = resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard").length;
    if (dashboards > 0) {
        lines.push({
            item: "CloudWatch dashboards",
            quantity: `${dashboards} dashboard(s)`,
            monthlyUsd: round(dashboards * prices.global.cloudwatchDashboardMonth),
        });
    }
    // An alarm is billed per metric it reads; metric math alarms read several.
    const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    const alarmMetrics = sum(
        alarms.map((a) => (a.props.metricQueries ?? []).filter((q: { metric?: unknown }) => q.metric !== undefined).length || 1),
    );
    if (alarms.length > 0) {
        lines.push({
            item: "CloudWatch alarms",
            quantity: `${alarms.length} alarm(s) reading ${alarmMetrics} metric(s)`,
            monthlyUsd: round(alarmMetrics * prices.global.cloudwatchAlarmMetricMonth),
        });
    }
    if (resources.some((r) => r.type === "aws:efs/fileSystem:FileSystem")) {
        notPriced.push(
            `EFS storage of the database: usage-based${regional.efsStandardGbMonth === undefined ? "" : `, $${regional.efsStandardGbMonth} per GB-month (Standard)`}, and AWS Backup when enabled`,
        );
    }
    notPriced.push(
        `CloudWatch Logs ingestion and storage: usage-based${regional.logsIngestGb === undefined ? "" : `, $${regional.logsIngestGb} per GB ingested`}`,
        "Container Insights metrics, data transfer, ACM certificate (public certificates are free)",
    );
    const priced = lines.filter((line) => line.monthlyUsd !== undefined);
    return {
        region,
        pricesRetrieved: prices.retrieved,
        lines,
        totalUsd: round(sum(priced.map((line) => line.monthlyUsd!))),
        proxyUsd: round(sum(lines.map((line) => line.proxyMonthlyUsd ?? 0))),
        notPriced,
    };
}
