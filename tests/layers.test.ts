/**
 * The program's layers point one way: model/ imports nothing of the project, config/ imports
 * model/ only, components/ import model/ only (never config/), and only the composition root
 * (index.ts) brings config and components together. Read from the sources' imports.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../tools/harness/stackConfig";

/** Every TypeScript file under `dir`, relative to the project. */
function sources(dir: string): string[] {
    return fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(file) : entry.name.endsWith(".ts") ? [file] : [];
    });
}

/** The project folders a file imports from (its top-level folder, or the file's name at the root). */
function layersImportedBy(file: string): string[] {
    const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
    const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
    return [
        ...new Set(
            specifiers.map(
                (specifier) => path.relative(PROJECT_DIR, path.resolve(PROJECT_DIR, path.dirname(file), specifier)).split(path.sep)[0],
            ),
        ),
    ].sort();
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
    model: ["model"],
    config: ["config", "model"],
    components: ["components", "model"],
};

describe("the layers of the program", () => {
    for (const [layer, allowed] of Object.entries(ALLOWED)) {
        it(`${layer}/ imports only ${allowed.join(" and ")}`, () => {
            const wrong = sources(layer).flatMap((file) =>
                layersImportedBy(file)
                    .filter((imported) => !allowed.includes(imported))
                    .map((imported) => `${file} imports ${imported}`),
            );
            assert.deepStrictEqual(wrong, []);
        });
    }

    it("sees a wrong-way import when there is one", () => {
        // index.ts, the composition root, imports both config/ and components/.
        assert.deepStrictEqual(layersImportedBy("index.ts"), ["components", "config", "model"]);
    });
});
