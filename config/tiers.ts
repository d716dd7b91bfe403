/**
 * The tiers' settings, derived from the tier table: `<tier>Image`, `<tier>Cpu`, `<tier>Memory` and
 * `<tier>DesiredCount` for every tier, the proxy's share of each task, and the settings of the
 * tiers with a role (model/tiers.ts `TierRole`), also named after the tier.
 */
import { validateFargateSize } from "../model/fargate";
import { DatabaseSettings, validateDatabase } from "../model/database";
import { TierScaling, validateScalingBounds } from "../model/scaling";
import type { TierSettings } from "../model/tierSettings";
import { validateImageReference } from "../model/validators";
import { TierTable, tierWithRole } from "../model/tiers";
import { SERVICE_CONNECT_PROXY } from "../model/serviceConnect";
import { SettingsReader } from "../model/settings/reader";
import { TierSize, proxyHeadroomProblems } from "./sizing";

/** What follows the tier's name in the key of one of its settings: every tier's four, then the roles'. */
export type TierSetting =
    | "Image"
    | "Cpu"
    | "Memory"
    | "DesiredCount"
    | "MinCount"
    | "MaxCount"
    | "CpuTarget"
    | "RequestsPerTaskTarget"
    | "Persistence"
    | "Backups"
    | "RetainDataOnDestroy"
    | "ProtectData"
    | "HealthCheckGracePeriod";

/** The config key of one of a tier's settings, such as `uiCpu`. */
export function tierSettingName(tier: string, setting: TierSetting): string {
    return `${tier}${setting}`;
}

export function readTiers(reader: SettingsReader, table: TierTable): Record<string, TierSettings> {
    const proxyCpu = reader.integer("proxyCpu", 0, 4096);
    const proxyMemory = reader.integer("proxyMemory", 0, 8192);
    if (proxyCpu < SERVICE_CONNECT_PROXY.cpu || proxyMemory < SERVICE_CONNECT_PROXY.memory) {
        reader.warn(
            `${reader.key("proxyCpu")}/${reader.key("proxyMemory")}: ${proxyCpu} CPU units and ${proxyMemory} MiB are below ` +
                `the ${SERVICE_CONNECT_PROXY.cpu} units and ${SERVICE_CONNECT_PROXY.memory} MiB the Service Connect guide recommends for the proxy.`,
        );
    }
    const validSizes: TierSize[] = [];
    const tiers: Record<string, TierSettings> = {};
    for (const [tier, definition] of Object.entries(table)) {
        const key = (setting: TierSetting) => reader.key(tierSettingName(tier, setting));
        const image = reader.text(tierSettingName(tier, "Image"));
        if (reader.has(tierSettingName(tier, "Image"))) {
            const imageCheck = validateImageReference(key("Image"), image);
            reader.report(imageCheck.error);
            reader.warn(imageCheck.warning);
        }
        const sizing = {
            taskCpu: reader.integer(tierSettingName(tier, "Cpu"), 1, 16384),
            taskMemory: reader.integer(tierSettingName(tier, "Memory"), 1, 122880),
            proxyCpu,
            proxyMemory,
        };
        const sizeKeys = [tierSettingName(tier, "Cpu"), tierSettingName(tier, "Memory")];
        const sized = reader.accepted(sizeKeys[0]) && reader.accepted(sizeKeys[1]);
        const sizeProblem = sized ? validateFargateSize(`${key("Cpu")}/${key("Memory")}`, sizing.taskCpu, sizing.taskMemory) : "";
        reader.reportCombined(sizeKeys, sizeProblem || undefined);
        if (sizeProblem === undefined) {
            validSizes.push({ cpuKey: key("Cpu"), memoryKey: key("Memory"), sizing });
        }
        const desiredCount = reader.integer(tierSettingName(tier, "DesiredCount"), 0, definition.maxDesiredCount);
        if (desiredCount === 0) {
            reader.warn(`${key("DesiredCount")} is 0: ${definition.idleEffect} Raise it to 1 or more to serve the app.`);
        }
        tiers[tier] = { image, sizing, desiredCount };
    }
    for (const problem of proxyHeadroomProblems(reader.key("proxyCpu"), reader.key("proxyMemory"), validSizes)) {
        reader.reportCombined(["proxyCpu", "proxyMemory"], problem);
    }
    return tiers;
}

