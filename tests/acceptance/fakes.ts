/** A fake Pulumi workspace and a fake AWS account that record what the acceptance run asks of them. */
import { AwsApi, MetricQuery, TaskInfo, TrackedResource } from "../../tools/acceptance/aws";
import { AcceptanceStack, AcceptanceWorkspace, OperationOptions, StateResource } from "../../tools/acceptance/workspace";

export type Operation = "create" | "setAllConfig" | "preview" | "up" | "outputs" | "resources" | "destroy" | "removeStack";

export class FakeWorkspace implements AcceptanceWorkspace {
    readonly calls: string[] = [];
    config?: Readonly<Record<string, string>>;
    readonly operationOptions: Partial<Record<"preview" | "up", OperationOptions>> = {};
    /** The operation that throws, as the Automation API's CommandError would. */
    failAt?: Operation;
    /** Called once `up` has finished (the tests abort the run from here). */
    afterUp?: () => void;

    constructor(
        public stackOutputs: Record<string, unknown>,
        public state: StateResource[] = [],
    ) {}

    private step(operation: Operation, name: string): void {
        this.calls.push(`${operation} ${name}`);
        if (this.failAt === operation) {
            throw new Error(
                `code: 255\n stdout: Updating (${name})\n error: something went wrong\n stderr: error: ${operation} failed: ` +
                    `AccessDenied: not authorized to perform ecs:CreateCluster\n err?: \n`,
            );
        }
    }

    async createOrSelectStack(stackName: string): Promise<AcceptanceStack> {
        this.step("create", stackName);
        const stack: AcceptanceStack = {
            name: stackName,
            setAllConfig: async (config) => {
                this.step("setAllConfig", stackName);
                this.config = config;
            },
            preview: async (options) => {
                this.operationOptions.preview = options;
                this.step("preview", stackName);
                options.onOutput("Previewing update (fake)\n");
            },
            up: async (options) => {
                this.operationOptions.up = options;
                this.step("up", stackName);
                options.onOutput("Updating (fake)\n");
                this.afterUp?.();
            },
            outputs: async () => {
                this.step("outputs", stackName);
                return this.stackOutputs;
            },
            resources: async () => {
                this.step("resources", stackName);
                return this.state;
            },
            destroy: async (options) => {
                this.step("destroy", stackName);
                options.onOutput("Destroying (fake)\n");
            },
        };
        return stack;
    }

    async removeStack(stackName: string): Promise<void> {
        this.step("removeStack", stackName);
    }
}

export class FakeAws implements AwsApi {
    readonly calls: string[] = [];
    readonly queries: MetricQuery[] = [];
    /** The metric has datapoints from this query on (1 = the first); undefined = never. */
    metricFromQuery: number | undefined = 1;
    tasks: TaskInfo[] = [{ arn: "arn:aws:ecs:us-east-1:123456789012:task/yelb-ecs-cluster/0aaa", lastStatus: "RUNNING" }];
    /** Ids that still exist when asked (after the destroy). */
    readonly present = new Set<string>();
    /** What stopping the database task does to the app (the tests restart their fake database). */
    onStop?: () => void;

    async serviceConnectRequests(query: MetricQuery): Promise<number | undefined> {
        this.queries.push(query);
        return this.metricFromQuery !== undefined && this.queries.length >= this.metricFromQuery ? 42 : undefined;
    }

    async serviceTasks(clusterName: string, serviceName: string): Promise<TaskInfo[]> {
        this.calls.push(`tasks ${clusterName} ${serviceName}`);
        return this.tasks;
    }

    async stopTask(clusterName: string, taskArn: string, reason: string): Promise<void> {
        this.calls.push(`stop ${clusterName} ${taskArn} (${reason})`);
        this.onStop?.();
        this.tasks = [
            { arn: taskArn, lastStatus: "STOPPED" },
            { arn: "arn:aws:ecs:us-east-1:123456789012:task/yelb-ecs-cluster/0bbb", lastStatus: "RUNNING" },
        ];
    }

    async exists(resource: TrackedResource): Promise<boolean> {
        this.calls.push(`exists ${resource.kind} ${resource.id}`);
        return this.present.has(resource.id);
    }
}

/** The state of a deployed stack, trimmed to the resources the leftover check looks at. */
export function deployedState(options: { persistence?: boolean; retain?: boolean } = {}): StateResource[] {
    const cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/yelb-ecs-cluster-1a2b3c4";
    const resources: StateResource[] = [
        {
            type: "aws:ecs/cluster:Cluster",
            urn: "urn:pulumi:s::yelb::yelb:ecs:Cluster$aws:ecs/cluster:Cluster::yelb-ecs-cluster",
            id: cluster,
            outputs: { arn: cluster, name: "yelb-ecs-cluster-1a2b3c4", settings: [{ name: "containerInsights", value: "enabled" }] },
        },
        ...["ui", "appserver", "redis", "db"].map((tier) => ({
            type: "aws:ecs/service:Service",
            urn: `urn:pulumi:s::yelb::aws:ecs/service:Service::yelb-${tier}`,
            id: `arn:aws:ecs:us-east-1:123456789012:service/yelb-ecs-cluster-1a2b3c4/yelb-${tier}-svc-9z`,
            outputs: { name: `yelb-${tier}-svc-9z`, cluster },
        })),
        {
            type: "aws:servicediscovery/httpNamespace:HttpNamespace",
            urn: "urn:pulumi:s::yelb::aws:servicediscovery/httpNamespace:HttpNamespace::yelb-namespace",
            id: "ns-abcdefgh12345678",
            outputs: { name: "yelb-dev-acc-11230501-7f3a" },
        },
        {
            type: "aws:cloudwatch/logGroup:LogGroup",
            urn: "urn:pulumi:s::yelb::aws:cloudwatch/logGroup:LogGroup::yelb-ui-logs",
            id: "/ecs/yelb-dev-acc-11230501-7f3a/ui",
            outputs: { name: "/ecs/yelb-dev-acc-11230501-7f3a/ui" },
        },
        { type: "aws:ec2/vpc:Vpc", urn: "urn:pulumi:s::yelb::aws:ec2/vpc:Vpc::yelb-network", id: "vpc-0123", outputs: {} },
    ];
    if (options.persistence) {
        resources.push({
            type: "aws:efs/fileSystem:FileSystem",
            urn: "urn:pulumi:s::yelb::aws:efs/fileSystem:FileSystem::yelb-db-storage-fs",
            id: "fs-0123456789abcdef0",
            outputs: {},
            retainOnDelete: options.retain === true,
        });
    }
    return resources;
}

/** The outputs index.ts exports, for a deployed stack. */
export function deployedOutputs(options: { persistence?: boolean } = {}): Record<string, unknown> {
    return {
        url: "https://dev-acc-11230501-7f3a.acme-demo.org",
        clusterName: "yelb-ecs-cluster-1a2b3c4",
        namespaceName: "yelb-dev-acc-11230501-7f3a",
        serviceNames: { ui: "yelb-ui-svc-9z", appserver: "yelb-appserver-svc-9z", redis: "yelb-redis-svc-9z", db: "yelb-db-svc-9z" },
        ...(options.persistence ? { databaseFileSystemId: "fs-0123456789abcdef0" } : {}),
    };
}
