/**
 * The stack's own `aws:` settings for its explicit provider. Apart from the validation in
 * `config/index.ts` because it reads the AWS provider's config module, which loads the Pulumi SDK:
 * the offline plan's early configuration check answers without it.
 */
import * as aws from "@pulumi/aws";

/** The stack's `aws:` settings for its explicit provider, and the tags it sets in `aws:defaultTags`. */
export interface AwsProviderSettings {
    readonly settings: Omit<aws.ProviderArgs, "region" | "defaultTags">;
    readonly defaultTags: Readonly<Record<string, string>>;
}

/**
 * The stack's `aws:` settings (profile, assumed roles, endpoints, ...) read by the AWS provider's
 * own typed getters (`aws.config`), exactly as the default provider would be configured with
 * them: an explicit provider reads none of them by itself. Region and default tags are left to
 * the program, which validates the one and adds the stack's tags to the other.
 */
export function readAwsProviderSettings(): AwsProviderSettings {
    const getters = aws.config as unknown as Record<string, unknown>;
    const settings: Record<string, unknown> = {};
    for (const name of Object.keys(getters)) {
        const value = getters[name];
        if (typeof value !== "function" && value !== undefined && name !== "region" && name !== "defaultTags") {
            settings[name] = value;
        }
    }
    return { settings, defaultTags: { ...aws.config.defaultTags?.tags } };
}
