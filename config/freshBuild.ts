/**
 * `pulumi up` runs the compiled program in `bin/` (Pulumi.yaml's `main`), which `npm run build`
 * (and `npm ci`, through npm's `prepare`) writes with the hash of every source it was built from.
 * A source edited, pulled or checked out since then would be deployed as the old code: this stops
 * the run first, naming the file and the fix.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** What `scripts/build.js` records beside the compiled program. */
export interface BuildManifest {
    /** The entry and folders `pulumi up` loads, relative to the project. */
    readonly program: readonly string[];
    /** Every input of the build (tools, tests and installed packages too) and its SHA-256. */
    readonly sources: Readonly<Record<string, string>>;
}

const inProgram = (manifest: BuildManifest, file: string) =>
    manifest.program.some((entry) => file === entry || file.startsWith(`${entry}/`));

/** The program's sources whose content differs from the build's, or that are gone; empty when the build is current. */
export function staleSources(root: string, manifest: BuildManifest): string[] {
    return Object.entries(manifest.sources)
        .filter(([file]) => inProgram(manifest, file))
        .filter(([file, hash]) => {
            const full = path.join(root, file);
            return !fs.existsSync(full) || crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex") !== hash;
        })
        .map(([file]) => file);
}

/**
 * The message for a build older than its sources, or undefined when it is current or when the
 * program runs from source. `entryFile` is the running `index`: `bin/index.js` when compiled.
 */
export function staleBuildMessage(entryFile: string): string | undefined {
    if (!entryFile.endsWith(".js")) {
        return undefined;
    }
    const bin = path.dirname(entryFile);
    const root = path.dirname(bin);
    const manifestFile = path.join(bin, "build.json");
    const fix = "Run `npm run build` (or `npm ci`), then run the command again.";
    if (!fs.existsSync(manifestFile)) {
        return `The compiled program in ${path.relative(root, bin)}/ has no build record (bin/build.json). ${fix}`;
    }
    const stale = staleSources(root, JSON.parse(fs.readFileSync(manifestFile, "utf8")) as BuildManifest);
    if (stale.length === 0) {
        return undefined;
    }
    const named = stale.slice(0, 3).join(", ") + (stale.length > 3 ? ` and ${stale.length - 3} more` : "");
    return `The compiled program in bin/ is older than its sources (${named} changed since the last build), so it would deploy the old code. ${fix}`;
}