/** The autoscaled tier's bounds and targets, when the table has one. */
export function readScaling(
    reader: SettingsReader,
    table: TierTable,
    tiers: Readonly<Record<string, TierSettings>>,
    containerInsightsOn: boolean,
): TierScaling | undefined {
    const tier = tierWithRole(table, "autoscaled");
    if (tier === undefined) {
        return undefined;
    }
    const name = (setting: TierSetting) => tierSettingName(tier, setting);
    const scaling: TierScaling = {
        minCount: reader.integer(name("MinCount"), 1, 1000),
        maxCount: reader.integer(name("MaxCount"), 1, 1000),
        cpuTargetPercent: reader.integer(name("CpuTarget"), 10, 90),
        requestsPerTaskTarget: reader.integer(name("RequestsPerTaskTarget"), 0, 1_000_000),
    };
    reader.reportCombined(
        [name("MinCount"), name("MaxCount"), name("DesiredCount")],
        validateScalingBounds(scaling, tiers[tier].desiredCount, {
            min: reader.key(name("MinCount")),
            max: reader.key(name("MaxCount")),
            desired: reader.key(name("DesiredCount")),
        }),
    );
    if (scaling.requestsPerTaskTarget > 0 && !containerInsightsOn) {
        reader.reportCombined(
            [name("RequestsPerTaskTarget")],
            `${reader.key(name("RequestsPerTaskTarget"))}: ${scaling.requestsPerTaskTarget} needs the running task count from ` +
                `Container Insights, but ${reader.key("containerInsights")} is "disabled". Enable Container Insights or set the target to 0.`,
        );
    }
    return scaling;
}

/** The database tier's storage, when the table has one. */
export interface DatabaseStorageSettings extends DatabaseSettings {
    /** Pulumi's `protect` on the database's file system. */
    readonly protect: boolean;
}

/**
 * The database tier's storage. `<tier>ProtectData` protects its file system: Pulumi then refuses
 * any delete or replacement, so turning persistence off takes two deliberate runs (protection
 * off, then persistence off). Protection without a file system is a mistake worth naming.
 */
export function readDatabase(
    reader: SettingsReader,
    table: TierTable,
    tiers: Readonly<Record<string, TierSettings>>,
): DatabaseStorageSettings | undefined {
    const tier = tierWithRole(table, "database");
    if (tier === undefined) {
        return undefined;
    }
    const name = (setting: TierSetting) => tierSettingName(tier, setting);
    const database: DatabaseSettings = {
        persistence: reader.boolean(name("Persistence")),
        backups: reader.boolean(name("Backups")),
        retainOnDestroy: reader.boolean(name("RetainDataOnDestroy")),
    };
    reader.reportCombined(
        [name("DesiredCount"), name("Persistence"), name("Backups"), name("RetainDataOnDestroy")],
        validateDatabase(database, tiers[tier].desiredCount, {
            desiredCount: reader.key(name("DesiredCount")),
            persistence: reader.key(name("Persistence")),
            backups: reader.key(name("Backups")),
            retainOnDestroy: reader.key(name("RetainDataOnDestroy")),
        }),
    );
    const protect = reader.boolean(name("ProtectData"));
    if (protect && !database.persistence) {
        reader.reportCombined(
            [name("ProtectData"), name("Persistence")],
            `${reader.key(name("ProtectData"))} is true but ${reader.key(name("Persistence"))} is false, so there is no file system to protect. ` +
                `To turn persistence off, first set ${name("ProtectData")} to false and run pulumi up, then set ${name("Persistence")} to false.`,
        );
    }
    return { ...database, protect };
}

/** Seconds the load balancer's health checks wait after an entry task starts, when the table has an entry tier. */
export function readEntryGracePeriod(reader: SettingsReader, table: TierTable): number | undefined {
    const tier = tierWithRole(table, "entry");
    return tier === undefined ? undefined : reader.integer(tierSettingName(tier, "HealthCheckGracePeriod"), 0, 3600);
}
