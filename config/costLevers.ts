/**
 * The cost levers: Fargate Spot per tier, the working-hours schedule, and Docker Hub images through
 * an ECR pull through cache (the credentials stay in Secrets Manager; config holds the secret's ARN).
 */
import { SPOT_STRATEGY } from "../model/capacityProviders";
import { DockerHubCache, cachePrefix, cachedImage, dockerHubCache } from "../model/dockerHubCache";
import type { TierSettings } from "../model/tierSettings";
import { WorkingHours, parseWorkingHours, startWaves } from "../model/workingHours";
import { TierTable } from "../model/tiers";
import { SettingsReader } from "../model/settings/reader";

export interface CostLevers {
    /** Tiers whose tasks run on Fargate Spot. */
    readonly spotTiers: ReadonlySet<string>;
    /** When every tier runs; undefined runs them around the clock. */
    readonly workingHours?: WorkingHours;
    /** Docker Hub images through this pull through cache; undefined pulls them from Docker Hub. */
    readonly dockerHubCache?: DockerHubCache;
}

/** The items of a value that is a JSON list of strings, as the CLI passes a YAML list; undefined otherwise. */
function listValue(text: string): string[] | undefined {
    if (!text.trim().startsWith("[")) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(text);
        return Array.isArray(parsed) ? parsed.map(String) : undefined;
    } catch {
        return undefined;
    }
}

/** The tiers a `fargateSpotTiers` value names: a comma-separated list of the table's tiers, "all", or "" for none. */
export function spotTierNames(text: string, table: TierTable, setting = "yelb:fargateSpotTiers"): ReadonlySet<string> | string {
    const tiers = Object.keys(table);
    if (text.trim() === "") {
        return new Set();
    }
    if (text.trim() === "all") {
        return new Set(tiers);
    }
    const list = listValue(text);
    if (list !== undefined) {
        // A YAML list in the stack file reaches the program as its JSON text.
        return `${setting} is a list (${list.join(", ")}); write it as one comma-separated string, such as "${list.join(",")}".`;
    }
    const named = text.split(",").map((name) => name.trim());
    const unknown = named.filter((name) => !tiers.includes(name));
    if (unknown.length > 0) {
        return `${setting}: ${unknown.map((name) => `"${name}"`).join(", ")} ${unknown.length === 1 ? "is not a tier" : "are not tiers"}. Use a comma-separated list of ${tiers.join(", ")}, "all", or "" for none.`;
    }
    return new Set(named);
}

export function readCostLevers(reader: SettingsReader, table: TierTable, region: string, stack: string): CostLevers {
    const spot = spotTierNames(reader.text("fargateSpotTiers"), table, reader.key("fargateSpotTiers"));
    reader.report(typeof spot === "string" ? spot : undefined);
    const spotTiers = typeof spot === "string" ? new Set<string>() : spot;
    for (const tier of spotTiers) {
        if (table[tier].singleStore) {
            reader.warn(
                `${reader.key("fargateSpotTiers")}: ${tier} keeps its state in its one task, and Fargate Spot may stop that task with two ` +
                    `minutes' notice, and its replacement starts without that task's data (only data on EFS survives). Leave ${tier} out for a stack whose data matters.`,
            );
        }
    }

    const hoursText = reader.text("workingHours");
    const timeZone = reader.text("workingHoursTimeZone");
    const waves = Math.max(...startWaves(table).values()) + 1;
    const parsed =
        hoursText === ""
            ? undefined
            : parseWorkingHours(hoursText, timeZone, waves, {
                  hours: reader.key("workingHours"),
                  timeZone: reader.key("workingHoursTimeZone"),
              });
    reader.report(typeof parsed === "string" ? parsed : undefined);

    const secretArn = reader.text("dockerHubCacheSecretArn");
    const cache =
        secretArn === "" ? undefined : dockerHubCache(reader.key("dockerHubCacheSecretArn"), secretArn, region, cachePrefix(stack));
    reader.report(typeof cache === "string" ? cache : undefined);

    return {
        spotTiers,
        workingHours: typeof parsed === "string" ? undefined : parsed,
        dockerHubCache: typeof cache === "string" ? undefined : cache,
    };
}

/** The tiers' settings with the levers applied: Spot placement, and images through the cache. */
export function applyCostLevers(tiers: Readonly<Record<string, TierSettings>>, levers: CostLevers): Record<string, TierSettings> {
    return Object.fromEntries(
        Object.entries(tiers).map(([tier, settings]) => {
            const image = levers.dockerHubCache === undefined ? settings.image : cachedImage(levers.dockerHubCache, settings.image);
            return [
                tier,
                {
                    ...settings,
                    image,
                    ...(image !== settings.image ? { pullThroughCache: true } : {}),
                    ...(levers.spotTiers.has(tier) ? { capacityProviderStrategy: SPOT_STRATEGY } : {}),
                },
            ];
        }),
    );
}
