import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { DEFAULTS, DeploymentsConfig, DeploymentsConfigError, PolicyPackInspector, loadDeploymentsConfig } from "../../deployments/config";
import { deploymentPaths } from "../../deployments/components";
import { POLICY_PACK_NAME } from "../../policies/policies";
import { PROJECT_DIR, readProject, readStackConfig } from "../../plan/stackConfig";
import { DEPLOYMENTS_DIR, DEV, PROD, PROJECT, evaluateDeployments } from "./fixtures";

const PACK_DIR = path.resolve(DEPLOYMENTS_DIR, "../policies");

/** Values by short key; structured ones as JS values, as `pulumi config set --path` stores them. */
type Values = Record<string, unknown>;

const BASE: Values = { organization: "acme", repository: "acme/yelb", stacks: [DEV, PROD] };

/** A pack folder that has a PulumiPolicy.yaml and package.json version 1.2.3 only at PACK_DIR. */
const inspector: PolicyPackInspector = (directory) => (directory === PACK_DIR ? { version: "1.2.3" } : undefined);

/** Reads like pulumi.Config: text as stored, objects parsed from JSON (and refused when not JSON). */
function load(overrides: Values = {}, inspect: PolicyPackInspector = inspector): DeploymentsConfig {
    const values: Values = { ...BASE, ...overrides };
    const asText = (value: unknown) => (value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value));
    return loadDeploymentsConfig(
        {
            get: (name) => asText(values[name]),
            getObject: (name) => {
                const value = asText(values[name]);
                return value === undefined ? undefined : JSON.parse(value);
            },
        },
        inspect,
        DEPLOYMENTS_DIR,
    );
}

