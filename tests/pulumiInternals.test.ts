/** The harness's one adapter to the SDK's internals holds for the pinned SDK, and says so loudly when it does not. */
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { UNKNOWN, isKnown, sdkInternalsProblems } from "../tools/harness/pulumiInternals";

describe("tools/harness/pulumiInternals against the pinned SDK", () => {
    it("finds every internal it uses, by name and kind", () => {
        assert.deepStrictEqual(sdkInternalsProblems(), []);
    });

    it("uses the engine's wire sentinel for an unknown value, which @pulumi/policy recognises", () => {
        assert.strictEqual(UNKNOWN, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    it("reads whether an output is known", async () => {
        assert.strictEqual(await isKnown(pulumi.output("x")), true);
    });
});
