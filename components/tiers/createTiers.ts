/**
 * Creates the tier components from the tier table, in start order (every tier after the tiers it
 * calls), each named `<project>-<tier>`. Tiers with resources of their own get their component;
 * every other tier gets the generic `YelbTier`.
 */
import * as pulumi from "@pulumi/pulumi";
import { componentName } from "../../model/naming";
import { TierTable, startOrder } from "../../model/tiers";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { Ingress } from "../ingress/ingress";
import { DatabaseStorage } from "../storage/databaseStorage";
import { AppserverScaling } from "../../model/scaling";
import { TierArgs, TierPlacement, TierSettings } from "./tierService";
import { YelbAppserver } from "./yelbAppserver";
import { YelbDb } from "./yelbDb";
import { YelbTier } from "./yelbTier";
import { YelbUi } from "./yelbUi";

/** The load balancer and the public name of the UI. */
export interface PublicEntry {
    readonly ingress: Ingress;
    readonly hostedZoneId: string;
    readonly domainName: string;
    readonly healthCheckGracePeriodSeconds: number;
}

export interface CreateTiersArgs {
    /** The tier table. */
    readonly tiers: TierTable;
    /** Each tier's image, size and count, by tier name. */
    readonly settings: Readonly<Record<string, TierSettings>>;
    readonly placement: TierPlacement;
    /** The appserver's autoscaling. */
    readonly appserverScaling: AppserverScaling;
    /** EFS storage for the database. @default none (task storage) */
    readonly databaseStorage?: DatabaseStorage;
    /**
     * How users reach the UI, made when the UI's turn comes: the load balancer then registers right
     * before the UI, after the tiers behind it.
     */
    readonly publicEntry: () => PublicEntry;
}

export type TierComponent = YelbUi | YelbAppserver | YelbDb | YelbTier;

/** The tier components by tier name, created in start order, each with `opts` (the stack's provider). */
export function createTiers(args: CreateTiersArgs, opts?: pulumi.ComponentResourceOptions): Record<string, TierComponent> {
    const components: Record<string, TierComponent> = {};
    for (const tier of startOrder(args.tiers)) {
        const definition = args.tiers[tier];
        const upstreams: Record<string, ServiceConnectService> = {};
        for (const dial of definition.contract.dials) {
            upstreams[dial.tier] = components[dial.tier].service;
        }
        const tierArgs: TierArgs = { tier, definition, placement: args.placement, upstreams, ...args.settings[tier] };
        const name = componentName(tier);
        switch (tier) {
            case "ui":
                components[tier] = new YelbUi(name, { ...tierArgs, ...args.publicEntry() }, opts);
                break;
            case "appserver":
                components[tier] = new YelbAppserver(name, { ...tierArgs, scaling: args.appserverScaling }, opts);
                break;
            case "db":
                components[tier] = new YelbDb(name, { ...tierArgs, storage: args.databaseStorage }, opts);
                break;
            default:
                components[tier] = new YelbTier(name, tierArgs, opts);
        }
    }
    return components;
}
