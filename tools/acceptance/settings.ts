/**
 * What the ephemeral stack is made of: a unique name derived from the stack file, and that file's
 * settings (read the way the Pulumi CLI would, by `plan/stackConfig.ts`), with the user's
 * overrides and the settings that keep it apart from the stack it copies and throwaway.
 */
import * as crypto from "crypto";
import { parseConfigFlag, PROJECT_DIR, readProject, readStackConfig } from "../harness/stackConfig";
import { ACM_MAX_DOMAIN_LENGTH } from "../../model/aws";
import { UsageError } from "./args";

/** RFC 2606 / RFC 6761 names: ACM can never validate a certificate under them. */
const RESERVED_ZONES = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];
const MAX_SLUG = 12;

/**
 * `<file-stack>-acc-<MMDDhhmm>-<4 hex>`, lower case: a valid stack name, DNS label and Cloud Map
 * namespace suffix, short enough that `<name>.<zone>` fits a certificate's 64 octets.
 */
export function ephemeralStackName(fileStack: string, now: Date, suffix: string): string {
    const slug =
        fileStack
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .slice(0, MAX_SLUG)
            .replace(/^-+|-+$/g, "") || "stack";
    const pad = (n: number) => String(n).padStart(2, "0");
    const stamp = `${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
    if (!/^[0-9a-f]{4}$/.test(suffix)) {
        throw new Error(`ephemeral stack suffix "${suffix}" is not four hex digits`);
    }
    return `${slug}-acc-${stamp}-${suffix}`;
}

/** A name `ephemeralStackName` makes: stack files with such names are a run's, not the project's. */
export function isEphemeralStackName(name: string): boolean {
    return /-acc-\d{8}-[0-9a-f]{4}$/.test(name);
}

export function randomSuffix(): string {
    return crypto.randomBytes(2).toString("hex");
}

export interface AcceptanceSettings {
    /** The Pulumi project name, the namespace of its settings. */
    readonly project: string;
    /** Fully qualified keys and string values, as `Stack.setAllConfig` takes them. */
    readonly config: Readonly<Record<string, string>>;
    readonly region: string;
    /** The name the UI will answer on, `<stack>.<zone>`. */
    readonly domainName: string;
    /** The settings this run changed, to say so in the report. */
    readonly isolation: Readonly<Record<string, string>>;
}

export interface SettingsRequest {
    readonly fileStack: string;
    /** The bare ephemeral stack name (no organisation). */
    readonly stackName: string;
    /** `--config key=value` flags; a key without a namespace is the project's. */
    readonly configFlags?: readonly string[];
    readonly projectDir?: string;
}

export function isReservedZone(zone: string): boolean {
    const name = zone.replace(/\.$/, "").toLowerCase();
    return RESERVED_ZONES.some((z) => name === z || name.endsWith(`.${z}`)) || RESERVED_TLDS.includes(name.split(".").pop() ?? "");
}

export function acceptanceSettings(request: SettingsRequest): AcceptanceSettings {
    const projectDir = request.projectDir ?? PROJECT_DIR;
    let project: string;
    let overrides: Record<string, string>;
    let fileConfig: Record<string, string>;
    try {
        project = readProject(projectDir).name;
        overrides = Object.fromEntries((request.configFlags ?? []).map((flag) => parseConfigFlag(flag, project)));
        fileConfig = readStackConfig(request.fileStack, { projectDir, overrides });
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    // Its own name and namespace, so the copy never collides with the stack it copies (Route 53
    // record, certificate, Cloud Map namespace). An empty namespace name means `<project>-<stack>`.
    // And nothing that would outlive the run or stop its destroy: the copy's data is throwaway, and
    // the copy has no role boundary (the deployments program creates those per stack).
    const isolation = {
        [`${project}:subdomain`]: request.stackName,
        [`${project}:namespaceName`]: "",
        [`${project}:dbProtectData`]: "false",
        [`${project}:dbRetainDataOnDestroy`]: "false",
        [`${project}:albDeletionProtection`]: "false",
        [`${project}:rolePermissionsBoundary`]: "false",
    };
    const problems: string[] = [];
    for (const key of Object.keys(overrides)) {
        if (key in isolation) {
            problems.push(
                `--config ${key} cannot be set: the acceptance run sets it to ${JSON.stringify(isolation[key])} for the ephemeral stack.`,
            );
        }
    }
    const config = { ...fileConfig, ...isolation };
    const source = `Pulumi.${request.fileStack}.yaml`;
    /** Where a value came from, as the user gave it: a --config flag or the stack file. */
    const givenIn = (key: string) => (overrides[key] !== undefined ? `--config ${key}` : source);

    const region = config["aws:region"] ?? "";
    if (region === "") {
        problems.push(`aws:region is not set in ${source}. Set it there or pass --config aws:region=us-east-1.`);
    }
    const zoneKey = `${project}:hostedZoneName`;
    const zone = (config[zoneKey] ?? "").replace(/\.$/, "").toLowerCase();
    if (zone === "" || isReservedZone(zone)) {
        problems.push(
            `${zoneKey} is "${zone}" in ${givenIn(zoneKey)}: ${zone === "" ? "not set" : "a reserved example name no certificate can be issued for"}. ` +
                `Use a public Route 53 zone of the account: pass --config hostedZoneName=<zone> --config hostedZoneId=<zone id>, ` +
                `or set both in ${source}.`,
        );
    }
    const domainName = `${request.stackName}.${zone}`;
    if (zone !== "" && domainName.length > ACM_MAX_DOMAIN_LENGTH) {
        problems.push(
            `${zoneKey} "${zone}" is too long for the run: ${domainName} has ${domainName.length} characters, and an ACM ` +
                `certificate's domain name may have ${ACM_MAX_DOMAIN_LENGTH}. Use a zone of at most ` +
                `${ACM_MAX_DOMAIN_LENGTH - request.stackName.length - 1} characters.`,
        );
    }
    if (problems.length > 0) {
        throw new UsageError(`Cannot start the acceptance run of ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return { project, config, region, domainName, isolation };
}
