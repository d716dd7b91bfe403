import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { DEV, PROJECT, evaluateDeployments, failure } from "./fixtures";

describe("deployments program: configuration errors", () => {
    it("rejects bad configuration before registering anything", async () => {
        const error = await failure(() =>
            evaluateDeployments({
                [`${PROJECT}:organization`]: undefined,
                [`${PROJECT}:stacks`]: JSON.stringify([{ ...DEV, branch: "refs/heads/main" }]),
            }),
        );
        // A RunError: the Pulumi CLI prints its message alone, without a stack trace.
        assert.ok(pulumi.RunError.isInstance(error), `expected a RunError, got ${error.name}`);
        assert.strictEqual(
            error.message,
            "Invalid configuration for yelb-deployments (2 problems):\n" +
                "  - yelb-deployments:organization is required. Set it with `pulumi config set organization <your-org>`.\n" +
                '  - yelb-deployments:stacks[0].branch: "refs/heads/main" is a ref; give the bare branch name (main, not refs/heads/main).',
        );
        assert.strictEqual(error.registeredBeforeError, 0);
    });

    it("reports a misspelt key among the stack's settings instead of deploying on the default", async () => {
        const error = await failure(() => evaluateDeployments({ [`${PROJECT}:repodir`]: "infra/yelb" }));
        assert.ok(pulumi.RunError.isInstance(error), `expected a RunError, got ${error.name}`);
        assert.strictEqual(
            error.message,
            "Invalid configuration for yelb-deployments (1 problem):\n" +
                "  - yelb-deployments:repodir is not a setting of this project. Did you mean yelb-deployments:repoDir?",
        );
    });
});
