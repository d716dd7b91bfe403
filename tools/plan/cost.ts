/**
 * Monthly cost of a plan from the figures in `tools/plan/prices.json`: Fargate per service at its
 * capacity provider's and architecture's rate for the hours its schedule runs it (the Service
 * Connect proxy's share shown apart), the ALB, NAT gateways, public IPv4 addresses, Container
 * Insights, dashboards and alarms, EFS for a stated size, and the Route 53 records. Usage-based
 * charges and figures the file lacks are listed as not priced rather than guessed.
 */
import type { PolicyResource } from "@pulumi/policy";
import { computeLines } from "./costCompute";
import { monitoringLines } from "./costMonitoring";
import pricesData from "./prices.json";
import type { CostLine, Prices, PricingContext } from "./costTypes";
export type { CostLine, Prices, PricingContext, RegionPrices } from "./costTypes";

export const PRICES: Prices = pricesData;

/** What the plan assumes where the program does not say. */
export interface CostAssumptions {
    /** GB the database's EFS file system holds (Postgres data for a demo: a few tens of MB). */
    readonly efsStorageGb: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = { efsStorageGb: 1 };

export interface CostEstimate {
    readonly region: string;
    readonly pricesRetrieved: string;
    readonly lines: readonly CostLine[];
    readonly totalUsd: number;
    /** The total with every service running its desired count all month; set only when a schedule lowers it. */
    readonly aroundTheClockUsd?: number;
    readonly proxyUsd: number;
    readonly assumptions: CostAssumptions;
    /** What the estimate leaves out, and why. */
    readonly notPriced: readonly string[];
}

const round = (value: number) => Math.round(value * 100) / 100;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

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

/** The load balancer, the NAT gateways and the always-on public addresses. */
function networkLines(context: PricingContext): CostLine[] {
    const { resources, regional, region, hours, notPriced } = context;
    const lines: CostLine[] = [];
    const hourly = (item: string, count: number, price: number | undefined, unit: string): CostLine => {
        if (price === undefined) {
            notPriced.push(`${item}: no ${region} price in tools/plan/prices.json`);
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
    if (albAddresses + nats > 0) {
        lines.push(hourly("Public IPv4 addresses", albAddresses + nats, context.prices.global.publicIpv4Hour, "address(es)"));
    }
    return lines;
}

/** Route 53, Cloud Map and EFS. */
function otherLines(context: PricingContext, assumptions: CostAssumptions): CostLine[] {
    const { resources, regional, region, notPriced } = context;
    const lines: CostLine[] = [];
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
            monthlyUsd: context.prices.global.serviceConnectCloudMapMonth,
        });
    }
    const fileSystems = resources.filter((r) => r.type === "aws:efs/fileSystem:FileSystem").length;
    if (fileSystems > 0) {
        const gb = fileSystems * assumptions.efsStorageGb;
        const price = regional.efsStandardGbMonth;
        if (price === undefined) {
            notPriced.push(`EFS storage: no ${region} price in tools/plan/prices.json`);
        }
        lines.push({
            item: "EFS storage (Standard)",
            quantity: `${gb} GB assumed (${assumptions.efsStorageGb} GB per file system; metered by what it holds)`,
            monthlyUsd: price === undefined ? undefined : round(gb * price),
        });
        notPriced.push("EFS requests and throughput beyond the storage, and AWS Backup of it when enabled: usage-based");
    }
    for (const acl of resources.filter((r) => r.type === "aws:wafv2/webAcl:WebAcl")) {
        const rules = ((acl.props.rules as unknown[] | undefined) ?? []).length;
        lines.push({
            item: "AWS WAF web ACL",
            quantity: `1 web ACL, ${rules} managed rule group(s)`,
            monthlyUsd: round(context.prices.global.wafWebAclMonth + rules * context.prices.global.wafRuleMonth),
        });
        notPriced.push("AWS WAF requests: usage-based, $0.60 per million requests the web ACL inspects");
    }
    if (resources.some((r) => r.type === "aws:s3/bucket:Bucket")) {
        notPriced.push("S3 storage and requests of the load balancer's access logs: usage-based, kept logRetentionDays");
    }
    if (resources.some((r) => r.type === "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")) {
        notPriced.push(
            "ECR storage of the images the pull through cache keeps, and the Secrets Manager secret with the Docker Hub credentials: usage-based, billed to their owner",
        );
    }
    notPriced.push(
        `CloudWatch Logs ingestion and storage: usage-based${regional.logsIngestGb === undefined ? "" : `, $${regional.logsIngestGb} per GB ingested`}`,
        "Data transfer, and the ACM certificate (public certificates are free)",
    );
    return lines;
}

export function estimateCost(
    resources: readonly PolicyResource[],
    region: string,
    prices: Prices = PRICES,
    assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): CostEstimate {
    const context: PricingContext = {
        resources,
        region,
        prices,
        regional: prices.regions[region] ?? {},
        hours: prices.hoursPerMonth,
        notPriced: [],
    };
    // The task addresses are listed with the other public addresses.
    const compute = computeLines(context);
    const taskAddresses = compute.filter((line) => line.item === "Public IPv4 addresses (tasks)");
    const lines = [
        ...compute.filter((line) => !taskAddresses.includes(line)),
        ...networkLines(context),
        ...taskAddresses,
        ...monitoringLines(context),
        ...otherLines(context, assumptions),
    ];
    const priced = lines.filter((line) => line.monthlyUsd !== undefined);
    const totalUsd = round(sum(priced.map((line) => line.monthlyUsd!)));
    const aroundTheClockUsd = round(sum(priced.map((line) => line.aroundTheClockUsd ?? line.monthlyUsd!)));
    if (lines.some((line) => line.item.startsWith("Fargate") && line.quantity.includes("scheduled action"))) {
        context.notPriced.push(
            "Hours outside the schedule: tasks the autoscaler adds under load, and the minutes tasks take to start and stop, are usage",
        );
    }
    return {
        region,
        pricesRetrieved: prices.retrieved,
        lines,
        totalUsd,
        ...(aroundTheClockUsd !== totalUsd ? { aroundTheClockUsd } : {}),
        proxyUsd: round(sum(lines.map((line) => line.proxyMonthlyUsd ?? 0))),
        assumptions,
        notPriced: context.notPriced,
    };
}
