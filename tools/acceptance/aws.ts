/**
 * The AWS side of the run behind a small interface (`awsSdk.ts` is the AWS SDK v3 implementation,
 * the tests use a fake): Service Connect metrics, the database task, and what a destroy leaves.
 */
import { done, notYet, poll, PollOptions } from "./poll";
import { StateResource } from "./workspace";

export interface MetricQuery {
    readonly clusterName: string;
    readonly serviceName: string;
    readonly discoveryName: string;
    readonly start: Date;
    readonly end: Date;
}

export interface TaskInfo {
    readonly arn: string;
    /** ECS `lastStatus`: PROVISIONING, PENDING, RUNNING, STOPPED, ... */
    readonly lastStatus: string;
}

export type TrackedKind = "ECS cluster" | "ECS service" | "Cloud Map namespace" | "log group" | "EFS file system";

/** Something the stack made (or made AWS make) that must be gone after a destroy, unless kept on purpose. */
export interface TrackedResource {
    readonly kind: TrackedKind;
    /** What the AWS API looks it up by: an ARN, a name, `ns-…`, `fs-…`. */
    readonly id: string;
    /** The ECS cluster of a service. */
    readonly cluster?: string;
    /** Why it is expected to remain; undefined when it must be gone. */
    readonly keptBecause?: string;
    /** How to delete it by hand when it is kept. */
    readonly deleteWith?: string;
}

