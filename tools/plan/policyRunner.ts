/**
 * Runs the policy pack's policies over an evaluated program, in process, the way the Pulumi
 * analyzer does: resource policies see each resource's inputs, stack policies see every resource
 * with its parent, dependencies and property dependencies. Properties reach the policies exactly
 * as @pulumi/policy's server presents them (its own deserialiser and unknown-checking proxy), so
 * a value unknown in a first preview throws here as it does under `pulumi preview`, and a policy
 * that lets that error out is reported as the server reports it. The gRPC test proves the packaged pack.
 */
import * as fs from "fs";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
// A value the 1.21.0 typings leave untyped: the server's proxy.
import { unknownCheckingProxy } from "@pulumi/policy";
import { settingsOf } from "../../policies/lib";
import { POLICY_PACK_NAME, policies as packPolicies } from "../../policies/policies";
import { isUnknownValueError } from "../../policies/unknowns";
import { Evaluation, UNKNOWN } from "../harness/evaluate";
import { PROJECT_DIR } from "../harness/stackConfig";

// The server's own deserialiser (internal to @pulumi/policy, so not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: Struct, proxySecrets: boolean): Record<string, unknown>;
};

const PACK_VERSION: string = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")).version;

export interface Violation {
    readonly policy: string;
    /** The diagnostic's level: the policy's, or advisory for a note that it cannot decide (yet). */
    readonly level: EnforcementLevel;
    readonly message: string;
    readonly urn?: string;
}

/** What one policy reported: a message, the resource it names, and the diagnostic's level. */
export interface Finding {
    readonly message: string;
    readonly urn?: string;
    readonly level: EnforcementLevel;
}

/** Per-policy config as `--policy-pack-config` takes it: a level, or an object with one and settings. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

class NotApplicable extends Error {}

/* eslint-disable @typescript-eslint/no-explicit-any */
function policyConfig(policy: ResourceValidationPolicy | StackValidationPolicy, config: PackConfig) {
    const given = config[policy.name];
    const settings = typeof given === "object" ? given : {};
    const level: EnforcementLevel =
        (typeof given === "string" ? given : settings.enforcementLevel) ?? policy.enforcementLevel ?? "advisory";
    const { enforcementLevel: _ignored, ...values } = settings as Record<string, unknown>;
    return { level, values: settingsOf<Record<string, unknown>>(policy.configSchema, values) };
}

function common(values: Record<string, unknown>) {
    return {
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => values as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/**
 * Properties as the policy server hands them to a policy: sent as a protobuf Struct (which drops
 * undefined), read back by @pulumi/policy's deserialiser and wrapped in its unknown-checking proxy.
 */
export function analyzerProps(props: Record<string, unknown>): Record<string, any> {
    const wire = JSON.parse(JSON.stringify(props ?? {}));
    return unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(wire), false));
}

/** Plain properties without the values that are unknown in a first preview. */
function withoutUnknowns(value: unknown): any {
    if (Array.isArray(value)) {
        return value.filter((inner) => inner !== UNKNOWN).map(withoutUnknowns);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, inner]) => inner !== UNKNOWN)
                .map(([key, inner]) => [key, withoutUnknowns(inner)]),
        );
    }
    return value;
}

function linkedResources(
    evaluation: Evaluation,
    view: "inputs" | "outputs",
    present: (props: Record<string, unknown>) => Record<string, any>,
): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = evaluation.resources.map((resource) => {
        const props = present(view === "inputs" ? resource.inputs : { ...resource.inputs, ...resource.outputs });
        const policyResource = {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props,
            opts: {
                protect: resource.options.protect,
                ignoreChanges: [...resource.options.ignoreChanges],
                aliases: [],
                customTimeouts: {},
                additionalSecretOutputs: [],
            },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
        byUrn.set(resource.urn, policyResource);
        return policyResource;
    });
    evaluation.resources.forEach((resource, i) => {
        const target = resources[i] as any;
        target.parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
        target.dependencies = resource.dependencies.map((urn) => byUrn.get(urn)).filter(Boolean);
        target.propertyDependencies = Object.fromEntries(
            Object.entries(resource.propertyDependencies).map(([key, urns]) => [key, urns.map((urn) => byUrn.get(urn)).filter(Boolean)]),
        );
    });
    return resources;
}

/**
 * The stack's resources linked to their parents and dependencies, as plain objects for the
 * Service Connect map and the cost, which read inputs only: values unknown in a first preview are left out.
 */
