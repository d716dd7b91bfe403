/**
 * The one place that turns the deployments stack's configuration into typed settings. It reads
 * the configuration the Pulumi CLI hands the program, with `Pulumi.yaml`'s defaults already
 * applied (the only place defaults live), through the same reader as the app's config. Every
 * check runs before any resource is registered, and all problems are reported together, each
 * naming the key, the value and what is allowed; a key the program does not read is one of them.
 */
import * as fs from "fs";
import * as path from "path";
import { problemList } from "../../model/settings/problems";
import { ConfigValues, SettingsReader } from "../../model/settings/reader";
import { roleIamPath } from "../../model/naming";
import { DEPLOY_ROLE_PATH, appRolesReachDeployRoles } from "../components/deployPolicies";
import { PolicyGroupSettings, PolicyPackInspector, PolicyPackSettings, readPolicyGroup, readPolicyPack } from "./policyPack";
import { PULUMI_NAME, matching } from "./rules";
import { StackTarget, readStacks } from "./stacks";

export type { PolicyGroupMode, PolicyPackInspector } from "./policyPack";
export type { StackTarget } from "./stacks";

/** The deployments program's project name (its `Pulumi.yaml` `name`) and config namespace. */
export const PROJECT = "yelb-deployments";

const here = path.resolve(__dirname, "..");
/**
 * The deployments program's folder (its Pulumi.yaml), which `policyPackPath` is relative to: this
 * folder when the CLI runs the program from source, its source folder when the app's tests run the
 * compiled copy in the app's `bin/deployments/`.
 */
export const DEPLOYMENTS_DIR = fs.existsSync(path.join(here, "Pulumi.yaml")) ? here : path.resolve(here, "..", "..", "deployments");

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
    /** An existing IAM OIDC provider for GitHub Actions, or undefined to create one. */
    readonly githubOidcProviderArn?: string;
    readonly policyPack: PolicyPackSettings;
    readonly policyGroup: PolicyGroupSettings;
    /** Push-to-deploy path filters, relative to the app's folder; `!` excludes. */
    readonly pathFilters: readonly string[];
}

/** Thrown with every configuration problem found, one per line. */
export class DeploymentsConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problemList(`Invalid configuration for ${PROJECT}`, problems));
        this.name = "DeploymentsConfigError";
    }
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9_.-]{1,100}$/;
const PATH_SEGMENT = /^[A-Za-z0-9_.-]+$/;
const OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/;
const GITHUB_OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/**
 * Reads and validates the configuration (fully qualified keys, as `pulumi.runtime.allConfig()`
 * gives them). Throws `DeploymentsConfigError`.
 */
export function loadDeploymentsConfig(
    values: ConfigValues,
    inspectPolicyPack: PolicyPackInspector,
    deploymentsDir: string = DEPLOYMENTS_DIR,
): DeploymentsConfig {
    const reader = new SettingsReader(values, PROJECT);

    const organization = reader.required("organization", "<your-org>");
    if (organization !== "") {
        // The OIDC audience is compared case-sensitively, so the name must be the one in the URL.
        matching(
            reader,
            "organization",
            organization,
            PULUMI_NAME,
            "the organisation name exactly as in app.pulumi.com/<org> (letters, digits, - _ .)",
        );
    }
    const project = matching(reader, "project", reader.text("project"), PULUMI_NAME, "a Pulumi project name (letters, digits, - _ .)");
    if (PULUMI_NAME.test(project) && appRolesReachDeployRoles(project)) {
        reader.report(
            `${reader.key("project")}: "${project}" would put the app's roles (path ${roleIamPath("<stack>", project)}) under the deploy roles' path ${DEPLOY_ROLE_PATH}. Rename the project.`,
        );
    }

    const repository = reader.required("repository", "<owner>/<repo>");
    const [owner, repo, ...rest] = repository.split("/");
    if (
        repository !== "" &&
        (rest.length > 0 || !GITHUB_OWNER.test(owner) || repo === undefined || !GITHUB_REPO.test(repo) || /^\.+$|\.git$/.test(repo))
    ) {
        reader.report(
            `${reader.key("repository")}: "${repository}" is not a GitHub repository. Use owner/repo, such as acme/yelb (no URL, no .git).`,
        );
    }

    // "./infra/" and "infra" mean the same folder, and "" the root.
    const repoDir =
        reader
            .text("repoDir")
            .replace(/^\.\/(?=.)/, "")
            .replace(/\/+$/, "") || ".";
    if (repoDir !== "." && !repoDir.split("/").every((segment) => PATH_SEGMENT.test(segment) && segment !== "." && segment !== "..")) {
        reader.report(
            `${reader.key("repoDir")}: "${repoDir}" is not a folder inside the repository. Use "." for the root or a relative path such as infra/yelb.`,
        );
    }

    const stacks = readStacks(reader, project);

    // Empty creates the provider.
    const oidcProviderArn = reader.optional("oidcProviderArn");
    if (oidcProviderArn !== undefined) {
        matching(
            reader,
            "oidcProviderArn",
            oidcProviderArn,
            OIDC_PROVIDER_ARN,
            `the ARN of the account's api.pulumi.com/oidc provider (arn:aws:iam::<account>:oidc-provider/api.pulumi.com/oidc), or "" to create it`,
        );
    }

    const githubOidcProviderArn = reader.optional("githubOidcProviderArn");
    if (githubOidcProviderArn !== undefined) {
        matching(
            reader,
            "githubOidcProviderArn",
            githubOidcProviderArn,
            GITHUB_OIDC_PROVIDER_ARN,
            `the ARN of the account's GitHub Actions provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), or "" to create it`,
        );
    }

    const policyPack = readPolicyPack(reader, inspectPolicyPack, deploymentsDir);
    const policyGroup = readPolicyGroup(reader, project);
    const pathFilters = readPathFilters(reader);

    const problems = reader.allProblems();
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
        githubOidcProviderArn,
        policyPack,
        policyGroup,
        pathFilters,
    };
}

/** A list of globs (structured, so it arrives as JSON); its default is in `Pulumi.yaml`. */
function readPathFilters(reader: SettingsReader): string[] {
    const setting = reader.key("pathFilters");
    const text = reader.text("pathFilters"); // reports a missing value
    const value = reader.json("pathFilters"); // reports a value that is not JSON
    if (value === undefined) {
        if (text === "" && reader.readKey(setting) !== undefined) {
            reader.report(`${setting}: "" is not a list. Use a list of globs relative to the app's folder, such as ["!docs/**"].`);
        }
        return [];
    }
    if (!Array.isArray(value)) {
        reader.report(
            `${setting}: ${JSON.stringify(value)} is not a list. Use a list of globs relative to the app's folder, such as ["!docs/**"].`,
        );
        return [];
    }
    return value.map((filter: unknown, index) => {
        const body = typeof filter === "string" ? filter.replace(/^!/, "") : "";
        if (typeof filter !== "string" || body === "" || body.startsWith("/") || body.includes("\\") || body.split("/").includes("..")) {
            reader.report(
                `${setting}[${index}]: ${JSON.stringify(filter)} is not allowed. Use a glob relative to the app's folder ` +
                    `(components/**), prefixed with ! to exclude (!docs/**); no leading /, no .., no backslashes.`,
            );
        }
        return String(filter);
    });
}
