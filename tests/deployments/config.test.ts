import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { deploymentPaths } from "../../deployments/components";
import { PROJECT as APP_PROJECT } from "../../model/naming";
import { POLICY_PACK_NAME } from "../../policies/policies";
import { PROJECT_DIR, readProject, readStackConfig } from "../../tools/harness/stackConfig";
import { DEFAULT_PATHS, DEPLOYMENTS_DIR, DEV, PROD, PROJECT, evaluateDeployments, packedPolicyPack } from "./fixtures";
import { PACK_DIR, REQUIRED, Values, load, onlyProblem, problems, problemsOf } from "./loading";

describe("deployments config", () => {
    it("loads Pulumi.yaml's defaults alone, reporting only the settings that have none", () => {
        const { name, defaults } = readProject(DEPLOYMENTS_DIR);
        assert.strictEqual(name, PROJECT);
        const declared = Object.keys(
            (yaml.load(fs.readFileSync(path.join(DEPLOYMENTS_DIR, "Pulumi.yaml"), "utf8")) as Values).config as Values,
        );
        // Every declared setting has a default but the required ones.
        assert.deepStrictEqual(
            declared.filter((key) => defaults[`${PROJECT}:${key}`] === undefined),
            REQUIRED,
        );
        // Record the keys the loader reads: exactly the declared ones, plus the undeclarable stacks.
        const read = new Set<string>();
        const watched = new Proxy(defaults, {
            get: (target, key) => {
                if (typeof key === "string") {
                    read.add(key);
                }
                return target[key as string];
            },
        });
        assert.deepStrictEqual(problemsOf(watched), [
            "yelb-deployments:organization is required. Set it with `pulumi config set organization <your-org>`.",
            "yelb-deployments:repository is required. Set it with `pulumi config set repository <owner>/<repo>`.",
            "yelb-deployments:stacks is required: a list of {stack, branch, awsRegion, hostedZoneId, domainName}. " +
                "Set it with `pulumi config set --path 'stacks[0].stack' dev (and .branch, .awsRegion, .hostedZoneId, .domainName)`.",
        ]);
        assert.deepStrictEqual(
            [...read].filter((key) => key.startsWith(`${PROJECT}:`)).sort(),
            [...declared, "stacks"].map((key) => `${PROJECT}:${key}`).sort(),
        );
    });

    it("reports a misspelt key, naming the setting it was probably meant to be", () => {
        assert.strictEqual(
            onlyProblem({ pathFilter: ["!docs/**"] }),
            "yelb-deployments:pathFilter is not a setting of this project. Did you mean yelb-deployments:pathFilters?",
        );
        assert.strictEqual(
            onlyProblem({ policyGroupMod: "audit" }),
            "yelb-deployments:policyGroupMod is not a setting of this project. " +
                "Did you mean one of yelb-deployments:policyGroupMode, yelb-deployments:policyGroupName?",
        );
        assert.strictEqual(
            onlyProblem({ Repository: "acme/other" }),
            "yelb-deployments:Repository is not a setting of this project. Did you mean yelb-deployments:repository?",
        );
    });

    it("defaults the pack to the one policies/ declares and the project to the app's", () => {
        const { defaults } = readProject(DEPLOYMENTS_DIR);
        assert.strictEqual(defaults[`${PROJECT}:policyPackName`], POLICY_PACK_NAME);
        assert.strictEqual(defaults[`${PROJECT}:project`], APP_PROJECT);
        assert.strictEqual(load().policyPack.sourcePath, path.join(PROJECT_DIR, "dist", "policy-pack"));
    });

    it("loads the minimal configuration with the documented defaults", () => {
        assert.deepStrictEqual(load(), {
            organization: "acme",
            project: "yelb",
            repository: "acme/yelb",
            repoDir: ".",
            stacks: [DEV, PROD],
            oidcProviderArn: undefined,
            githubOidcProviderArn: undefined,
            policyPack: { name: "yelb-service-connect", versionTag: "1.2.3", sourcePath: PACK_DIR, publish: true },
            policyGroup: { name: "yelb-stacks", mode: "preventative" },
            pathFilters: DEFAULT_PATHS,
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
            "yelb-deployments:stacks is required: a list of {stack, branch, awsRegion, hostedZoneId, domainName}. " +
                "Set it with `pulumi config set --path 'stacks[0].stack' dev (and .branch, .awsRegion, .hostedZoneId, .domainName)`.",
        ]);
    });

    it("rejects an organisation name that would widen the trust policy", () => {
        assert.strictEqual(
            onlyProblem({ organization: "acme*" }),
            'yelb-deployments:organization: "acme*" is not allowed. Use the organisation name exactly as in app.pulumi.com/<org> (letters, digits, - _ .).',
        );
        assert.match(onlyProblem({ project: "yelb:*" }), /^yelb-deployments:project: "yelb:\*" is not allowed\. Use a Pulumi project name/);
    });

    it("rejects a project whose roles' path would be the deploy roles' path, and accepts its neighbours", () => {
        assert.strictEqual(
            onlyProblem({ project: "pulumi-deployments" }),
            `yelb-deployments:project: "pulumi-deployments" would put the app's roles (path /pulumi-deployments/<stack>/) under the deploy roles' path /pulumi-deployments/. Rename the project.`,
        );
        for (const project of ["pulumi", "pulumi-deployment", "pulumi-deployments2"]) {
            assert.strictEqual(load({ project }).project, project);
        }
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

    it("rejects an OIDC provider ARN for another issuer", () => {
        assert.strictEqual(
            onlyProblem({ oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }),
            'yelb-deployments:oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" is not allowed. ' +
                "Use the ARN of the account's api.pulumi.com/oidc provider (arn:aws:iam::<account>:oidc-provider/api.pulumi.com/oidc), " +
                'or "" to create it.',
        );
        assert.strictEqual(load({ oidcProviderArn: "" }).oidcProviderArn, undefined);
    });

    it("takes GitHub's provider for the preview roles, and no other issuer's", () => {
        const github = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        assert.strictEqual(load({ githubOidcProviderArn: github }).githubOidcProviderArn, github);
        assert.strictEqual(
            onlyProblem({ githubOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" }),
            'yelb-deployments:githubOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" is not allowed. ' +
                "Use the ARN of the account's GitHub Actions provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), " +
                'or "" to create it.',
        );
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
                    "Build the publishable pack with `npm run pack:policies` at the repository root, or name the pack's folder " +
                    "relative to deployments/, or set yelb-deployments:publishPolicyPack to false.",
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
                "yelb-deployments:pathFilters is not valid JSON (components/**…). Set it as structured YAML in the stack file.",
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
            // The example names the default pack folder, which `npm run pack:policies` builds; here, a packed copy.
            const ev = await evaluateDeployments({ ...example, [`${PROJECT}:policyPackPath`]: packedPolicyPack() });
            assert.deepStrictEqual(Object.keys(ev.outputs.deploymentSettingsIds as object), ["dev", "prod"]);
        });

        it("wires the app's stacks with the regions, zones and names their own stack files use", () => {
            const stacks = JSON.parse(example[`${PROJECT}:stacks`]) as {
                stack: string;
                awsRegion: string;
                hostedZoneId: string;
                domainName: string;
            }[];
            for (const target of stacks) {
                const app = readStackConfig(target.stack, { projectDir: PROJECT_DIR });
                assert.strictEqual(target.awsRegion, app["aws:region"], `${target.stack} region`);
                assert.strictEqual(target.hostedZoneId, app["yelb:hostedZoneId"], `${target.stack} hosted zone`);
                assert.strictEqual(
                    target.domainName,
                    `${app["yelb:subdomain"]}.${app["yelb:hostedZoneName"]}`,
                    `${target.stack} domain name`,
                );
            }
        });
    });
});