export interface AwsApi {
    /** Sum of the Service Connect `RequestCount` datapoints in the window; undefined when there are none. */
    serviceConnectRequests(query: MetricQuery): Promise<number | undefined>;
    serviceTasks(clusterName: string, serviceName: string): Promise<TaskInfo[]>;
    stopTask(clusterName: string, taskArn: string, reason: string): Promise<void>;
    exists(resource: TrackedResource): Promise<boolean>;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * What to look for after the destroy, from the stack's state before it: the clusters, services,
 * namespace, log groups and file systems the stack holds, with `retainOnDelete` ones marked kept;
 * plus each cluster's Container Insights log group, which CloudWatch creates outside the stack.
 */
export function trackedResources(resources: readonly StateResource[], retainReason = "retainOnDelete in the stack"): TrackedResource[] {
    const tracked: TrackedResource[] = [];
    for (const r of resources) {
        const out = r.outputs ?? {};
        const kept = r.retainOnDelete === true ? retainReason : undefined;
        if (r.type === "aws:ecs/cluster:Cluster") {
            const name = str(out.name) ?? r.id;
            if (name === undefined) continue;
            tracked.push({ kind: "ECS cluster", id: str(out.arn) ?? name, keptBecause: kept });
            const insights = Array.isArray(out.settings)
                ? (out.settings as { name?: unknown; value?: unknown }[]).find((s) => s?.name === "containerInsights")?.value
                : undefined;
            if (insights !== undefined && insights !== "disabled") {
                const group = `/aws/ecs/containerinsights/${name}/performance`;
                tracked.push({
                    kind: "log group",
                    id: group,
                    keptBecause: "CloudWatch Container Insights creates it for the cluster; it is not part of the stack",
                    deleteWith: `aws logs delete-log-group --log-group-name ${group}`,
                });
            }
        } else if (r.type === "aws:ecs/service:Service") {
            const name = str(out.name);
            if (name !== undefined) tracked.push({ kind: "ECS service", id: name, cluster: str(out.cluster), keptBecause: kept });
        } else if (r.type === "aws:servicediscovery/httpNamespace:HttpNamespace") {
            if (r.id !== undefined) tracked.push({ kind: "Cloud Map namespace", id: r.id, keptBecause: kept });
        } else if (r.type === "aws:cloudwatch/logGroup:LogGroup") {
            const name = str(out.name) ?? r.id;
            if (name !== undefined)
                tracked.push({
                    kind: "log group",
                    id: name,
                    keptBecause: kept,
                    deleteWith: kept && `aws logs delete-log-group --log-group-name ${name}`,
                });
        } else if (r.type === "aws:efs/fileSystem:FileSystem") {
            if (r.id !== undefined)
                tracked.push({
                    kind: "EFS file system",
                    id: r.id,
                    keptBecause: kept,
                    deleteWith: kept && `delete its mount targets, then aws efs delete-file-system --file-system-id ${r.id}`,
                });
        }
    }
    return tracked;
}

export interface Leftovers {
    /** Still there and should not be: the check fails. */
    readonly unexpected: readonly TrackedResource[];
    /** Still there on purpose, reported with the reason. */
    readonly kept: readonly TrackedResource[];
}

async function survey(aws: AwsApi, tracked: readonly TrackedResource[]): Promise<Leftovers> {
    const present = await Promise.all(tracked.map(async (r) => ((await aws.exists(r)) ? r : undefined)));
    const remaining = present.filter((r): r is TrackedResource => r !== undefined);
    return { unexpected: remaining.filter((r) => r.keptBecause === undefined), kept: remaining.filter((r) => r.keptBecause !== undefined) };
}

export const describeResource = (r: TrackedResource) => `${r.kind} ${r.id}`;

/**
 * Deletions settle over a few minutes (ECS marks clusters INACTIVE, EFS goes through "deleting"):
 * surveys until nothing unexpected is left or the wait ends, and returns the last survey.
 */
export async function waitForNothingLeft(aws: AwsApi, tracked: readonly TrackedResource[], options: PollOptions): Promise<Leftovers> {
    let last: Leftovers | undefined;
    try {
        return await poll(
            "the resources of the destroyed stack to be gone",
            async () => {
                last = await survey(aws, tracked);
                return last.unexpected.length === 0
                    ? done(last)
                    : notYet(`still there: ${last.unexpected.map(describeResource).join(", ")}`);
            },
            options,
        );
    } catch (error) {
        if (last === undefined) throw error;
        return last;
    }
}

/** The check's verdict: the error names everything the destroy should have removed and did not. */
export function leftoverProblem(leftovers: Leftovers): string | undefined {
    return leftovers.unexpected.length === 0
        ? undefined
        : `left in the account after destroy: ${leftovers.unexpected.map(describeResource).join(", ")}`;
}

/** `RequestCount` of the appserver's Service Connect endpoint appears, above zero, within the wait. */
export async function waitForServiceConnectMetrics(
    aws: AwsApi,
    query: Omit<MetricQuery, "end">,
    options: PollOptions & { readonly clock?: () => Date },
): Promise<string> {
    const clock = options.clock ?? (() => new Date());
    const where = `AWS/ECS RequestCount{ClusterName=${query.clusterName}, ServiceName=${query.serviceName}, DiscoveryName=${query.discoveryName}}`;
    return poll(
        `Service Connect metric ${where}`,
        async () => {
            const sum = await aws.serviceConnectRequests({ ...query, end: new Date(clock().getTime() + 60_000) });
            if (sum === undefined) return notYet("no datapoints yet");
            if (sum <= 0) return notYet(`datapoints sum to ${sum}`);
            return done(`${where}: ${sum} requests since ${query.start.toISOString()}`);
        },
        options,
    );
}

/** Stops the single running database task and waits for ECS to start its replacement. */
export async function replaceTask(aws: AwsApi, clusterName: string, serviceName: string, options: PollOptions): Promise<string> {
    const running = (await aws.serviceTasks(clusterName, serviceName)).filter((t) => t.lastStatus === "RUNNING");
    if (running.length !== 1) {
        throw new Error(`expected one running task in ECS service ${serviceName}, found ${running.length}`);
    }
    const old = running[0].arn;
    await aws.stopTask(clusterName, old, "yelb acceptance run: the votes must survive a database task replacement");
    const replacement = await poll(
        `a replacement task in ECS service ${serviceName}`,
        async () => {
            const next = (await aws.serviceTasks(clusterName, serviceName)).find((t) => t.arn !== old && t.lastStatus === "RUNNING");
            return next === undefined ? notYet("no new RUNNING task yet") : done(next.arn);
        },
        options,
    );
    return `task ${shortTask(old)} stopped, ${shortTask(replacement)} running`;
}

export const shortTask = (arn: string) => arn.split("/").pop() ?? arn;
