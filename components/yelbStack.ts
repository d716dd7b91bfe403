/**
 * The whole Yelb stack as a function of the validated configuration and the tier table: the
 * network, the namespace, the cluster, the load balancer, the tiers in start order and the
 * monitoring. Not a component itself, so every resource keeps the top-level URN it always had.
 */
import * as pulumi from "@pulumi/pulumi";
import type { YelbStackConfig } from "../config";
import { PROJECT, componentName, stackPrefix } from "../model/naming";
import { TierTable } from "../model/tiers";
import { Cluster } from "./ecs";
import { Ingress } from "./ingress";
import { MonitoredService, Monitoring } from "./monitoring";
import { Network } from "./network";
import { ServiceConnectNamespace } from "./serviceconnect";
import { DatabaseStorage } from "./storage";
import { YelbUi, createTiers } from "./tiers";

/** The whole stack for the tiers of `tiers`; index.ts runs it for the Yelb tier table. */
export function yelbStack(config: YelbStackConfig, tiers: TierTable) {
    for (const warning of config.warnings) {
        pulumi.log.warn(warning);
    }
    const namePrefix = stackPrefix(config.stack);

    const network = new Network(componentName("network"), {
        availabilityZones: config.network.availabilityZones,
        natGateways: config.network.natGateways,
        cidrBlock: config.network.cidrBlock,
        tags: { Project: PROJECT, Stack: config.stack },
    });
    const namespace = new ServiceConnectNamespace(componentName("namespace"), {
        name: config.namespaceName,
        description: `Service Connect namespace of the Yelb ${config.stack} stack`,
        drainTimeoutMinutes: config.namespaceDrainTimeoutMinutes,
    });
    const cluster = new Cluster(componentName("ecs"), { namespaceArn: namespace.arn, containerInsights: config.containerInsights });
    const storage = config.database.persistence
        ? new DatabaseStorage(componentName("db-storage"), {
              vpcId: network.vpcId,
              subnetIds: network.privateSubnetIds,
              subnetCount: config.network.availabilityZones,
              backups: config.database.backups,
              retainOnDestroy: config.database.retainOnDestroy,
          })
        : undefined;
    const createIngress = () =>
        new Ingress(componentName("ingress"), {
            vpcId: network.vpcId,
            publicSubnetIds: network.publicSubnetIds,
            hostedZoneId: config.hostedZone.id,
            domainName: config.domainName,
            tlsPolicy: config.tlsPolicy,
        });
    let ingress: Ingress | undefined;

    // In start order: a Service Connect client only resolves endpoints that existed when it started.
    const components = createTiers({
        tiers,
        settings: config.tiers,
        placement: {
            clusterArn: cluster.arn,
            clusterName: cluster.clusterName,
            namespaceArn: namespace.arn,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            region: config.region,
            namePrefix,
            logRetentionDays: config.logRetentionDays,
            platformVersion: config.platformVersion,
            assignPublicIp: config.network.assignPublicIp,
            accessLogs: config.telemetry.accessLogs,
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
    });
    // The table has no public tier only in tests that build a partial stack; the ALB still exists then.
    const entry = ingress ?? createIngress();
    const serviceNames = Object.fromEntries(Object.keys(tiers).map((tier) => [tier, components[tier].service.service.name]));

    const watched = Object.entries(tiers).find(([, definition]) => definition.watchedUpstream !== undefined);
    const watchedDiscoveryName = watched === undefined ? undefined : tiers[watched[1].watchedUpstream!].contract.endpoint?.discoveryName;
    const monitoring =
        config.telemetry.monitoring && watched !== undefined && watchedDiscoveryName !== undefined
            ? new Monitoring(componentName("monitoring"), {
                  region: config.region,
                  clusterName: cluster.clusterName,
                  dashboardName: namePrefix,
                  services: Object.entries(tiers).map(([tier, definition]): MonitoredService => ({
                      label: tier,
                      serviceName: serviceNames[tier],
                      discoveryName: definition.contract.endpoint?.discoveryName,
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
              })
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
        databaseFileSystemId: storage?.fileSystem.id,
        dashboardName: monitoring?.dashboard.dashboardName,
        alarmTopicArn: monitoring?.topic.arn,
    };
}
