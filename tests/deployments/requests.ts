/**
 * The IAM requests a deployment of one stack makes, derived from its plan: for every resource of
 * the plan (and every resource awsx creates for its VPC) and every grant the permission table
 * gives its type, the concrete resource ARN AWS would authorise against and the request context
 * (the resource's tags, the tags it is created with). Test-only: it feeds the IAM simulator.
 */
import { createHash } from "crypto";
import { Evaluation, RegisteredResource } from "../../tools/harness/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/harness/mockState";
import { tagsAll } from "../support/tags";
import { Grant, PERMISSIONS, Phase, REMOTE_COMPONENTS, StackScope } from "../../model/permissions";

type Tags = Readonly<Record<string, string>>;

/** One resource as IAM sees it: its ARN for each IAM resource type a grant may name, and its tags. */
interface Target {
    readonly arn: string;
    readonly tags: Tags;
    /** What else IAM knows of the request on this resource. */
    readonly context?: Record<string, string | string[]>;
}

export interface IamRequest {
    readonly type: string;
    readonly resource: string;
    readonly phases: readonly Phase[];
    readonly action: string;
    /** The IAM resource type the table says the action authorises against. */
    readonly on: string;
    readonly arn: string;
    readonly context: Record<string, string | string[]>;
    readonly holding: Grant["holding"]["by"];
}

const hash = (text: string, length: number) => createHash("sha256").update(text).digest("hex").slice(0, length);

/** A plan resource, or one awsx creates (which no plan shows), with what the requests need of it. */
interface PlannedResource {
    /** The provider it is created with; awsx's children take the VPC's. */
    readonly provider?: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly outputs: Record<string, any>;
}

/** The resources awsx creates for the plan's VPC, with the provider the VPC hands them. */
function awsxChildren(vpc: RegisteredResource): PlannedResource[] {
    const zones = Number(vpc.inputs.numberOfAvailabilityZones);
    const nat = (vpc.inputs.natGateways as { strategy: string }).strategy;
    const natCount = nat === "None" ? 0 : nat === "Single" ? 1 : zones;
    const child = (type: string, name: string): PlannedResource => ({
        provider: vpc.providers.aws,
        type,
        name: `${vpc.name}-${name}`,
        inputs: {},
        outputs: {},
    });
    const counts: Record<string, number> = {
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/subnet:Subnet": 2 * zones,
        "aws:ec2/routeTable:RouteTable": 2 * zones,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 2 * zones,
        "aws:ec2/route:Route": 2 * zones,
        "aws:ec2/internetGateway:InternetGateway": 1,
        "aws:ec2/natGateway:NatGateway": natCount,
        "aws:ec2/eip:Eip": natCount,
    };
    return REMOTE_COMPONENTS["awsx:ec2:Vpc"].flatMap((type) =>
        Array.from({ length: counts[type] }, (_, i) => child(type, `${type.split(":").pop()!.toLowerCase()}-${i + 1}`)),
    );
}

/** Every resource that calls AWS when the stack deploys. */
export function plannedResources(ev: Evaluation): PlannedResource[] {
    // A provider resource calls no AWS API of its own: it configures how the others do.
    const own = ev.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    const vpcs = ev.resources.filter((r) => r.type === "awsx:ec2:Vpc");
    return [...own, ...vpcs.flatMap(awsxChildren)];
}

/** Resolves the resources a plan resource's grants name, as IAM would see them. */
class Resolver {
    constructor(
        private readonly ev: Evaluation,
        private readonly region: string,
    ) {}

    private regional(service: string, resource: string): string {
        return `arn:aws:${service}:${this.region}:${MOCK_ACCOUNT_ID}:${resource}`;
    }

    private find(type: string, match: (r: RegisteredResource) => boolean): RegisteredResource {
        const found = this.ev.resources.find((r) => r.type === type && match(r));
        if (found === undefined) {
            throw new Error(`no ${type} in the plan of ${this.ev.stack} matches`);
        }
        return found;
    }

    tagsOf(r: PlannedResource): Tags {
        return tagsAll(this.ev, r);
    }

    /** The tags of what awsx creates: the provider the VPC hands its children. */
    private vpcTags(): Tags {
        return tagsAll(this.ev, { provider: this.find("awsx:ec2:Vpc", () => true).providers.aws, inputs: {} });
    }

    /** The resource of `type` that `r` takes its `property` from. */
    private via(r: PlannedResource, property: string, type: string): RegisteredResource {
        const from = (r as RegisteredResource).propertyDependencies?.[property] ?? [];
        return this.find(type, (candidate) => from.includes(candidate.urn));
    }

