/**
 * The start-up machinery behind `npm start` and `npm test`: the compile cache never serves code
 * older than its source, compiles what ts-node compiled, and the SDK parts it defers and the stack
 * captures it skips behave as the SDK's own.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TempFolders } from "./support/cli";
import { skipUnreportedPromiseStacks } from "../harness/pulumiInternals";

// Plain JavaScript modules of scripts/ (they run before any transpiler), typed here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const register = require("../scripts/register") as {
    createCompileCache(dir: string): { javaScriptFor(source: string, file: string): string; stats: { hits: number; compiled: number } };
    projectSources(): string[];
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defer = require("../scripts/deferSdkModules") as {
    DEFERRED: { request: string; exports: string[] }[];
    deferredModule(load: () => Record<string, unknown>, names: string[]): Record<string, (...args: unknown[]) => unknown>;
};

const ROOT = path.resolve(__dirname, "..");
const REGISTER = path.join(ROOT, "scripts", "register.js");

describe("the compile cache", function () {
    this.timeout(60000);
    const temp = new TempFolders();
    after(() => temp.removeAll());

    it("compiles a source once, and again after every edit", () => {
        const cache = register.createCompileCache(temp.make("yelb-cache-"));
        const file = path.join(ROOT, "example.ts");
        const first = cache.javaScriptFor("export const answer: number = 41;\n", file);
        assert.match(first, /exports\.answer = 41;/);
        assert.strictEqual(cache.javaScriptFor("export const answer: number = 41;\n", file), first);
        assert.deepStrictEqual(cache.stats, { hits: 1, compiled: 1 });
        assert.match(cache.javaScriptFor("export const answer: number = 42;\n", file), /exports\.answer = 42;/);
        assert.deepStrictEqual(cache.stats, { hits: 1, compiled: 2 });
    });

    it("rejects a syntax error with the compiler's message instead of caching it", () => {
        const cache = register.createCompileCache(temp.make("yelb-cache-"));
        assert.throws(
            () => cache.javaScriptFor("export const = 1;\n", path.join(ROOT, "broken.ts")),
            /Unable to compile TypeScript:\n.*broken\.ts.*Variable declaration expected/,
        );
        assert.deepStrictEqual(cache.stats, { hits: 0, compiled: 0 });
    });

    it("runs an edited source file on the next start, through the command npm start uses", () => {
        const dir = temp.make("yelb-edit-");
        const cacheDir = path.join(dir, "cache");
        const module = path.join(dir, "greeting.ts");
        const run = () =>
            execFileSync(process.execPath, ["-r", REGISTER, "-e", `process.stdout.write(require(${JSON.stringify(module)}).greeting)`], {
                cwd: ROOT,
                env: { ...process.env, YELB_CACHE_DIR: cacheDir },
                encoding: "utf8",
            });
        fs.writeFileSync(module, 'export const greeting: string = "before";\n');
        assert.strictEqual(run(), "before");
        assert.strictEqual(run(), "before");
        fs.writeFileSync(module, 'export const greeting: string = "after";\n');
        assert.strictEqual(run(), "after");
        // Two sources ever seen, two compiled files: the unchanged second start read its file.
        const compiled = path.join(cacheDir, "typescript");
        const cached = fs.readdirSync(compiled).flatMap((folder) => fs.readdirSync(path.join(compiled, folder)));
        assert.strictEqual(cached.length, 2, cached.join(", "));
    });

    it("produces what ts-node's transpile-only mode produced, byte for byte, inline source map included", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const tsNode = require("ts-node").create({ transpileOnly: true }) as { compile(code: string, file: string): string };
        const cache = register.createCompileCache(temp.make("yelb-cache-"));
        const files = ["plan/cli.ts", "harness/evaluate.ts", "config/reader.ts", "components/ecs/cluster.ts"].map((file) =>
            path.join(ROOT, file),
        );
        for (const file of files) {
            const source = fs.readFileSync(file, "utf8");
            assert.strictEqual(cache.javaScriptFor(source, file), tsNode.compile(source, file), file);
        }
    });

    it("finds every source the program, the plan and the tests run", () => {
        const sources = register.projectSources().map((file) => path.relative(ROOT, file));
        for (const file of ["index.ts", "plan/cli.ts", "harness/evaluate.ts", "tests/compileCache.test.ts", "scripts/typecheck.ts"]) {
            assert.ok(sources.includes(file), file);
        }
        assert.ok(!sources.some((file) => file.includes("node_modules") || file.endsWith(".d.ts")));
    });
});

describe("the deferred SDK modules", () => {
    const load = (request: string) =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(require.resolve(path.join("@pulumi/pulumi/runtime", `${request}.js`))) as Record<string, unknown>;

    for (const { request, exports } of defer.DEFERRED) {
        it(`${request} has exactly the exports of the pinned SDK's module, all functions`, () => {
            const real = load(request);
            assert.deepStrictEqual(Object.keys(real).sort(), [...exports].sort());
            assert.ok(exports.every((name) => typeof real[name] === "function"));
        });
    }

    it("the runtime index still requires them by these names", () => {
        const index = fs.readFileSync(require.resolve("@pulumi/pulumi/runtime/index.js"), "utf8");
        assert.deepStrictEqual(
            defer.DEFERRED.filter(({ request }) => !index.includes(`require("${request}")`)).map(({ request }) => request),
            [],
        );
    });

    it("loads the module on the first call only, and answers as it does", () => {
        const codePaths = defer.DEFERRED.find(({ request }) => request === "./closure/codePaths")!;
        const real = load(codePaths.request);
        let loads = 0;
        const deferred = defer.deferredModule(() => (loads++, real), codePaths.exports);
        assert.strictEqual(loads, 0);
        const findWorkspaceRoot = real.findWorkspaceRoot as (dir: string) => unknown;
        assert.deepStrictEqual(deferred.findWorkspaceRoot(ROOT), findWorkspaceRoot(ROOT));
        deferred.findWorkspaceRoot(ROOT);
        assert.strictEqual(loads, 1);
    });
});

describe("promise stack captures", () => {
    it("keep no frames on the promises Pulumi tracks, and every frame elsewhere", async () => {
        const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
            debuggablePromise<T>(promise: Promise<T>, context: string): Promise<T>;
        };
        skipUnreportedPromiseStacks();
        skipUnreportedPromiseStacks();
        const tracked = Promise.resolve(1);
        assert.strictEqual(await debuggable.debuggablePromise(tracked, "test"), 1);
        assert.strictEqual((tracked as unknown as { _debugStackTrace: string })._debugStackTrace, "Error");
        assert.match(new Error("elsewhere").stack!, /\n\s+at /);
    });
});
