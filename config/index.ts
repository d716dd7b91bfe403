/**
 * The one place that turns stack configuration into typed settings. Every check runs before any
 * resource is registered, and all problems are reported together, each naming the key, the value
 * and what is allowed. The loader takes a plain `read` function so it can be tested without Pulumi.
 */
import { SERVICE_CONNECT_REGIONS } from "../policies/guide";
import { TaskSizing, validateFargateSize } from "../components/fargate";
import { Region } from "@pulumi/aws/types/enums";
import { StackConfigError } from "./errors";
import { closestNames, undeclaredKeyProblems } from "./keys";
import { TierSize, proxyHeadroomProblems } from "./sizing";
import {
    CLOUDWATCH_RETENTION_DAYS,
    validateDomainName,
    validateHostedZoneId,
    validateImageReference,
    validateNamespaceName,
} from "../components/validators";

export { StackConfigError, formatProblems } from "./errors";

export const PROJECT = "yelb";

/** The regions the AWS provider knows, from its own maintained list. */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

export type TierKey = "ui" | "appserver" | "redis" | "db";

export type NatGatewayStrategy = "Single" | "OnePerAz" | "None";
export type ContainerInsights = "enabled" | "enhanced" | "disabled";

/** Settings shared by every Yelb tier. */
export interface TierSettings {
    readonly image: string;
    readonly sizing: TaskSizing;
    readonly desiredCount: number;
}

export interface AppserverScalingSettings {
    readonly minCount: number;
    readonly maxCount: number;
    readonly cpuTargetPercent: number;
    /** Service Connect requests per task per minute to hold; 0 turns request scaling off. */
    readonly requestsPerTaskTarget: number;
}

export interface DatabaseSettings {
    /** Postgres data on EFS rather than task storage. */
    readonly persistence: boolean;
    readonly backups: boolean;
    readonly retainOnDestroy: boolean;
}

export interface TelemetrySettings {
    readonly accessLogs: boolean;
    /** The dashboard and the alarms. */
    readonly monitoring: boolean;
    readonly alarmEmail?: string;
    readonly errorRatePercent: number;
    readonly p99LatencyMs: number;
}

export interface YelbStackConfig {
    readonly stack: string;
    readonly region: string;
    readonly hostedZone: { readonly name: string; readonly id: string };
    /** The fully qualified name the ALB is published under. */
    readonly domainName: string;
    readonly namespaceName: string;
    readonly network: {
        readonly availabilityZones: number;
        readonly natGateways: NatGatewayStrategy;
        readonly cidrBlock: string;
        readonly assignPublicIp: boolean;
    };
    readonly logRetentionDays: number;
    readonly containerInsights: ContainerInsights;
    readonly platformVersion: string;
    readonly tlsPolicy: string;
    readonly tiers: { readonly [K in TierKey]: TierSettings };
    readonly appserverScaling: AppserverScalingSettings;
    readonly database: DatabaseSettings;
    readonly telemetry: TelemetrySettings;
    readonly uiHealthCheckGracePeriodSeconds: number;
    readonly namespaceDrainTimeoutMinutes: number;
    /** Non-fatal findings, for the program to log. */
    readonly warnings: readonly string[];
}

/** The stack's configuration as the CLI hands it to the program: fully qualified keys and their values. */
export type ConfigValues = Readonly<Record<string, string | undefined>>;

