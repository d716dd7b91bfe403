/** Before anything is created: missing tools and wrong input stop the CLI with the fix and exit code 2. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findOnPath, preflightProblems } from "../../tools/acceptance/preflight";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";

describe("acceptance: preflight", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "yelb-acceptance-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("finds an executable pulumi on PATH, and only an executable one", () => {
        const bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\n", { mode: 0o644 });
        assert.strictEqual(findOnPath("pulumi", `${dir}${path.delimiter}${bin}`), undefined, "not executable");
        fs.chmodSync(path.join(bin, "pulumi"), 0o755);
        assert.strictEqual(findOnPath("pulumi", `${dir}${path.delimiter}${bin}`), path.join(bin, "pulumi"));
        assert.strictEqual(findOnPath("pulumi", ""), undefined);
        assert.strictEqual(findOnPath("pulumi", undefined), undefined);
    });

    it("names the missing Pulumi CLI and the policy pack's missing dependencies, with the fixes", () => {
        const problems = preflightProblems({ PATH: dir }, path.join(dir, "policies"), "linux");
        assert.strictEqual(problems.length, 2);
        assert.match(problems[0], /^The Pulumi CLI is not on PATH\. Install it \(https:\/\/www\.pulumi\.com\/docs\/install\/\) and log in/);
        assert.match(problems[1], /^The policy pack's dependencies are not installed in .*policies\. Run: npm install --prefix /);
        fs.mkdirSync(path.join(dir, "policies", "node_modules", "@pulumi", "policy"), { recursive: true });
        fs.writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
        assert.deepStrictEqual(preflightProblems({ PATH: dir }, path.join(dir, "policies"), "linux"), []);
    });
});

describe("acceptance: npm run acceptance", function () {
    this.timeout(20_000);
    let emptyPath: string;
    before(() => (emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "yelb-empty-path-"))));
    after(() => fs.rmSync(emptyPath, { recursive: true, force: true }));
    // PATH is an empty folder, so no Pulumi CLI can be found whatever the machine has.
    const cli = (args: string[]) =>
        spawnSync(process.execPath, ["bin/tools/acceptance/cli.js", ...args], {
            cwd: PROJECT_DIR,
            env: { HOME: process.env.HOME, PATH: emptyPath },
            encoding: "utf8",
            timeout: 15_000,
        });

    it("stops before creating anything when the Pulumi CLI is missing: exit code 2, the fixes, no stack trace", () => {
        const result = cli([
            "--stack",
            "dev",
            "--config",
            "hostedZoneName=acme-demo.org",
            "--config",
            "hostedZoneId=Z04471232Q9ABCDEFGHIJ",
        ]);
        assert.strictEqual(result.status, 2, result.stderr);
        assert.strictEqual(result.stdout, "");
        assert.match(result.stderr, /^Cannot start the acceptance run:\n {2}- The Pulumi CLI is not on PATH\. Install it/);
        assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    });
});
