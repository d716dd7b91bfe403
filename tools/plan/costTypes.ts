/** The shapes the cost estimate's parts share: the price file, a line, and what each part reads. */
import type { PolicyResource } from "@pulumi/policy";

export interface RegionPrices {
    readonly fargateVcpuHour?: number;
    readonly fargateGbHour?: number;
    readonly fargateArmVcpuHour?: number;
    readonly fargateArmGbHour?: number;
    /** One reading of a price AWS varies with supply and demand. */
    readonly fargateSpotVcpuHour?: number;
    readonly fargateSpotGbHour?: number;
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
        readonly cloudwatchCustomMetricMonth: number;
        readonly targetTrackingAlarmsPerPolicy: number;
        readonly containerInsightsClusterMetrics: number;
        readonly containerInsightsServiceMetrics: number;
        readonly containerInsightsTaskFamilyMetrics: number;
        readonly wafWebAclMonth: number;
        readonly wafRuleMonth: number;
    };
    readonly regions: Readonly<Record<string, RegionPrices>>;
}

export interface CostLine {
    readonly item: string;
    readonly quantity: string;
    /** Undefined when the region has no price for the item. */
    readonly monthlyUsd?: number;
    /** Part of a Fargate line paid for the Service Connect proxy. */
    readonly proxyMonthlyUsd?: number;
    /** The line if every service ran its desired count all month; set only where a schedule changes it. */
    readonly aroundTheClockUsd?: number;
}

/** What every part of the estimate reads. */
export interface PricingContext {
    readonly resources: readonly PolicyResource[];
    readonly region: string;
    readonly prices: Prices;
    readonly regional: RegionPrices;
    readonly hours: number;
    readonly notPriced: string[];
}
