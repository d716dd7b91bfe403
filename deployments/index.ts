/**
 * Push-to-deploy for the Yelb stacks, set up once per Pulumi organisation: AWS roles that only
 * each stack's deployments can assume, Pulumi Deployments settings that deploy a branch per
 * stack, and the Service Connect policy pack enforced on those stacks through a policy group.
 * A program of its own because Pulumi advises against a stack defining its own deployment
 * settings (https://www.pulumi.com/docs/deployments/concepts/settings/).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DEPLOY_ROLE_PATH, PolicyEnforcement, PulumiOidcDeployRole, StackDeployments, deployRoleName } from "./components";
import { DeploymentsConfigError, PROJECT, PolicyPackInspector, loadDeploymentsConfig } from "./config";

/** A pack folder is one with a PulumiPolicy.yaml; its version is the one `pulumi policy publish` would use. */
const inspectPolicyPack: PolicyPackInspector = (directory) => {
    if (!fs.existsSync(path.join(directory, "PulumiPolicy.yaml"))) {
        return undefined;
    }
    const manifest = path.join(directory, "package.json");
    const version = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: unknown }).version : undefined;
    return { version: typeof version === "string" ? version : undefined };
};

/** Configuration mistakes print as their message alone under the Pulumi CLI (a RunError), not as a crash. */
function loadConfig() {
    try {
        // Every key, so one that no setting reads is reported with the other problems.
        return loadDeploymentsConfig(pulumi.runtime.allConfig(), inspectPolicyPack);
    } catch (error) {
        throw error instanceof DeploymentsConfigError ? new pulumi.RunError(error.message) : error;
    }
}
const config = loadConfig();

const tags = { ManagedBy: `pulumi:${PROJECT}`, App: config.project };

const roles = new PulumiOidcDeployRole("yelb-deploy-roles", {
    organization: config.organization,
    project: config.project,
    repository: config.repository,
    stacks: config.stacks,
    oidcProviderArn: config.oidcProviderArn,
    githubOidcProviderArn: config.githubOidcProviderArn,
    roleName: (stack) => deployRoleName(config.project, stack),
    rolePath: DEPLOY_ROLE_PATH,
    maxSessionDurationSeconds: 3600,
    tags,
});

const policy = new PolicyEnforcement("yelb-policy", {
    organization: config.organization,
    project: config.project,
    stacks: config.stacks.map((target) => target.stack),
    packName: config.policyPack.name,
    versionTag: config.policyPack.versionTag,
    sourcePath: config.policyPack.sourcePath,
    publish: config.policyPack.publish,
    groupName: config.policyGroup.name,
    mode: config.policyGroup.mode,
});

// The settings come last, so no push can start a deployment before its role and policies exist.
const deployments = new StackDeployments(
    "yelb-deployments",
    {
        organization: config.organization,
        project: config.project,
        repository: config.repository,
        repoDir: config.repoDir,
        stacks: config.stacks.map((target) => ({ ...target, roleArn: roles.roleArns[target.stack] })),
        pathFilters: config.pathFilters,
        sessionDuration: "1h0m0s",
    },
    { dependsOn: [policy] },
);

export const oidcProviderArn = roles.providerArn;
export const deployRoleArns = roles.roleArns;
/** For the CI preview job: each stack's read-only role (repository variables AWS_PREVIEW_ROLE_ARN_<STACK>). */
export const previewRoleArns = roles.previewRoleArns;
export const roleBoundaryArns = roles.boundaryArns;
export const deploymentSettingsIds = deployments.settingsIds;
export const policyGroupName = policy.groupName;
export const policyPack = { name: config.policyPack.name, versionTag: policy.packVersionTag };
