/** An autoscaled tier's bounds and targets: pure, so the config loader and the component share the rule. */

export interface TierScaling {
    /** Fewest tasks the autoscaler keeps. */
    readonly minCount: number;
    /** Most tasks the autoscaler starts. */
    readonly maxCount: number;
    /** Average service CPU utilisation (percent) to hold. */
    readonly cpuTargetPercent: number;
    /** Seconds between scale-out steps. @default 60 */
    readonly scaleOutCooldownSeconds?: number;
    /** Seconds between scale-in steps. @default 300 */
    readonly scaleInCooldownSeconds?: number;
    /**
     * Service Connect requests per task per minute to hold, as a second target tracking policy
     * (needs Container Insights for the running task count); 0 turns it off.
     */
    readonly requestsPerTaskTarget: number;
}

/** The names the caller knows the three numbers by (config keys, or a component's arguments). */
export interface ScalingBoundNames {
    readonly min: string;
    readonly max: string;
    readonly desired: string;
}

/** Checks min ≤ desired ≤ max; returns an error naming the numbers as `names` does, or undefined. */
export function validateScalingBounds(
    scaling: Pick<TierScaling, "minCount" | "maxCount">,
    desiredCount: number,
    keys: ScalingBoundNames,
): string | undefined {
    if (scaling.minCount > scaling.maxCount) {
        return `${keys.min} (${scaling.minCount}) is greater than ${keys.max} (${scaling.maxCount}). Set the minimum at or below the maximum.`;
    }
    if (desiredCount < scaling.minCount || desiredCount > scaling.maxCount) {
        return (
            `${keys.desired} (${desiredCount}) is outside the autoscaling range ${scaling.minCount}..${scaling.maxCount}. ` +
            `Use a count from ${scaling.minCount} to ${scaling.maxCount}.`
        );
    }
    return undefined;
}
