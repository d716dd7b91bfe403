/** Fargate capacity providers: which a cluster offers, and the strategy that runs a tier on Fargate Spot. */

/** How a service spreads its tasks over capacity providers (`base` tasks first, the rest by weight). */
export interface CapacityProviderStrategy {
    readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
    readonly weight: number;
    readonly base?: number;
}

/** The Fargate capacity providers a cluster must have before a service may name them. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

/** The cluster's default: on-demand Fargate, as the launch type gives the services that keep it. */
export const ON_DEMAND_STRATEGY: readonly CapacityProviderStrategy[] = [{ capacityProvider: "FARGATE", weight: 1 }];

/**
 * Every task of a tier on Fargate Spot. Spot capacity can be reclaimed with two minutes' notice, and
 * ECS then starts a replacement; a tier that must not lose its only task stays on the launch type.
 */
export const SPOT_STRATEGY: readonly CapacityProviderStrategy[] = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];

/** A service's placement: the FARGATE launch type, or the capacity provider strategy given instead. */
export function fargatePlacement(
    strategy: readonly CapacityProviderStrategy[] | undefined,
): { launchType: "FARGATE" } | { capacityProviderStrategies: CapacityProviderStrategy[] } {
    return strategy === undefined ? { launchType: "FARGATE" } : { capacityProviderStrategies: strategy.map((s) => ({ ...s })) };
}