/** The project defaults, the same as `Pulumi.yaml` declares; a test keeps the two in step. */
export const DEFAULTS = {
    subdomain: "yelb",
    namespaceName: "",
    availabilityZones: 2,
    natGateways: "Single",
    vpcCidr: "10.0.0.0/16",
    assignPublicIp: false,
    logRetentionDays: 14,
    containerInsights: "enabled",
    fargatePlatformVersion: "LATEST",
    proxyCpu: 256,
    proxyMemory: 64,
    tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    uiImage: "mreferre/yelb-ui:0.10",
    uiCpu: 512,
    uiMemory: 1024,
    uiDesiredCount: 1,
    appserverImage: "mreferre/yelb-appserver:0.7",
    appserverCpu: 512,
    appserverMemory: 1024,
    appserverDesiredCount: 1,
    appserverMinCount: 1,
    appserverMaxCount: 4,
    appserverCpuTarget: 60,
    redisImage: "redis:4.0.2",
    redisCpu: 512,
    redisMemory: 1024,
    redisDesiredCount: 1,
    dbImage: "mreferre/yelb-db:0.6",
    dbCpu: 512,
    dbMemory: 1024,
    dbDesiredCount: 1,
    dbPersistence: false,
    dbBackups: false,
    dbRetainDataOnDestroy: false,
    serviceConnectAccessLogs: false,
    monitoring: false,
    alarmEmail: "",
    alarmErrorRatePercent: 5,
    alarmP99LatencyMs: 1000,
    appserverRequestsPerTaskTarget: 0,
    uiHealthCheckGracePeriod: 60,
    namespaceDrainTimeoutMinutes: 10,
} as const;

type DefaultKey = keyof typeof DEFAULTS;

/** What a tier scaled to zero tasks does to the site, for the warning. */
const IDLE_TIER_EFFECT: { readonly [K in TierKey]: string } = {
    ui: "no UI task runs, so the load balancer has no targets and the site answers 503.",
    appserver: "no appserver task runs, so the UI cannot load or record votes.",
    redis: "no Redis task runs, so the appserver cannot count page views and its API calls fail.",
    db: "no database task runs, so votes can be neither recorded nor read.",
};

const NAT_STRATEGIES: readonly NatGatewayStrategy[] = ["Single", "OnePerAz", "None"];
const CONTAINER_INSIGHTS: readonly ContainerInsights[] = ["enabled", "enhanced", "disabled"];
const PLATFORM_VERSION = /^(LATEST|1\.(\d+)\.(\d+))$/;

/**
 * Reads, defaults and validates the stack's configuration. Throws `StackConfigError` listing every
 * problem, including keys that no setting reads.
 */
