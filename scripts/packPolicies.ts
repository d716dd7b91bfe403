/**
 * `npm run pack:policies [-- --out <dir>]`: builds the policy pack's publishable folder. The pack
 * shares the Service Connect guide's facts with the program (`model/serviceConnect.ts`), and a
 * published pack carries only its own folder, so this copies `policies/` and the model files it
 * imports into one folder with the same relative layout, and refuses an import that would leave it.
 * Publish the result: `pulumi policy publish dist/policy-pack`.
 */
import * as fs from "fs";
import * as path from "path";
import { ensureWritableFolder } from "../tools/plan/outputFolder";
import { PROJECT_DIR } from "../tools/harness/stackConfig";

const ROOT = PROJECT_DIR;
const PACK_SOURCE = path.join(ROOT, "policies");
export const DEFAULT_PACK_OUT = path.join(ROOT, "dist", "policy-pack");
const PACK_FILES = ["PulumiPolicy.yaml", "package.json", "package-lock.json", "tsconfig.json"];

/** The modules a TypeScript file imports, as written. */
export function importsOf(source: string): string[] {
    return [...source.matchAll(/(?:from\s+|require\()\s*"([^"]+)"/g)].map((match) => match[1]);
}

/**
 * The files the pack needs, relative to the repository root: every .ts file of `policies/` and,
 * transitively, every repository file they import. Throws on an import of a package the pack does
 * not declare, or of a file outside `policies/` and `model/`.
 */
export function packSources(): string[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK_SOURCE, "package.json"), "utf8")) as { dependencies?: object };
    const packages = new Set(Object.keys(manifest.dependencies ?? {}));
    const pending = fs
        .readdirSync(PACK_SOURCE)
        .filter((file) => file.endsWith(".ts"))
        .map((file) => path.join("policies", file));
    const sources = new Set<string>();
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (sources.has(file)) {
            continue;
        }
        sources.add(file);
        for (const imported of importsOf(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
            if (!imported.startsWith(".")) {
                const name = imported.startsWith("@") ? imported.split("/").slice(0, 2).join("/") : imported.split("/")[0];
                if (!packages.has(name) && !["fs", "path"].includes(name)) {
                    throw new Error(
                        `${file} imports ${imported}, which policies/package.json does not declare. Add it to the pack's dependencies.`,
                    );
                }
                continue;
            }
            const target = path.normalize(path.join(path.dirname(file), imported)) + ".ts";
            if (!target.startsWith(`policies${path.sep}`) && !target.startsWith(`model${path.sep}`)) {
                throw new Error(`${file} imports ${imported}, outside policies/ and model/: a published pack could not load it.`);
            }
            pending.push(target);
        }
    }
    return [...sources].sort();
}

/** Writes the pack folder: the pack's files at its root, the sources in their repository layout. */
export function packPolicies(outDir = DEFAULT_PACK_OUT): string[] {
    fs.rmSync(outDir, { recursive: true, force: true });
    const sources = packSources();
    for (const file of sources) {
        const target = path.join(outDir, file);
        ensureWritableFolder(path.dirname(target), `pack folder ${outDir}`);
        fs.copyFileSync(path.join(ROOT, file), target);
    }
    for (const file of PACK_FILES.filter((name) => fs.existsSync(path.join(PACK_SOURCE, name)))) {
        const text = fs.readFileSync(path.join(PACK_SOURCE, file), "utf8");
        if (file === "package.json") {
            fs.writeFileSync(path.join(outDir, file), `${JSON.stringify({ ...JSON.parse(text), main: "policies/index.ts" }, null, 2)}\n`);
        } else if (file === "tsconfig.json") {
            fs.writeFileSync(
                path.join(outDir, file),
                `${JSON.stringify({ ...JSON.parse(text), files: ["policies/index.ts"] }, null, 2)}\n`,
            );
        } else {
            fs.copyFileSync(path.join(PACK_SOURCE, file), path.join(outDir, file));
        }
    }
    return sources;
}

if (require.main === module) {
    const at = process.argv.indexOf("--out");
    const outDir = at > 0 && process.argv[at + 1] !== undefined ? path.resolve(process.argv[at + 1]) : DEFAULT_PACK_OUT;
    try {
        const sources = packPolicies(outDir);
        process.stdout.write(
            `Packed ${sources.length} files into ${path.relative(process.cwd(), outDir) || "."}; publish it with: pulumi policy publish ${path.relative(process.cwd(), outDir)}\n`,
        );
    } catch (error) {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        process.exit(2);
    }
}
