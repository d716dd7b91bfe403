/**
 * Loads the deployments configuration as the Pulumi CLI would hand it over (Pulumi.yaml's
 * defaults overlaid with a stack's values, fully qualified) without running the program.
 */
import * as assert from "assert";
import * as path from "path";
import { DeploymentsConfig, DeploymentsConfigError, PolicyPackInspector, loadDeploymentsConfig } from "../../deployments/config";
import { readProject } from "../../tools/harness/stackConfig";
import { DEPLOYMENTS_DIR, DEV, PROD, PROJECT } from "./fixtures";

export const PACK_DIR = path.resolve(DEPLOYMENTS_DIR, "../dist/policy-pack");
/** The settings Pulumi.yaml declares without a default. */
export const REQUIRED = ["organization", "repository"];

/** Values by short key; structured ones as JS values, as `pulumi config set --path` stores them. */
export type Values = Record<string, unknown>;

export const BASE: Values = { organization: "acme", repository: "acme/yelb", stacks: [DEV, PROD] };

/** A pack folder that has a PulumiPolicy.yaml and package.json version 1.2.3 only at PACK_DIR. */
export const inspector: PolicyPackInspector = (directory) => (directory === PACK_DIR ? { version: "1.2.3" } : undefined);

/**
 * The configuration the CLI would pass: Pulumi.yaml's defaults, then the values, as fully
 * qualified keys with structured values as JSON text. An `undefined` value removes the key.
 */
export function cliConfig(values: Values): Record<string, string> {
    const merged: Record<string, string> = { ...readProject(DEPLOYMENTS_DIR).defaults };
    for (const [name, value] of Object.entries(values)) {
        const key = name.includes(":") ? name : `${PROJECT}:${name}`;
        if (value === undefined) {
            delete merged[key];
        } else {
            merged[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return merged;
}

export function load(overrides: Values = {}, inspect: PolicyPackInspector = inspector): DeploymentsConfig {
    return loadDeploymentsConfig(cliConfig({ ...BASE, ...overrides }), inspect, DEPLOYMENTS_DIR);
}

/** The problems loading `config` reports; none when it loads. */
export function problemsOf(config: Record<string, string>, inspect: PolicyPackInspector = inspector): readonly string[] {
    try {
        loadDeploymentsConfig(config, inspect, DEPLOYMENTS_DIR);
    } catch (error) {
        assert.ok(error instanceof DeploymentsConfigError, `expected DeploymentsConfigError, got ${error}`);
        return error.problems;
    }
    return [];
}

/** Loads config that must fail, and returns the problems it reported. */
export function problems(overrides: Values, inspect?: PolicyPackInspector): readonly string[] {
    const found = problemsOf(cliConfig({ ...BASE, ...overrides }), inspect);
    assert.ok(found.length > 0, `expected ${JSON.stringify(overrides)} to be rejected`);
    return found;
}

export function onlyProblem(overrides: Values, inspect?: PolicyPackInspector): string {
    const found = problems(overrides, inspect);
    assert.strictEqual(found.length, 1, found.join("\n"));
    return found[0];
}
