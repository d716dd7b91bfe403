import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NamedPort, buildContainerDefinition } from "./containerDefinition";
import { TaskSizing, calculateAppContainerLimits } from "../../model/fargate";
import { allowConnection } from "../network/securityGroupRules";
import { serviceConnectConfiguration } from "./serviceConnectConfiguration";
import { createTaskRoles } from "./taskRoles";
import { CapacityProviderStrategy, fargatePlacement } from "../../model/capacityProviders";
import type { ServiceConnectEndpoint } from "./serviceConnectConfiguration";
export type { ServiceConnectEndpoint } from "./serviceConnectConfiguration";

export type { NamedPort } from "./containerDefinition";

/** An EFS access point mounted into the app container with IAM authorisation and TLS. */
export interface EfsVolume {
    readonly fileSystemId: pulumi.Input<string>;
    readonly fileSystemArn: pulumi.Input<string>;
    readonly accessPointId: pulumi.Input<string>;
    readonly accessPointArn: pulumi.Input<string>;
    /** The file system's security group, opened to this service's tasks on NFS (2049). */
    readonly securityGroupId: pulumi.Input<string>;
    /** Where the container sees the volume. */
    readonly containerPath: string;
    /** The mount targets; tasks start only once they exist. */
    readonly mountTargets: readonly pulumi.Resource[];
}

export interface ServiceConnectServiceArgs {
    /** ARN of the ECS cluster to run in. */
    readonly clusterArn: pulumi.Input<string>;
    /** ARN of the Cloud Map namespace; by ARN so ECS never creates a namespace of the same name. */
    readonly namespaceArn: pulumi.Input<string>;
    /** VPC of the task security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets for the task ENIs, normally the private ones. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Region of the log groups. */
    readonly region: string;
    /** Task definition family. @default the component name */
    readonly family?: string;
    /** Name of the app container. @default the component name */
    readonly containerName?: string;
    /** Container image, unmodified. */
    readonly image: string;
    /** The app's listening port. @default none (a client with no port) */
    readonly port?: NamedPort;
    /** Plain environment of the app container; never secrets. @default {} */
    readonly environment?: Readonly<Record<string, string>>;
    /** Container health check command, with a command that exists in the image. @default none */
    readonly healthCheckCommand?: readonly string[];
    /** Seconds a starting container's failed health checks are not counted. @default 60 */
    readonly healthCheckStartPeriodSeconds?: number;
    /** Publishes this endpoint (client-server); without it the service is a client only. @default client */
    readonly endpoint?: ServiceConnectEndpoint;
    /** Client-server services this one calls: opened in the security groups and deployed first. @default [] */
    readonly upstreams?: readonly ServiceConnectService[];
    /** Persistent storage for the app. @default none */
    readonly efsVolume?: EfsVolume;
    /** Task CPU and memory, and the proxy's share of them. */
    readonly sizing: TaskSizing;
    /** Tasks to run. */
    readonly desiredCount: number;
    /** Leave `desiredCount` to an autoscaler after creation. @default false */
    readonly autoscaled?: boolean;
    /** Rolling deployment lower bound. @default 100 */
    readonly minimumHealthyPercent?: number;
    /** Rolling deployment upper bound. @default 200 */
    readonly maximumPercent?: number;
    /** Fargate platform version, 1.4.0 or later, or LATEST. */
    readonly platformVersion: string;
    /** Give tasks public IPs (only for VPCs without NAT). */
    readonly assignPublicIp: boolean;
    /** Log group of the app and the proxy. @default `/ecs/${name}` */
    readonly logGroupName?: string;
    /** IAM path of the task and execution roles; it carries the stack. @default "/" */
    readonly rolePath?: string;
    /** The permissions boundary of the task and execution roles. @default none */
    readonly roleBoundaryArn?: pulumi.Input<string>;
    /** Log retention in days, a CloudWatch Logs retention value. */
    readonly logRetentionDays: number;
    /** Proxy access logs, in JSON, next to the proxy's own logs. */
    readonly accessLogs: boolean;
    /** Target group to register tasks in, for a load-balanced service. @default none */
    readonly targetGroupArn?: pulumi.Input<string>;
    /** Seconds load balancer health checks are ignored after a task starts; required with `targetGroupArn`. @default none */
    readonly healthCheckGracePeriodSeconds?: number;
    /** Other resources the ECS service must wait for, such as its target group's listener. @default [] */
    readonly serviceDependsOn?: readonly pulumi.Resource[];
    /** Wait for the deployment to reach a steady state in `pulumi up`. @default true */
    readonly waitForSteadyState?: boolean;
    /** How long `pulumi up` waits for the service: a rollout that cannot succeed stops there. @default the provider's */
    readonly customTimeouts?: pulumi.CustomTimeouts;
    /** Replace the ECS service delete-first, for a single store whose copies must never run together. @default false */
    readonly deleteBeforeReplace?: boolean;
    /** Capacity providers to place tasks by, such as Fargate Spot, instead of the FARGATE launch type. @default the launch type */
    readonly capacityProviderStrategy?: readonly CapacityProviderStrategy[];
    /** Resources the tasks need before they start: the cluster's capacity providers, the image cache rule. @default [] */
    readonly startAfter?: readonly pulumi.Resource[];
    /** The image comes through an ECR pull through cache, whose first pull creates and fills its repository. @default false */
    readonly pullThroughCache?: boolean;
}

