/**
 * The whole Yelb stack as a function of the validated configuration and the tier table: the
 * network, the namespace, the cluster, the load balancer, the tiers in start order and the
 * monitoring. Not a component itself, so every resource keeps the top-level URN it always had.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsProviderSettings, YelbStackConfig } from "./config";
import { taskSubnets } from "./config/network";
import { albLogBucketPrefix, componentName, roleIamPath, stackPrefix, webAclName } from "./model/naming";
import { TierTable } from "./model/tiers";
import { Cluster } from "./components/ecs";
import { DOCKER_HUB_URL } from "./model/dockerHubCache";
import { checkedRoleBoundary } from "./components/ecs/roleBoundary";
import { Ingress } from "./components/ingress";
import { MonitoredService, Monitoring } from "./components/monitoring";
import { Network } from "./components/network";
import { checkedHostedZone } from "./components/network/hostedZone";
import { ServiceConnectNamespace } from "./components/serviceconnect";
import { stackProvider } from "./components/stackProvider";
import { DatabaseStorage } from "./components/storage";
import { YelbAppserver, YelbUi, createTiers } from "./components/tiers";
import { WorkingHoursSchedule } from "./components/tiers/workingHoursSchedule";

/** The whole stack for the tiers of `tiers`; index.ts runs it for the Yelb tier table. */
export async function yelbStack(config: YelbStackConfig, tiers: TierTable, awsSettings: AwsProviderSettings) {
    for (const warning of config.warnings) {
        pulumi.log.warn(warning);
    }
    const namePrefix = stackPrefix(config.stack);
    const provider = stackProvider(componentName("aws"), { stack: config.stack, region: config.region, ...awsSettings });
    // Every component hands the provider to its children, awsx's VPC to the subnets, gateways and routes.
    const opts = { providers: [provider] };
    // Route 53 confirms the zone and IAM the role boundary before any resource is registered: a
    // failed check stops the run with its own message alone. (Were resources waiting on it, the SDK
    // would prefix that one error with the name of every property that awaited it.)
    const [, roleBoundaryArn] = await Promise.all([
        checkedHostedZone(config.hostedZone, provider),
        config.rolePermissionsBoundary ? checkedRoleBoundary(config.stack, config.region, provider) : undefined,
    ]);

    const network = new Network(
        componentName("network"),
        {
            availabilityZones: config.network.availabilityZones,
            natGateways: config.network.natGateways,
            cidrBlock: config.network.cidrBlock,
        },
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
    const levers = config.costLevers;
    const cluster = new Cluster(
        componentName("ecs"),
        {
            namespaceArn: namespace.arn,
            containerInsights: config.containerInsights,
        },
        opts,
    );
    // The first pull of each image creates its repository under the prefix; the credentials stay in the secret.
    const imageCache =
        levers.dockerHubCache === undefined
            ? undefined
            : new aws.ecr.PullThroughCacheRule(
                  componentName("docker-hub-cache"),
                  {
                      ecrRepositoryPrefix: levers.dockerHubCache.prefix,
                      upstreamRegistryUrl: DOCKER_HUB_URL,
                      credentialArn: levers.dockerHubCache.secretArn,
                  },
                  { provider },
              );
    const storage = config.database.persistence
        ? new DatabaseStorage(
              componentName("db-storage"),
              {
                  vpcId: network.vpcId,
                  subnetIds: network.privateSubnetIds,
                  subnetCount: config.network.availabilityZones,
                  backups: config.database.backups,
                  retainOnDestroy: config.database.retainOnDestroy,
                  protect: config.protectDatabase,
              },
              opts,
          )
        : undefined;
    const createIngress = () =>
        new Ingress(
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
    let ingress: Ingress | undefined;

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
                subnetIds: taskSubnets(config.network) === "public" ? network.publicSubnetIds : network.privateSubnetIds,
                region: config.region,
                namePrefix,
                rolePath: roleIamPath(config.stack),
                roleBoundaryArn,
                logRetentionDays: config.logRetentionDays,
                platformVersion: config.platformVersion,
                assignPublicIp: config.network.assignPublicIp,
                accessLogs: config.telemetry.accessLogs,
                // Without a circuit breaker, only this ends a rollout whose tasks never become healthy.
                customTimeouts: { create: `${config.serviceDeployTimeoutMinutes}m`, update: `${config.serviceDeployTimeoutMinutes}m` },
                startAfter: [cluster.capacityProviders, ...(imageCache === undefined ? [] : [imageCache])],
                // Scheduled tiers leave their task count to the schedule, so an update at night does not wake them.
                autoscaled: levers.workingHours !== undefined ? true : undefined,
            },
            appserverScaling: config.appserverScaling,
            databaseStorage: storage,
            publicEntry: () => {
                ingress = createIngress();
                return {
                    ingress,
                    hostedZoneId: config.hostedZone.id,
                    domainName: config.domainName,
                    healthCheckGracePeriodSeconds: config.uiHealthCheckGracePeriodSeconds,
                };
            },
        },
        opts,
    );
    // The table has no public tier only in tests that build a partial stack; the ALB still exists then.
    const entry = ingress ?? createIngress();
    const serviceNames = Object.fromEntries(Object.keys(tiers).map((tier) => [tier, components[tier].service.service.name]));
    if (levers.workingHours !== undefined) {
        new WorkingHoursSchedule(
            componentName("working-hours"),
            {
                tiers,
                hours: levers.workingHours,
                clusterName: cluster.clusterName,
                scheduled: Object.fromEntries(
                    Object.keys(tiers).map((tier) => {
                        const component = components[tier];
                        return [
                            tier,
                            component instanceof YelbAppserver
                                ? {
                                      service: component.service.service,
                                      target: component.scalingTarget,
                                      minCapacity: config.appserverScaling.minCount,
                                      maxCapacity: config.appserverScaling.maxCount,
                                  }
                                : {
                                      service: component.service.service,
                                      minCapacity: config.tiers[tier].desiredCount,
                                      maxCapacity: config.tiers[tier].desiredCount,
                                  },
                        ];
                    }),
                ),
            },
            opts,
        );
    }

    const watched = Object.entries(tiers).find(([, definition]) => definition.watchedUpstream !== undefined);
    const watchedDiscoveryName = watched === undefined ? undefined : tiers[watched[1].watchedUpstream!].contract.endpoint?.discoveryName;
    const monitoring =
        config.telemetry.monitoring && watched !== undefined && watchedDiscoveryName !== undefined
            ? new Monitoring(
                  componentName("monitoring"),
                  {
                      region: config.region,
                      clusterName: cluster.clusterName,
                      dashboardName: namePrefix,
                      services: Object.entries(tiers).map(([tier, definition]): MonitoredService => ({
                          label: tier,
                          serviceName: serviceNames[tier],
                          discoveryName: definition.contract.endpoint?.discoveryName,
                          httpEndpoint: definition.contract.appProtocol !== undefined,
                          // A tier set to no tasks publishes no task counts: alarming there would only cry wolf.
                          expectsTasks: config.tiers[tier].desiredCount > 0 && levers.workingHours === undefined,
                      })),
                      watchedCall: {
                          label: watchedDiscoveryName,
                          clientServiceName: serviceNames[watched[0]],
                          targetDiscoveryName: watchedDiscoveryName,
                      },
                      loadBalancerArnSuffix: entry.loadBalancer.arnSuffix,
                      targetGroupArnSuffix: entry.targetGroup.arnSuffix,
                      alarmEmail: config.telemetry.alarmEmail,
                      errorRatePercent: config.telemetry.errorRatePercent,
                      p99LatencyMs: config.telemetry.p99LatencyMs,
                  },
                  opts,
              )
            : undefined;

    const ui = components.ui;
    return {
        url: ui instanceof YelbUi ? ui.url : undefined,
        loadBalancerDnsName: entry.loadBalancer.dnsName,
        clusterName: cluster.clusterName,
        namespaceArn: namespace.arn,
        namespaceName: namespace.namespaceName,
        vpcId: network.vpcId,
        serviceNames,
        // A feature that is off has no output at all, rather than an undefined one Pulumi warns about.
        ...(storage === undefined ? {} : { databaseFileSystemId: storage.fileSystem.id }),
        ...(monitoring === undefined ? {} : { dashboardName: monitoring.dashboard.dashboardName, alarmTopicArn: monitoring.topic.arn }),
    };
}
