import * as assert from "assert";
import { AWS_REGIONS } from "../../model/aws";
import { DEV, PROD } from "./fixtures";
import { load, onlyProblem, problems } from "./loading";

describe("deployments config: stacks", () => {
    it("rejects what is not a non-empty list", () => {
        assert.strictEqual(
            onlyProblem({ stacks: [] }),
            "yelb-deployments:stacks: [] is not a non-empty list of {stack, branch, awsRegion, hostedZoneId, domainName}.",
        );
        assert.strictEqual(
            onlyProblem({ stacks: { dev: "main" } }),
            'yelb-deployments:stacks: {"dev":"main"} is not a non-empty list of {stack, branch, awsRegion, hostedZoneId, domainName}.',
        );
        assert.strictEqual(
            onlyProblem({ stacks: ["dev"] }),
            'yelb-deployments:stacks[0]: "dev" is not an object. Use {stack, branch, awsRegion, hostedZoneId, domainName}.',
        );
    });

    it("rejects a value that is not JSON", () => {
        assert.strictEqual(
            onlyProblem({ stacks: "dev=main" }),
            "yelb-deployments:stacks is not valid JSON (dev=main…). Set it as structured YAML in the stack file.",
        );
    });

    it("names a missing field and an unknown one", () => {
        assert.deepStrictEqual(
            problems({
                stacks: [{ stack: "dev", Branch: "main", awsRegion: "us-east-1", hostedZoneId: "Z1", domainName: "a.example.com" }],
            }),
            [
                "yelb-deployments:stacks[0].Branch is not a setting. Use only stack, branch, awsRegion, hostedZoneId, domainName.",
                "yelb-deployments:stacks[0].branch is required: the branch that deploys the stack, such as main.",
            ],
        );
    });

    it("rejects an invalid stack name, region and hosted zone ID, naming what is allowed", () => {
        assert.deepStrictEqual(
            problems({
                stacks: [{ stack: "dev/1", branch: "main", awsRegion: "US-EAST-1", hostedZoneId: "/hostedzone/Z1", domainName: "yelb" }],
            }),
            [
                'yelb-deployments:stacks[0].stack: "dev/1" is not allowed. Use the app\'s stack name (letters, digits, - _ .).',
                'yelb-deployments:stacks[0].awsRegion: "US-EAST-1" is not an AWS region. Did you mean us-east-1? ' +
                    `Use one of ${AWS_REGIONS.join(", ")}.`,
                'yelb-deployments:stacks[0].hostedZoneId: "/hostedzone/Z1" includes the /hostedzone/ prefix. Use the bare ID "Z1".',
                'yelb-deployments:stacks[0].domainName: "yelb" is not a valid DNS name. Use two or more labels of letters, digits and ' +
                    "hyphens (1 to 63 characters each, not starting or ending with a hyphen), 253 characters in all.",
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
            assert.strictEqual(onlyProblem({ stacks: [{ ...PROD, branch }] }), `yelb-deployments:stacks[0].branch: "${branch}" ${reason}.`);
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

    it("rejects a stack whose deploy or preview role name would exceed IAM's 64 characters", () => {
        // "pulumi-preview-yelb-", the longer prefix, is 20 characters: 44 more is the most IAM takes.
        assert.strictEqual(load({ stacks: [{ ...DEV, stack: "s".repeat(44) }] }).stacks[0].stack.length, 44);
        const stack = "s".repeat(45);
        assert.strictEqual(
            onlyProblem({ stacks: [{ ...DEV, stack }] }),
            `yelb-deployments:stacks[0].stack: the role name pulumi-preview-yelb-${stack} (from yelb-deployments:project and the stack) ` +
                "has 65 characters; IAM allows 64. Shorten the project or stack name.",
        );
    });
});
