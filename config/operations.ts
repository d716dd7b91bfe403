/** How the stack runs and is watched: logs, Container Insights, the Fargate platform, TLS, alarms. */
import { CLOUDWATCH_RETENTION_DAYS } from "../model/validators";
import { SERVICE_CONNECT_MIN_FARGATE_PLATFORM, fargatePlatformRunsServiceConnect } from "../model/serviceConnect";
import { RECOMMENDED_TLS_POLICY, TLS_POLICIES } from "../model/elb";
import { SettingsReader } from "../model/settings/reader";

export type ContainerInsights = "enabled" | "enhanced" | "disabled";
export const CONTAINER_INSIGHTS: readonly ContainerInsights[] = ["enabled", "enhanced", "disabled"];

export interface TelemetrySettings {
    readonly accessLogs: boolean;
    /** The dashboard and the alarms. */
    readonly monitoring: boolean;
    readonly alarmEmail?: string;
    readonly errorRatePercent: number;
    readonly p99LatencyMs: number;
}

export interface OperationsSettings {
    readonly logRetentionDays: number;
    readonly containerInsights: ContainerInsights;
    readonly platformVersion: string;
    /** ELB security policy of the HTTPS listener. */
    readonly tlsPolicy: string;
    /** The load balancer's deletion protection. */
    readonly albDeletionProtection: boolean;
    /** The load balancer's access logs, in a bucket of the stack's kept `logRetentionDays`. */
    readonly albAccessLogs: boolean;
    /** An AWS WAF web ACL with AWS managed rules in front of the load balancer. */
    readonly albWaf: boolean;
    /** Every IAM role of the stack carries the stack's role boundary (`roleBoundaryArn`). */
    readonly rolePermissionsBoundary: boolean;
    readonly telemetry: TelemetrySettings;
    readonly namespaceDrainTimeoutMinutes: number;
    /** How long `pulumi up` waits for an ECS service to reach a steady state before it fails. */
    readonly serviceDeployTimeoutMinutes: number;
}

/**
 * Minutes `pulumi up` may wait for one ECS service. The provider's own limit is 20 minutes for
 * create, update and delete; the default in Pulumi.yaml stays well under it, since without a
 * circuit breaker nothing else ends a rollout whose tasks crash-loop.
 */
export const SERVICE_DEPLOY_TIMEOUT_RANGE = { min: 3, max: 60 } as const;

export function readOperations(reader: SettingsReader): OperationsSettings {
    const logRetentionDays = reader.integer("logRetentionDays", 1, 3653);
    if (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionDays)) {
        reader.report(
            `${reader.key("logRetentionDays")}: ${logRetentionDays} is not a CloudWatch Logs retention period. ` +
                `Use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}.`,
        );
    }
    const containerInsights = reader.oneOf("containerInsights", CONTAINER_INSIGHTS);
    const platformVersion = reader.text("fargatePlatformVersion");
    if (platformVersion === "" || !fargatePlatformRunsServiceConnect(platformVersion)) {
        reader.report(
            `${reader.key("fargatePlatformVersion")}: "${platformVersion}" cannot run Service Connect. ` +
                `Use LATEST or a Linux platform version of ${SERVICE_CONNECT_MIN_FARGATE_PLATFORM} or later.`,
        );
    }
    const tlsPolicy = reader.text("tlsPolicy");
    if (!TLS_POLICIES.includes(tlsPolicy)) {
        const weak = /^ELBSecurityPolicy-TLS13-1-[01]-/.test(tlsPolicy);
        reader.report(
            `${reader.key("tlsPolicy")}: "${tlsPolicy}" ${weak ? "still accepts TLS 1.0 or 1.1" : "is not an ELB TLS 1.3 security policy AWS defines"}. ` +
                `Use an ELBSecurityPolicy-TLS13-1-2-… or -TLS13-1-3-… policy (minimum TLS 1.2 or 1.3), such as ${RECOMMENDED_TLS_POLICY}, ` +
                `which AWS recommends, or ELBSecurityPolicy-TLS13-1-2-2021-06; model/elb.ts lists all ${TLS_POLICIES.length}.`,
        );
    }
    const rolePermissionsBoundary = reader.boolean("rolePermissionsBoundary");

    const alarmEmail = reader.optional("alarmEmail");
    const telemetry: TelemetrySettings = {
        accessLogs: reader.boolean("serviceConnectAccessLogs"),
        monitoring: reader.boolean("monitoring"),
        alarmEmail,
        errorRatePercent: reader.integer("alarmErrorRatePercent", 1, 100),
        p99LatencyMs: reader.integer("alarmP99LatencyMs", 1, 60_000),
    };
    if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
        reader.report(
            `${reader.key("alarmEmail")}: "${alarmEmail}" is not an e-mail address. Use an address such as ops@example.com, or leave it empty.`,
        );
    } else if (alarmEmail !== undefined && !telemetry.monitoring) {
        reader.report(
            `${reader.key("alarmEmail")} is set but ${reader.key("monitoring")} is false, so there are no alarms to send. Set monitoring to true.`,
        );
    }
    if (telemetry.monitoring && containerInsights === "disabled") {
        reader.report(
            `${reader.key("monitoring")} is true but ${reader.key("containerInsights")} is "disabled": the running-task alarms ` +
                `read Container Insights' task counts, which are then never published, so an outage would raise no alarm. ` +
                `Set containerInsights to enabled or enhanced, or monitoring to false.`,
        );
    }
    return {
        logRetentionDays,
        containerInsights,
        platformVersion,
        tlsPolicy,
        rolePermissionsBoundary,
        albDeletionProtection: reader.boolean("albDeletionProtection"),
        albAccessLogs: reader.boolean("albAccessLogs"),
        albWaf: reader.boolean("albWaf"),
        telemetry,
        namespaceDrainTimeoutMinutes: reader.integer("namespaceDrainTimeoutMinutes", 1, 60),
        serviceDeployTimeoutMinutes: reader.integer(
            "serviceDeployTimeoutMinutes",
            SERVICE_DEPLOY_TIMEOUT_RANGE.min,
            SERVICE_DEPLOY_TIMEOUT_RANGE.max,
        ),
    };
}
