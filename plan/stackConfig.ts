/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to the program: the project's
 * declared defaults from `Pulumi.yaml`, overlaid with `Pulumi.<stack>.yaml`, as fully qualified
 * keys. Secure (encrypted) values cannot be decrypted offline and are refused by name.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export const PROJECT_DIR = path.resolve(__dirname, "..");

interface ProjectFile {
    name: string;
    config?: Record<string, { type?: string; default?: unknown; description?: string } | undefined>;
}

interface StackFile {
    config?: Record<string, unknown>;
}

export class StackNotFoundError extends Error {}

function readYaml<T>(file: string): T {
    return (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as T;
}

function asConfigString(key: string, value: unknown): string {
    if (value !== null && typeof value === "object" && "secure" in value) {
        throw new Error(
            `${key} is a secret (secure: …) and cannot be decrypted without the Pulumi CLI; ` +
                `pass a stand-in value to the offline evaluation instead.`,
        );
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The stacks that have a `Pulumi.<stack>.yaml` in the project. */
export function listStacks(projectDir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** The project name and the declared defaults of its settings, fully qualified. */
export function readProject(projectDir = PROJECT_DIR): { name: string; defaults: Record<string, string> } {
    const project = readYaml<ProjectFile>(path.join(projectDir, "Pulumi.yaml"));
    const defaults: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration?.default !== undefined) {
            const qualified = key.includes(":") ? key : `${project.name}:${key}`;
            defaults[qualified] = asConfigString(qualified, declaration.default);
        }
    }
    return { name: project.name, defaults };
}

/** The configuration `pulumi up --stack <stack>` would give the program. */
export function readStackConfig(stack: string, projectDir = PROJECT_DIR): Record<string, string> {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!/^[\w.-]+$/.test(stack) || !fs.existsSync(file)) {
        const stacks = listStacks(projectDir);
        throw new StackNotFoundError(
            `Stack "${stack}" has no Pulumi.${stack}.yaml in ${projectDir}. Known stacks: ${stacks.join(", ") || "none"}.`,
        );
    }
    const { defaults } = readProject(projectDir);
    const values: Record<string, string> = { ...defaults };
    for (const [key, value] of Object.entries(readYaml<StackFile>(file).config ?? {})) {
        values[key] = asConfigString(key, value);
    }
    return values;
}
