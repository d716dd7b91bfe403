/**
 * The AWS provider every resource of the stack is created with. Most resources are auto-named
 * without the stack, so the stack's tags are what holds a deploy role to its own stack's
 * resources; as the provider's default tags they are in every create request (the provider's
 * `tags_all`), awsx's VPC children included, which a transformation of the program never reaches.
 */
import * as aws from "@pulumi/aws";
import { stackTags } from "../model/naming";

export interface StackProviderArgs {
    /** The stack's name, whose tags every taggable resource carries. */
    readonly stack: string;
    /** The stack's region (`aws:region`, validated). */
    readonly region: string;
    /**
     * The stack's other `aws:` settings, as the default provider would have read them: an explicit
     * provider reads none of them by itself. @default {} (credentials from the environment)
     */
    readonly settings?: Omit<aws.ProviderArgs, "region" | "defaultTags">;
    /** Tags the stack itself sets in `aws:defaultTags`. @default {} */
    readonly defaultTags?: Readonly<Record<string, string>>;
}

/** The tags every taggable resource of the stack carries: the stack's own over any the stack sets. */
export function stackDefaultTags(stack: string, given: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...given, ...stackTags(stack) };
}

/** The stack's AWS provider; pass it to every top-level component (`providers`) and resource (`provider`). */
export function stackProvider(name: string, args: StackProviderArgs): aws.Provider {
    return new aws.Provider(name, {
        ...args.settings,
        region: args.region,
        defaultTags: { tags: stackDefaultTags(args.stack, args.defaultTags) },
    });
}