export function loadStackConfig(values: ConfigValues, stack: string): YelbStackConfig {
    const declared = new Set<string>();
    const read = (key: string): string | undefined => {
        declared.add(key);
        return values[key];
    };
    const problems: string[] = [];
    const warnings: string[] = [];
    const key = (name: string) => `${PROJECT}:${name}`;

    const raw = (name: DefaultKey | "hostedZoneName" | "hostedZoneId"): string | undefined => {
        const value = read(key(name));
        return value === undefined || value === "" ? undefined : value.trim();
    };
    const text = (name: DefaultKey): string => raw(name) ?? String(DEFAULTS[name]);
    const required = (name: "hostedZoneName" | "hostedZoneId", example: string): string => {
        const value = raw(name);
        if (value === undefined) {
            problems.push(`${key(name)} is required. Set it with \`pulumi config set ${name} ${example}\`.`);
        }
        return value ?? "";
    };
    const integer = (name: DefaultKey, min: number, max: number): number => {
        const value = raw(name);
        if (value === undefined) {
            return DEFAULTS[name] as number;
        }
        if (!/^-?\d+$/.test(value)) {
            problems.push(`${key(name)}: "${value}" is not a whole number. Use a whole number from ${min} to ${max}.`);
            return DEFAULTS[name] as number;
        }
        const parsed = Number(value);
        if (parsed < min || parsed > max) {
            problems.push(`${key(name)}: ${parsed} is out of range. Use a whole number from ${min} to ${max}.`);
        }
        return parsed;
    };
    const boolean = (name: DefaultKey): boolean => {
        const value = raw(name);
        if (value === undefined) {
            return DEFAULTS[name] as boolean;
        }
        if (value !== "true" && value !== "false") {
            problems.push(`${key(name)}: "${value}" is not a boolean. Use true or false.`);
            return DEFAULTS[name] as boolean;
        }
        return value === "true";
    };
    const oneOf = <T extends string>(name: DefaultKey, allowed: readonly T[]): T => {
        const value = text(name);
        if (!(allowed as readonly string[]).includes(value)) {
            problems.push(`${key(name)}: "${value}" is not allowed. Use one of ${allowed.join(", ")}.`);
            return DEFAULTS[name] as T;
        }
        return value as T;
    };
    const report = (problem: string | undefined) => {
        if (problem !== undefined) {
            problems.push(problem);
        }
    };

    const region = read("aws:region") ?? "";
    if (region === "") {
        problems.push("aws:region is required. Set it with `pulumi config set aws:region us-east-1`.");
    } else if (!AWS_REGIONS.includes(region)) {
        const close = closestNames(region, AWS_REGIONS, 1);
        problems.push(
            `aws:region: "${region}" is not an AWS region.${close.length > 0 ? ` Did you mean ${close[0]}?` : ""} ` +
                `Use one of ${AWS_REGIONS.join(", ")}.`,
        );
    } else if (!SERVICE_CONNECT_REGIONS.includes(region)) {
        warnings.push(
            `aws:region ${region} is not in the AWS Service Connect guide's list of regions ` +
                `(${SERVICE_CONNECT_REGIONS.join(", ")}); check that Service Connect is available there.`,
        );
    }

    const hostedZoneName = required("hostedZoneName", "example.com").replace(/\.$/, "").toLowerCase();
    const hostedZoneId = required("hostedZoneId", "Z0123456789ABCDEFGHIJ");
    if (hostedZoneName !== "") {
        report(validateDomainName(key("hostedZoneName"), hostedZoneName));
    }
    if (hostedZoneId !== "") {
        report(validateHostedZoneId(key("hostedZoneId"), hostedZoneId));
    }
    const domainName = resolveDomainName(text("subdomain"), hostedZoneName, problems);

    const namespaceName = raw("namespaceName") ?? `${PROJECT}-${stack}`;
    report(validateNamespaceName(key("namespaceName"), namespaceName));

    const availabilityZones = integer("availabilityZones", 2, 6);
    const natGateways = oneOf("natGateways", NAT_STRATEGIES);
    const assignPublicIp = boolean("assignPublicIp");
    if (natGateways === "None" && !assignPublicIp) {
        problems.push(
            `${key("natGateways")}: "None" leaves tasks in private subnets without a route to pull images ` +
                `or reach the ECS and CloudWatch endpoints. Use "Single" or "OnePerAz", or set ` +
                `${key("assignPublicIp")} to true.`,
        );
    }
    const cidrBlock = text("vpcCidr");
    if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|2[0-4])$/.test(cidrBlock)) {
        problems.push(`${key("vpcCidr")}: "${cidrBlock}" is not an IPv4 CIDR block with a /16 to /24 prefix.`);
    }

    const logRetentionDays = integer("logRetentionDays", 1, 3653);
    if (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionDays)) {
        problems.push(
            `${key("logRetentionDays")}: ${logRetentionDays} is not a CloudWatch Logs retention period. ` +
                `Use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}.`,
        );
    }
    const containerInsights = oneOf("containerInsights", CONTAINER_INSIGHTS);
    const platformVersion = text("fargatePlatformVersion");
    const platform = PLATFORM_VERSION.exec(platformVersion);
    if (platform === null || (platform[1] !== "LATEST" && Number(platform[2]) < 4)) {
        problems.push(
            `${key("fargatePlatformVersion")}: "${platformVersion}" cannot run Service Connect. ` +
                `Use LATEST or a Linux platform version of 1.4.0 or later.`,
        );
    }
    const tlsPolicy = text("tlsPolicy");
    if (!tlsPolicy.startsWith("ELBSecurityPolicy-TLS13-")) {
        problems.push(
            `${key("tlsPolicy")}: "${tlsPolicy}" is not a TLS 1.3 security policy. ` +
                `Use an ELBSecurityPolicy-TLS13-… policy such as ${DEFAULTS.tlsPolicy}.`,
        );
    }

    const proxyCpu = integer("proxyCpu", 0, 4096);
    const proxyMemory = integer("proxyMemory", 0, 8192);
    if (proxyCpu < DEFAULTS.proxyCpu || proxyMemory < DEFAULTS.proxyMemory) {
        warnings.push(
            `${key("proxyCpu")}/${key("proxyMemory")}: ${proxyCpu} CPU units and ${proxyMemory} MiB are below ` +
                `the ${DEFAULTS.proxyCpu} units and ${DEFAULTS.proxyMemory} MiB the Service Connect guide recommends for the proxy.`,
        );
    }

    const validSizes: TierSize[] = [];
    const tier = (prefix: TierKey, maxDesired: number): TierSettings => {
        const name = (suffix: "Image" | "Cpu" | "Memory" | "DesiredCount") => `${prefix}${suffix}` as DefaultKey;
        // An image set to "" is a mistake to report, not a request for the default.
        const image = read(key(name("Image")))?.trim() ?? String(DEFAULTS[name("Image")]);
        const imageCheck = validateImageReference(key(name("Image")), image);
        report(imageCheck.error);
        if (imageCheck.warning !== undefined) {
            warnings.push(imageCheck.warning);
        }
        const sizing: TaskSizing = {
            taskCpu: integer(name("Cpu"), 1, 16384),
            taskMemory: integer(name("Memory"), 1, 122880),
            proxyCpu,
            proxyMemory,
        };
        const sizeProblem = validateFargateSize(`${key(name("Cpu"))}/${key(name("Memory"))}`, sizing.taskCpu, sizing.taskMemory);
        report(sizeProblem);
        if (sizeProblem === undefined) {
            validSizes.push({ cpuKey: key(name("Cpu")), memoryKey: key(name("Memory")), sizing });
        }
        const desiredCount = integer(name("DesiredCount"), 0, maxDesired);
        if (desiredCount === 0) {
            warnings.push(`${key(name("DesiredCount"))} is 0: ${IDLE_TIER_EFFECT[prefix]} Raise it to 1 or more to serve the app.`);
        }
        return { image, sizing, desiredCount };
    };

    // Redis and Postgres keep their state in the task: a second task would be a second, separate
    // store, and the votes or page views would split between them.
    const tiers = {
        ui: tier("ui", 100),
        appserver: tier("appserver", 1000),
        redis: tier("redis", 1),
        db: tier("db", 1),
    };
    problems.push(...proxyHeadroomProblems(key("proxyCpu"), key("proxyMemory"), validSizes));

    const appserverScaling: AppserverScalingSettings = {
        minCount: integer("appserverMinCount", 1, 1000),
        maxCount: integer("appserverMaxCount", 1, 1000),
        cpuTargetPercent: integer("appserverCpuTarget", 10, 90),
        requestsPerTaskTarget: integer("appserverRequestsPerTaskTarget", 0, 1_000_000),
    };
    report(validateScalingBounds(appserverScaling, tiers.appserver.desiredCount));
    if (appserverScaling.requestsPerTaskTarget > 0 && containerInsights === "disabled") {
        problems.push(
            `${key("appserverRequestsPerTaskTarget")}: ${appserverScaling.requestsPerTaskTarget} needs the running task count from ` +
                `Container Insights, but ${key("containerInsights")} is "disabled". Enable Container Insights or set the target to 0.`,
        );
    }

    const database: DatabaseSettings = {
        persistence: boolean("dbPersistence"),
        backups: boolean("dbBackups"),
        retainOnDestroy: boolean("dbRetainDataOnDestroy"),
    };
    report(validateDatabase(database, tiers.db.desiredCount));

    const alarmEmail = raw("alarmEmail");
    const telemetry: TelemetrySettings = {
        accessLogs: boolean("serviceConnectAccessLogs"),
        monitoring: boolean("monitoring"),
        alarmEmail,
        errorRatePercent: integer("alarmErrorRatePercent", 1, 100),
        p99LatencyMs: integer("alarmP99LatencyMs", 1, 60_000),
    };
    if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
        problems.push(
            `${key("alarmEmail")}: "${alarmEmail}" is not an e-mail address. Use an address such as ops@example.com, or leave it empty.`,
        );
    } else if (alarmEmail !== undefined && !telemetry.monitoring) {
        problems.push(
            `${key("alarmEmail")} is set but ${key("monitoring")} is false, so there are no alarms to send. Set monitoring to true.`,
        );
    }

    const uiHealthCheckGracePeriodSeconds = integer("uiHealthCheckGracePeriod", 0, 3600);
    const namespaceDrainTimeoutMinutes = integer("namespaceDrainTimeoutMinutes", 1, 60);

    const givenKeys = Object.keys(values).filter((name) => values[name] !== undefined);
    problems.unshift(...undeclaredKeyProblems(PROJECT, givenKeys, declared));
    if (problems.length > 0) {
        throw new StackConfigError(stack, problems);
    }
    return {
        stack,
        region,
        hostedZone: { name: hostedZoneName, id: hostedZoneId },
        domainName,
        namespaceName,
        network: { availabilityZones, natGateways, cidrBlock, assignPublicIp },
        logRetentionDays,
        containerInsights,
        platformVersion,
        tlsPolicy,
        tiers,
        appserverScaling,
        database,
        telemetry,
        uiHealthCheckGracePeriodSeconds,
        namespaceDrainTimeoutMinutes,
        warnings,
    };
}

