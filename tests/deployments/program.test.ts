import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Evaluation, named, ofType } from "../../harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../../harness/mockState";
import { deployPolicyParts } from "../../model/permissions";
import { PROJECT_DIR } from "../../harness/stackConfig";
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
    role,
    packedPolicyPack,
    settingsOf,
    trustPolicyOf,
} from "./fixtures";

type Json = Record<string, any>;

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
        it("registers Pulumi Cloud's issuer with the organisation as the only audience, and no thumbprint", () => {
            const [provider, ...more] = ofType(ev, TYPES.provider);
            assert.strictEqual(more.length, 0);
            assert.strictEqual(provider.inputs.url, "https://api.pulumi.com/oidc");
            assert.deepStrictEqual(provider.inputs.clientIdLists, ["acme"]);
            assert.strictEqual(provider.inputs.thumbprintLists, undefined);
        });

        it("creates one role per stack under its own path, with one-hour sessions", () => {
            assert.deepStrictEqual(
                ofType(ev, TYPES.role).map((r) => r.name),
                ["yelb-deploy-roles-dev", "yelb-deploy-roles-prod"],
            );
            for (const stack of ["dev", "prod"]) {
                const inputs = role(ev, stack).inputs;
                assert.strictEqual(inputs.name, `pulumi-deploy-yelb-${stack}`);
                assert.strictEqual(inputs.path, "/pulumi-deployments/");
                assert.strictEqual(inputs.maxSessionDuration, 3600);
            }
        });

        for (const target of [DEV, PROD]) {
            it(`lets only acme/yelb/${target.stack} deployments assume the ${target.stack} role`, () => {
                const provider = ofType(ev, TYPES.provider)[0];
                assert.deepStrictEqual(trustPolicyOf(ev, target.stack), {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "PulumiDeploymentsOfOneStack",
                            Effect: "Allow",
                            Principal: { Federated: provider.outputs.arn },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: { "api.pulumi.com/oidc:aud": "acme" },
                                StringLike: {
                                    "api.pulumi.com/oidc:sub": `pulumi:deploy:org:acme:project:yelb:stack:${target.stack}:operation:*:scope:write`,
                                },
                            },
                        },
                    ],
                });
            });
        }

        it("leaves only the operation open in the subject pattern", () => {
            const pattern = trustPolicyOf(ev, "dev").Statement[0].Condition.StringLike["api.pulumi.com/oidc:sub"] as string;
            assert.ok(!/[*?]/.test(pattern.split(":operation:")[0]), `no wildcard before the operation in ${pattern}`);
            for (const operation of ["preview", "update", "refresh", "destroy"]) {
                assert.ok(iamLike(pattern, `pulumi:deploy:org:acme:project:yelb:stack:dev:operation:${operation}:scope:write`), operation);
            }
            for (const other of [
                "pulumi:deploy:org:acme:project:yelb:stack:prod:operation:update:scope:write",
                "pulumi:deploy:org:acme:project:yelb:stack:dev2:operation:update:scope:write",
                "pulumi:deploy:org:acme:project:other:stack:dev:operation:update:scope:write",
                "pulumi:deploy:org:evil:project:yelb:stack:dev:operation:update:scope:write",
                "pulumi:deploy:org:acme:project:yelb:stack:dev:operation:update:scope:read",
            ]) {
                assert.ok(!iamLike(pattern, other), `the dev role refuses ${other}`);
            }
        });

        it("trusts an existing provider instead of creating a second one", async () => {
            const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/api.pulumi.com/oidc`;
            const withExisting = await evaluateDeployments({ [`${PROJECT}:oidcProviderArn`]: arn });
            assert.deepStrictEqual(ofType(withExisting, TYPES.provider), []);
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
                for (const statement of (policy.Statement as Json[]).filter((s) => s.Resource === "*")) {
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
            const actions = (policy.Statement as Json[]).flatMap((s) => s.Action as string[]);
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
            const roleGrants = (permissionsPolicyOf(ev, "dev").Statement as Json[]).filter((s) => String(s.Resource).includes(":role/"));
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
            it(`deploys ${target.stack} from ${target.branch} on push and previews pull requests`, () => {
                const inputs = settingsOf(ev, target.stack).inputs;
                assert.strictEqual(inputs.organization, "acme");
                assert.strictEqual(inputs.project, "yelb");
                assert.strictEqual(inputs.stack, target.stack);
                assert.deepStrictEqual(inputs.sourceContext, { git: { branch: `refs/heads/${target.branch}` } });
                assert.deepStrictEqual(inputs.github, {
                    repository: "acme/yelb",
                    deployCommits: true,
                    previewPullRequests: true,
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
        assert.strictEqual(ev.outputs.oidcProviderArn, ofType(ev, TYPES.provider)[0].outputs.arn);
    });
});
