/** docs/ci-and-deployments.md's table of what each stack's deploy role may do is the table the policy is generated from. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { permissionsMarkdown, unscopedMarkdown } from "../../model/permissions/readme";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";

describe("docs/ci-and-deployments.md: the deploy role permissions", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "docs", "ci-and-deployments.md"), "utf8");

    it("shows the generated table of what each stack's role may do", () => {
        assert.ok(readme.includes(permissionsMarkdown()), "regenerate the table in docs/ci-and-deployments.md with permissionsMarkdown()");
    });

    it("lists every grant that cannot be held to one stack", () => {
        assert.ok(readme.includes(unscopedMarkdown()), "regenerate the list in docs/ci-and-deployments.md with unscopedMarkdown()");
    });
});
