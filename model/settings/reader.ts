/**
 * Reads one project's settings from the configuration the Pulumi CLI hands a program (fully
 * qualified keys, with `Pulumi.yaml`'s declared defaults already applied) and collects every
 * problem instead of stopping at the first. It remembers each key it reads: those are the
 * declared settings, so a key nobody reads is reported as a mistake (`undeclaredKeys`).
 * The Yelb program (`config/`) and the deployments program (`deployments/`) both read through it.
 */
import { undeclaredKeyProblems } from "./keys";

/** Configuration as the CLI hands it to a program: fully qualified keys and their values. */
export type ConfigValues = Readonly<Record<string, string | undefined>>;

export class SettingsReader {
    readonly problems: string[] = [];
    readonly warnings: string[] = [];
    private readonly declared = new Set<string>();
    /** Settings whose value was refused: rules that combine them with others say nothing more about them. */
    private readonly refused = new Set<string>();

    constructor(
        private readonly values: ConfigValues,
        /** The project's namespace, such as `yelb`. */
        readonly namespace: string,
    ) {}

    /** Whether the setting has a value this reader accepted (its own rule; combined rules come after). */
    accepted(name: string): boolean {
        return this.has(name) && !this.refused.has(name);
    }

    /**
     * Reports what a rule over several settings found, unless one of them was refused: that one has
     * its own message, and the rule would only speak of the stand-in the reader returned for it.
     */
    reportCombined(names: readonly string[], problem: string | undefined): void {
        if (!names.some((name) => this.refused.has(name))) {
            this.report(problem);
        }
    }

    /** A value the setting's reader cannot use: said here, and left out of every rule that combines it. */
    private refuse(name: string, problem: string): void {
        this.problems.push(problem);
        this.refused.add(name);
    }

    /** The fully qualified key of one of the project's settings. */
    key(name: string): string {
        return `${this.namespace}:${name}`;
    }

    /** Reads any fully qualified key (such as `aws:region`), marking it as declared. */
    readKey(key: string): string | undefined {
        this.declared.add(key);
        return this.values[key];
    }

    /** True when the setting has a value (possibly ""): checks of a missing value are left to the "no value" problem. */
    has(name: string): boolean {
        return this.values[this.key(name)] !== undefined;
    }

    /** The trimmed value, or undefined when the key is unset or empty. */
    optional(name: string): string | undefined {
        const value = this.readKey(this.key(name))?.trim();
        return value === undefined || value === "" ? undefined : value;
    }

    /** A setting `Pulumi.yaml` gives a default, so the CLI always passes a value (possibly ""). */
    text(name: string): string {
        const value = this.readKey(this.key(name));
        if (value === undefined) {
            this.problems.push(`${this.key(name)} has no value. Declare it with a default in Pulumi.yaml, or set it in the stack file.`);
            return "";
        }
        return value.trim();
    }

    /** A setting without a default; `example` shows how to set it. */
    required(name: string, example: string): string {
        const value = this.optional(name);
        if (value === undefined) {
            this.problems.push(`${this.key(name)} is required. Set it with \`pulumi config set ${name} ${example}\`.`);
        }
        return value ?? "";
    }

    integer(name: string, min: number, max: number): number {
        const value = this.text(name);
        if (!/^-?\d+$/.test(value)) {
            if (this.has(name)) {
                this.refuse(name, `${this.key(name)}: "${value}" is not a whole number. Use a whole number from ${min} to ${max}.`);
            }
            return min;
        }
        const parsed = Number(value);
        if (parsed < min || parsed > max) {
            this.refuse(name, `${this.key(name)}: ${parsed} is out of range. Use a whole number from ${min} to ${max}.`);
        }
        return parsed;
    }

    boolean(name: string): boolean {
        const value = this.text(name);
        if (value !== "true" && value !== "false") {
            if (this.has(name)) {
                this.refuse(name, `${this.key(name)}: "${value}" is not a boolean. Use true or false.`);
            }
            return false;
        }
        return value === "true";
    }

    oneOf<T extends string>(name: string, allowed: readonly T[]): T {
        const value = this.text(name);
        if (!(allowed as readonly string[]).includes(value)) {
            if (this.has(name)) {
                this.refuse(name, `${this.key(name)}: "${value}" is not allowed. Use one of ${allowed.join(", ")}.`);
            }
            return allowed[0];
        }
        return value as T;
    }

    /** A structured setting (a list or an object), as the CLI passes it: JSON text. */
    json(name: string): unknown {
        const value = this.optional(name);
        if (value === undefined) {
            return undefined;
        }
        try {
            return JSON.parse(value);
        } catch {
            this.refuse(name, `${this.key(name)} is not valid JSON (${value.slice(0, 40)}…). Set it as structured YAML in the stack file.`);
            return undefined;
        }
    }

    /** Records a problem a rule returned, if any. */
    report(problem: string | undefined): void {
        if (problem !== undefined) {
            this.problems.push(problem);
        }
    }

    warn(warning: string | undefined): void {
        if (warning !== undefined) {
            this.warnings.push(warning);
        }
    }

    /** Problems for keys given but never read: call it after every setting has been read. */
    undeclaredKeys(): string[] {
        const given = Object.keys(this.values).filter((key) => this.values[key] !== undefined);
        return undeclaredKeyProblems(this.namespace, given, this.declared);
    }

    /** Every problem, unread keys first; empty when the configuration is valid. */
    allProblems(): string[] {
        return [...this.undeclaredKeys(), ...this.problems];
    }
}
