import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EfsVolume } from "../ecs/serviceConnectService";

export interface DatabaseStorageArgs {
    /** VPC of the mount targets' security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets, one mount target in each. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** How many subnets there are; resources cannot be counted from an output. */
    readonly subnetCount: number;
    /** POSIX user the access point enforces: the image's postgres user. @default 999 (Debian postgres image) */
    readonly posixUid?: number;
    /** Directory of the access point in the file system. @default "/postgres" */
    readonly rootDirectory?: string;
    /** Where the database container mounts the volume. @default "/var/lib/postgresql/data" */
    readonly containerPath?: string;
    /** AWS Backup of the file system (the EFS backup policy). */
    readonly backups: boolean;
    /** Keep the file system, with the votes, when the stack is destroyed. */
    readonly retainOnDestroy: boolean;
    /**
     * Refuse to delete or replace the file system (Pulumi's `protect`): a replacement or turning
     * persistence off would otherwise move the database to a new, empty store.
     */
    readonly protect: boolean;
}

/**
 * An encrypted EFS file system for Postgres: an access point owned by the postgres user, a mount
 * target in each private subnet, a security group that only the database tasks may be let into,
 * and a file system policy that refuses connections without TLS.
 */
export class DatabaseStorage extends pulumi.ComponentResource {
    readonly fileSystem: aws.efs.FileSystem;
    readonly accessPoint: aws.efs.AccessPoint;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly mountTargets: aws.efs.MountTarget[];
    /** What `ServiceConnectService` needs to mount it. */
    readonly volume: EfsVolume;

    constructor(name: string, args: DatabaseStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:storage:DatabaseStorage", name, {}, opts);
        const uid = args.posixUid ?? 999;

        this.fileSystem = new aws.efs.FileSystem(
            `${name}-fs`,
            { encrypted: true, performanceMode: "generalPurpose", throughputMode: "elastic", tags: { Name: name } },
            // The data outlives the stack, and survives any change that would replace the file
            // system, only where a stack asks for it (production).
            { parent: this, retainOnDelete: args.retainOnDestroy, protect: args.protect },
        );
        new aws.efs.BackupPolicy(
            `${name}-backup`,
            { fileSystemId: this.fileSystem.id, backupPolicy: { status: args.backups === true ? "ENABLED" : "DISABLED" } },
            { parent: this },
        );
        new aws.efs.FileSystemPolicy(
            `${name}-policy`,
            {
                fileSystemId: this.fileSystem.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "DenyWithoutTls",
                            Effect: "Deny",
                            Principal: { AWS: "*" },
                            Action: "*",
                            Resource: this.fileSystem.arn,
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            { parent: this },
        );

        this.accessPoint = new aws.efs.AccessPoint(
            `${name}-ap`,
            {
                fileSystemId: this.fileSystem.id,
                posixUser: { uid, gid: uid },
                // Postgres refuses a data directory others can read.
                rootDirectory: {
                    path: args.rootDirectory ?? "/postgres",
                    creationInfo: { ownerUid: uid, ownerGid: uid, permissions: "700" },
                },
            },
            { parent: this },
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: `${name} mount targets, NFS from the database tasks only`, revokeRulesOnDelete: true },
            { parent: this },
        );
        const subnetIds = pulumi.output(args.subnetIds);
        this.mountTargets = Array.from(
            { length: args.subnetCount },
            (_, i) =>
                new aws.efs.MountTarget(
                    `${name}-mount-${i + 1}`,
                    {
                        fileSystemId: this.fileSystem.id,
                        subnetId: subnetIds.apply((ids) => ids[i]),
                        securityGroups: [this.securityGroup.id],
                    },
                    // One mount target per AZ: a replacement created first fails with MountTargetConflict.
                    { parent: this, deleteBeforeReplace: true },
                ),
        );

        this.volume = {
            fileSystemId: this.fileSystem.id,
            fileSystemArn: this.fileSystem.arn,
            accessPointId: this.accessPoint.id,
            accessPointArn: this.accessPoint.arn,
            securityGroupId: this.securityGroup.id,
            containerPath: args.containerPath ?? "/var/lib/postgresql/data",
            mountTargets: this.mountTargets,
        };
        this.registerOutputs({ fileSystemId: this.fileSystem.id, accessPointId: this.accessPoint.id });
    }
}