    private role(r: RegisteredResource): Target {
        const boundary = r.inputs.permissionsBoundary as string | undefined;
        return {
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role${r.inputs.path ?? "/"}${r.outputs.name}`,
            tags: this.tagsOf(r),
            // IAM puts a role's boundary in the context of the calls on it (the boundary a CreateRole asks for).
            context: boundary === undefined ? {} : { "iam:PermissionsBoundary": boundary },
        };
    }

    private securityGroup(group: PlannedResource): Target {
        return { arn: this.regional("ec2", `security-group/sg-${hash(`${this.ev.stack}/${group.name}`, 17)}`), tags: this.tagsOf(group) };
    }

    private fileSystem(fs: PlannedResource): Target {
        return {
            arn: this.regional("elasticfilesystem", `file-system/fs-${hash(`${this.ev.stack}/${fs.name}`, 17)}`),
            tags: this.tagsOf(fs),
        };
    }

    private loadBalancer(lb: PlannedResource): Target {
        return { arn: this.regional("elasticloadbalancing", `loadbalancer/${lb.outputs.arnSuffix}`), tags: this.tagsOf(lb) };
    }

    /** The resource of IAM type `on` that a request about `r` names. */
    target(r: PlannedResource, on: string): Target | undefined {
        const tags = this.tagsOf(r);
        const ec2 = (resource: string, id: string) => this.regional("ec2", `${resource}/${id}`);
        const synthetic = (prefix: string) => `${prefix}-${hash(`${this.ev.stack}/${r.name}`, 17)}`;
        switch (`${r.type} ${on}`) {
            case "aws:ecs/cluster:Cluster cluster":
                return { arn: this.regional("ecs", `cluster/${r.outputs.name}`), tags };
            case "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders cluster":
                return this.target(this.via(r, "clusterName", "aws:ecs/cluster:Cluster"), on);
            case "aws:ecs/service:Service service":
                return { arn: this.regional("ecs", `service/${String(r.inputs.cluster).split("/").pop()}/${r.outputs.name}`), tags };
            case "aws:ecs/taskDefinition:TaskDefinition task-definition":
                return { arn: this.regional("ecs", `task-definition/${r.inputs.family}:1`), tags };
            case "aws:ecs/taskDefinition:TaskDefinition role":
                return this.role(this.via(r, "taskRoleArn", "aws:iam/role:Role"));
            case "aws:cloudwatch/logGroup:LogGroup log-group":
                return { arn: this.regional("logs", `log-group:${r.inputs.name}`), tags };
            case "aws:iam/role:Role role":
                return this.role(r as RegisteredResource);
            case "aws:iam/role:Role policy":
                return { arn: String((r as RegisteredResource).inputs.permissionsBoundary), tags: {} };
            case "aws:iam/rolePolicy:RolePolicy role":
                return this.role(this.via(r, "role", "aws:iam/role:Role"));
            case "aws:appautoscaling/target:Target ScalableTarget":
                return { arn: this.regional("application-autoscaling", `scalable-target/${synthetic("0e")}`), tags };
            case "aws:appautoscaling/policy:Policy ScalableTarget": {
                const target = this.find("aws:appautoscaling/target:Target", (t) => t.parent === (r as RegisteredResource).parent);
                return this.target(target, on);
            }
            case "aws:appautoscaling/policy:Policy alarm":
                return {
                    arn: this.regional("cloudwatch", `alarm:TargetTracking-${r.inputs.resourceId}-AlarmHigh-${hash(r.name, 8)}`),
                    tags: {},
                };
            case "aws:servicediscovery/httpNamespace:HttpNamespace namespace":
                return { arn: this.regional("servicediscovery", `namespace/${synthetic("ns")}`), tags };
            case "pulumi-nodejs:dynamic/yelb:NamespaceDrain namespace":
                return this.target(
                    this.find("aws:servicediscovery/httpNamespace:HttpNamespace", () => true),
                    on,
                );
            case "pulumi-nodejs:dynamic/yelb:NamespaceDrain service":
                return { arn: this.regional("servicediscovery", `service/${synthetic("srv")}`), tags: {} };
            case "aws:ec2/securityGroup:SecurityGroup security-group":
                return this.securityGroup(r);
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule security-group":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule security-group":
                return this.securityGroup(this.via(r, "securityGroupId", "aws:ec2/securityGroup:SecurityGroup"));
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule security-group-rule":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule security-group-rule":
                return { arn: ec2("security-group-rule", synthetic("sgr")), tags };
            case "aws:ec2/securityGroup:SecurityGroup vpc":
            case "aws:ec2/vpc:Vpc vpc":
            case "aws:ec2/subnet:Subnet vpc":
            case "aws:ec2/routeTable:RouteTable vpc":
            case "aws:ec2/internetGateway:InternetGateway vpc":
                return { arn: ec2("vpc", String(this.find("awsx:ec2:Vpc", () => true).outputs.vpcId)), tags: this.vpcTags() };
            case "aws:ec2/subnet:Subnet subnet":
            case "aws:ec2/routeTableAssociation:RouteTableAssociation subnet":
            case "aws:ec2/natGateway:NatGateway subnet":
                return { arn: ec2("subnet", synthetic("subnet")), tags: this.vpcTags() };
            case "aws:ec2/routeTable:RouteTable route-table":
            case "aws:ec2/routeTableAssociation:RouteTableAssociation route-table":
            case "aws:ec2/route:Route route-table":
                return { arn: ec2("route-table", synthetic("rtb")), tags: this.vpcTags() };
            case "aws:ec2/internetGateway:InternetGateway internet-gateway":
                return { arn: ec2("internet-gateway", synthetic("igw")), tags: this.vpcTags() };
            case "aws:ec2/eip:Eip elastic-ip":
            case "aws:ec2/natGateway:NatGateway elastic-ip":
                return { arn: ec2("elastic-ip", synthetic("eipalloc")), tags: this.vpcTags() };
            case "aws:ec2/natGateway:NatGateway natgateway":
                return { arn: ec2("natgateway", synthetic("nat")), tags: this.vpcTags() };
            case "aws:lb/loadBalancer:LoadBalancer loadbalancer":
            case "aws:lb/loadBalancer:LoadBalancer loadbalancer/app/":
                return this.loadBalancer(r);
            case "aws:lb/targetGroup:TargetGroup targetgroup":
                return { arn: this.regional("elasticloadbalancing", String(r.outputs.arnSuffix)), tags };
            case "aws:lb/listener:Listener loadbalancer/app/":
                return this.loadBalancer(this.via(r, "loadBalancerArn", "aws:lb/loadBalancer:LoadBalancer"));
            case "aws:lb/listener:Listener listener/app": {
                const lb = this.loadBalancer(this.via(r, "loadBalancerArn", "aws:lb/loadBalancer:LoadBalancer")).arn.split(
                    ":loadbalancer/",
                )[1];
                return { arn: this.regional("elasticloadbalancing", `listener/${lb}/${hash(r.name, 16)}`), tags };
            }
            case "aws:wafv2/webAcl:WebAcl webacl":
                return { arn: String(r.outputs.arn), tags };
            case "aws:wafv2/webAclAssociation:WebAclAssociation webacl":
                return this.target(this.via(r, "webAclArn", "aws:wafv2/webAcl:WebAcl"), on);
            case "aws:wafv2/webAclAssociation:WebAclAssociation loadbalancer/app/":
                return this.loadBalancer(this.via(r, "resourceArn", "aws:lb/loadBalancer:LoadBalancer"));
            case "aws:acm/certificate:Certificate certificate":
                return { arn: this.regional("acm", `certificate/${hash(r.name, 32)}`), tags };
            case "aws:acm/certificateValidation:CertificateValidation certificate": {
                return this.target(this.via(r, "certificateArn", "aws:acm/certificate:Certificate"), on);
            }
            case "aws:route53/record:Record hostedzone":
                return {
                    arn: `arn:aws:route53:::hostedzone/${r.inputs.zoneId}`,
                    tags: {},
                    // As Route 53 normalises the names of a change: lower case, without the trailing dot.
                    context: {
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [String(r.inputs.name).toLowerCase().replace(/\.$/, "")],
                    },
                };
            case "aws:route53/record:Record change":
                return { arn: `arn:aws:route53:::change/C${hash(r.name, 12).toUpperCase()}`, tags: {} };
            case "aws:s3/bucket:Bucket bucket":
                return { arn: String(r.outputs.arn), tags };
            case "aws:s3/bucket:Bucket object":
                return { arn: `${String(r.outputs.arn)}/AWSLogs/${MOCK_ACCOUNT_ID}/elasticloadbalancing/log.gz`, tags };
            case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock bucket":
            case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration bucket":
            case "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration bucket":
            case "aws:s3/bucketPolicy:BucketPolicy bucket":
                return this.target(this.via(r, "bucket", "aws:s3/bucket:Bucket"), on);
            case "aws:efs/fileSystem:FileSystem file-system":
                return this.fileSystem(r);
            case "aws:efs/fileSystem:FileSystem role":
                return {
                    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/elasticfilesystem.amazonaws.com/AWSServiceRoleForAmazonElasticFileSystem`,
                    tags: {},
                };
            case "aws:efs/backupPolicy:BackupPolicy file-system":
            case "aws:efs/fileSystemPolicy:FileSystemPolicy file-system":
            case "aws:efs/accessPoint:AccessPoint file-system":
            case "aws:efs/mountTarget:MountTarget file-system":
                return this.fileSystem(this.via(r, "fileSystemId", "aws:efs/fileSystem:FileSystem"));
            case "aws:efs/accessPoint:AccessPoint access-point":
                return { arn: this.regional("elasticfilesystem", `access-point/${synthetic("fsap")}`), tags };
            case "aws:efs/mountTarget:MountTarget subnet":
                return { arn: ec2("subnet", `subnet-${hash(String(r.inputs.subnetId), 17)}`), tags: this.vpcTags() };
            case "aws:efs/mountTarget:MountTarget security-group":
                return this.securityGroup(this.via(r, "securityGroups", "aws:ec2/securityGroup:SecurityGroup"));
            case "aws:efs/mountTarget:MountTarget network-interface":
                return { arn: ec2("network-interface", synthetic("eni")), tags: {} };
            case "aws:cloudwatch/metricAlarm:MetricAlarm alarm":
                return { arn: this.regional("cloudwatch", `alarm:${r.outputs.name}`), tags };
            case "aws:cloudwatch/dashboard:Dashboard dashboard":
                return { arn: `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/${r.inputs.dashboardName}`, tags: {} };
            case "aws:sns/topic:Topic topic":
                return { arn: this.regional("sns", String(r.outputs.name)), tags };
            case "aws:sns/topicSubscription:TopicSubscription topic":
                return this.target(this.via(r, "topic", "aws:sns/topic:Topic"), on);
            default:
                return undefined;
        }
    }
}

