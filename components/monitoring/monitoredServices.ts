import * as pulumi from "@pulumi/pulumi";
import type { TierSettings } from "../../model/tierSettings";
import { TierTable } from "../../model/tiers";
import type { MonitoredService, WatchedCall } from "./monitoring";

/**
 * What monitoring watches, from the tier table: every tier's service, and the call to the upstream
 * a tier's `watchedUpstream` names. Undefined when no tier names one, or that upstream publishes no
 * endpoint: then there is no call whose errors and latency to alarm on.
 */
export function monitoredServices(
    tiers: TierTable,
    serviceNames: Readonly<Record<string, pulumi.Input<string>>>,
    settings: Readonly<Record<string, Pick<TierSettings, "desiredCount">>>,
    scheduled: boolean,
): { readonly services: MonitoredService[]; readonly watchedCall: WatchedCall } | undefined {
    const watcher = Object.keys(tiers).find((tier) => tiers[tier].watchedUpstream !== undefined);
    const discoveryName = watcher === undefined ? undefined : tiers[tiers[watcher].watchedUpstream!].contract.endpoint?.discoveryName;
    if (watcher === undefined || discoveryName === undefined) {
        return undefined;
    }
    return {
        services: Object.entries(tiers).map(([tier, definition]) => ({
            label: tier,
            serviceName: serviceNames[tier],
            discoveryName: definition.contract.endpoint?.discoveryName,
            httpEndpoint: definition.contract.appProtocol !== undefined,
            // A tier set to no tasks, or on a schedule, has hours without tasks: alarming then would only cry wolf.
            expectsTasks: settings[tier].desiredCount > 0 && !scheduled,
        })),
        watchedCall: { label: discoveryName, clientServiceName: serviceNames[watcher], targetDiscoveryName: discoveryName },
    };
}
