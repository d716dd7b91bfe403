/**
 * The Yelb stack: the validated configuration in, the namespace, the cluster, the load balancer
 * and every tier of the tier table out, as components. Pulumi runs the function this module
 * exports (with no argument: the Yelb tier table) and takes what it resolves to as the outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
// First, so that Node's code cache serves every module loaded after it.
import "./config/compileCache";
import { StackConfigError, YelbStackConfig, formatProblems, loadStackConfig, taskSubnets } from "./config";
import { hostedZoneProblem, roleBoundaryProblem } from "./config/awsChecks";
import { readAwsProviderSettings } from "./config/awsProvider";
import { staleBuildMessage } from "./config/freshBuild";
import {
    Cluster,
    DatabaseStorage,
    Ingress,
    Monitoring,
    Network,
    ServiceConnectNamespace,
    WorkingHoursSchedule,
    createTiers,
} from "./components";
import { lookupRoleBoundary } from "./components/ecs/roleBoundary";
import { monitoredServices } from "./components/monitoring/monitoredServices";
import { lookupHostedZone } from "./components/network/hostedZone";
import { stackProvider } from "./components/stackProvider";
import { scheduledTiers } from "./components/tiers/workingHoursSchedule";
import { DOCKER_HUB_URL } from "./model/dockerHubCache";
import { albLogBucketPrefix, componentName, roleIamPath, stackPrefix, webAclName } from "./model/naming";
import { TIERS, TierTable } from "./model/tiers";

/** A configuration mistake is the user's to fix, not a crash: the CLI prints a RunError's message without a trace. */
function loadConfig(tiers: TierTable): YelbStackConfig {
    const stale = staleBuildMessage(__filename);
    if (stale !== undefined) {
        throw new pulumi.RunError(stale);
    }
    try {
        return loadStackConfig(pulumi.runtime.allConfig(), pulumi.getStack(), tiers);
    } catch (error) {
        throw error instanceof StackConfigError ? new pulumi.RunError(error.message) : error;
    }
}

