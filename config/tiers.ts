/**
 * The tiers' settings, derived from the tier table: `<tier>Image`, `<tier>Cpu`, `<tier>Memory` and
 * `<tier>DesiredCount` for every tier, the proxy's share of each task, the appserver's scaling and
 * the database's storage.
 */
import { validateFargateSize } from "../model/fargate";
import { DatabaseSettings, validateDatabase } from "../model/database";
import { AppserverScaling, validateScalingBounds } from "../model/scaling";
import type { TierSettings } from "../model/tierSettings";
import { validateImageReference } from "../model/validators";
import { TierTable } from "../model/tiers";
import { SERVICE_CONNECT_PROXY } from "../model/serviceConnect";
import { SettingsReader } from "./reader";
import { TierSize, proxyHeadroomProblems } from "./sizing";

/** The config key of one of a tier's settings, such as `uiCpu`. */
export function tierSettingName(tier: string, setting: "Image" | "Cpu" | "Memory" | "DesiredCount"): string {
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
        const key = (setting: "Image" | "Cpu" | "Memory" | "DesiredCount") => reader.key(tierSettingName(tier, setting));
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

export function readAppserverScaling(reader: SettingsReader, desiredCount: number, containerInsightsOn: boolean): AppserverScaling {
    const scaling: AppserverScaling = {
        minCount: reader.integer("appserverMinCount", 1, 1000),
        maxCount: reader.integer("appserverMaxCount", 1, 1000),
        cpuTargetPercent: reader.integer("appserverCpuTarget", 10, 90),
        requestsPerTaskTarget: reader.integer("appserverRequestsPerTaskTarget", 0, 1_000_000),
    };
    reader.reportCombined(
        ["appserverMinCount", "appserverMaxCount", tierSettingName("appserver", "DesiredCount")],
        validateScalingBounds(scaling, desiredCount, {
            min: reader.key("appserverMinCount"),
            max: reader.key("appserverMaxCount"),
            desired: reader.key("appserverDesiredCount"),
        }),
    );
    if (scaling.requestsPerTaskTarget > 0 && !containerInsightsOn) {
        reader.reportCombined(
            ["appserverRequestsPerTaskTarget"],
            `${reader.key("appserverRequestsPerTaskTarget")}: ${scaling.requestsPerTaskTarget} needs the running task count from ` +
                `Container Insights, but ${reader.key("containerInsights")} is "disabled". Enable Container Insights or set the target to 0.`,
        );
    }
    return scaling;
}

export function readDatabase(reader: SettingsReader, desiredCount: number): DatabaseSettings {
    const database: DatabaseSettings = {
        persistence: reader.boolean("dbPersistence"),
        backups: reader.boolean("dbBackups"),
        retainOnDestroy: reader.boolean("dbRetainDataOnDestroy"),
    };
    reader.report(validateDatabase(database, desiredCount, reader.namespace));
    return database;
}

/**
 * `dbProtectData` protects the database's file system: Pulumi then refuses any delete or
 * replacement, so turning persistence off takes two deliberate runs (protection off, then
 * persistence off). Protection without a file system is a mistake worth naming.
 */
export function readDatabaseProtection(reader: SettingsReader, database: DatabaseSettings): boolean {
    const protect = reader.boolean("dbProtectData");
    if (protect && !database.persistence) {
        reader.report(
            `${reader.key("dbProtectData")} is true but ${reader.key("dbPersistence")} is false, so there is no file system to protect. ` +
                `To turn persistence off, first set dbProtectData to false and run pulumi up, then set dbPersistence to false.`,
        );
    }
    return protect;
}