export function toPolicyResources(evaluation: Evaluation, view: "inputs" | "outputs"): PolicyResource[] {
    return linkedResources(evaluation, view, withoutUnknowns);
}

/** The stack's resources exactly as AnalyzeStack presents them to stack policies (or, "inputs", Analyze). */
export function analyzerResources(evaluation: Evaluation, view: "inputs" | "outputs" = "outputs"): PolicyResource[] {
    return linkedResources(evaluation, view, analyzerProps);
}

/** Collects reports as the server's `makeReportViolationFun` does, objects with their own level included. */
function reporter(level: EnforcementLevel, found: Finding[]) {
    return (violation: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
        found.push(
            typeof violation === "string"
                ? { message: violation, urn, level }
                : { message: violation.message ?? "", urn: violation.urn, level: violation.enforcementLevel ?? level },
        );
    };
}

/** Runs one validation as the server does: the proxy's error becomes its advisory "can't run" note. */
async function guarded(policy: { name: string }, found: Finding[], validate: () => unknown): Promise<void> {
    try {
        await validate();
    } catch (error) {
        if (isUnknownValueError(error)) {
            const from = `policy '${policy.name}' from policy pack '${POLICY_PACK_NAME}@v${PACK_VERSION}'`;
            found.push({ message: `can't run ${from} during preview: ${error.message}`, level: "advisory" });
        } else if (!(error instanceof NotApplicable)) {
            throw error;
        }
    }
}

/** Runs one resource policy on one resource's inputs, presented as Analyze presents them. */
export async function runResourcePolicyFindings(
    policy: ResourceValidationPolicy,
    resource: { type: string; name?: string; urn?: string; props: Record<string, any> },
    values: Record<string, unknown> = {},
    level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Finding[]> {
    const found: Finding[] = [];
    const name = resource.name ?? "resource";
    for (const validate of [policy.validateResource ?? []].flat()) {
        const args = {
            type: resource.type,
            name,
            urn: resource.urn ?? `urn:pulumi:test::test::${resource.type}::${name}`,
            // A fresh presentation per validation, as the server deserialises for each.
            props: analyzerProps(resource.props),
            opts: {},
            isType: () => false,
            asType: () => undefined,
            ...common({ ...policyConfig(policy, {}).values, ...values }),
        };
        await guarded(policy, found, () => validate(args as any, reporter(level, found) as any));
    }
    return found;
}

/** Runs one resource policy on one resource's inputs; returns the messages. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resource: { type: string; name?: string; urn?: string; props: Record<string, any> },
    values: Record<string, unknown> = {},
): Promise<string[]> {
    return (await runResourcePolicyFindings(policy, resource, values)).map((f) => f.message);
}

/** Runs one stack policy over resources (see `analyzerResources`); returns what it reported. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: PolicyResource[],
    values: Record<string, unknown> = {},
    level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Finding[]> {
    const found: Finding[] = [];
    const args = { resources, ...common({ ...policyConfig(policy, {}).values, ...values }) };
    await guarded(policy, found, () => policy.validateStack!(args as any, reporter(level, found) as any));
    return found;
}

/** Runs the whole pack (or the given policies) over an evaluation, honouring policy config. */
export async function runPolicyPack(
    evaluation: Evaluation,
    config: PackConfig = {},
    policies: Policies = packPolicies,
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const outputs = analyzerResources(evaluation, "outputs");
    for (const policy of policies) {
        const { level, values } = policyConfig(policy, config);
        if (level === "disabled") {
            continue;
        }
        const found: Finding[] = [];
        if ("validateStack" in policy && policy.validateStack !== undefined) {
            found.push(...(await runStackPolicy(policy, outputs, values, level)));
        } else {
            for (const resource of evaluation.resources) {
                const props = resource.inputs;
                const findings = await runResourcePolicyFindings(policy as ResourceValidationPolicy, { ...resource, props }, values, level);
                found.push(...findings.map((f) => ({ ...f, urn: f.urn ?? resource.urn })));
            }
        }
        violations.push(...found.map(({ message, urn, level: foundLevel }) => ({ policy: policy.name, level: foundLevel, message, urn })));
    }
    return violations;
}

/** True when a violation should fail a preview or update. */
export function isBlocking(violation: Violation): boolean {
    return violation.level === "mandatory";
}
