/**
 * Creates the tier components from the tier table, in start order (every tier after the tiers it
 * calls), each named `<project>-<tier>`. A tier with a role gets the component its role's factory
 * makes; every other tier gets the generic `YelbTier`. Nothing here knows a tier by its name.
 */
import * as pulumi from "@pulumi/pulumi";
import { componentName } from "../../model/naming";
import { TierRole, TierTable, startOrder } from "../../model/tiers";
import { TierScaling } from "../../model/scaling";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { Ingress } from "../ingress/ingress";
import { DatabaseStorage } from "../storage/databaseStorage";
import { TierArgs, TierComponent, TierPlacement, TierSettings } from "./tierService";
import { YelbAppserver } from "./yelbAppserver";
import { YelbDb } from "./yelbDb";
import { YelbTier } from "./yelbTier";
import { YelbUi } from "./yelbUi";

/** The load balancer and the public name of the entry tier. */
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
    /** How users reach the entry tier. @default none: a table with an entry tier needs it */
    readonly entry?: PublicEntry;
    /** The autoscaled tier's bounds and targets. @default none: a table with an autoscaled tier needs it */
    readonly scaling?: TierScaling;
    /** EFS storage for the database tier. @default none (task storage) */
    readonly databaseStorage?: DatabaseStorage;
}

type TierFactory = (name: string, tier: TierArgs, args: CreateTiersArgs, opts?: pulumi.ComponentResourceOptions) => TierComponent;

/** The component of each role; a new role registers its factory here. */
const FACTORIES: { readonly [R in TierRole]: TierFactory } = {
    entry: (name, tier, args, opts) => new YelbUi(name, { ...tier, ...required(args.entry, tier, "entry") }, opts),
    autoscaled: (name, tier, args, opts) => new YelbAppserver(name, { ...tier, scaling: required(args.scaling, tier, "scaling") }, opts),
    database: (name, tier, args, opts) => new YelbDb(name, { ...tier, storage: args.databaseStorage }, opts),
};

function required<T>(value: T | undefined, tier: TierArgs, arg: keyof CreateTiersArgs): T {
    if (value === undefined) {
        throw new Error(`tier ${tier.tier} has the role "${tier.definition.role}", which needs createTiers' ${arg} argument.`);
    }
    return value;
}

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
        components[tier] =
            definition.role === undefined ? new YelbTier(name, tierArgs, opts) : FACTORIES[definition.role](name, tierArgs, args, opts);
    }
    return components;
}
