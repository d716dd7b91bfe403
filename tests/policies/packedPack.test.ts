/**
 * The pack shares model/serviceConnect.ts with the program, so what gets published is the folder
 * `npm run pack:policies` builds. Here that folder is built outside the repository, given only
 * the packages its package.json declares, and loaded through the analyzer server as the CLI would.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policies/policies";
import { importsOf, packPolicies, packSources } from "../../scripts/packPolicies";
import { TempFolders } from "../support/cli";
import { LEVEL_NAMES, call, emptyRequest, startPackServer } from "./packServer";
import { PROJECT_DIR } from "../../tools/harness/stackConfig";

const ROOT = PROJECT_DIR;

describe("the packed policy pack", function () {
    this.timeout(60000);
    const temp = new TempFolders();
    after(() => temp.removeAll());

    it("carries policies/ and the model files they import, and nothing that leaves the folder", () => {
        const sources = packSources();
        assert.ok(sources.includes(path.join("model", "serviceConnect.ts")));
        assert.ok(
            sources.every((file) => file.startsWith(`policies${path.sep}`) || file.startsWith(`model${path.sep}`)),
            sources.join(", "),
        );
        // The shared facts import nothing, so the program and the pack share them without depending on each other.
        assert.deepStrictEqual(importsOf(fs.readFileSync(path.join(ROOT, "model", "serviceConnect.ts"), "utf8")), []);
    });

    it("keeps the program independent of the pack", () => {
        const programFolders = ["components", "config", "model"];
        for (const folder of programFolders) {
            for (const file of fs.readdirSync(path.join(ROOT, folder), { recursive: true }) as string[]) {
                if (file.endsWith(".ts")) {
                    const imports = importsOf(fs.readFileSync(path.join(ROOT, folder, file), "utf8"));
                    assert.ok(!imports.some((i) => i.includes("policies/")), `${folder}/${file} imports the policy pack`);
                }
            }
        }
    });

    it("loads on its own and serves every policy", async () => {
        const packDir = path.join(temp.make("policy-pack-"), "pack");
        packPolicies(packDir);
        // Only the packages the pack declares; none of the repository's own files.
        const declared = Object.keys(JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).dependencies);
        fs.mkdirSync(path.join(packDir, "node_modules", "@pulumi"), { recursive: true });
        for (const name of declared) {
            fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(packDir, "node_modules", name));
        }
        const { client, stop } = await startPackServer(packDir);
        try {
            const info = await call<unknown, analyzer.AnalyzerInfo>(client, "getAnalyzerInfo", emptyRequest());
            assert.strictEqual(info.getName(), "yelb-service-connect");
            assert.deepStrictEqual(
                info.getPoliciesList().map((p) => `${p.getName()} ${LEVEL_NAMES[p.getEnforcementlevel()]}`),
                policies.map((p) => `${p.name} ${p.enforcementLevel}`),
            );
        } finally {
            stop();
        }
    });
});
