/** Every policy of the pack, kept apart from `index.ts` so tests can load them without a server. */
import type { Policies } from "@pulumi/policy";
import { fargatePlatformVersion, linuxOnly, supportedLaunchType } from "./compute";
import { clientAfterServers, noCircuitBreaker, rollingDeployment } from "./deployment";
import { namespaceByArn, sharedNamespace, uniqueEndpoints } from "./namespace";
import { proxyLogs } from "./observability";
import { appProtocol, portNameMatch, proxyHeadroom, taskMemory } from "./taskDefinition";

export const POLICY_PACK_NAME = "yelb-service-connect";

export const policies: Policies = [
    rollingDeployment,
    noCircuitBreaker,
    clientAfterServers,
    fargatePlatformVersion,
    supportedLaunchType,
    linuxOnly,
    taskMemory,
    proxyHeadroom,
    portNameMatch,
    appProtocol,
    uniqueEndpoints,
    sharedNamespace,
    namespaceByArn,
    proxyLogs,
];
