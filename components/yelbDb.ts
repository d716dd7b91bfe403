import * as pulumi from "@pulumi/pulumi";
import { DatabaseStorage } from "./databaseStorage";
import { ServiceConnectService } from "./serviceConnectService";
import { YELB_CONTRACTS } from "./yelbContracts";
import { YelbTierArgs, contractServiceArgs } from "./yelbTier";

export interface YelbDbArgs extends YelbTierArgs {
    /** EFS storage for the Postgres data, so votes survive task replacement. @default none (task storage) */
    readonly storage?: DatabaseStorage;
}

/** yelb-db: Postgres with the votes, a client-server service published as `yelb-db:5432`. */
export class YelbDb extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;

    constructor(name: string, args: YelbDbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbDb", name, {}, opts);
        if (args.storage !== undefined && args.desiredCount > 1) {
            throw new Error(`${name}: with EFS storage the database runs one task; two Postgres must never share a data directory.`);
        }
        const contract = YELB_CONTRACTS.db;
        const volume = args.storage?.volume;
        this.service = new ServiceConnectService(
            `${name}-sc`,
            {
                ...contractServiceArgs("db", contract, args),
                efsVolume: volume,
                // initdb wants an empty directory of its own: a subdirectory of the mount, as the
                // postgres image documents for NFS volumes.
                environment:
                    volume === undefined ? contract.environment : { ...contract.environment, PGDATA: `${volume.containerPath}/pgdata` },
                // The first start on EFS runs initdb over NFS, which is slow.
                healthCheckStartPeriodSeconds: volume === undefined ? 60 : 180,
                // One Postgres owns its data directory: stop the old task before starting the new.
                minimumHealthyPercent: 0,
                maximumPercent: 100,
            },
            { parent: this },
        );
        this.registerOutputs({ serviceName: this.service.service.name });
    }
}
