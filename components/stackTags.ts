/**
 * Tags every resource the deploy role holds to its stack by tags with that stack's tags. Most
 * resources are auto-named without the stack, so the tags are what tells a dev deployment's
 * resources from prod's; the permission table says which types need them.
 */
import * as pulumi from "@pulumi/pulumi";
import { STACK_TAGGED_TYPES } from "../model/permissions/table";
import { stackTags } from "../model/naming";

/** Adds the stack's tags to the `tags` of each such resource; the stack's tags win over any given. */
export function tagStackResources(stack: string): void {
    const tags = stackTags(stack);
    pulumi.runtime.registerStackTransformation((args) =>
        STACK_TAGGED_TYPES.includes(args.type)
            ? {
                  props: { ...args.props, tags: pulumi.output(args.props.tags).apply((given) => ({ ...(given ?? {}), ...tags })) },
                  opts: args.opts,
              }
            : undefined,
    );
}
