import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Evaluation, named, ofType } from "../../tools/harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/harness/mockState";
import { deployPolicyParts, previewPolicy, roleBoundaryPolicy } from "../../model/permissions";
import { roleBoundaryArn } from "../../model/naming";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";
import {
    DEFAULT_PATHS,
    DEV,
    PROD,
    PROJECT,
    TYPES,
    evaluateDeployments,
    iamLike,
    attachmentsOf,
    permissionPartsOf,
    permissionsPolicyOf,
    previewPolicyOf,
    previewRole,
    providerOf,
    role,
    packedPolicyPack,
    settingsOf,
    trustPolicyOf,
} from "./fixtures";

type Json = Record<string, any>;

/** Where a stack target deploys, as the permission table's scope takes it (without the account). */
function scopeOf(target: typeof DEV) {
    return {
        region: target.awsRegion,
        hostedZoneId: target.hostedZoneId,
        domainName: target.domainName,
        project: "yelb",
        stack: target.stack,
    };
}

const POLICIES_DIR = packedPolicyPack();
const PACK_VERSION = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")) as { version: string })
    .version;

describe("deployments program", function () {
    let ev: Evaluation;
    before(async () => {
        ev = await evaluateDeployments();
    });

    it("instantiates one component per part, with yelb-deployments type tokens and children named after them", () => {
        const components = ev.resources.filter((r) => !r.custom && r.parent === undefined).map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(components.sort(), [
            "yelb-deployments:aws:PulumiOidcDeployRole yelb-deploy-roles",
            "yelb-deployments:deployments:StackDeployments yelb-deployments",
            "yelb-deployments:policy:PolicyEnforcement yelb-policy",
        ]);
        for (const resource of ev.resources.filter((r) => r.parent !== undefined)) {
            const parentName = resource.parent!.split("::").pop()!;
            assert.ok(resource.name.startsWith(`${parentName}-`), `${resource.name} is named after its parent ${parentName}`);
        }
    });

    describe("AWS side", () => {
        it("registers Pulumi Cloud's issuer with the organisation as the only audience, and GitHub's for the previews, with no thumbprint", () => {
            assert.deepStrictEqual(
                ofType(ev, TYPES.provider).map((p) => [p.inputs.url, p.inputs.clientIdLists, p.inputs.thumbprintLists]),
                [
                    ["https://api.pulumi.com/oidc", ["acme"], undefined],
                    ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], undefined],
                ],
            );
        });

        it("creates a deploy role and a preview role per stack under their own path, with one-hour sessions", () => {
            assert.deepStrictEqual(
                ofType(ev, TYPES.role)
                    .map((r) => r.name)
                    .sort(),
                ["yelb-deploy-roles-dev", "yelb-deploy-roles-dev-preview", "yelb-deploy-roles-prod", "yelb-deploy-roles-prod-preview"],
            );
            for (const stack of ["dev", "prod"]) {
                for (const [resource, name] of [
                    [role(ev, stack), `pulumi-deploy-yelb-${stack}`],
                    [previewRole(ev, stack), `pulumi-preview-yelb-${stack}`],
                ] as const) {
                    assert.strictEqual(resource.inputs.name, name);
                    assert.strictEqual(resource.inputs.path, "/pulumi-deployments/");
                    assert.strictEqual(resource.inputs.maxSessionDuration, 3600);
                }
            }
        });

        for (const target of [DEV, PROD]) {
            it(`lets only acme/yelb/${target.stack} deployments that write assume the ${target.stack} role`, () => {
                const provider = providerOf(ev, "https://api.pulumi.com/oidc");
                assert.deepStrictEqual(trustPolicyOf(ev, target.stack), {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "PulumiDeploymentsThatWriteOneStack",
                            Effect: "Allow",
                            Principal: { Federated: provider.outputs.arn },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: {
                                    "api.pulumi.com/oidc:aud": "acme",
                                    "api.pulumi.com/oidc:sub": ["update", "refresh", "destroy"].map(
                                        (operation) =>
                                            `pulumi:deploy:org:acme:project:yelb:stack:${target.stack}:operation:${operation}:scope:write`,
                                    ),
                                },
                            },
                        },
                    ],
                });
            });

            it(`lets only acme/yelb's workflow runs assume the ${target.stack} preview role, which only reads`, () => {
                const trust = JSON.parse(String(previewRole(ev, target.stack).inputs.assumeRolePolicy)) as Json;
                assert.deepStrictEqual(trust.Statement, [
                    {
                        Sid: "WorkflowRunsOfTheRepository",
                        Effect: "Allow",
                        Principal: { Federated: providerOf(ev, "https://token.actions.githubusercontent.com").outputs.arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                            StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/yelb:*" },
                        },
                    },
                ]);
                const scope = { partition: "aws", accountId: MOCK_ACCOUNT_ID, ...scopeOf(target) };
                assert.deepStrictEqual(previewPolicyOf(ev, target.stack).Statement, previewPolicy(scope).Statement);
                assert.deepStrictEqual(
                    ev.outputs.previewRoleArns && (ev.outputs.previewRoleArns as Json)[target.stack],
                    previewRole(ev, target.stack).outputs.arn,
                );
            });

            it(`creates the ${target.stack} stack's role boundary where the app program looks for it`, () => {
                const boundary = named(ev, TYPES.policy, `yelb-deploy-roles-${target.stack}-role-boundary`);
                assert.strictEqual(
                    boundary.outputs.arn,
                    `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/pulumi-deployments/yelb-${target.stack}-role-boundary`,
                );
                assert.strictEqual(boundary.outputs.arn, roleBoundaryArn("aws", MOCK_ACCOUNT_ID, target.stack));
                assert.deepStrictEqual(
                    JSON.parse(String(boundary.inputs.policy)),
                    roleBoundaryPolicy({ partition: "aws", accountId: MOCK_ACCOUNT_ID, ...scopeOf(target) }),
                );
                // A deployment must not start before the boundary its roles need exists.
                assert.ok(settingsOf(ev, target.stack).propertyDependencies.operationContext.includes(boundary.urn));
            });
        }

        it("never trusts the deploy role for a preview, which runs a pull request's code", () => {
            const subjects = trustPolicyOf(ev, "dev").Statement[0].Condition.StringEquals["api.pulumi.com/oidc:sub"] as string[];
            assert.ok(!subjects.some((subject) => subject.includes(":operation:preview:")));
            assert.ok(!subjects.some((subject) => /[*?]/.test(subject)), "no pattern, exact subjects");
        });

        it("trusts an existing provider instead of creating a second one", async () => {
            const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/api.pulumi.com/oidc`;
            const github = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
            const withExisting = await evaluateDeployments({
                [`${PROJECT}:oidcProviderArn`]: arn,
                [`${PROJECT}:githubOidcProviderArn`]: github,
            });
            assert.deepStrictEqual(ofType(withExisting, TYPES.provider), []);
            assert.strictEqual(
                JSON.parse(String(previewRole(withExisting, "prod").inputs.assumeRolePolicy)).Statement[0].Principal.Federated,
                github,
            );
            assert.strictEqual(trustPolicyOf(withExisting, "prod").Statement[0].Principal.Federated, arn);
            assert.strictEqual(withExisting.outputs.oidcProviderArn, arn);
        });

        for (const target of [DEV, PROD]) {
            it(`gives the ${target.stack} role the policy the permission table generates for ${target.stack}, in parts IAM accepts`, () => {
                const scope = {
                    partition: "aws",
                    accountId: MOCK_ACCOUNT_ID,
                    region: target.awsRegion,
                    hostedZoneId: target.hostedZoneId,
                    domainName: target.domainName,
                    project: "yelb",
                    stack: target.stack,
                };
                const parts = permissionPartsOf(ev, target.stack);
                assert.deepStrictEqual(
                    parts.map((part) => JSON.parse(String(part.inputs.policy))),
                    deployPolicyParts(scope),
                );
                assert.ok(
                    parts.length >= 2 && parts.length <= 10,
                    `${parts.length} parts, within IAM's default of 10 managed policies a role`,
                );
                for (const part of parts) {
                    assert.ok(String(part.inputs.policy).length <= 6144, `${part.name} fits IAM's 6,144 characters`);
                    assert.strictEqual(part.inputs.path, "/pulumi-deployments/");
                }
                assert.deepStrictEqual(
                    attachmentsOf(ev, target.stack).map((a) => [a.inputs.role, a.inputs.policyArn]),
                    parts.map((part) => [`pulumi-deploy-yelb-${target.stack}`, part.outputs.arn]),
                );
                const policy = permissionsPolicyOf(ev, target.stack);
                assert.ok((policy.Statement as Json[]).some((s) => s.Resource === `arn:aws:route53:::hostedzone/${target.hostedZoneId}`));
                assert.ok(
                    (policy.Statement as Json[]).some(
                        (s) => s.Resource === `arn:aws:logs:${target.awsRegion}:${MOCK_ACCOUNT_ID}:log-group:/ecs/yelb-${target.stack}/*`,
                    ),
                );
                for (const statement of (policy.Statement as Json[]).filter((s) => s.Effect === "Allow" && s.Resource === "*")) {
                    assert.strictEqual(statement.Condition.StringEquals["aws:RequestedRegion"], target.awsRegion, statement.Sid);
                }
            });
        }

        it("passes only the stack's own roles, to ECS tasks only, and grants no wildcard action", () => {
            const policy = permissionsPolicyOf(ev, "dev");
            const passes = (policy.Statement as Json[]).filter((s) => (s.Action as string[]).includes("iam:PassRole"));
            assert.deepStrictEqual(
                passes.map((s) => [s.Resource, s.Condition]),
                [
                    [
                        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/yelb/dev/*`,
                        { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                    ],
                ],
            );
            const actions = (policy.Statement as Json[]).filter((s) => s.Effect === "Allow").flatMap((s) => s.Action as string[]);
            assert.deepStrictEqual(
                actions.filter((a) => a.includes("*")),
                [],
                "every action is named",
            );
            for (const forbidden of ["iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreateUser", "iam:PutUserPolicy"]) {
                assert.ok(!actions.includes(forbidden), forbidden);
            }
            assert.ok(!(policy.Statement as Json[]).some((s) => s.Effect === "Allow" && s.Resource === "*" && s.Condition === undefined));
        });

        it("cannot touch the deploy roles themselves through the app-role grants", () => {
            const roleGrants = (permissionsPolicyOf(ev, "dev").Statement as Json[]).filter(
                (s) => s.Effect === "Allow" && String(s.Resource).includes(":role/"),
            );
            for (const grantOnRoles of roleGrants) {
                for (const stack of ["dev", "prod"]) {
                    const deployRole = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/pulumi-deployments/pulumi-deploy-yelb-${stack}`;
                    assert.ok(!iamLike(grantOnRoles.Resource, deployRole), `${grantOnRoles.Sid} reaches ${deployRole}`);
                }
            }
        });
    });

    describe("Pulumi Cloud side", () => {
        for (const [target, otherStack] of [
            [DEV, "prod"],
            [PROD, "dev"],
        ] as const) {
            it(`deploys ${target.stack} from ${target.branch} on push and previews no pull request with its role`, () => {
                const inputs = settingsOf(ev, target.stack).inputs;
                assert.strictEqual(inputs.organization, "acme");
                assert.strictEqual(inputs.project, "yelb");
                assert.strictEqual(inputs.stack, target.stack);
                assert.deepStrictEqual(inputs.sourceContext, { git: { branch: `refs/heads/${target.branch}` } });
                assert.deepStrictEqual(inputs.github, {
                    repository: "acme/yelb",
                    deployCommits: true,
                    previewPullRequests: false,
                    pullRequestTemplate: false,
                    paths: [...DEFAULT_PATHS, `!Pulumi.${otherStack}.yaml`],
                });
                assert.strictEqual(inputs.vcs, undefined);
            });

            it(`gives ${target.stack} deployments the ${target.stack} role through OIDC and no keys`, () => {
                const settings = settingsOf(ev, target.stack);
                const context = settings.inputs.operationContext as Json;
                assert.deepStrictEqual(context.oidc, {
                    aws: { roleARN: role(ev, target.stack).outputs.arn, sessionName: `pulumi-deploy-${target.stack}`, duration: "1h0m0s" },
                });
                assert.deepStrictEqual(context.environmentVariables, { AWS_REGION: target.awsRegion });
                assert.deepStrictEqual(context.options, { skipIntermediateDeployments: true });
                // The app's Pulumi.yaml runs bin/index.js: the deployment builds it before any operation.
                assert.deepStrictEqual(context.preRunCommands, ["npm run build"]);
                assert.ok(
                    JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).scripts.build,
                    "the app has the script",
                );
                assert.strictEqual((settings.inputs as Json).sourceContext.git.gitAuth, undefined);
                // The ARN comes from this stack's role, after its permissions, and from nothing of the other stack.
                const from = settings.propertyDependencies.operationContext ?? [];
                assert.ok(from.includes(role(ev, target.stack).urn), "depends on its role");
                for (const attachment of attachmentsOf(ev, target.stack)) {
                    assert.ok(from.includes(attachment.urn), `waits for ${attachment.name}`);
                }
                assert.ok(!from.includes(role(ev, otherStack).urn), "not on the other stack's role");
            });
        }

        it("waits for the policy group, so no deployment runs unenforced", () => {
            const group = named(ev, TYPES.group, "yelb-policy-group");
            for (const stack of ["dev", "prod"]) {
                assert.ok(settingsOf(ev, stack).dependencies.includes(group.urn), stack);
            }
        });

        it("scopes the repository folder and the path filters to a subfolder app", async () => {
            const nested = await evaluateDeployments({ [`${PROJECT}:repoDir`]: "./infra/yelb/" });
            const inputs = settingsOf(nested, "dev").inputs as Json;
            assert.deepStrictEqual(inputs.sourceContext, { git: { branch: "refs/heads/main", repoDir: "infra/yelb" } });
            assert.deepStrictEqual(inputs.github.paths, [
                "infra/yelb/**",
                ...DEFAULT_PATHS.map((p) => `!infra/yelb/${p.slice(1)}`),
                "!infra/yelb/Pulumi.prod.yaml",
            ]);
        });

        it("takes path filters from config", async () => {
            const custom = await evaluateDeployments({ [`${PROJECT}:pathFilters`]: JSON.stringify(["components/**", "!docs/**"]) });
            assert.deepStrictEqual((settingsOf(custom, "prod").inputs as Json).github.paths, [
                "components/**",
                "!docs/**",
                "!Pulumi.dev.yaml",
            ]);
        });
    });

    describe("policy enforcement", () => {
        it("publishes the packed pack (policies/ with the model files it imports) at its package.json version", () => {
            const pack = named(ev, TYPES.pack, "yelb-policy-pack");
            assert.deepStrictEqual(pack.inputs, {
                organization: "acme",
                name: "yelb-service-connect",
                versionTag: PACK_VERSION,
                sourcePath: POLICIES_DIR,
            });
        });

        it("applies that pack version to the stacks through a preventative policy group", () => {
            const group = named(ev, TYPES.group, "yelb-policy-group");
            assert.deepStrictEqual(group.inputs, {
                name: "yelb-stacks",
                organizationName: "acme",
                entityType: "stacks",
                mode: "preventative",
                stacks: [
                    { name: "dev", routingProject: "yelb" },
                    { name: "prod", routingProject: "yelb" },
                ],
                policyPacks: [{ name: "yelb-service-connect", versionTag: PACK_VERSION }],
            });
            assert.ok(group.propertyDependencies.policyPacks.includes(named(ev, TYPES.pack, "yelb-policy-pack").urn));
        });

        it("only references the pack when it is published with the CLI", async () => {
            const referenced = await evaluateDeployments({
                [`${PROJECT}:publishPolicyPack`]: "false",
                [`${PROJECT}:policyPackVersionTag`]: "0.2.0",
                [`${PROJECT}:policyGroupName`]: "yelb-enforced",
                [`${PROJECT}:policyGroupMode`]: "audit",
            });
            assert.deepStrictEqual(ofType(referenced, TYPES.pack), []);
            const group = named(referenced, TYPES.group, "yelb-policy-group");
            assert.deepStrictEqual(group.inputs.policyPacks, [{ name: "yelb-service-connect", versionTag: "0.2.0" }]);
            assert.strictEqual(group.inputs.name, "yelb-enforced");
            assert.strictEqual(group.inputs.mode, "audit");
        });
    });

    it("exports the role ARNs, the settings IDs and the policy group", () => {
        assert.deepStrictEqual(ev.outputs.deployRoleArns, { dev: role(ev, "dev").outputs.arn, prod: role(ev, "prod").outputs.arn });
        assert.deepStrictEqual(ev.outputs.deploymentSettingsIds, { dev: "yelb-deployments-dev-id", prod: "yelb-deployments-prod-id" });
        assert.strictEqual(ev.outputs.policyGroupName, "yelb-stacks");
        assert.deepStrictEqual(ev.outputs.policyPack, { name: "yelb-service-connect", versionTag: PACK_VERSION });
        assert.strictEqual(ev.outputs.oidcProviderArn, providerOf(ev, "https://api.pulumi.com/oidc").outputs.arn);
    });

    it("installs from a lockfile in step with its package.json, as `npm ci` in deployments/ requires", () => {
        const dir = path.join(PROJECT_DIR, "deployments");
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Json;
        const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")) as Json;
        assert.strictEqual(lock.lockfileVersion, 3);
        assert.deepStrictEqual(lock.packages[""].dependencies, manifest.dependencies);
        assert.deepStrictEqual(lock.packages[""].devDependencies, manifest.devDependencies);
        for (const name of Object.keys(manifest.dependencies)) {
            assert.ok(lock.packages[`node_modules/${name}`]?.integrity, `${name} is locked with its integrity`);
        }
    });
});
