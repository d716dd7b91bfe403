/**
 * The suite-scoped localeCompare of tests/support/collators.ts answers exactly as the built-in
 * one, and is gone after its suite.
 */
import * as assert from "assert";
import { cacheCollators, makeCachedLocaleCompare } from "./support/collators";

const builtIn = String.prototype.localeCompare;

const WORDS = ["ecs:CreateService", "ECS:createservice", "ecs:CreateServices", "résumé", "resume", "Resume", "a", "ä", "Z", "", "10", "9"];
const LOCALES = [undefined, "en", "de", "sv"];
const OPTIONS: (Intl.CollatorOptions | undefined)[] = [
    undefined,
    {},
    { sensitivity: "accent" },
    { sensitivity: "base" },
    { sensitivity: "case" },
    { sensitivity: "variant", caseFirst: "upper" },
    { numeric: true },
    { ignorePunctuation: true, usage: "search" },
];

describe("the cached localeCompare", () => {
    it("answers as the built-in one for every pair of words, locale and options", () => {
        const cached = makeCachedLocaleCompare();
        const differences: string[] = [];
        for (const locale of LOCALES) {
            for (const options of OPTIONS) {
                for (const a of WORDS) {
                    for (const b of WORDS) {
                        // Fresh option objects each call, as inline literals in the simulator are.
                        const expected = builtIn.call(a, b, locale, options && { ...options });
                        const actual = cached.call(a, b, locale, options && { ...options });
                        if (Math.sign(expected) !== Math.sign(actual)) {
                            differences.push(`${a} vs ${b} (${locale}, ${JSON.stringify(options)}): ${expected} then ${actual}`);
                        }
                    }
                }
            }
        }
        assert.deepStrictEqual(differences, []);
    });

    it("tells options apart that differ in one field", () => {
        const cached = makeCachedLocaleCompare();
        assert.strictEqual(cached.call("a", "A", undefined, { sensitivity: "accent" }), 0);
        assert.notStrictEqual(cached.call("a", "A", undefined, { sensitivity: "case" }), 0);
        assert.notStrictEqual(cached.call("a", "á", undefined, { sensitivity: "accent" }), 0);
        assert.strictEqual(cached.call("a", "á", undefined, { sensitivity: "base" }), 0);
    });

    it("leaves locale lists and options with getters to the built-in one", () => {
        const cached = makeCachedLocaleCompare();
        let reads = 0;
        const options = {
            get sensitivity(): "base" {
                reads++;
                return "base";
            },
        };
        assert.strictEqual(cached.call("a", "á", ["en", "de"], { sensitivity: "base" }), 0);
        assert.strictEqual(cached.call("a", "A", undefined, Object.create(options)), 0);
        assert.strictEqual(cached.call("a", "A", undefined, Object.create(options)), 0);
        assert.strictEqual(reads, 2, "a collator was built for each call");
        assert.throws(() => cached.call(null as unknown as string, "a"), TypeError);
    });
});

describe("the cached localeCompare, installed for a suite", () => {
    cacheCollators();
    it("replaces String.prototype.localeCompare while the suite runs", () => {
        assert.notStrictEqual(String.prototype.localeCompare, builtIn);
        assert.strictEqual("a".localeCompare("A", undefined, { sensitivity: "accent" }), 0);
    });
});

describe("after the suite that installed the cached localeCompare", () => {
    it("is the built-in one again", () => {
        assert.strictEqual(String.prototype.localeCompare, builtIn);
    });
});
