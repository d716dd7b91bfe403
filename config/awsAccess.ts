/**
 * How the stack's AWS provider reaches AWS, for code that runs outside the provider (the namespace
 * drain on destroy): `aws:profile` and the roles of `aws:assumeRoles` (or `aws:assumeRole`). Only
 * names and ARNs are kept, never keys or external IDs.
 */
import { SettingsReader } from "../model/settings/reader";

export interface AwsAccessSettings {
    /** The named profile of `aws:profile`. */
    readonly profile?: string;
    /** The role ARNs of `aws:assumeRoles`, assumed in order. */
    readonly roleArns: readonly string[];
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function roleArnsOf(reader: SettingsReader, key: string, value: unknown): string[] {
    const roles = Array.isArray(value) ? value : [value];
    const arns: string[] = [];
    for (const role of roles) {
        const arn = (role as { roleArn?: unknown } | null)?.roleArn;
        if (typeof arn !== "string" || !ROLE_ARN.test(arn)) {
            reader.report(
                `${key}: ${JSON.stringify(role)} has no IAM role ARN in roleArn. ` +
                    `Give each role as { roleArn: arn:aws:iam::<account>:role/<name> }.`,
            );
        } else {
            arns.push(arn);
        }
    }
    return arns;
}

export function readAwsAccess(reader: SettingsReader): AwsAccessSettings {
    const givenProfile = reader.readKey("aws:profile")?.trim();
    const profile = givenProfile === "" ? undefined : givenProfile;
    const roleArns: string[] = [];
    for (const key of ["aws:assumeRoles", "aws:assumeRole"]) {
        const text = reader.readKey(key)?.trim();
        if (text === undefined || text === "") {
            continue;
        }
        try {
            roleArns.push(...roleArnsOf(reader, key, JSON.parse(text)));
        } catch {
            reader.report(`${key} is not a list of roles (${text.slice(0, 40)}…). Set it as a list of { roleArn: … } in the stack file.`);
        }
    }
    return { profile, roleArns };
}