/** Checks min ≤ desired ≤ max for the appserver; returns an error message or undefined. */
export function validateScalingBounds(scaling: AppserverScalingSettings, desiredCount: number): string | undefined {
    if (scaling.minCount > scaling.maxCount) {
        return (
            `${PROJECT}:appserverMinCount (${scaling.minCount}) is greater than ${PROJECT}:appserverMaxCount ` +
            `(${scaling.maxCount}). Set the minimum at or below the maximum.`
        );
    }
    if (desiredCount < scaling.minCount || desiredCount > scaling.maxCount) {
        return (
            `${PROJECT}:appserverDesiredCount (${desiredCount}) is outside the autoscaling range ` +
            `${scaling.minCount}..${scaling.maxCount}. Use a count from ${scaling.minCount} to ${scaling.maxCount}.`
        );
    }
    return undefined;
}

/** The database settings: EFS persistence runs exactly one task, and backups need EFS. */
export function validateDatabase(database: DatabaseSettings, desiredCount: number): string | undefined {
    if (database.persistence && desiredCount !== 1) {
        return (
            `${PROJECT}:dbDesiredCount is ${desiredCount}, but with ${PROJECT}:dbPersistence the database runs exactly one task: ` +
            `two Postgres processes must never share one data directory. Set dbDesiredCount to 1.`
        );
    }
    for (const [name, on] of [
        ["dbBackups", database.backups],
        ["dbRetainDataOnDestroy", database.retainOnDestroy],
    ] as const) {
        if (on && !database.persistence) {
            return `${PROJECT}:${name} is true but ${PROJECT}:dbPersistence is false, so there is no file system for it. Set dbPersistence to true, or ${name} to false.`;
        }
    }
    return undefined;
}

