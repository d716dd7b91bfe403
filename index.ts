import * as pulumi from "@pulumi/pulumi";
// First, so that Node's code cache serves every module loaded after it.
import "./config/compileCache";
import { yelbStack } from "./stack";
import { StackConfigError, YelbStackConfig, loadStackConfig } from "./config";
import { readAwsProviderSettings } from "./config/awsProvider";
import { staleBuildMessage } from "./config/freshBuild";
import { TIERS } from "./model/tiers";

/** A configuration mistake is the user's to fix, not a crash: the CLI prints a RunError's message without a trace. */
function loadConfig(): YelbStackConfig {
    const stale = staleBuildMessage(__filename);
    if (stale !== undefined) {
        throw new pulumi.RunError(stale);
    }
    try {
        return loadStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
    } catch (error) {
        throw error instanceof StackConfigError ? new pulumi.RunError(error.message) : error;
    }
}

/**
 * Pulumi runs the function this module exports and takes what it resolves to as the stack's
 * outputs (url, loadBalancerDnsName, clusterName, namespaceArn, namespaceName, vpcId, serviceNames,
 * databaseFileSystemId, dashboardName, alarmTopicArn): a function, so the checks that reach AWS
 * finish before the first resource is registered.
 */
export = async () => yelbStack(loadConfig(), TIERS, readAwsProviderSettings());
