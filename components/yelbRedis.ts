import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "./serviceConnectService";
import { YELB_CONTRACTS } from "./yelbContracts";
import { YelbTierArgs, contractServiceArgs } from "./yelbTier";

export type YelbRedisArgs = YelbTierArgs;

/** Redis: the page-view cache, a client-server service published as `redis-server:6379`. */
export class YelbRedis extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;

    constructor(name: string, args: YelbRedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbRedis", name, {}, opts);
        this.service = new ServiceConnectService(
            `${name}-sc`,
            {
                ...contractServiceArgs("redis", YELB_CONTRACTS.redis, args),
                // A single cache task: replacing it in place avoids two caches counting apart.
                minimumHealthyPercent: 0,
                maximumPercent: 100,
            },
            { parent: this },
        );
        this.registerOutputs({ serviceName: this.service.service.name });
    }
}
