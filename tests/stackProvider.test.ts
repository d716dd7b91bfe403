/**
 * The stack's AWS provider: every AWS resource, provider function and awsx's VPC goes through it,
 * it carries the stack's `aws:` settings as the default provider would have read them, and its
 * default tags put the stack's tags in the create request of every type the deploy role holds by
 * them (the provider's `tags_all`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Evaluation } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { REQUEST_TAGGED_TYPES } from "../model/permissions";
import { stackTags } from "../model/naming";
import { stackDefaultTags } from "../components/stackProvider";
import { ALL_FEATURES, DEV_WITHOUT_LEVERS } from "./costFixtures";
import { plannedResources } from "./deployments/requests";
import { sharedEvaluation } from "./support/evaluations";
import { providerDefaultTags, tagsAll } from "./support/tags";

const PROVIDER_TYPE = "pulumi:providers:aws";

/** Whether @pulumi/aws declares a `tagsAll` output for a type: the provider then merges its default tags in. */
function declaresTagsAll(type: string): boolean {
    const [, modulePath] = /^aws:([^:]+):/.exec(type)!;
    const declarations = path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), `${modulePath}.d.ts`);
    return /readonly tagsAll: pulumi\.Output</.test(fs.readFileSync(declarations, "utf8"));
}

describe("the stack's AWS provider", () => {
    const plans: Record<string, Evaluation> = {};
    before(async () => {
        plans.dev = await sharedEvaluation("dev");
        plans.prod = await sharedEvaluation("prod");
        plans.all = await evaluateStack("dev", { ...DEV_WITHOUT_LEVERS, ...ALL_FEATURES });
    });

    it("is the one provider of every AWS resource, provider function and component, awsx's VPC included", () => {
        for (const [name, ev] of Object.entries(plans)) {
            const providers = ev.resources.filter((r) => r.type === PROVIDER_TYPE);
            assert.deepStrictEqual(
                providers.map((r) => r.urn),
                [`urn:pulumi:${ev.stack}::yelb::${PROVIDER_TYPE}::yelb-aws`],
                `${name}: one explicit AWS provider`,
            );
            const urn = providers[0].urn;
            const awsResources = ev.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            assert.ok(awsResources.length > 50, `${name}: the plan has its AWS resources`);
            assert.deepStrictEqual(
                awsResources.filter((r) => r.provider !== urn).map((r) => `${r.type} ${r.name}`),
                [],
                `${name}: AWS resources on another (the default) provider`,
            );
            // Nested components inherit it without naming it; a remote one gets only what it is handed.
            const components = ev.resources.filter((r) => !r.custom && (r.parent === undefined || r.remote));
            assert.ok(
                components.some((r) => r.remote),
                `${name}: awsx's VPC is among them`,
            );
            assert.deepStrictEqual(
                components.filter((r) => r.providers.aws !== urn).map((r) => `${r.type} ${r.name}`),
                [],
                `${name}: components (awsx's remote VPC among them) that would hand their children the default provider`,
            );
            const invokes = ev.invokes.filter((call) => call.token.startsWith("aws:"));
            assert.ok(
                invokes.some((call) => call.token === "aws:route53/getZone:getZone"),
                `${name}: the zone check runs`,
            );
            assert.deepStrictEqual(
                invokes.filter((call) => call.provider !== urn).map((call) => call.token),
                [],
                `${name}: provider functions on the default provider`,
            );
        }
    });

    it("gives the provider the stack's region and tags, and the resources no tags of their own to keep in step", () => {
        for (const ev of Object.values(plans)) {
            const provider = ev.resources.find((r) => r.type === PROVIDER_TYPE)!;
            assert.strictEqual(provider.inputs.region, ev.config["aws:region"]);
            assert.deepStrictEqual(providerDefaultTags(ev, provider.urn), { Project: "yelb", Stack: ev.stack });
            const vpc = ev.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
            assert.strictEqual(vpc.inputs.tags, undefined, "awsx's VPC takes its tags from the provider");
        }
    });

    it("creates every type the deploy role holds by request tags with the stack's tags, awsx's children included", () => {
        for (const [name, ev] of Object.entries(plans)) {
            const held = plannedResources(ev).filter((r) => REQUEST_TAGGED_TYPES.includes(r.type));
            assert.ok(
                held.some((r) => r.type === "aws:ec2/subnet:Subnet"),
                `${name}: awsx's subnets are among them`,
            );
            for (const resource of held) {
                assert.ok(declaresTagsAll(resource.type), `${resource.type} has no tags_all: the provider would not tag its creation`);
                const tags = tagsAll(ev, resource);
                assert.deepStrictEqual(
                    { Project: tags.Project, Stack: tags.Stack },
                    stackTags(ev.stack),
                    `${name}: ${resource.type} ${resource.name} is created without the stack's tags`,
                );
            }
        }
        // The check reads the declarations: a type without tags_all fails it.
        assert.strictEqual(declaresTagsAll("aws:route53/record:Record"), false);
    });

    it("passes on the stack's own aws: settings, which an explicit provider would not read, and its tags under the stack's", async () => {
        const ev = await evaluateStack("dev", {
            "aws:profile": "yelb-dev",
            "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::123456789012:role/deployer" }]),
            "aws:allowedAccountIds": JSON.stringify(["123456789012"]),
            "aws:maxRetries": "7",
            "aws:defaultTags": JSON.stringify({ tags: { CostCenter: "4711", Stack: "not-dev" } }),
        });
        const provider = ev.resources.find((r) => r.type === PROVIDER_TYPE)!;
        assert.strictEqual(provider.inputs.profile, "yelb-dev");
        assert.deepStrictEqual(JSON.parse(String(provider.inputs.assumeRoles)), [{ roleArn: "arn:aws:iam::123456789012:role/deployer" }]);
        assert.deepStrictEqual(JSON.parse(String(provider.inputs.allowedAccountIds)), ["123456789012"]);
        assert.strictEqual(provider.inputs.maxRetries, "7");
        assert.deepStrictEqual(providerDefaultTags(ev, provider.urn), { CostCenter: "4711", Project: "yelb", Stack: "dev" });
    });

    it("lets the stack's tags win over tags of the same key the stack sets", () => {
        assert.deepStrictEqual(stackDefaultTags("prod", { Stack: "dev", Team: "web" }), { Stack: "prod", Team: "web", Project: "yelb" });
        assert.deepStrictEqual(stackDefaultTags("prod"), { Project: "yelb", Stack: "prod" });
    });
});
