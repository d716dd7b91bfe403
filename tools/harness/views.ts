/**
 * How much the engine knows when it runs the program: on a stack's first preview nothing exists,
 * so every output a provider computes (ARNs, IDs, names) is unknown; on an update (or a preview of
 * a stack that exists) they are known. Kept free of imports so the CLI can check `--view` before
 * it loads the Pulumi SDK.
 */
export type View = "first-preview" | "update";
export const VIEWS: readonly View[] = ["first-preview", "update"];
