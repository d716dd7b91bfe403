/**
 * The one place that turns stack configuration into typed settings. The Pulumi CLI hands the
 * program every key with `Pulumi.yaml`'s declared defaults applied (the offline plan does the
 * same), so no default is written here. Every check runs before any resource is registered, and
 * all problems are reported together, each naming the key, the value and what is allowed.
 */
import type { TierScaling } from "../model/scaling";
import type { TierSettings } from "../model/tierSettings";
import { BUCKET_PREFIX, PROJECT, STACK_NAME, albLogBucketPrefix, stackPrefix, taskFamily } from "../model/naming";
import { TIERS, TierTable } from "../model/tiers";
import { StackConfigError } from "../model/settings/problems";
import { NetworkSettings, readNetwork } from "./network";
import { OperationsSettings, readOperations } from "./operations";
import { ConfigValues, SettingsReader } from "../model/settings/reader";
import { SiteSettings, readSite } from "./site";
import { AwsAccessSettings, readAwsAccess } from "./awsAccess";
import { DatabaseStorageSettings, readDatabase, readEntryGracePeriod, readScaling, readTiers } from "./tiers";
import { CostLevers, applyCostLevers, readCostLevers } from "./costLevers";

export { StackConfigError, formatProblems, problemList } from "../model/settings/problems";
export { PROJECT } from "../model/naming";
export type { ConfigValues } from "../model/settings/reader";
export type { NatGatewayStrategy, NetworkSettings } from "./network";
export { taskSubnets } from "./network";
export type { ContainerInsights, TelemetrySettings } from "./operations";
export type { AwsAccessSettings } from "./awsAccess";
export type { AwsProviderSettings } from "./awsProvider";
export type { CostLevers } from "./costLevers";

export interface YelbStackConfig extends SiteSettings, OperationsSettings {
    readonly stack: string;
    readonly network: NetworkSettings;
    /** Each tier's image, size and count, by tier name. */
    readonly tiers: Readonly<Record<string, TierSettings>>;
    /** The autoscaled tier's bounds and targets. @default none, when no tier is autoscaled */
    readonly scaling?: TierScaling;
    /** The database tier's storage. @default none, when the table has no database tier */
    readonly database?: DatabaseStorageSettings;
    /** Seconds the ALB's health checks wait after an entry task starts. @default none, without an entry tier */
    readonly entryHealthCheckGracePeriodSeconds?: number;
    /** How the stack's AWS provider reaches AWS, for the namespace drain. */
    readonly awsAccess: AwsAccessSettings;
    /** Fargate Spot tiers, the working-hours schedule, the Docker Hub cache (already applied to `tiers`). */
    readonly costLevers: CostLevers;
    /** Non-fatal findings, for the program to log. */
    readonly warnings: readonly string[];
}

/**
 * Reads and validates the stack's configuration for the tiers of `tiers`. Throws
 * `StackConfigError` listing every problem, keys that no setting reads first.
 */
export function loadStackConfig(values: ConfigValues, stack: string, tiers: TierTable = TIERS): YelbStackConfig {
    const reader = new SettingsReader(values, PROJECT);
    const site = readSite(reader, stack);
    const network = readNetwork(reader);
    const operations = readOperations(reader);
    const tierSettings = readTiers(reader, tiers);
    const scaling = readScaling(reader, tiers, tierSettings, operations.containerInsights !== "disabled");
    const database = readDatabase(reader, tiers, tierSettings);
    const entryHealthCheckGracePeriodSeconds = readEntryGracePeriod(reader, tiers);
    const awsAccess = readAwsAccess(reader);
    const costLevers = readCostLevers(reader, tiers, site.region, stack);

    if (operations.albAccessLogs && !BUCKET_PREFIX.test(albLogBucketPrefix(stack))) {
        reader.report(
            `${reader.key("albAccessLogs")} is true, but the stack name "${stack}" makes the log bucket prefix ${albLogBucketPrefix(stack)}, ` +
                `which S3 refuses (lower-case letters, digits, - and ., at most 37 characters). Use a shorter stack name, or set albAccessLogs to false.`,
        );
    }

    if (!STACK_NAME.test(stack)) {
        reader.report(
            `The stack name "${stack}" has characters that the task definition families (${taskFamily(stackPrefix(stack), Object.keys(tiers)[0])}) ` +
                `and the dashboard built from it cannot hold: ECS and CloudWatch take only letters, digits, "-" and "_". ` +
                `Rename the stack (pulumi stack rename ${stack.replace(/[^0-9A-Za-z_-]/g, "-")}) or create it under such a name.`,
        );
    }

    const problems = reader.allProblems();
    if (problems.length > 0) {
        throw new StackConfigError(stack, problems);
    }
    return {
        stack,
        ...site,
        network,
        ...operations,
        tiers: applyCostLevers(tierSettings, costLevers),
        // A role the table lacks has no key at all, rather than an undefined one.
        ...(scaling === undefined ? {} : { scaling }),
        ...(database === undefined ? {} : { database }),
        ...(entryHealthCheckGracePeriodSeconds === undefined ? {} : { entryHealthCheckGracePeriodSeconds }),
        awsAccess,
        costLevers,
        warnings: reader.warnings,
    };
}
