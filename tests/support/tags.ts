/**
 * The tags the AWS provider sends when it creates a resource (its `tags_all`): the default tags of
 * the provider the resource is created with, overridden key by key by the resource's own `tags`,
 * as terraform-provider-aws merges them. Test-only: the permission tests hold IAM's tag
 * conditions against these, not against the `tags` a program happens to pass.
 */
import type { Evaluation } from "../../tools/harness/evaluate";

type Tags = Readonly<Record<string, string>>;

/** What of a resource decides its tags: the provider it is created with and its own `tags`. */
export interface Taggable {
    readonly provider?: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

/** The default tags of a registered provider; a provider's inputs carry them as JSON text. */
export function providerDefaultTags(ev: Evaluation, providerUrn: string | undefined): Tags {
    if (providerUrn === undefined) {
        return {};
    }
    const provider = ev.resources.find((r) => r.urn === providerUrn);
    if (provider === undefined) {
        throw new Error(`the plan of ${ev.stack} has no provider ${providerUrn}`);
    }
    const given = provider.inputs.defaultTags;
    const parsed = (typeof given === "string" ? JSON.parse(given) : given) as { tags?: Tags } | undefined;
    return parsed?.tags ?? {};
}

/** The tags a resource is created with, as the provider computes `tags_all`. */
export function tagsAll(ev: Evaluation, resource: Taggable): Tags {
    return { ...providerDefaultTags(ev, resource.provider), ...((resource.inputs.tags as Tags | undefined) ?? {}) };
}
