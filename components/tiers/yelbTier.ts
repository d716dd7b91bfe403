import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { TierArgs, tierServiceArgs } from "./tierService";

/**
 * A tier that needs nothing but its Service Connect service (Redis, or a tier added to the table
 * without a component of its own). Its type token comes from the table (`yelb:tiers:YelbRedis`),
 * so each such tier keeps the URN it had as a component of its own.
 */
export class YelbTier extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;

    constructor(name: string, args: TierArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = args.definition.genericComponent;
        if (component === undefined) {
            throw new Error(`${name}: tier ${args.tier} has the role "${args.definition.role}"; its role's component makes it.`);
        }
        super(`yelb:tiers:${component}`, name, {}, opts);
        this.service = new ServiceConnectService(`${name}-sc`, tierServiceArgs(args), { parent: this });
        this.registerOutputs({ serviceName: this.service.service.name });
    }
}