export = async (tiers: TierTable = TIERS) => {
    const config = loadConfig(tiers);
    config.warnings.forEach((warning) => pulumi.log.warn(warning));
    const provider = stackProvider(componentName("aws"), { stack: config.stack, region: config.region, ...readAwsProviderSettings() });
    // Every component hands the provider to its children, awsx's VPC to the subnets, gateways and routes.
    const opts = { providers: [provider] };
    // Route 53 and IAM answer before any resource is registered, so a wrong setting stops the run alone.
    const [zone, boundary] = await Promise.all([
        lookupHostedZone(config.hostedZone.id, provider),
        config.rolePermissionsBoundary ? lookupRoleBoundary(config.stack, config.region, provider) : undefined,
    ]);
    const problems = [hostedZoneProblem(config.hostedZone, zone), boundary && roleBoundaryProblem(boundary)].filter((p) => p !== undefined);
    if (problems.length > 0) {
        throw new pulumi.RunError(formatProblems(config.stack, problems));
    }

    const { network: net, costLevers: levers } = config;
    const network = new Network(
        componentName("network"),
        { availabilityZones: net.availabilityZones, natGateways: net.natGateways, cidrBlock: net.cidrBlock },
        opts,
    );
    const namespace = new ServiceConnectNamespace(
        componentName("namespace"),
        {
            name: config.namespaceName,
            description: `Service Connect namespace of the Yelb ${config.stack} stack`,
            drainTimeoutMinutes: config.namespaceDrainTimeoutMinutes,
            access: { region: config.region, ...config.awsAccess },
        },
        opts,
    );
    const cluster = new Cluster(componentName("ecs"), { namespaceArn: namespace.arn, containerInsights: config.containerInsights }, opts);
    // The first pull of each image creates its repository under the prefix; the credentials stay in the secret.
    const imageCache =
        levers.dockerHubCache &&
        new aws.ecr.PullThroughCacheRule(
            componentName("docker-hub-cache"),
            {
                ecrRepositoryPrefix: levers.dockerHubCache.prefix,
                upstreamRegistryUrl: DOCKER_HUB_URL,
                credentialArn: levers.dockerHubCache.secretArn,
            },
            { provider },
        );
    const storage = config.database?.persistence
        ? new DatabaseStorage(
              componentName("db-storage"),
              {
                  vpcId: network.vpcId,
                  subnetIds: network.privateSubnetIds,
                  subnetCount: net.availabilityZones,
                  backups: config.database.backups,
                  retainOnDestroy: config.database.retainOnDestroy,
                  protect: config.database.protect,
              },
              opts,
          )
        : undefined;
    const ingress = new Ingress(
        componentName("ingress"),
        {
            vpcId: network.vpcId,
            publicSubnetIds: network.publicSubnetIds,
            hostedZoneId: config.hostedZone.id,
            domainName: config.domainName,
            tlsPolicy: config.tlsPolicy,
            deletionProtection: config.albDeletionProtection,
            accessLogs: config.albAccessLogs
                ? { bucketPrefix: albLogBucketPrefix(config.stack), expirationDays: config.logRetentionDays }
                : undefined,
            webAclName: config.albWaf ? webAclName(config.stack) : undefined,
        },
        opts,
    );

    // In start order: a Service Connect client only resolves endpoints that existed when it started.
    const components = createTiers(
        {
            tiers,
            settings: config.tiers,
            placement: {
                clusterArn: cluster.arn,
                clusterName: cluster.clusterName,
                namespaceArn: namespace.arn,
                vpcId: network.vpcId,
                subnetIds: taskSubnets(net) === "public" ? network.publicSubnetIds : network.privateSubnetIds,
                region: config.region,
                namePrefix: stackPrefix(config.stack),
                rolePath: roleIamPath(config.stack),
                roleBoundaryArn: boundary?.arn,
                logRetentionDays: config.logRetentionDays,
                platformVersion: config.platformVersion,
                assignPublicIp: net.assignPublicIp,
                accessLogs: config.telemetry.accessLogs,
                // Without a circuit breaker, only this ends a rollout whose tasks never become healthy.
                customTimeouts: { create: `${config.serviceDeployTimeoutMinutes}m`, update: `${config.serviceDeployTimeoutMinutes}m` },
                startAfter: [cluster.capacityProviders, ...(imageCache ? [imageCache] : [])],
                // Scheduled tiers leave their task count to the schedule, so an update at night does not wake them.
                autoscaled: levers.workingHours !== undefined ? true : undefined,
            },
            entry:
                config.entryHealthCheckGracePeriodSeconds === undefined
                    ? undefined
                    : {
                          ingress,
                          hostedZoneId: config.hostedZone.id,
                          domainName: config.domainName,
                          healthCheckGracePeriodSeconds: config.entryHealthCheckGracePeriodSeconds,
                      },
            scaling: config.scaling,
            databaseStorage: storage,
        },
        opts,
    );
    const serviceNames = Object.fromEntries(Object.entries(components).map(([tier, component]) => [tier, component.service.service.name]));
    if (levers.workingHours !== undefined) {
        const scheduled = scheduledTiers(components, config.tiers, config.scaling);
        new WorkingHoursSchedule(
            componentName("working-hours"),
            { tiers, hours: levers.workingHours, clusterName: cluster.clusterName, scheduled },
            opts,
        );
    }
    const watched = config.telemetry.monitoring
        ? monitoredServices(tiers, serviceNames, config.tiers, levers.workingHours !== undefined)
        : undefined;
    const monitoring =
        watched &&
        new Monitoring(
            componentName("monitoring"),
            {
                ...watched,
                region: config.region,
                clusterName: cluster.clusterName,
                dashboardName: stackPrefix(config.stack),
                loadBalancerArnSuffix: ingress.loadBalancer.arnSuffix,
                targetGroupArnSuffix: ingress.targetGroup.arnSuffix,
                alarmEmail: config.telemetry.alarmEmail,
                errorRatePercent: config.telemetry.errorRatePercent,
                p99LatencyMs: config.telemetry.p99LatencyMs,
            },
            opts,
        );

    const url = Object.values(components).find((component) => component.url !== undefined)?.url;
    // A feature that is off has no output at all, rather than an undefined one Pulumi warns about.
    return {
        ...(url === undefined ? {} : { url }),
        loadBalancerDnsName: ingress.loadBalancer.dnsName,
        clusterName: cluster.clusterName,
        namespaceArn: namespace.arn,
        namespaceName: namespace.namespaceName,
        vpcId: network.vpcId,
        serviceNames,
        ...(storage ? { databaseFileSystemId: storage.fileSystem.id } : {}),
        ...(monitoring ? { dashboardName: monitoring.dashboard.dashboardName, alarmTopicArn: monitoring.topic.arn } : {}),
    };
};
