/** Fargate capacity providers: which a cluster offers, and the strategy that runs a tier on Fargate Spot. */

/** How a service spreads its tasks over capacity providers (`base` tasks first, the rest by weight). */
export interface CapacityProviderStrategy {
    readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
    readonly weight: number;
    readonly base?: number;
}

/** The Fargate capacity providers a cluster must have before a service may name them. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

/** On-demand Fargate: the cluster's default, and the strategy of every tier not on Spot. */
export const ON_DEMAND_STRATEGY: readonly CapacityProviderStrategy[] = [{ capacityProvider: "FARGATE", weight: 1 }];

/**
 * Every task of a tier on Fargate Spot. Spot capacity can be reclaimed with two minutes' notice, and
 * ECS then starts a replacement; a tier that must not lose its only task stays on on-demand Fargate.
 */
export const SPOT_STRATEGY: readonly CapacityProviderStrategy[] = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];

/**
 * A service's placement: always a capacity provider strategy (on-demand unless one is given), never
 * the launch type, with `forceNewDeployment`. The AWS provider replaces a service whose strategy goes
 * from none to some or back (its launch_type is ForceNew too), and replaces one whose strategy
 * changes at all unless force_new_deployment is true (terraform-provider-aws
 * internal/service/ecs/service.go, capacityProviderStrategyCustomizeDiff). So moving a tier on or
 * off Spot is an in-place update that rolls its tasks, as a strategy change must (ECS's
 * UpdateService). The cost: every update of a service starts a new deployment.
 */
export function fargatePlacement(strategy: readonly CapacityProviderStrategy[] | undefined): {
    capacityProviderStrategies: CapacityProviderStrategy[];
    forceNewDeployment: true;
} {
    return { capacityProviderStrategies: (strategy ?? ON_DEMAND_STRATEGY).map((s) => ({ ...s })), forceNewDeployment: true };
}
