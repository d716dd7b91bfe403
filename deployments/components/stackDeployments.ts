import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";

/** One app stack deployed from one branch. */
export interface StackDeploymentTarget {
    /** The app's stack name. */
    readonly stack: string;
    /** The branch whose pushes deploy the stack, without `refs/heads/`. */
    readonly branch: string;
    /** The stack's AWS region, given to the deployment as AWS_REGION. */
    readonly awsRegion: string;
    /** The IAM role the deployment assumes through OIDC. */
    readonly roleArn: pulumi.Input<string>;
}

export interface StackDeploymentsArgs {
    /** The Pulumi organisation that owns the stacks. */
    readonly organization: string;
    /** The app's Pulumi project. */
    readonly project: string;
    /** The GitHub repository, `owner/repo`, connected through the Pulumi GitHub app. */
    readonly repository: string;
    /** The app's folder in the repository. @default "." */
    readonly repoDir?: string;
    /** The stacks to wire, each to its branch and role. */
    readonly stacks: readonly StackDeploymentTarget[];
    /** Push filters relative to the app's folder, `!` to exclude. @default [] (every push deploys) */
    readonly pathFilters?: readonly string[];
    /** How long each deployment's AWS session lasts, in Go duration form. @default "1h0m0s" */
    readonly sessionDuration?: string;
    /** Run `pulumi up` on every push to the branch. @default true */
    readonly deployCommits?: boolean;
}

/**
 * The filters, relative to the repository root, for one stack: the app's folder only, the given
 * filters inside it, and none of the other wired stacks' `Pulumi.<stack>.yaml`, so that editing
 * prod's settings does not redeploy dev.
 */
export function deploymentPaths(repoDir: string, filters: readonly string[], stack: string, allStacks: readonly string[]): string[] {
    const prefix = repoDir === "." ? "" : `${repoDir}/`;
    const scoped = filters.map((filter) => (filter.startsWith("!") ? `!${prefix}${filter.slice(1)}` : `${prefix}${filter}`));
    const otherStacks = allStacks.filter((other) => other !== stack).map((other) => `!${prefix}Pulumi.${other}.yaml`);
    return [...(prefix === "" ? [] : [`${prefix}**`]), ...scoped, ...otherStacks];
}

/**
 * Pulumi Cloud's side of push-to-deploy: one DeploymentSettings per stack that deploys its branch
 * on push and gets AWS credentials only through OIDC. It previews no pull request: Deployments
 * take one role per stack for every operation, and a pull request's code must not run with the
 * role that writes, so its previews run in CI on the stack's read-only preview role instead.
 */
export class StackDeployments extends pulumi.ComponentResource {
    readonly settings: Readonly<Record<string, pulumiservice.DeploymentSettings>>;
    /** Each stack's settings ID, `<org>/<project>/<stack>`. */
    readonly settingsIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: StackDeploymentsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb-deployments:deployments:StackDeployments", name, {}, opts);
        const repoDir = args.repoDir ?? ".";
        const stackNames = args.stacks.map((target) => target.stack);

        const settings: Record<string, pulumiservice.DeploymentSettings> = {};
        for (const target of args.stacks) {
            settings[target.stack] = new pulumiservice.DeploymentSettings(
                `${name}-${target.stack}`,
                {
                    organization: args.organization,
                    project: args.project,
                    stack: target.stack,
                    sourceContext: {
                        // The repository root is Deployments' default, so "." is left unsaid.
                        git: { branch: `refs/heads/${target.branch}`, ...(repoDir === "." ? {} : { repoDir }) },
                    },
                    // `github`, not its successor `vcs`: switching to `vcs` stops push-to-deploy
                    // from firing (pulumi/pulumi-pulumiservice#754, open).
                    github: {
                        repository: args.repository,
                        deployCommits: args.deployCommits ?? true,
                        previewPullRequests: false,
                        pullRequestTemplate: false,
                        paths: deploymentPaths(repoDir, args.pathFilters ?? [], target.stack, stackNames),
                    },
                    operationContext: {
                        oidc: {
                            aws: {
                                roleARN: target.roleArn,
                                sessionName: `pulumi-deploy-${target.stack}`.slice(0, 64),
                                duration: args.sessionDuration ?? "1h0m0s",
                            },
                        },
                        // Nothing secret: credentials come from OIDC, the region is public.
                        environmentVariables: { AWS_REGION: target.awsRegion },
                        // A burst of pushes deploys the newest commit once, not every commit in turn.
                        options: { skipIntermediateDeployments: true },
                        // The program runs from bin/ (Pulumi.yaml's main): built here whether or not the
                        // dependency installation ran npm's prepare script (then it has nothing to do).
                        preRunCommands: ["npm run build"],
                    },
                },
                // Pulumi does not pass a component's dependsOn on to its children; the settings
                // must wait for whatever the caller made them depend on.
                { parent: this, dependsOn: opts?.dependsOn },
            );
        }
        this.settings = settings;
        this.settingsIds = Object.fromEntries(Object.entries(settings).map(([stack, resource]) => [stack, resource.id]));
        this.registerOutputs({ settingsIds: this.settingsIds });
    }
}
