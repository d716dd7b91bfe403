/** The compiled program refuses to run on sources that changed since its build. */
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BuildManifest, staleBuildMessage } from "../config/freshBuild";
import { PROJECT_DIR } from "../tools/harness/stackConfig";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

describe("the build record the compiled program checks", () => {
    let root: string;
    let entry: string;
    const files: Record<string, string> = {
        "index.ts": "export = async () => ({});\n",
        "components/a.ts": "export const a = 1;\n",
        "tests/a.test.ts": "// a test\n",
        "node_modules/.package-lock.json": "{}\n",
    };

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "yelb-fresh-build-"));
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        }
        fs.mkdirSync(path.join(root, "bin"));
        entry = path.join(root, "bin", "index.js");
        const manifest: BuildManifest = {
            program: ["index.ts", "components"],
            sources: Object.fromEntries(Object.entries(files).map(([file, text]) => [file, sha256(text)])),
        };
        fs.writeFileSync(path.join(root, "bin", "build.json"), JSON.stringify(manifest));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("lets a current build run", () => {
        assert.strictEqual(staleBuildMessage(entry), undefined);
    });

    it("stops a build older than a source of the program, naming the file and the fix", () => {
        fs.writeFileSync(path.join(root, "components", "a.ts"), "export const a = 2;\n");
        assert.strictEqual(
            staleBuildMessage(entry),
            "The compiled program in bin/ is older than its sources (components/a.ts changed since the last build), so it would deploy the old code. " +
                "Run `npm run build` (or `npm ci`), then run the command again.",
        );
        fs.rmSync(path.join(root, "index.ts"));
        assert.match(staleBuildMessage(entry)!, /\(index\.ts, components\/a\.ts changed since the last build\)/);
    });

    it("ignores what the program does not load: tests, tools and installed packages", () => {
        fs.writeFileSync(path.join(root, "tests", "a.test.ts"), "// changed\n");
        fs.writeFileSync(path.join(root, "node_modules", ".package-lock.json"), '{ "changed": true }\n');
        assert.strictEqual(staleBuildMessage(entry), undefined);
    });

    it("stops a build without its record, and checks nothing when the program runs from source", () => {
        fs.rmSync(path.join(root, "bin", "build.json"));
        assert.match(
            staleBuildMessage(entry)!,
            /^The compiled program in bin\/ has no build record \(bin\/build\.json\)\. Run `npm run build`/,
        );
        assert.strictEqual(staleBuildMessage(path.join(root, "index.ts")), undefined);
    });

    it("is current for this checkout, as the suite's own build left it", () => {
        assert.strictEqual(staleBuildMessage(path.join(PROJECT_DIR, "bin", "index.js")), undefined);
        const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "bin", "build.json"), "utf8")) as BuildManifest;
        assert.deepStrictEqual(manifest.program, ["index.ts", "components", "config", "model"]);
        assert.ok(manifest.sources["index.ts"] !== undefined && manifest.sources["tests/freshBuild.test.ts"] !== undefined);
    });
});
