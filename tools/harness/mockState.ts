/**
 * What the mocks answer for each resource and provider function: the inputs echoed back plus the
 * outputs AWS would compute (ARNs, IDs, DNS names), with deterministic values so plans and tests
 * are stable from run to run.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export const MOCK_ACCOUNT_ID = "123456789012";

function shortHash(text: string, length = 7): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The physical name Pulumi's auto-naming would give: the logical name and a random suffix. */
function physicalName(inputs: Record<string, unknown>, name: string): string {
    return typeof inputs.name === "string" ? inputs.name : `${name}-${shortHash(name)}`;
}

/** The `aws:<module>/<resource>:<Resource>` token's service, for ARNs. */
function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

export function mockResourceState(args: pulumi.runtime.MockResourceArgs, region: string): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    const name = physicalName(inputs, args.name);
    const arnPrefix = `arn:aws:${serviceOf(args.type)}:${region}:${MOCK_ACCOUNT_ID}`;
    const id = `${args.name}-id`;
    const state: Record<string, unknown> = { ...inputs };
    switch (args.type) {
        case "awsx:ec2:Vpc": {
            const zones = Number(inputs.numberOfAvailabilityZones ?? 3);
            const subnets = (kind: string) => Array.from({ length: zones }, (_, i) => `subnet-${kind}-${i + 1}`);
            return {
                id,
                state: {
                    ...state,
                    vpcId: `vpc-${shortHash(args.name, 8)}`,
                    publicSubnetIds: subnets("public"),
                    privateSubnetIds: subnets("private"),
                },
            };
        }
        case "aws:servicediscovery/httpNamespace:HttpNamespace": {
            const namespaceId = `ns-${shortHash(args.name, 16)}`;
            return { id: namespaceId, state: { ...state, arn: `${arnPrefix}:namespace/${namespaceId}` } };
        }
        case "aws:s3/bucket:Bucket": {
            // S3 names a prefixed bucket with a 26-character unique suffix.
            const bucket = `${String(inputs.bucketPrefix ?? "")}${shortHash(args.name, 26)}`;
            return { id: bucket, state: { ...state, bucket, arn: `arn:aws:s3:::${bucket}` } };
        }
        case "aws:wafv2/webAcl:WebAcl": {
            // A regional web ACL's ARN carries its scope, name and a generated ID.
            const webAclId = `${shortHash(args.name, 8)}-${shortHash(`${args.name}/id`, 4)}`;
            const arn = `${arnPrefix}:regional/webacl/${name}/${webAclId}`;
            return { id: webAclId, state: { ...state, name, arn } };
        }
        case "aws:iam/policy:Policy": {
            // IAM is global: no region in the ARN, and the path is part of it.
            const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy${String(inputs.path ?? "/")}${name}`;
            return { id: arn, state: { ...state, name, arn } };
        }
        case "aws:ecs/cluster:Cluster":
            return { id: `${arnPrefix}:cluster/${name}`, state: { ...state, name, arn: `${arnPrefix}:cluster/${name}` } };
        case "aws:ecs/taskDefinition:TaskDefinition": {
            const arn = `${arnPrefix}:task-definition/${String(inputs.family)}:1`;
            return { id: String(inputs.family), state: { ...state, arn, revision: 1, arnWithoutRevision: arn.replace(/:1$/, "") } };
        }
        case "aws:ecs/service:Service": {
            const clusterName = String(inputs.cluster ?? "default")
                .split("/")
                .pop();
            return { id: `${arnPrefix}:service/${clusterName}/${name}`, state: { ...state, name } };
        }
        case "aws:ec2/securityGroup:SecurityGroup":
            return {
                id: `sg-${shortHash(args.name, 17)}`,
                state: { ...state, arn: `${arnPrefix}:security-group/sg-${shortHash(args.name, 17)}` },
            };
        case "aws:lb/loadBalancer:LoadBalancer": {
            const suffix = `app/${name.slice(0, 32)}/${shortHash(args.name, 16)}`;
            return {
                id: `${arnPrefix}:loadbalancer/${suffix}`,
                state: {
                    ...state,
                    arn: `${arnPrefix}:loadbalancer/${suffix}`,
                    arnSuffix: suffix,
                    dnsName: `${name}-${shortHash(args.name, 10)}.${region}.elb.amazonaws.com`,
                    zoneId: "Z35SXDOTRQ7X7K",
                },
            };
        }
        case "aws:lb/targetGroup:TargetGroup": {
            const suffix = `targetgroup/${name.slice(0, 32)}/${shortHash(args.name, 16)}`;
            return { id: `${arnPrefix}:${suffix}`, state: { ...state, arn: `${arnPrefix}:${suffix}`, arnSuffix: suffix } };
        }
        case "aws:acm/certificate:Certificate": {
            const domain = String(inputs.domainName);
            const arn = `${arnPrefix}:certificate/${shortHash(domain, 32)}`;
            return {
                id: arn,
                state: {
                    ...state,
                    arn,
                    domainValidationOptions: [
                        {
                            domainName: domain,
                            resourceRecordName: `_${shortHash(domain, 32)}.${domain}.`,
                            resourceRecordType: "CNAME",
                            resourceRecordValue: `_${shortHash(`${domain}-value`, 32)}.acm-validations.aws.`,
                        },
                    ],
                },
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { id, state: { ...state, certificateArn: inputs.certificateArn } };
        case "aws:route53/record:Record":
            return { id, state: { ...state, fqdn: String(inputs.name).replace(/\.$/, "") } };
        default:
            return { id, state: { ...state, arn: `${arnPrefix}:${args.type.split(":").pop()?.toLowerCase()}/${name}`, name } };
    }
}

/**
 * What a stack's first preview answers: nothing exists yet, so the ID and every output the
 * provider computes (those `mockResourceState` adds to the inputs: ARNs, IDs, names) are unknown;
 * inputs echo back as given, unknown where they come from other resources' outputs.
 */
export function firstPreviewState(args: pulumi.runtime.MockResourceArgs, region: string): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    const computed = Object.keys(mockResourceState(args, region).state).filter((key) => !(key in inputs));
    return { id: undefined, state: { ...inputs, ...Object.fromEntries(computed.map((key) => [key, pulumi.unknown])) } };
}

/**
 * Hosted zones the mocks know besides the stack's own: one that does not exist, a private zone and
 * a zone of another name, so tests can show the preview-time zone check failing. Any other ID that
 * is not the stack's configured zone does not exist either.
 */
export const MOCK_HOSTED_ZONES: Readonly<Record<string, { readonly name: string; readonly privateZone: boolean } | "missing">> = {
    Z0MISSINGZONE0000000: "missing",
    Z0PRIVATEZONE0000000: { name: "example.com.", privateZone: true },
    Z0OTHERZONE000000000: { name: "example.org.", privateZone: false },
};

/**
 * Route 53's answer for a zone ID. Offline, the stack's configured zone is taken to be the public
 * zone its settings name (only AWS can say otherwise); the fixture zones answer as listed.
 */
function mockZone(zoneId: string, config: Readonly<Record<string, string>>): Record<string, unknown> {
    const known = MOCK_HOSTED_ZONES[zoneId];
    const configured =
        zoneId === config["yelb:hostedZoneId"] ? { name: `${config["yelb:hostedZoneName"]}.`, privateZone: false } : undefined;
    const zone = known ?? configured;
    if (zone === undefined || zone === "missing") {
        throw new Error(`no matching Route 53 Hosted Zone found (zone ${zoneId})`);
    }
    return { id: zoneId, zoneId, ...zone, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: [] };
}

/** From the ELB user guide's "Enable access logs" table, for the regions the stack files use. */
const ELB_ACCOUNTS: Readonly<Record<string, string>> = { "us-east-1": "127311923021", "eu-west-1": "156460612806" };

export function mockCall(
    args: pulumi.runtime.MockCallArgs,
    region: string,
    config: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
    switch (args.token) {
        case "aws:route53/getZone:getZone":
            return mockZone(String(args.inputs.zoneId), config);
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline`, userId: "AIDAOFFLINE" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:elb/getServiceAccount:getServiceAccount":
            // Elastic Load Balancing's log delivery accounts, as the AWS provider lists them.
            return { arn: `arn:aws:iam::${ELB_ACCOUNTS[region] ?? "000000000000"}:root`, id: ELB_ACCOUNTS[region] ?? "000000000000" };
        case "aws:iam/getPolicy:getPolicy": {
            // The deployments program creates each stack's role boundary before the stack's first deployment.
            const arn = String(args.inputs.arn);
            return { arn, name: arn.split("/").pop(), path: "/pulumi-deployments/", policy: "{}", policyId: "ANPAOFFLINE" };
        }
        default:
            throw new Error(`No offline answer for provider function ${args.token}; add one to harness/mockState.ts.`);
    }
}
