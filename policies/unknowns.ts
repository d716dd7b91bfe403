/**
 * Values that are unknown during a preview. On a stack's first preview every output a provider
 * computes (ARNs, IDs, names) is unknown, and @pulumi/policy wraps each resource's properties in a
 * proxy that throws its `UnknownValueError` on any read of one. Left alone, that error ends the
 * whole policy for the whole stack with one advisory "can't run policy … during preview". Here it
 * ends only the check of the one resource that needed the value, which gets an advisory note
 * naming it, and the policy goes on judging every other resource.
 */
import type { PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

/** The fields @pulumi/policy's `UnknownValueError` sets besides its message (proxy.js; untyped in 1.21.0). */
interface UnknownValueErrorFields {
    /** The sentinel of the value's kind (string, number, Array, ...), as the engine sends it. */
    readonly unknownTypeSentinel: string;
    /** The property path of the unknown value, such as `["taskDefinition", "arn"]`. */
    readonly props: readonly string[];
}

/**
 * True for the error @pulumi/policy's proxy throws when a policy reads a value unknown in a
 * preview. Recognised by its fields, as `RunError.isInstance` recognises its errors by a brand,
 * not by `instanceof`: the offline plan presents resources through the root's copy of
 * @pulumi/policy, while the pack, once its own packages are installed, loads `policies/`'s copy,
 * and a class of one copy is not the class of the other.
 */
export function isUnknownValueError(error: unknown): error is Error & UnknownValueErrorFields {
    if (!(error instanceof Error)) {
        return false;
    }
    const fields = error as Partial<UnknownValueErrorFields>;
    return typeof fields.unknownTypeSentinel === "string" && Array.isArray(fields.props);
}

/** The outcome of reading a value that may be unknown. */
export type Read<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly error: Error };

/** Reads a value, turning the proxy's unknown-value error into `{ known: false }`. */
export function read<T>(get: () => T): Read<T> {
    try {
        return { known: true, value: get() };
    } catch (error) {
        if (isUnknownValueError(error)) {
            return { known: false, error };
        }
        throw error;
    }
}

/** A value when it is known; `undefined` when it is absent or unknown. */
export function knownOrUndefined<T>(get: () => T): T | undefined {
    const result = read(get);
    return result.known ? result.value : undefined;
}

/** Called for a resource a check cannot decide, with the proxy's error naming the unknown value. */
export type OnUnknown = (resource: PolicyResource, error: Error) => void;

/** The default for helpers called without a handler: the error goes on up, as it would unhandled. */
export const rethrow: OnUnknown = (_resource, error) => {
    throw error;
};

/**
 * The violation object the policy server accepts besides a message (server.js
 * `makeReportViolationFun`; missing from the 1.21.0 typings). The server reports its own
 * "can't run policy" note this way, advisory whatever the policy's level.
 */
interface ViolationObject {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel: "advisory";
}

/** The advisory note for a resource a policy cannot decide yet. */
export function undecidedMessage(resourceName: string, error: Error): string {
    return (
        `Cannot check ${resourceName} in this preview: ${error.message}, as it comes from a resource that does not ` +
        `exist yet. The check runs once the value is known (\`pulumi up\` and every later preview); to have it ` +
        `checked on a first preview too, take the value from the resource it refers to (so that the engine ` +
        `records the dependency), or give it literally.`
    );
}

/** Reports, once per resource and value, that the policy cannot decide this resource yet. */
export function undecidedReporter(reportViolation: ReportViolation): OnUnknown {
    const reported = new Set<string>();
    return (resource, error) => {
        const message = undecidedMessage(resource.name, error);
        if (!reported.has(`${resource.urn}|${message}`)) {
            reported.add(`${resource.urn}|${message}`);
            const violation: ViolationObject = { message, urn: resource.urn, enforcementLevel: "advisory" };
            (reportViolation as unknown as (violation: ViolationObject) => void)(violation);
        }
    };
}

/**
 * Runs a check of each subject on its own: an unknown value makes a note for that subject's
 * resource only, and the other subjects are still judged.
 */
export function checkEach<T>(
    subjects: readonly T[],
    onUnknown: OnUnknown,
    check: (subject: T) => void,
    resourceOf: (subject: T) => PolicyResource = (subject) => subject as PolicyResource,
): void {
    for (const subject of subjects) {
        const result = read(() => check(subject));
        if (!result.known) {
            onUnknown(resourceOf(subject), result.error);
        }
    }
}

/** A resource validation whose unknown reads make a note for that resource, not "can't run policy". */
export function decidingPerResource(validate: ResourceValidation): ResourceValidation {
    return async (args: ResourceValidationArgs, reportViolation) => {
        try {
            await validate(args, reportViolation);
        } catch (error) {
            if (!isUnknownValueError(error)) {
                throw error;
            }
            undecidedReporter(reportViolation)({ name: args.name, urn: args.urn } as PolicyResource, error);
        }
    };
}