/** Loads config that must fail, and returns the problems it reported. */
function problems(overrides: Values, inspect?: PolicyPackInspector): readonly string[] {
    try {
        load(overrides, inspect);
    } catch (error) {
        assert.ok(error instanceof DeploymentsConfigError, `expected DeploymentsConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail(`expected ${JSON.stringify(overrides)} to be rejected`);
}

function onlyProblem(overrides: Values, inspect?: PolicyPackInspector): string {
    const found = problems(overrides, inspect);
    assert.strictEqual(found.length, 1, found.join("\n"));
    return found[0];
}

describe("deployments config", () => {
    it("declares every setting but stacks in Pulumi.yaml, with the same defaults", () => {
        const declared = readProject(DEPLOYMENTS_DIR).defaults;
        for (const [key, value] of Object.entries(DEFAULTS)) {
            const expected = typeof value === "string" ? value : JSON.stringify(value);
            assert.strictEqual(declared[`${PROJECT}:${key}`], expected, `Pulumi.yaml default of ${key}`);
        }
        const project = yaml.load(fs.readFileSync(path.join(DEPLOYMENTS_DIR, "Pulumi.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        };
        assert.deepStrictEqual(Object.keys(project.config).sort(), [...Object.keys(DEFAULTS), "organization", "repository"].sort());
    });

    it("defaults the pack to the one policies/ declares", () => {
        assert.strictEqual(DEFAULTS.policyPackName, POLICY_PACK_NAME);
        assert.strictEqual(load().policyPack.sourcePath, path.join(PROJECT_DIR, "policies"));
    });

    it("loads the minimal configuration with the documented defaults", () => {
        assert.deepStrictEqual(load(), {
            organization: "acme",
            project: "yelb",
            repository: "acme/yelb",
            repoDir: ".",
            stacks: [DEV, PROD],
            oidcProviderArn: undefined,
            policyPack: { name: "yelb-service-connect", versionTag: "1.2.3", sourcePath: PACK_DIR, publish: true },
            policyGroup: { name: "yelb-stacks", mode: "preventative" },
            pathFilters: [...DEFAULTS.pathFilters],
        });
    });

    it("normalises the app folder", () => {
        assert.strictEqual(load({ repoDir: "./infra/yelb/" }).repoDir, "infra/yelb");
        assert.strictEqual(load({ repoDir: "./" }).repoDir, ".");
    });

    it("reports every problem at once", () => {
        assert.strictEqual(problems({ organization: "", repository: "acme", policyGroupMode: "strict" }).length, 3);
    });

    it("requires the organisation, the repository and the stacks", () => {
        assert.deepStrictEqual(problems({ organization: undefined, repository: undefined, stacks: undefined }), [
            "yelb-deployments:organization is required. Set it with `pulumi config set organization <your-org>`.",
            "yelb-deployments:repository is required. Set it with `pulumi config set repository <owner>/<repo>`.",
            "yelb-deployments:stacks is required: a list of {stack, branch, awsRegion, hostedZoneId}. " +
                "Set it with `pulumi config set --path 'stacks[0].stack' dev (and .branch, .awsRegion, .hostedZoneId)`.",
        ]);
    });

    it("rejects an organisation name that would widen the trust policy", () => {
        assert.strictEqual(
            onlyProblem({ organization: "acme*" }),
            'yelb-deployments:organization: "acme*" is not allowed. Use the organisation name exactly as in app.pulumi.com/<org> (letters, digits, - _ .).',
        );
        assert.match(onlyProblem({ project: "yelb:*" }), /^yelb-deployments:project: "yelb:\*" is not allowed\. Use a Pulumi project name/);
    });

    it("rejects a project whose role pattern would cover the deploy roles", () => {
        assert.match(
            onlyProblem({ project: "pulumi" }),
            /^yelb-deployments:project: "pulumi" would let its own app roles \(role\/pulumi-\*\) include the deploy roles/,
        );
    });

    for (const repository of ["acme", "https://github.com/acme/yelb", "acme/yelb.git", "acme/yelb/extra", "-acme/yelb"]) {
        it(`rejects the repository "${repository}"`, () => {
            assert.strictEqual(
                onlyProblem({ repository }),
                `yelb-deployments:repository: "${repository}" is not a GitHub repository. Use owner/repo, such as acme/yelb (no URL, no .git).`,
            );
        });
    }

    for (const repoDir of ["../yelb", "/abs", "infra/../x", "infra yelb"]) {
        it(`rejects the app folder "${repoDir}"`, () => {
            assert.match(
                onlyProblem({ repoDir }),
                /^yelb-deployments:repoDir: ".*" is not a folder inside the repository\. Use "\." for the root or a relative path/,
            );
        });
    }

    describe("stacks", () => {
        it("rejects what is not a non-empty list", () => {
            assert.strictEqual(
                onlyProblem({ stacks: [] }),
                "yelb-deployments:stacks: [] is not a non-empty list of {stack, branch, awsRegion, hostedZoneId}.",
            );
            assert.strictEqual(
                onlyProblem({ stacks: { dev: "main" } }),
                'yelb-deployments:stacks: {"dev":"main"} is not a non-empty list of {stack, branch, awsRegion, hostedZoneId}.',
            );
            assert.strictEqual(
                onlyProblem({ stacks: ["dev"] }),
                'yelb-deployments:stacks[0]: "dev" is not an object. Use {stack, branch, awsRegion, hostedZoneId}.',
            );
        });

        it("rejects a value that is not JSON", () => {
            assert.strictEqual(
                onlyProblem({ stacks: "dev=main" }),
                'yelb-deployments:stacks: "dev=main" is not JSON. Set it with `pulumi config set --path` or as YAML in the stack file.',
            );
        });

        it("names a missing field and an unknown one", () => {
            assert.deepStrictEqual(problems({ stacks: [{ stack: "dev", Branch: "main", awsRegion: "us-east-1", hostedZoneId: "Z1" }] }), [
                "yelb-deployments:stacks[0].Branch is not a setting. Use only stack, branch, awsRegion, hostedZoneId.",
                "yelb-deployments:stacks[0].branch is required: the branch that deploys the stack, such as main.",
            ]);
        });

        it("rejects an invalid stack name, region and hosted zone ID, naming what is allowed", () => {
            assert.deepStrictEqual(
                problems({ stacks: [{ stack: "dev/1", branch: "main", awsRegion: "US-EAST-1", hostedZoneId: "/hostedzone/Z1" }] }),
                [
                    'yelb-deployments:stacks[0].stack: "dev/1" is not allowed. Use the app\'s stack name (letters, digits, - _ .).',
                    'yelb-deployments:stacks[0].awsRegion: "US-EAST-1" is not allowed. Use an AWS region such as us-east-1 (the stack\'s aws:region).',
                    'yelb-deployments:stacks[0].hostedZoneId: "/hostedzone/Z1" is not allowed. ' +
                        "Use a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (the stack's yelb:hostedZoneId).",
                ],
            );
        });

        for (const [branch, reason] of [
            ["refs/heads/release", "is a ref; give the bare branch name (main, not refs/heads/main)"],
            ["my branch", "has characters git does not allow in a branch name (spaces, ~ ^ : ? * [ \\, .., @{ or //)"],
            ["release..1", "has characters git does not allow in a branch name (spaces, ~ ^ : ? * [ \\, .., @{ or //)"],
            ["-release", "is not a valid git branch name (it may not start with - / or ., end with / . or .lock, or be @)"],
            ["release.lock", "is not a valid git branch name (it may not start with - / or ., end with / . or .lock, or be @)"],
        ]) {
            it(`rejects the branch "${branch}"`, () => {
                assert.strictEqual(
                    onlyProblem({ stacks: [{ ...PROD, branch }] }),
                    `yelb-deployments:stacks[0].branch: "${branch}" ${reason}.`,
                );
            });
        }

        it("accepts branch names with slashes", () => {
            assert.strictEqual(load({ stacks: [{ ...DEV, branch: "env/dev" }] }).stacks[0].branch, "env/dev");
        });

        it("rejects a stack listed twice", () => {
            assert.strictEqual(
                onlyProblem({ stacks: [DEV, { ...DEV, branch: "other" }] }),
                'yelb-deployments:stacks[1].stack: "dev" is listed twice. Give each stack once.',
            );
        });

        it("rejects a stack whose deploy role name would exceed IAM's 64 characters", () => {
            // "pulumi-deploy-yelb-" is 19 characters: 45 more is the most IAM takes.
            assert.strictEqual(load({ stacks: [{ ...DEV, stack: "s".repeat(45) }] }).stacks[0].stack.length, 45);
            const stack = "s".repeat(46);
            assert.strictEqual(
                onlyProblem({ stacks: [{ ...DEV, stack }] }),
                `yelb-deployments:stacks[0].stack: the deploy role name pulumi-deploy-yelb-${stack} (from yelb-deployments:project and the stack) ` +
                    "has 65 characters; IAM allows 64. Shorten the project or stack name.",
            );
        });
    });

    it("rejects an OIDC provider ARN for another issuer", () => {
        assert.strictEqual(
            onlyProblem({ oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }),
            'yelb-deployments:oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" is not allowed. ' +
                "Use the ARN of the account's api.pulumi.com/oidc provider (arn:aws:iam::<account>:oidc-provider/api.pulumi.com/oidc), " +
                'or "" to create it.',
        );
        assert.strictEqual(load({ oidcProviderArn: "" }).oidcProviderArn, undefined);
    });

    describe("policy pack and group", () => {
        it("takes an explicit version tag over the package.json version", () => {
            assert.strictEqual(load({ policyPackVersionTag: "2.0.0-rc.1" }).policyPack.versionTag, "2.0.0-rc.1");
        });

        it("rejects a version tag Pulumi Cloud refuses", () => {
            assert.strictEqual(
                onlyProblem({ policyPackVersionTag: "1.0 beta" }),
                'yelb-deployments:policyPackVersionTag: "1.0 beta" is not allowed. Use a version tag such as 0.1.0 (letters, digits, - _ .).',
            );
        });

        it("requires a pack folder when publishing", () => {
            assert.strictEqual(
                onlyProblem({ policyPackPath: "../nowhere" }),
                `yelb-deployments:policyPackPath: ${path.resolve(DEPLOYMENTS_DIR, "../nowhere")} has no PulumiPolicy.yaml. ` +
                    "Use the pack's folder relative to deployments/ (default ../policies), or set yelb-deployments:publishPolicyPack to false.",
            );
        });

        it("needs a version tag when the pack's version cannot be read", () => {
            assert.strictEqual(
                onlyProblem({ publishPolicyPack: "false", policyPackPath: "../nowhere" }),
                `yelb-deployments:policyPackVersionTag is required when ${path.resolve(DEPLOYMENTS_DIR, "../nowhere")} has no package.json version. ` +
                    "Set it to the published version, such as 0.1.0.",
            );
            assert.deepStrictEqual(
                load({ publishPolicyPack: "false", policyPackPath: "../nowhere", policyPackVersionTag: "0.1.0" }).policyPack,
                {
                    name: "yelb-service-connect",
                    versionTag: "0.1.0",
                    sourcePath: path.resolve(DEPLOYMENTS_DIR, "../nowhere"),
                    publish: false,
                },
            );
        });

        it("rejects a publish flag that is not a boolean, and an unknown group mode", () => {
            assert.deepStrictEqual(problems({ publishPolicyPack: "yes", policyGroupMode: "enforce" }), [
                'yelb-deployments:publishPolicyPack: "yes" is not a boolean. Use true or false.',
                'yelb-deployments:policyGroupMode: "enforce" is not allowed. Use one of audit, preventative.',
            ]);
        });
    });

    describe("path filters", () => {
        it("rejects what is not a list of relative globs", () => {
            assert.strictEqual(
                onlyProblem({ pathFilters: "components/**" }),
                'yelb-deployments:pathFilters: "components/**" is not JSON. Set it with `pulumi config set --path` or as YAML in the stack file.',
            );
            assert.match(
                onlyProblem({ pathFilters: { include: "x" } }),
                /^yelb-deployments:pathFilters: \{"include":"x"\} is not a list\./,
            );
            assert.deepStrictEqual(
                problems({ pathFilters: ["/abs/**", "!../x", "", 3] }).map((p) => p.split(":")[1]),
                ["pathFilters[0]", "pathFilters[1]", "pathFilters[2]", "pathFilters[3]"],
            );
        });

        it("scopes filters to the app's folder and keeps other stacks' settings out", () => {
            assert.deepStrictEqual(deploymentPaths(".", ["!docs/**"], "dev", ["dev", "prod"]), ["!docs/**", "!Pulumi.prod.yaml"]);
            assert.deepStrictEqual(deploymentPaths("infra", ["src/**", "!docs/**"], "prod", ["dev", "prod", "qa"]), [
                "infra/**",
                "infra/src/**",
                "!infra/docs/**",
                "!infra/Pulumi.dev.yaml",
                "!infra/Pulumi.qa.yaml",
            ]);
        });
    });

    describe("Pulumi.example.yaml", () => {
        const example = readStackConfig("example", { projectDir: DEPLOYMENTS_DIR });

        it("runs the program cleanly", async () => {
            const ev = await evaluateDeployments(example);
            assert.deepStrictEqual(Object.keys(ev.outputs.deploymentSettingsIds as object), ["dev", "prod"]);
        });

        it("wires the app's stacks with the regions and zones their own stack files use", () => {
            const stacks = JSON.parse(example[`${PROJECT}:stacks`]) as { stack: string; awsRegion: string; hostedZoneId: string }[];
            for (const target of stacks) {
                const app = readStackConfig(target.stack, { projectDir: PROJECT_DIR });
                assert.strictEqual(target.awsRegion, app["aws:region"], `${target.stack} region`);
                assert.strictEqual(target.hostedZoneId, app["yelb:hostedZoneId"], `${target.stack} hosted zone`);
            }
        });
    });
});
