/**
 * The one place that turns the deployments stack's configuration into typed settings. Every
 * check runs before any resource is registered, and all problems are reported together, each
 * naming the key, the value and what is allowed. The loader takes plain functions instead of
 * `pulumi.Config` so it can be tested without Pulumi.
 */
import * as path from "path";
import { problemList } from "../config/errors";

export const PROJECT = "yelb-deployments";

/** Where the deploy roles live; kept out of the app's `role/<project>-*` pattern (see below). */
export const DEPLOY_ROLE_PATH = "/pulumi-deployments/";
const DEPLOY_ROLE_PREFIX = "pulumi-deploy";
/** IAM's limit on role names. */
const ROLE_NAME_MAX = 64;

export type PolicyGroupMode = "audit" | "preventative";
const POLICY_GROUP_MODES: readonly PolicyGroupMode[] = ["audit", "preventative"];

/** One app stack wired to a branch. */
export interface StackTarget {
    /** The app's stack name, such as dev. */
    readonly stack: string;
    /** The branch whose pushes deploy the stack, without `refs/heads/`. */
    readonly branch: string;
    /** The AWS region the stack deploys to (its `aws:region`). */
    readonly awsRegion: string;
    /** The Route 53 hosted zone the stack writes its records to (its `yelb:hostedZoneId`). */
    readonly hostedZoneId: string;
}

export interface DeploymentsConfig {
    readonly organization: string;
    readonly project: string;
    /** GitHub `owner/repo`. */
    readonly repository: string;
    /** The app's folder in the repository; "." for the root. */
    readonly repoDir: string;
    readonly stacks: readonly StackTarget[];
    /** An existing IAM OIDC provider for api.pulumi.com/oidc, or undefined to create one. */
    readonly oidcProviderArn?: string;
    readonly policyPack: {
        readonly name: string;
        readonly versionTag: string;
        /** Absolute path of the pack's folder. */
        readonly sourcePath: string;
        /** Publish the pack from this program; false when `pulumi policy publish` does it. */
        readonly publish: boolean;
    };
    readonly policyGroup: { readonly name: string; readonly mode: PolicyGroupMode };
    /** Push-to-deploy path filters, relative to the app's folder; `!` excludes. */
    readonly pathFilters: readonly string[];
}

/** Reads `yelb-deployments:<name>`: `get` as text, `getObject` parsed from JSON; undefined when unset. */
export interface ConfigSource {
    get(name: string): string | undefined;
    getObject(name: string): unknown;
}

/** What the pack folder holds: undefined without a PulumiPolicy.yaml, else its package.json version. */
export type PolicyPackInspector = (directory: string) => { readonly version?: string } | undefined;

/** Thrown with every configuration problem found, one per line. */
export class DeploymentsConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problemList(`Invalid configuration for ${PROJECT}`, problems));
        this.name = "DeploymentsConfigError";
    }
}

/** The project defaults, the same as `Pulumi.yaml` declares; a test keeps the two in step. */
export const DEFAULTS = {
    project: "yelb",
    repoDir: ".",
    oidcProviderArn: "",
    policyPackName: "yelb-service-connect",
    policyPackVersionTag: "",
    policyPackPath: "../policies",
    publishPolicyPack: true,
    policyGroupName: "",
    policyGroupMode: "preventative",
    // Only what cannot change the app's resources; everything else, policies/ included (the
    // program imports policies/guide.ts), deploys.
    pathFilters: ["!deployments/**", "!tests/**", "!plan-output/**", "!.ci/**", "!.github/**", "!**/*.md"],
} as const;

const STACK_KEYS: readonly (keyof StackTarget)[] = ["stack", "branch", "awsRegion", "hostedZoneId"];

