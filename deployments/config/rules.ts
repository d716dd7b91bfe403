/** The name rules the deployments settings share, and how a value that breaks one is reported. */
import { SettingsReader } from "../../model/settings/reader";

// Pulumi allows these characters in organisation, project and stack names; they also keep IAM's
// `*` and `?` wildcards and the subject's `:` separators out of the trust policy.
export const PULUMI_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

// The Pulumi Service provider's own check on policy pack version tags, also used for pack and group names.
export const CLOUD_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;

/** A rule: the problem with `value` under `setting`, or undefined when it is allowed. */
export type Rule = (setting: string, value: string) => string | undefined;

/** The rule that `value` matches `pattern`; `allowed` says, in words, what would. */
export function patternRule(pattern: RegExp, allowed: string): Rule {
    return (setting, value) => (pattern.test(value) ? undefined : `${setting}: "${value}" is not allowed. Use ${allowed}.`);
}

/** Reports the setting's value unless it matches `pattern`, and returns the value. */
export function matching(reader: SettingsReader, name: string, value: string, pattern: RegExp, allowed: string): string {
    reader.report(patternRule(pattern, allowed)(reader.key(name), value));
    return value;
}
