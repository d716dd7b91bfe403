/** What the program asked AWS before registering anything, as the components report it and config/ judges it. */

/** What Route 53 said about the zone: its name and whether it is private, or why it could not be read. */
export type ZoneLookup = { readonly name: string; readonly privateZone: boolean } | { readonly error: string };

/** The ARN of the stack's role boundary, and why IAM could not show it, when it could not. */
export interface RoleBoundaryLookup {
    readonly arn: string;
    /** @default none: IAM has the policy */
    readonly error?: string;
}
