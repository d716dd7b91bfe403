import * as pulumi from "@pulumi/pulumi";
import { ServiceConnectService } from "../ecs/serviceConnectService";
import { DatabaseStorage } from "../storage/databaseStorage";
import { validateDatabase } from "../../model/database";
import { TierArgs, tierServiceArgs } from "./tierService";

export interface YelbDbArgs extends TierArgs {
    /** EFS storage for the Postgres data, so votes survive task replacement. @default none (task storage) */
    readonly storage?: DatabaseStorage;
}

/** yelb-db: Postgres with the votes, a client-server service published as `yelb-db:5432`. */
export class YelbDb extends pulumi.ComponentResource {
    readonly service: ServiceConnectService;

    constructor(name: string, args: YelbDbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:YelbDb", name, {}, opts);
        const storageProblem = validateDatabase(
            { persistence: args.storage !== undefined, backups: false, retainOnDestroy: false },
            args.desiredCount,
            { desiredCount: "desiredCount", persistence: "storage", backups: "backups", retainOnDestroy: "retainOnDestroy" },
        );
        if (storageProblem !== undefined) {
            throw new Error(`${name}: ${storageProblem}`);
        }
        const contract = args.definition.contract;
        const volume = args.storage?.volume;
        this.service = new ServiceConnectService(
            `${name}-sc`,
            {
                ...tierServiceArgs(args),
                efsVolume: volume,
                // initdb wants an empty directory of its own: a subdirectory of the mount, as the
                // postgres image documents for NFS volumes.
                environment:
                    volume === undefined ? contract.environment : { ...contract.environment, PGDATA: `${volume.containerPath}/pgdata` },
                // The first start on EFS runs initdb over NFS, which is slow.
                healthCheckStartPeriodSeconds: volume === undefined ? 60 : 180,
            },
            { parent: this },
        );
        this.registerOutputs({ serviceName: this.service.service.name });
    }
}