/**
 * `subdomain` is relative to the hosted zone ("yelb", "yelb.dev"), or absolute with a trailing dot
 * as in a zone file ("yelb.example.com."), in which case the zone must contain it.
 */
export function resolveDomainName(subdomain: string, zone: string, problems: string[]): string {
    const setting = `${PROJECT}:subdomain`;
    const name = subdomain.toLowerCase();
    if (zone === "") {
        return name;
    }
    if (name.endsWith(".")) {
        const absolute = name.slice(0, -1);
        if (absolute !== zone && !absolute.endsWith(`.${zone}`)) {
            problems.push(
                `${setting}: the hosted zone ${zone} does not contain ${absolute}. ` +
                    `Use a name that ends in .${zone}, or a name relative to the zone such as "yelb".`,
            );
            return absolute;
        }
        const problem = validateDomainName(setting, absolute);
        if (problem !== undefined) {
            problems.push(problem);
        }
        return absolute;
    }
    if (name === zone || name.endsWith(`.${zone}`)) {
        const relative = name === zone ? undefined : name.slice(0, -(zone.length + 1));
        problems.push(
            `${setting}: "${subdomain}" already ends with the zone name ${zone}, so the record would be ` +
                `${name}.${zone}. Use ${relative === undefined ? "" : `the relative name "${relative}", or `}` +
                `"${name}." (trailing dot) for an absolute name.`,
        );
    }
    const domainName = `${name}.${zone}`;
    const problem = validateDomainName(setting, domainName);
    if (problem !== undefined) {
        problems.push(problem);
    }
    return domainName;
}