/** What ECS and the first-use roles put in the request besides tags. */
function serviceContext(action: string, arn: string): Record<string, string> {
    if (action === "iam:PassRole") {
        return { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
    }
    if (action === "iam:CreateServiceLinkedRole") {
        return { "iam:AWSServiceName": arn.split("/aws-service-role/")[1].split("/")[0] };
    }
    return {};
}

/** A create call tags what it creates in the same request: the service names that call (`ec2:CreateAction`). */
function createActionContext(createdBy: readonly string[] | undefined): Record<string, string> {
    if (createdBy === undefined) {
        return {};
    }
    const [service, action] = createdBy[0].split(":");
    return { [`${service}:CreateAction`]: action };
}

/** Every request a deployment of the plan's stack makes, one per (resource, grant, action). */
export function requestsOf(ev: Evaluation, scope: StackScope): IamRequest[] {
    const resolver = new Resolver(ev, scope.region);
    return plannedResources(ev).flatMap((r) =>
        (PERMISSIONS[r.type]?.grants ?? []).flatMap((item) => {
            const target = item.on === "*" ? { arn: "*", tags: resolver.tagsOf(r) } : resolver.target(r, item.on);
            if (target === undefined) {
                throw new Error(`requests.ts cannot name the ${item.on} of ${r.type} ${r.name}; teach its Resolver`);
            }
            return item.actions.map((action): IamRequest => {
                const tagKeys = Object.keys(target.tags);
                const tagContext =
                    item.holding.by === "request-tags"
                        ? {
                              ...Object.fromEntries(tagKeys.map((k) => [`aws:RequestTag/${k}`, target.tags[k]])),
                              "aws:TagKeys": tagKeys,
                              ...createActionContext(item.holding.createdBy),
                          }
                        : Object.fromEntries(tagKeys.map((k) => [`aws:ResourceTag/${k}`, target.tags[k]]));
                return {
                    type: r.type,
                    resource: r.name,
                    phases: item.phases,
                    action,
                    on: item.on,
                    arn: target.arn,
                    holding: item.holding.by,
                    context: {
                        "aws:RequestedRegion": scope.region,
                        ...tagContext,
                        ...(target.context ?? {}),
                        ...serviceContext(action, target.arn),
                    },
                };
            });
        }),
    );
}