/**
 * One Fargate service in a Service Connect namespace: task definition, roles, log group, security
 * group and the ECS service, configured as a client or a client-server service.
 */
export class ServiceConnectService extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    /** The endpoint published in the namespace, if any. */
    readonly endpoint?: ServiceConnectEndpoint;
    /** Port the proxy of this service accepts connections on, for the callers' security group rules. */
    readonly ingressPort?: number;
    /** The Pulumi name of this component, for messages. */
    readonly logicalName: string;

    constructor(name: string, args: ServiceConnectServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ecs:ServiceConnectService", name, {}, opts);
        if (args.endpoint !== undefined && args.port === undefined) {
            throw new Error(`${name}: a client-server service needs \`port\`, the named port its endpoint maps to.`);
        }
        if (args.targetGroupArn !== undefined && args.port === undefined) {
            throw new Error(`${name}: a load-balanced service needs \`port\`, the container port to register.`);
        }
        if (args.targetGroupArn !== undefined && args.healthCheckGracePeriodSeconds === undefined) {
            throw new Error(`${name}: a load-balanced service needs \`healthCheckGracePeriodSeconds\`.`);
        }
        this.logicalName = name;
        this.endpoint = args.endpoint;
        this.ingressPort = args.port?.containerPort;
        const upstreams = args.upstreams ?? [];
        const containerName = args.containerName ?? name;
        const logGroupName = args.logGroupName ?? `/ecs/${name}`;
        const volumeName = "data";

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: args.logRetentionDays },
            // A fixed name: a replacement created first would collide with the old group.
            { parent: this, deleteBeforeReplace: true },
        );
        const roles = createTaskRoles(
            name,
            { ...args, logGroupArn: this.logGroup.arn, efs: args.efsVolume, path: args.rolePath, boundaryArn: args.roleBoundaryArn },
            this,
        );
        this.executionRole = roles.executionRole;
        this.taskRole = roles.taskRole;

        const container = buildContainerDefinition({
            name: containerName,
            image: args.image,
            limits: calculateAppContainerLimits(args.sizing),
            port: args.port,
            environment: args.environment,
            healthCheckCommand: args.healthCheckCommand,
            healthCheckStartPeriodSeconds: args.healthCheckStartPeriodSeconds,
            mountPoints: args.efsVolume === undefined ? [] : [{ sourceVolume: volumeName, containerPath: args.efsVolume.containerPath }],
            logGroupName,
            region: args.region,
        });
        this.taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: args.family ?? name,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                cpu: String(args.sizing.taskCpu),
                memory: String(args.sizing.taskMemory),
                executionRoleArn: this.executionRole.arn,
                taskRoleArn: this.taskRole.arn,
                containerDefinitions: JSON.stringify([container]),
                volumes:
                    args.efsVolume === undefined
                        ? []
                        : [
                              {
                                  name: volumeName,
                                  efsVolumeConfiguration: {
                                      fileSystemId: args.efsVolume.fileSystemId,
                                      transitEncryption: "ENABLED",
                                      authorizationConfig: { accessPointId: args.efsVolume.accessPointId, iam: "ENABLED" },
                                  },
                              },
                          ],
            },
            // The first tasks start only once IAM grants the log stream and the EFS mount.
            { parent: this, dependsOn: [this.logGroup, ...roles.policies] },
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: `${name} tasks`, revokeRulesOnDelete: true },
            { parent: this },
        );
        const rules: pulumi.Resource[] = [
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-egress-https`,
                {
                    securityGroupId: this.securityGroup.id,
                    cidrIpv4: "0.0.0.0/0",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    description: "Image pulls, CloudWatch Logs and the ECS endpoints the Service Connect agent uses",
                },
                { parent: this },
            ),
        ];
        for (const upstream of upstreams) {
            if (upstream.endpoint === undefined || upstream.ingressPort === undefined) {
                throw new Error(`${name}: upstream ${upstream.logicalName} publishes no Service Connect endpoint to call.`);
            }
            const description = `${name} to ${upstream.endpoint.dnsName}:${upstream.endpoint.port} through Service Connect`;
            rules.push(
                ...allowConnection(
                    `${name}-to-${upstream.endpoint.discoveryName}`,
                    {
                        fromSecurityGroupId: this.securityGroup.id,
                        toSecurityGroupId: upstream.securityGroup.id,
                        port: upstream.ingressPort,
                        description,
                    },
                    this,
                ),
            );
        }
        if (args.efsVolume !== undefined) {
            const connection = {
                fromSecurityGroupId: this.securityGroup.id,
                toSecurityGroupId: args.efsVolume.securityGroupId,
                port: 2049,
            };
            rules.push(...allowConnection(`${name}-to-efs`, { ...connection, description: `${name} to its EFS file system (NFS)` }, this));
        }

        const loadBalanced = args.targetGroupArn !== undefined && args.port !== undefined;
        this.service = new aws.ecs.Service(
            `${name}-service`,
            {
                cluster: args.clusterArn,
                taskDefinition: this.taskDefinition.arn,
                desiredCount: args.desiredCount,
                ...fargatePlacement(args.capacityProviderStrategy),
                platformVersion: args.platformVersion,
                // Rolling deployments by the ECS controller, and no circuit breaker (this project's
                // rule, see policies/deployment.ts): stated rather than left to defaults.
                deploymentController: { type: "ECS" },
                deploymentCircuitBreaker: { enable: false, rollback: false },
                deploymentMinimumHealthyPercent: args.minimumHealthyPercent ?? 100,
                deploymentMaximumPercent: args.maximumPercent ?? 200,
                networkConfiguration: {
                    subnets: args.subnetIds,
                    securityGroups: [this.securityGroup.id],
                    assignPublicIp: args.assignPublicIp,
                },
                serviceConnectConfiguration: serviceConnectConfiguration({ ...args, logGroupName }),
                loadBalancers: loadBalanced
                    ? [{ targetGroupArn: args.targetGroupArn!, containerName, containerPort: args.port!.containerPort }]
                    : [],
                ...(loadBalanced ? { healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds } : {}),
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                // A client task resolves only the endpoints that existed when it started, so
                // `pulumi up` waits for each service to be steady before its dependants start.
                waitForSteadyState: args.waitForSteadyState ?? true,
            },
            {
                parent: this,
                // Tasks start only once they can reach what they need: upstreams, rules, storage.
                dependsOn: [
                    ...upstreams.map((upstream) => upstream.service),
                    ...rules,
                    ...(args.efsVolume?.mountTargets ?? []),
                    ...(args.serviceDependsOn ?? []),
                    ...(args.startAfter ?? []),
                ],
                ignoreChanges: args.autoscaled === true ? ["desiredCount"] : [],
                customTimeouts: args.customTimeouts,
                deleteBeforeReplace: args.deleteBeforeReplace ?? false,
            },
        );

        this.registerOutputs({
            serviceName: this.service.name,
            serviceArn: this.service.id,
            taskDefinitionArn: this.taskDefinition.arn,
            securityGroupId: this.securityGroup.id,
            logGroupName: this.logGroup.name,
        });
    }
}