// Pulumi allows these characters in organisation, project and stack names; they also keep IAM's
// `*` and `?` wildcards and the subject's `:` separators out of the trust policy.
const PULUMI_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9_.-]{1,100}$/;
const PATH_SEGMENT = /^[A-Za-z0-9_.-]+$/;
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/;
// The Pulumi Service provider's own check on policy pack version tags, also used for pack and group names.
const CLOUD_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;

/** What a structured setting reads as when it is not JSON, already reported. */
const NOT_JSON = Symbol("not JSON");

/** Why a branch name is not one git accepts (a subset of git check-ref-format), or undefined. */
function branchProblem(branch: string): string | undefined {
    if (branch.startsWith("refs/")) {
        return "is a ref; give the bare branch name (main, not refs/heads/main)";
    }
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(branch) || branch.includes("..") || branch.includes("@{") || branch.includes("//")) {
        return "has characters git does not allow in a branch name (spaces, ~ ^ : ? * [ \\, .., @{ or //)";
    }
    if (/^[-/.]|[/.]$|\.lock$|\/\./.test(branch) || branch === "@") {
        return "is not a valid git branch name (it may not start with - / or ., end with / . or .lock, or be @)";
    }
    return undefined;
}

/** Reads, defaults and validates the configuration. Throws `DeploymentsConfigError`. */
export function loadDeploymentsConfig(
    source: ConfigSource,
    inspectPolicyPack: PolicyPackInspector,
    deploymentsDir: string = __dirname,
): DeploymentsConfig {
    const problems: string[] = [];
    const key = (name: string) => `${PROJECT}:${name}`;
    const text = (name: string): string | undefined => {
        const value = source.get(name)?.trim();
        return value === undefined || value === "" ? undefined : value;
    };
    const object = (name: string): unknown => {
        try {
            return source.getObject(name);
        } catch {
            problems.push(
                `${key(name)}: "${source.get(name)}" is not JSON. Set it with \`pulumi config set --path\` or as YAML in the stack file.`,
            );
            return NOT_JSON;
        }
    };
    const matching = (name: string, value: string, pattern: RegExp, allowed: string): string => {
        if (!pattern.test(value)) {
            problems.push(`${key(name)}: "${value}" is not allowed. Use ${allowed}.`);
        }
        return value;
    };

    const organization = text("organization") ?? "";
    if (organization === "") {
        problems.push(`${key("organization")} is required. Set it with \`pulumi config set organization <your-org>\`.`);
    } else {
        // The OIDC audience is compared case-sensitively, so the name must be the one in the URL.
        matching(
            "organization",
            organization,
            PULUMI_NAME,
            "the organisation name exactly as in app.pulumi.com/<org> (letters, digits, - _ .)",
        );
    }
    const project = matching("project", text("project") ?? DEFAULTS.project, PULUMI_NAME, "a Pulumi project name (letters, digits, - _ .)");
    if (DEPLOY_ROLE_PATH.slice(1).startsWith(`${project}-`)) {
        problems.push(
            `${key("project")}: "${project}" would let its own app roles (role/${project}-*) include the deploy roles. Rename the project.`,
        );
    }

    const repository = text("repository") ?? "";
    const [owner, repo, ...rest] = repository.split("/");
    if (repository === "") {
        problems.push(`${key("repository")} is required. Set it with \`pulumi config set repository <owner>/<repo>\`.`);
    } else if (rest.length > 0 || !GITHUB_OWNER.test(owner) || repo === undefined || !GITHUB_REPO.test(repo) || /^\.+$|\.git$/.test(repo)) {
        problems.push(
            `${key("repository")}: "${repository}" is not a GitHub repository. Use owner/repo, such as acme/yelb (no URL, no .git).`,
        );
    }

    // "./infra/" and "infra" mean the same folder.
    const repoDir = (text("repoDir") ?? DEFAULTS.repoDir).replace(/^\.\/(?=.)/, "").replace(/\/+$/, "") || ".";
    if (repoDir !== "." && !repoDir.split("/").every((segment) => PATH_SEGMENT.test(segment) && segment !== "." && segment !== "..")) {
        problems.push(
            `${key("repoDir")}: "${repoDir}" is not a folder inside the repository. Use "." for the root or a relative path such as infra/yelb.`,
        );
    }

    const stacks = readStacks(object("stacks"), project, problems);

    const oidcProviderArn = text("oidcProviderArn");
    if (oidcProviderArn !== undefined) {
        matching(
            "oidcProviderArn",
            oidcProviderArn,
            OIDC_PROVIDER_ARN,
            `the ARN of the account's api.pulumi.com/oidc provider (arn:aws:iam::<account>:oidc-provider/api.pulumi.com/oidc), or "" to create it`,
        );
    }

    const publishText = text("publishPolicyPack") ?? String(DEFAULTS.publishPolicyPack);
    if (publishText !== "true" && publishText !== "false") {
        problems.push(`${key("publishPolicyPack")}: "${publishText}" is not a boolean. Use true or false.`);
    }
    const publish = publishText !== "false";
    const packName = matching(
        "policyPackName",
        text("policyPackName") ?? DEFAULTS.policyPackName,
        CLOUD_NAME,
        "a policy pack name (letters, digits, - _ .)",
    );
    const sourcePath = path.resolve(deploymentsDir, text("policyPackPath") ?? DEFAULTS.policyPackPath);
    const pack = inspectPolicyPack(sourcePath);
    if (pack === undefined && publish) {
        problems.push(
            `${key("policyPackPath")}: ${sourcePath} has no PulumiPolicy.yaml. Use the pack's folder relative to deployments/ (default ${DEFAULTS.policyPackPath}), ` +
                `or set ${key("publishPolicyPack")} to false.`,
        );
    }
    const versionTag = text("policyPackVersionTag") ?? pack?.version;
    if (versionTag === undefined) {
        if (pack !== undefined || !publish) {
            problems.push(
                `${key("policyPackVersionTag")} is required when ${sourcePath} has no package.json version. Set it to the published version, such as 0.1.0.`,
            );
        }
    } else {
        matching("policyPackVersionTag", versionTag, CLOUD_NAME, "a version tag such as 0.1.0 (letters, digits, - _ .)");
    }

    const explicitGroupName = text("policyGroupName");
    const groupName =
        explicitGroupName === undefined
            ? `${project}-stacks`
            : matching("policyGroupName", explicitGroupName, CLOUD_NAME, "a policy group name (letters, digits, - _ .)");
    const mode = text("policyGroupMode") ?? DEFAULTS.policyGroupMode;
    if (!(POLICY_GROUP_MODES as readonly string[]).includes(mode)) {
        problems.push(`${key("policyGroupMode")}: "${mode}" is not allowed. Use one of ${POLICY_GROUP_MODES.join(", ")}.`);
    }

    const pathFilters = readPathFilters(object("pathFilters"), problems);

    if (problems.length > 0) {
        throw new DeploymentsConfigError(problems);
    }
    return {
        organization,
        project,
        repository,
        repoDir,
        stacks,
        oidcProviderArn,
        policyPack: { name: packName, versionTag: versionTag ?? "", sourcePath, publish },
        policyGroup: { name: groupName, mode: mode as PolicyGroupMode },
        pathFilters,
    };
}

