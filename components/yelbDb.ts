import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "./serviceConnectService";
import { YELB_CONTRACTS } from "./yelbContracts";
import { YelbTierArgs, contractServiceArgs } from "./yelbTier";

export type YelbDbArgs = YelbTierArgs;

/** yelb-db: Postgres with the votes, a client-server service published as `yelb-db:5432`. */
export class YelbDb extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;

    constructor(name: string, args: YelbDbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbDb", name, {}, opts);
        this.service = new ServiceConnectService(
            `${name}-sc`,
            {
                ...contractServiceArgs("db", YELB_CONTRACTS.db, args),
                // One Postgres owns its data directory: stop the old task before starting the new.
                minimumHealthyPercent: 0,
                maximumPercent: 100,
            },
            { parent: this },
        );
        this.registerOutputs({ serviceName: this.service.service.name });
    }
}
