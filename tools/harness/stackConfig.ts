/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to the program: the project's
 * declared defaults from `Pulumi.yaml`, overlaid with `Pulumi.<stack>.yaml` (or `--config-file`),
 * overlaid with `--config` flags, as fully qualified keys. Mistakes in these files are reported as
 * `InputError`s that name the file, the line and the fix; secure values cannot be decrypted offline.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/** The nearest folder at or above `from` that holds a `Pulumi.yaml`. */
export function projectDirOf(from: string): string {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`No Pulumi.yaml at or above ${from}.`);
        }
    }
}

/** The project folder: its sources, stack files and fixtures, wherever the compiled code in `bin/` runs from. */
export const PROJECT_DIR = projectDirOf(__dirname);

/** Input that is not a setting's value (a file, a flag) is wrong: the message says which and how to fix it. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

export class StackNotFoundError extends InputError {}

interface ProjectFile {
    name: string;
    config?: Record<string, { type?: string; default?: unknown; description?: string } | undefined>;
}

/** The file as the user would type it: relative to where they stand when it is below there. */
export function shownPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Reads a YAML mapping; syntax errors name the file, line and column. */
function readYamlMapping(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`${shownPath(file)}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
    let parsed: unknown;
    try {
        parsed = yaml.load(text, { filename: file });
    } catch (error) {
        if (error instanceof yaml.YAMLException) {
            const where = `${shownPath(file)}:${error.mark.line + 1}:${error.mark.column + 1}`;
            throw new InputError(
                `${where}: ${error.reason}. Fix the YAML syntax on that line (indent with spaces, quote values that contain ": ").`,
            );
        }
        throw error;
    }
    if (parsed === undefined || parsed === null) {
        return {};
    }
    if (!isMapping(parsed)) {
        throw new InputError(
            `${shownPath(file)}: the file is not a YAML mapping. Start it with "config:" and indent one key: value pair per line under it.`,
        );
    }
    return parsed;
}

function configSection(file: string): Record<string, unknown> {
    const mapping = readYamlMapping(file);
    const stray = Object.keys(mapping).filter((key) => key.includes(":"));
    if (mapping.config === undefined && stray.length > 0) {
        throw new InputError(
            `${shownPath(file)}: ${stray.slice(0, 3).join(", ")}${stray.length > 3 ? ` and ${stray.length - 3} more` : ""} ` +
                `${stray.length === 1 ? "is" : "are"} at the top of the file, where Pulumi reads no settings. Put them under a "config:" line, indented.`,
        );
    }
    const config = mapping.config ?? {};
    if (!isMapping(config)) {
        throw new InputError(`${shownPath(file)}: "config" is not a mapping. Indent one key: value pair per line under "config:".`);
    }
    return config;
}

function isSecure(value: unknown): boolean {
    return isMapping(value) && "secure" in value;
}

function asConfigString(value: unknown): string {
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

/** The project name, its declared settings and the defaults of those that have one, fully qualified. */
export function readProject(projectDir = PROJECT_DIR): { name: string; settings: string[]; defaults: Record<string, string> } {
    const file = path.join(projectDir, "Pulumi.yaml");
    const project = readYamlMapping(file) as unknown as ProjectFile;
    const qualified = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
    const defaults: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration?.default !== undefined) {
            defaults[qualified(key)] = asConfigString(declaration.default);
        }
    }
    return { name: project.name, settings: Object.keys(project.config ?? {}).map(qualified), defaults };
}

/**
 * Parses one `--config` flag, `key=value`, as `pulumi preview --config` does: a key without a
 * namespace belongs to the project.
 */
export function parseConfigFlag(flag: string, project: string): [string, string] {
    const equals = flag.indexOf("=");
    if (equals <= 0) {
        throw new InputError(
            `--config "${flag}" is not key=value. Write it as --config ${project}:uiCpu=1024 (or uiCpu=1024 for this project's keys).`,
        );
    }
    const key = flag.slice(0, equals);
    return [key.includes(":") ? key : `${project}:${key}`, flag.slice(equals + 1)];
}

export interface StackConfigOptions {
    /** The project folder, holding `Pulumi.yaml`. @default PROJECT_DIR */
    readonly projectDir?: string;
    /** Read the stack's settings from this file rather than `Pulumi.<stack>.yaml`, like `pulumi --config-file`. */
    readonly configFile?: string;
    /** Fully qualified keys that replace or add to the file's, as `--config` flags do. @default {} */
    readonly overrides?: Readonly<Record<string, string>>;
}

/** The AWS provider's credential settings: a stack file may hold them only encrypted (`secure:`). */
export const CREDENTIAL_KEYS: readonly string[] = ["aws:accessKey", "aws:secretKey", "aws:token"];

/** The configuration `pulumi up --stack <stack>` would give the program. */
export function readStackConfig(stack: string, options: StackConfigOptions = {}): Record<string, string> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const overrides = options.overrides ?? {};
    const file = options.configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (options.configFile !== undefined && !fs.existsSync(file)) {
        throw new InputError(`--config-file ${options.configFile}: no such file. Name a stack file such as Pulumi.dev.yaml.`);
    }
    if (options.configFile === undefined && (!/^[\w.-]+$/.test(stack) || !fs.existsSync(file))) {
        throw new StackNotFoundError(
            `Stack "${stack}" has no Pulumi.${stack}.yaml in ${projectDir}. Known stacks: ${listStacks(projectDir).join(", ") || "none"}. ` +
                `Copy Pulumi.dev.yaml to Pulumi.${stack}.yaml to start one.`,
        );
    }
    const project = readProject(projectDir);
    const values: Record<string, string> = { ...project.defaults };
    const secrets: string[] = [];
    const section = configSection(file);
    const plaintext = CREDENTIAL_KEYS.filter((key) => section[key] !== undefined && !isSecure(section[key]));
    if (plaintext.length > 0) {
        // Never the value itself: naming the key is enough to find it.
        throw new InputError(
            `${shownPath(file)}: ${plaintext.join(", ")} ${plaintext.length === 1 ? "is" : "are"} in plain text, readable by anyone with the repository. ` +
                `Remove ${plaintext.length === 1 ? "it" : "them"} from the file and run ` +
                plaintext.map((key) => `pulumi config set --secret ${key} <value>`).join(", then ") +
                ` (or better, use aws:profile, SSO or OIDC instead of keys).`,
        );
    }
    for (const [key, value] of Object.entries(section)) {
        if (isSecure(value) && key.startsWith(`${project.name}:`) && !project.settings.includes(key)) {
            // Not a setting: no stand-in can help; the configuration check reports the key by name.
            values[key] = "";
        } else if (isSecure(value) && overrides[key] === undefined) {
            secrets.push(key);
        } else if (!isSecure(value)) {
            values[key] = asConfigString(value);
        }
    }
    if (secrets.length > 0) {
        throw new InputError(
            `${shownPath(file)}: ${secrets.join(", ")} ${secrets.length === 1 ? "is a secret" : "are secrets"} (secure: …) that only the Pulumi CLI can decrypt. ` +
                `Give ${secrets.length === 1 ? "it" : "each"} a stand-in value for this run: npm start -- --stack ${stack} ` +
                secrets.map((key) => `--config ${key}=<value>`).join(" "),
        );
    }
    return { ...values, ...overrides };
}