/** The deploy role's name for a stack, which the config checks against IAM's length limit. */
export function deployRoleName(project: string, stack: string): string {
    return `${DEPLOY_ROLE_PREFIX}-${project}-${stack}`;
}

function readStacks(value: unknown, project: string, problems: string[]): StackTarget[] {
    const setting = `${PROJECT}:stacks`;
    const example = `pulumi config set --path 'stacks[0].stack' dev (and .branch, .awsRegion, .hostedZoneId)`;
    if (value === NOT_JSON) {
        return [];
    }
    if (value === undefined) {
        problems.push(`${setting} is required: a list of {stack, branch, awsRegion, hostedZoneId}. Set it with \`${example}\`.`);
        return [];
    }
    if (!Array.isArray(value) || value.length === 0) {
        problems.push(`${setting}: ${JSON.stringify(value)} is not a non-empty list of {stack, branch, awsRegion, hostedZoneId}.`);
        return [];
    }
    const seen = new Set<string>();
    return value.map((item: unknown, index): StackTarget => {
        const at = `${setting}[${index}]`;
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
            problems.push(`${at}: ${JSON.stringify(item)} is not an object. Use {stack, branch, awsRegion, hostedZoneId}.`);
            return { stack: "", branch: "", awsRegion: "", hostedZoneId: "" };
        }
        const entry = item as Record<string, unknown>;
        for (const unknownKey of Object.keys(entry).filter((k) => !(STACK_KEYS as readonly string[]).includes(k))) {
            problems.push(`${at}.${unknownKey} is not a setting. Use only ${STACK_KEYS.join(", ")}.`);
        }
        const field = (name: keyof StackTarget, pattern: RegExp | undefined, allowed: string): string => {
            const raw = entry[name];
            if (typeof raw !== "string" || raw.trim() === "") {
                problems.push(`${at}.${name} is required: ${allowed}.`);
                return "";
            }
            const trimmed = raw.trim();
            if (pattern !== undefined && !pattern.test(trimmed)) {
                problems.push(`${at}.${name}: "${trimmed}" is not allowed. Use ${allowed}.`);
            }
            return trimmed;
        };
        const stack = field("stack", PULUMI_NAME, "the app's stack name (letters, digits, - _ .)");
        const branch = field("branch", undefined, "the branch that deploys the stack, such as main");
        const problem = branch === "" ? undefined : branchProblem(branch);
        if (problem !== undefined) {
            problems.push(`${at}.branch: "${branch}" ${problem}.`);
        }
        const awsRegion = field("awsRegion", AWS_REGION, "an AWS region such as us-east-1 (the stack's aws:region)");
        const hostedZoneId = field(
            "hostedZoneId",
            HOSTED_ZONE_ID,
            "a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (the stack's yelb:hostedZoneId)",
        );
        if (stack !== "") {
            if (seen.has(stack)) {
                problems.push(`${at}.stack: "${stack}" is listed twice. Give each stack once.`);
            }
            seen.add(stack);
            const roleName = deployRoleName(project, stack);
            if (roleName.length > ROLE_NAME_MAX) {
                problems.push(
                    `${at}.stack: the deploy role name ${roleName} (from ${PROJECT}:project and the stack) has ${roleName.length} characters; ` +
                        `IAM allows ${ROLE_NAME_MAX}. Shorten the project or stack name.`,
                );
            }
        }
        return { stack, branch, awsRegion, hostedZoneId };
    });
}

function readPathFilters(value: unknown, problems: string[]): string[] {
    const setting = `${PROJECT}:pathFilters`;
    if (value === NOT_JSON) {
        return [];
    }
    if (value === undefined) {
        return [...DEFAULTS.pathFilters];
    }
    if (!Array.isArray(value)) {
        problems.push(
            `${setting}: ${JSON.stringify(value)} is not a list. Use a list of globs relative to the app's folder, such as ["!docs/**"].`,
        );
        return [];
    }
    return value.map((filter: unknown, index) => {
        const body = typeof filter === "string" ? filter.replace(/^!/, "") : "";
        if (typeof filter !== "string" || body === "" || body.startsWith("/") || body.includes("\\") || body.split("/").includes("..")) {
            problems.push(
                `${setting}[${index}]: ${JSON.stringify(filter)} is not allowed. Use a glob relative to the app's folder ` +
                    `(components/**), prefixed with ! to exclude (!docs/**); no leading /, no .., no backslashes.`,
            );
        }
        return String(filter);
    });
}
