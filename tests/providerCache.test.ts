/**
 * The kept code of dynamic providers: served only for the same provider, options, project sources
 * and dependencies, equal to what the SDK serializes, and never kept from a failure.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { named } from "../harness/evaluate";
import { evaluateStack } from "../harness/program";
import { TempFolders } from "./support/cli";
import { sharedEvaluation } from "./support/evaluations";

interface Serialized {
    text: string;
    exportName: string;
    containsSecrets: boolean;
}
type SerializeFunction = (thunk: () => unknown, options: Record<string, unknown>) => Promise<Serialized>;
// A plain JavaScript module of scripts/ (it runs before any transpiler), typed here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerCache = require("../scripts/providerCache") as {
    DYNAMIC_MODULE: string;
    SERIALIZER_REQUEST: string;
    cachingSerializer(
        load: () => { serializeFunction: SerializeFunction },
        dir: string,
    ): { serializeFunction: SerializeFunction; stats: { hits: number; serialized: number } };
    providerKey(provider: object, options: Record<string, unknown>, moduleCache?: Record<string, unknown>): string;
};

const ROOT = path.resolve(__dirname, "..");
const OPTIONS = { allowSecrets: true };

/** The SDK's serializer itself, bypassing every cache, called as its dynamic module calls it (the text names the variable). */
async function serializeAsTheSdkDoes(provider: object): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "runtime", "closure", "serializeClosure.js")) as {
        serializeFunction: SerializeFunction;
    };
    return (await sdk.serializeFunction(() => provider, OPTIONS)).text;
}

/** The drain provider as the project's modules define it, loaded anew (an evaluation forgets the modules it ran). */
function loadedDrainProvider(): object {
    const file = require.resolve("../components/serviceconnect/namespaceDrain");
    assert.strictEqual(require.cache[file], undefined, "the evaluation left its modules behind");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const provider = (require(file) as { drainProvider: object }).drainProvider;
    delete require.cache[file];
    return provider;
}

describe("the dynamic provider cache", function () {
    this.timeout(120000);
    const temp = new TempFolders();
    after(() => temp.removeAll());

    it("is what the SDK's dynamic module asks for, and the module serializes only its provider thunk", () => {
        const source = fs.readFileSync(path.join(ROOT, providerCache.DYNAMIC_MODULE), "utf8");
        assert.strictEqual(source.split(`require("${providerCache.SERIALIZER_REQUEST}")`).length, 2);
        assert.strictEqual(source.split("serializeFunction(").length, 2);
        assert.ok(source.includes("sc.serializeFunction(() => provider, { allowSecrets: true })"));
    });

    it("keeps what the SDK serialized and serves it for the same provider", async () => {
        let calls = 0;
        const serializer = providerCache.cachingSerializer(
            () => ({
                serializeFunction: async () => ({ text: `exports.handler = ${++calls};`, exportName: "handler", containsSecrets: false }),
            }),
            temp.make("yelb-providers-"),
        );
        const provider = { create: async () => ({ id: "x" }) };
        const first = await serializer.serializeFunction(() => provider, OPTIONS);
        assert.deepStrictEqual(await serializer.serializeFunction(() => ({ ...provider }), OPTIONS), first);
        assert.deepStrictEqual(serializer.stats, { hits: 1, serialized: 1 });
        const other = await serializer.serializeFunction(() => ({ create: async () => ({ id: "y" }) }), OPTIONS);
        assert.strictEqual(other.text, "exports.handler = 2;");
    });

    it("keys by the provider's code, the options and the project sources loaded", () => {
        const provider = { create: async () => ({ id: "x" }) };
        const modules = (files: string[]) => Object.fromEntries(files.map((file) => [path.join(ROOT, file), {}]));
        const base = providerCache.providerKey(provider, OPTIONS, modules(["index.ts"]));
        assert.strictEqual(providerCache.providerKey({ ...provider }, OPTIONS, modules(["index.ts"])), base);
        assert.notStrictEqual(providerCache.providerKey({ create: async () => ({ id: "y" }) }, OPTIONS, modules(["index.ts"])), base);
        assert.notStrictEqual(providerCache.providerKey(provider, { allowSecrets: false }, modules(["index.ts"])), base);
        assert.notStrictEqual(providerCache.providerKey(provider, OPTIONS, modules(["index.ts", "model/tiers.ts"])), base);
        // Dependencies are not project sources.
        assert.strictEqual(
            providerCache.providerKey(provider, OPTIONS, { ...modules(["index.ts"]), [require.resolve("js-yaml")]: {} }),
            base,
        );
    });

    it("keeps nothing from a failed serialization", async () => {
        const dir = temp.make("yelb-providers-");
        const serializer = providerCache.cachingSerializer(
            () => ({
                serializeFunction: () => Promise.reject(new Error("Error serializing function 'create': it captures a native function")),
            }),
            dir,
        );
        await assert.rejects(
            serializer.serializeFunction(() => ({ create: Math.max }), OPTIONS),
            /captures a native function/,
        );
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it("serves the drain exactly as the SDK serializes it, for stacks with different settings alike", async () => {
        const dev = await sharedEvaluation("dev");
        const served = named(dev, "pulumi-nodejs:dynamic/yelb:NamespaceDrain", "yelb-namespace-drain").inputs.__provider;
        const devProvider = loadedDrainProvider();
        const devText = await serializeAsTheSdkDoes(devProvider);
        assert.strictEqual(served, devText);
        // Prod differs in region, sizing and features, here in its credentials too: none of it may reach the provider's code.
        await evaluateStack("prod", { "aws:profile": "yelb-prod" });
        const prodProvider = loadedDrainProvider();
        assert.notStrictEqual(prodProvider, devProvider, "prod's evaluation loaded the program anew");
        assert.strictEqual(await serializeAsTheSdkDoes(prodProvider), devText);
    });
});
