/**
 * Which policy pack the deployments program publishes (or only references) and the policy group
 * that enforces it on the app's stacks.
 */
import * as path from "path";
import { SettingsReader } from "../../model/settings/reader";
import { CLOUD_NAME, matching } from "./rules";

export type PolicyGroupMode = "audit" | "preventative";
const POLICY_GROUP_MODES: readonly PolicyGroupMode[] = ["audit", "preventative"];

/** What the pack folder holds: undefined without a PulumiPolicy.yaml, else its package.json version. */
export type PolicyPackInspector = (directory: string) => { readonly version?: string } | undefined;

export interface PolicyPackSettings {
    readonly name: string;
    readonly versionTag: string;
    /** Absolute path of the pack's folder. */
    readonly sourcePath: string;
    /** Publish the pack from this program; false when `pulumi policy publish` does it. */
    readonly publish: boolean;
}

export interface PolicyGroupSettings {
    readonly name: string;
    readonly mode: PolicyGroupMode;
}

/** Reads the pack settings; `policyPackPath` is relative to `deploymentsDir`. */
export function readPolicyPack(reader: SettingsReader, inspectPolicyPack: PolicyPackInspector, deploymentsDir: string): PolicyPackSettings {
    // A value that is not a boolean, already reported, counts as true so the pack's own checks still run.
    const publish = reader.boolean("publishPolicyPack") || reader.optional("publishPolicyPack") !== "false";
    const name = matching(
        reader,
        "policyPackName",
        reader.text("policyPackName"),
        CLOUD_NAME,
        "a policy pack name (letters, digits, - _ .)",
    );
    const packPath = reader.text("policyPackPath");
    const sourcePath = path.resolve(deploymentsDir, packPath);
    const pack = inspectPolicyPack(sourcePath);
    if (pack === undefined && publish) {
        reader.report(
            `${reader.key("policyPackPath")}: ${sourcePath} has no PulumiPolicy.yaml. Build the publishable pack with ` +
                `\`npm run pack:policies\` at the repository root, or name the pack's folder relative to deployments/, ` +
                `or set ${reader.key("publishPolicyPack")} to false.`,
        );
    }
    // Empty takes the version `pulumi policy publish` would use.
    const versionTag = reader.optional("policyPackVersionTag") ?? pack?.version;
    if (versionTag === undefined) {
        if (pack !== undefined || !publish) {
            reader.report(
                `${reader.key("policyPackVersionTag")} is required when ${sourcePath} has no package.json version. Set it to the published version, such as 0.1.0.`,
            );
        }
    } else {
        matching(reader, "policyPackVersionTag", versionTag, CLOUD_NAME, "a version tag such as 0.1.0 (letters, digits, - _ .)");
    }
    return { name, versionTag: versionTag ?? "", sourcePath, publish };
}

/** Reads the policy group settings; an empty name means `<project>-stacks`. */
export function readPolicyGroup(reader: SettingsReader, project: string): PolicyGroupSettings {
    const explicitName = reader.optional("policyGroupName");
    const name =
        explicitName === undefined
            ? `${project}-stacks`
            : matching(reader, "policyGroupName", explicitName, CLOUD_NAME, "a policy group name (letters, digits, - _ .)");
    return { name, mode: reader.oneOf("policyGroupMode", POLICY_GROUP_MODES) };
}
