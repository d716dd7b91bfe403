/**
 * Runs the policy pack's policies over an evaluated program, in process, the way the Pulumi
 * analyzer would: resource policies see each resource's inputs, stack policies see every resource
 * with its parent, dependencies and property dependencies. The gRPC test proves the packaged pack.
 */
import type { EnforcementLevel, Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { settingsOf } from "../policies/lib";
import { policies as packPolicies } from "../policies/policies";
import { Evaluation } from "./harness";

export interface Violation {
    readonly policy: string;
    readonly level: EnforcementLevel;
    readonly message: string;
    readonly urn?: string;
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

/** Builds the analyzer's view of the stack: resources linked to their parents and dependencies. */
export function toPolicyResources(evaluation: Evaluation, view: "inputs" | "outputs"): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = evaluation.resources.map((resource) => {
        const policyResource = {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props: view === "inputs" ? resource.inputs : { ...resource.inputs, ...resource.outputs },
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

/** Runs one resource policy on one resource's properties; returns the violation messages. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resource: { type: string; name?: string; urn?: string; props: Record<string, any> },
    values: Record<string, unknown> = {},
): Promise<string[]> {
    const messages: string[] = [];
    const validations = [policy.validateResource ?? []].flat();
    const name = resource.name ?? "resource";
    const args = {
        type: resource.type,
        name,
        urn: resource.urn ?? `urn:pulumi:test::test::${resource.type}::${name}`,
        props: resource.props,
        opts: {},
        isType: () => false,
        asType: () => undefined,
        ...common({ ...policyConfig(policy, {}).values, ...values }),
    };
    for (const validate of validations) {
        try {
            await validate(args as any, (message: string) => messages.push(message));
        } catch (error) {
            if (!(error instanceof NotApplicable)) {
                throw error;
            }
        }
    }
    return messages;
}

/** Runs one stack policy over a set of resources; returns the violations as message and URN. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: PolicyResource[],
    values: Record<string, unknown> = {},
): Promise<{ message: string; urn?: string }[]> {
    const found: { message: string; urn?: string }[] = [];
    try {
        await policy.validateStack!(
            { resources, ...common({ ...policyConfig(policy, {}).values, ...values }) } as any,
            (message: string, urn?: string) => found.push({ message, urn }),
        );
    } catch (error) {
        if (!(error instanceof NotApplicable)) {
            throw error;
        }
    }
    return found;
}

/** Runs the whole pack (or the given policies) over an evaluation, honouring policy config. */
export async function runPolicyPack(
    evaluation: Evaluation,
    config: PackConfig = {},
    policies: Policies = packPolicies,
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const inputs = toPolicyResources(evaluation, "inputs");
    const outputs = toPolicyResources(evaluation, "outputs");
    for (const policy of policies) {
        const { level, values } = policyConfig(policy, config);
        if (level === "disabled") {
            continue;
        }
        if ("validateStack" in policy && policy.validateStack !== undefined) {
            for (const { message, urn } of await runStackPolicy(policy, outputs, values)) {
                violations.push({ policy: policy.name, level, message, urn });
            }
        } else {
            for (const resource of inputs) {
                for (const message of await runResourcePolicy(policy as ResourceValidationPolicy, resource, values)) {
                    violations.push({ policy: policy.name, level, message, urn: resource.urn });
                }
            }
        }
    }
    return violations;
}

/** True when a violation should fail a preview or update. */
export function isBlocking(violation: Violation): boolean {
    return violation.level === "mandatory";
}
