/** The CI workflow and the local CI entry: valid YAML, the right triggers, permissions and steps. */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

describe("CI", () => {
    const workflow = yaml.load(fs.readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8")) as any;

    it("runs on pull requests and on pushes to the deploy branches, read-only by default", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request", "push"]);
        assert.deepStrictEqual(workflow.on.push.branches, ["main", "release"]);
        assert.deepStrictEqual(workflow.permissions, { contents: "read" });
    });

    it("installs, lints, type-checks, tests and gates on the offline plan of every stack", () => {
        const runs = workflow.jobs.test.steps.map((step: any) => step.run).filter(Boolean);
        assert.deepStrictEqual(runs.slice(0, 4), ["npm ci", "npm run lint", "npm run typecheck", "npx mocha"]);
        assert.match(runs[4], /for file in Pulumi\.\*\.yaml; do[\s\S]*npm start --silent -- --stack "\$stack"/);
    });

    it("previews each stack with the policy pack through the Pulumi action, with OIDC, skipping cleanly without access", () => {
        const preview = workflow.jobs.preview;
        assert.deepStrictEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        assert.deepStrictEqual(preview.strategy.matrix.stack, ["dev", "prod"]);
        const [check, ...rest] = preview.steps;
        assert.match(check.run, /::notice title=pulumi preview skipped::/);
        assert.ok(
            rest.every((step: any) => step.if === "steps.access.outputs.enabled == 'true'"),
            "every later step is skipped without access",
        );
        const pulumi = rest.find((step: any) => String(step.uses).startsWith("pulumi/actions@"));
        assert.deepStrictEqual(pulumi.with, {
            command: "preview",
            "stack-name": "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}",
            policyPacks: "./policies",
            "comment-on-pr": true,
            "github-token": "${{ secrets.GITHUB_TOKEN }}",
        });
        const aws = rest.find((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials@"));
        assert.strictEqual(aws.with["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
        assert.ok(!JSON.stringify(preview).includes("AWS_SECRET_ACCESS_KEY"), "no long-lived AWS keys");
    });

    it("keeps .ci/run on the README's test command, with lint and the plan gate", () => {
        const script = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
        const commands = script
            .split("\n")
            .filter((line) => /^\s*npm /.test(line))
            .map((line) => line.trim());
        assert.deepStrictEqual(commands.slice(0, 3), ["npm ci --no-audit --no-fund", "npm run lint", "npm test"]);
        assert.match(
            fs.readFileSync(path.join(ROOT, "README.md"), "utf8"),
            /## Quick start[\s\S]*?```sh\nnpm ci && npm start +# .*\nnpm test +# .*\n```/,
        );
    });
});
