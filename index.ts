import * as pulumi from "@pulumi/pulumi";
import {
    Cluster,
    DatabaseStorage,
    Ingress,
    Monitoring,
    Network,
    ServiceConnectNamespace,
    YELB_CONTRACTS,
    YelbAppserver,
    YelbDb,
    YelbRedis,
    YelbUi,
} from "./components";
import { PROJECT, StackConfigError, YelbStackConfig, loadStackConfig } from "./config";

const stack = pulumi.getStack();

/** A configuration mistake is the user's to fix, not a crash: the CLI prints a RunError's message without a trace. */
function loadConfig(): YelbStackConfig {
    try {
        return loadStackConfig(pulumi.runtime.allConfig(), stack);
    } catch (error) {
        throw error instanceof StackConfigError ? new pulumi.RunError(error.message) : error;
    }
}
const config = loadConfig();
for (const warning of config.warnings) {
    pulumi.log.warn(warning);
}

const namePrefix = `${PROJECT}-${stack}`;

const network = new Network("yelb-network", {
    availabilityZones: config.network.availabilityZones,
    natGateways: config.network.natGateways,
    cidrBlock: config.network.cidrBlock,
    tags: { Project: PROJECT, Stack: stack },
});

const namespace = new ServiceConnectNamespace("yelb-namespace", {
    name: config.namespaceName,
    description: `Service Connect namespace of the Yelb ${stack} stack`,
    drainTimeoutMinutes: config.namespaceDrainTimeoutMinutes,
});

const cluster = new Cluster("yelb-ecs", {
    namespaceArn: namespace.arn,
    containerInsights: config.containerInsights,
});

const placement = {
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
};

// Backends first: a Service Connect client only resolves endpoints that existed when it started.
const storage = config.database.persistence
    ? new DatabaseStorage("yelb-db-storage", {
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          subnetCount: config.network.availabilityZones,
          backups: config.database.backups,
          retainOnDestroy: config.database.retainOnDestroy,
      })
    : undefined;
const db = new YelbDb("yelb-db", { placement, ...config.tiers.db, storage });
const redis = new YelbRedis("yelb-redis", { placement, ...config.tiers.redis });
const appserver = new YelbAppserver("yelb-appserver", {
    placement,
    ...config.tiers.appserver,
    redis: redis.service,
    db: db.service,
    scaling: {
        ...config.appserverScaling,
        requestsPerTaskTarget:
            config.appserverScaling.requestsPerTaskTarget > 0 ? config.appserverScaling.requestsPerTaskTarget : undefined,
    },
});

const ingress = new Ingress("yelb-ingress", {
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    hostedZoneId: config.hostedZone.id,
    domainName: config.domainName,
    tlsPolicy: config.tlsPolicy,
});

const ui = new YelbUi("yelb-ui", {
    placement,
    ...config.tiers.ui,
    appserver: appserver.service,
    ingress,
    hostedZoneId: config.hostedZone.id,
    domainName: config.domainName,
    healthCheckGracePeriodSeconds: config.uiHealthCheckGracePeriodSeconds,
});

const monitoring = config.telemetry.monitoring
    ? new Monitoring("yelb-monitoring", {
          region: config.region,
          clusterName: cluster.clusterName,
          dashboardName: namePrefix,
          services: [
              { label: "ui", serviceName: ui.service.service.name },
              {
                  label: "appserver",
                  serviceName: appserver.service.service.name,
                  discoveryName: YELB_CONTRACTS.appserver.endpoint?.discoveryName,
              },
              { label: "redis", serviceName: redis.service.service.name, discoveryName: YELB_CONTRACTS.redis.endpoint?.discoveryName },
              { label: "db", serviceName: db.service.service.name, discoveryName: YELB_CONTRACTS.db.endpoint?.discoveryName },
          ],
          watchedCall: {
              label: "yelb-appserver",
              clientServiceName: ui.service.service.name,
              targetDiscoveryName: YELB_CONTRACTS.appserver.endpoint!.discoveryName,
          },
          loadBalancerArnSuffix: ingress.loadBalancer.arnSuffix,
          targetGroupArnSuffix: ingress.targetGroup.arnSuffix,
          alarmEmail: config.telemetry.alarmEmail,
          errorRatePercent: config.telemetry.errorRatePercent,
          p99LatencyMs: config.telemetry.p99LatencyMs,
      })
    : undefined;

export const url = ui.url;
export const loadBalancerDnsName = ingress.loadBalancer.dnsName;
export const clusterName = cluster.clusterName;
export const namespaceArn = namespace.arn;
export const namespaceName = namespace.namespaceName;
export const vpcId = network.vpcId;
export const serviceNames = {
    ui: ui.service.service.name,
    appserver: appserver.service.service.name,
    redis: redis.service.service.name,
    db: db.service.service.name,
};
export const databaseFileSystemId = storage?.fileSystem.id;
export const dashboardName = monitoring?.dashboard.dashboardName;
export const alarmTopicArn = monitoring?.topic.arn;
