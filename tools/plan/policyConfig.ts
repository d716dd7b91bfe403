/**
 * Reads and checks a `--policy-config` file the way the Pulumi CLI checks `--policy-config`: every
 * key names a policy of the pack (or "all"), every enforcement level is one the engine knows, and
 * every property is one the policy's `configSchema` declares, of the declared type.
 */
import * as fs from "fs";
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { problemList } from "../../model/settings/problems";
import { closestNames } from "../../model/names";
import { InputError, shownPath } from "../harness/stackConfig";
import type { PackConfig } from "./policyRunner";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

interface PropertySchema {
    readonly type?: string;
    readonly enum?: readonly unknown[];
    readonly minimum?: number;
    readonly maximum?: number;
    readonly items?: PropertySchema;
}

function typeProblem(value: unknown, schema: PropertySchema): string | undefined {
    const matches: Record<string, (v: unknown) => boolean> = {
        string: (v) => typeof v === "string",
        number: (v) => typeof v === "number",
        integer: (v) => Number.isInteger(v),
        boolean: (v) => typeof v === "boolean",
        array: (v) => Array.isArray(v),
        object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
    };
    if (schema.type !== undefined && matches[schema.type] !== undefined && !matches[schema.type](value)) {
        return `must be ${schema.type === "integer" || schema.type === "array" || schema.type === "object" ? "an" : "a"} ${schema.type}`;
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
        return `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
        return `must be at least ${schema.minimum}`;
    }
    if (typeof value === "number" && schema.maximum !== undefined && value > schema.maximum) {
        return `must be at most ${schema.maximum}`;
    }
    if (Array.isArray(value) && schema.items !== undefined) {
        const index = value.findIndex((item) => typeProblem(item, schema.items!) !== undefined);
        return index < 0 ? undefined : `item ${index} ${typeProblem(value[index], schema.items)}`;
    }
    return undefined;
}

function levelProblem(where: string, level: unknown): string | undefined {
    if (typeof level === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(level)) {
        return undefined;
    }
    const close = typeof level === "string" ? closestNames(level, ENFORCEMENT_LEVELS, 1) : [];
    return (
        `${where}: ${JSON.stringify(level)} is not an enforcement level.` +
        `${close.length > 0 ? ` Did you mean "${close[0]}"?` : ""} Use one of ${ENFORCEMENT_LEVELS.join(", ")}.`
    );
}

/** Every problem with a policy configuration, each naming the policy, the property and what is allowed. */
export function policyConfigProblems(config: unknown, policies: Policies): string[] {
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        return [`the file must hold a JSON object of policy names, such as {"service-connect-proxy-headroom": "mandatory"}.`];
    }
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    const problems: string[] = [];
    for (const [name, given] of Object.entries(config)) {
        const policy = byName.get(name);
        if (policy === undefined && name !== "all") {
            const close = closestNames(name, byName.keys(), 1);
            problems.push(
                `"${name}" is not a policy of this pack.${close.length > 0 ? ` Did you mean "${close[0]}"?` : ""} ` +
                    `Use "all" or one of ${[...byName.keys()].join(", ")}.`,
            );
            continue;
        }
        if (typeof given === "string" || given === null || typeof given !== "object" || Array.isArray(given)) {
            problems.push(...[levelProblem(name, given)].filter((p): p is string => p !== undefined));
            continue;
        }
        const properties = (policy?.configSchema?.properties ?? {}) as Record<string, PropertySchema>;
        for (const [property, value] of Object.entries(given as Record<string, unknown>)) {
            if (property === "enforcementLevel") {
                problems.push(...[levelProblem(`${name}.enforcementLevel`, value)].filter((p): p is string => p !== undefined));
            } else if (properties[property] === undefined) {
                const known = Object.keys(properties);
                problems.push(
                    `${name}.${property} is not a property of ${name === "all" ? '"all", which takes only enforcementLevel' : "this policy"}. ` +
                        `Use ${["enforcementLevel", ...known].join(", ")}.`,
                );
            } else {
                const problem = typeProblem(value, properties[property]);
                if (problem !== undefined) {
                    problems.push(`${name}.${property}: ${JSON.stringify(value)} ${problem}.`);
                }
            }
        }
    }
    return problems;
}

/** Reads the `--policy-config` file; every mistake in it is an `InputError` naming the file. */
export function readPolicyConfig(file: string, policies: Policies): PackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new InputError(
            `--policy-config ${file}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? String(error)})`}. ` +
                `Name a JSON file such as {"service-connect-proxy-headroom": "mandatory"}.`,
        );
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (error) {
        throw new InputError(`--policy-config ${shownPath(file)}: not valid JSON (${(error as Error).message}). Fix the syntax.`);
    }
    const problems = policyConfigProblems(config, policies);
    if (problems.length > 0) {
        throw new InputError(problemList(`--policy-config ${shownPath(file)}`, problems));
    }
    return config as PackConfig;
}
