import * as pulumi from "@pulumi/pulumi";
import { yelbStack } from "./components";
import { StackConfigError, YelbStackConfig, loadStackConfig, readAwsProviderSettings } from "./config";
import { TIERS } from "./model/tiers";

const stack = pulumi.getStack();

/** A configuration mistake is the user's to fix, not a crash: the CLI prints a RunError's message without a trace. */
function loadConfig(): YelbStackConfig {
    try {
        return loadStackConfig(pulumi.runtime.allConfig(), stack);
    } catch (error) {
        throw error instanceof StackConfigError ? new pulumi.RunError(error.message) : error;
    }
}

const outputs = yelbStack(loadConfig(), TIERS, readAwsProviderSettings());
export const url = outputs.url;
export const loadBalancerDnsName = outputs.loadBalancerDnsName;
export const clusterName = outputs.clusterName;
export const namespaceArn = outputs.namespaceArn;
export const namespaceName = outputs.namespaceName;
export const vpcId = outputs.vpcId;
export const serviceNames = outputs.serviceNames;
export const databaseFileSystemId = outputs.databaseFileSystemId;
export const dashboardName = outputs.dashboardName;
export const alarmTopicArn = outputs.alarmTopicArn;
