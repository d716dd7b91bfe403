/** What the configuration decides for one tier. */
import type { CapacityProviderStrategy } from "./capacityProviders";
import type { TaskSizing } from "./fargate";

/** A tier's own settings, from stack config. */
export interface TierSettings {
    /** Container image; the stock image by default in `Pulumi.yaml`. */
    readonly image: string;
    /** Task CPU and memory, and the proxy's share. */
    readonly sizing: TaskSizing;
    /** Tasks to run. */
    readonly desiredCount: number;
    /** Capacity providers for the tier's tasks, such as Fargate Spot. @default on-demand FARGATE */
    readonly capacityProviderStrategy?: readonly CapacityProviderStrategy[];
    /** The image comes through the stack's ECR pull through cache. @default false */
    readonly pullThroughCache?: boolean;
}
