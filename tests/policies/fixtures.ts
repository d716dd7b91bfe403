/**
 * Happy-path resources for the policy tests: each test changes one field and asserts the message
 * (the awsguard / cdk-nag "compliant, then non-compliant" pattern).
 */
import type { PolicyResource } from "@pulumi/policy";
import { Evaluation, RegisteredResource } from "../../tools/harness/evaluate";
import { analyzerResources, toPolicyResources } from "../../tools/plan/policyRunner";

type Json = Record<string, any>;

const NAMESPACE_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-fixture";

/** A compliant Service Connect client-server service's inputs. */
export function serviceProps(): Json {
    return {
        cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/fixture",
        taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
        launchType: "FARGATE",
        platformVersion: "LATEST",
        desiredCount: 1,
        deploymentController: { type: "ECS" },
        deploymentCircuitBreaker: { enable: false, rollback: false },
        serviceConnectConfiguration: {
            enabled: true,
            namespace: NAMESPACE_ARN,
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api" } },
            services: [{ portName: "api", discoveryName: "api", clientAlias: [{ dnsName: "api", port: 8080 }] }],
        },
    };
}

export function clusterProps(): Json {
    return { serviceConnectDefaults: { namespace: NAMESPACE_ARN } };
}

function taskDefinition(family: string, port: { name: string; containerPort: number }): Json {
    return {
        family,
        cpu: "512",
        memory: "1024",
        arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:1`,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        containerDefinitions: JSON.stringify([
            {
                name: family,
                image: `example/${family}:1`,
                cpu: 256,
                memory: 960,
                portMappings: [{ ...port, protocol: "tcp", appProtocol: "http" }],
            },
        ]),
    };
}

function resource(
    type: string,
    name: string,
    props: Json,
    links: Partial<Pick<RegisteredResource, "dependencies" | "propertyDependencies">> = {},
): RegisteredResource {
    return {
        urn: `urn:pulumi:test::fixture::${type}::${name}`,
        type,
        name,
        custom: true,
        remote: false,
        providers: {},
        dependencies: links.dependencies ?? [],
        propertyDependencies: links.propertyDependencies ?? {},
        inputs: props,
        outputs: {},
        options: { ignoreChanges: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false },
    };
}

const urn = (type: string, name: string) => `urn:pulumi:test::fixture::${type}::${name}`;
export const URN = {
    namespace: urn("aws:servicediscovery/httpNamespace:HttpNamespace", "ns"),
    cluster: urn("aws:ecs/cluster:Cluster", "cluster"),
    apiTask: urn("aws:ecs/taskDefinition:TaskDefinition", "api-task"),
    webTask: urn("aws:ecs/taskDefinition:TaskDefinition", "web-task"),
    apiGroup: urn("aws:ec2/securityGroup:SecurityGroup", "api-sg"),
    webGroup: urn("aws:ec2/securityGroup:SecurityGroup", "web-sg"),
    api: urn("aws:ecs/service:Service", "api"),
    web: urn("aws:ecs/service:Service", "web"),
};

/**
 * A compliant stack: `web` (client) calls `api` (client-server) on 8080, as the ingress rule from
 * web's group to api's group shows, and depends on it.
 */
export function stackFixture(): RegisteredResource[] {
    const serviceLinks = (task: string, group: string) => ({
        taskDefinition: [task],
        networkConfiguration: [group],
        serviceConnectConfiguration: [URN.namespace],
        cluster: [URN.cluster],
    });
    const web = serviceProps();
    web.taskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    web.serviceConnectConfiguration.services = [];
    return [
        resource("aws:servicediscovery/httpNamespace:HttpNamespace", "ns", { name: "fixture", arn: NAMESPACE_ARN }),
        resource("aws:ecs/cluster:Cluster", "cluster", clusterProps(), {
            propertyDependencies: { serviceConnectDefaults: [URN.namespace] },
        }),
        resource("aws:ecs/taskDefinition:TaskDefinition", "api-task", taskDefinition("api", { name: "api", containerPort: 8080 })),
        resource("aws:ecs/taskDefinition:TaskDefinition", "web-task", taskDefinition("web", { name: "web", containerPort: 80 })),
        resource("aws:ec2/securityGroup:SecurityGroup", "api-sg", { id: "sg-api" }),
        resource("aws:ec2/securityGroup:SecurityGroup", "web-sg", { id: "sg-web" }),
        resource(
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "web-to-api",
            { securityGroupId: "sg-api", referencedSecurityGroupId: "sg-web", fromPort: 8080, toPort: 8080, ipProtocol: "tcp" },
            { propertyDependencies: { securityGroupId: [URN.apiGroup], referencedSecurityGroupId: [URN.webGroup] } },
        ),
        resource("aws:ecs/service:Service", "api", serviceProps(), {
            dependencies: [URN.apiTask, URN.apiGroup, URN.namespace, URN.cluster],
            propertyDependencies: serviceLinks(URN.apiTask, URN.apiGroup),
        }),
        resource("aws:ecs/service:Service", "web", web, {
            dependencies: [URN.webTask, URN.webGroup, URN.namespace, URN.cluster, URN.api],
            propertyDependencies: serviceLinks(URN.webTask, URN.webGroup),
        }),
    ];
}

/** The links of a fixture resource, editable by a test. */
export interface Links {
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** Changes one resource of a fixture in place (its inputs, or its links) and returns the fixture. */
export function change(resources: RegisteredResource[], name: string, edit: (props: Json, links: Links) => void): RegisteredResource[] {
    const target = resources.find((r) => r.name === name);
    if (target === undefined) {
        throw new Error(`no fixture resource named ${name}`);
    }
    edit(target.inputs as Json, target as unknown as Links);
    return resources;
}

/** Edits the container definitions of a fixture task definition. */
export function changeContainers(
    resources: RegisteredResource[],
    taskName: string,
    edit: (containers: Json[]) => void,
): RegisteredResource[] {
    return change(resources, taskName, (props) => {
        const containers = JSON.parse(props.containerDefinitions);
        edit(containers);
        props.containerDefinitions = JSON.stringify(containers);
    });
}

const asEvaluation = (resources: RegisteredResource[]): Evaluation => ({
    project: "fixture",
    stack: "test",
    config: {},
    resources,
    invokes: [],
    outputs: {},
    warnings: [],
});

/** The fixture as plain resources, as the Service Connect map and the cost read them. */
export function asPolicyResources(resources: RegisteredResource[]): PolicyResource[] {
    return toPolicyResources(asEvaluation(resources), "outputs");
}

/** The fixture as AnalyzeStack hands it to stack policies: behind @pulumi/policy's unknown-checking proxy. */
export function asAnalyzerResources(resources: RegisteredResource[]): PolicyResource[] {
    return analyzerResources(asEvaluation(resources), "outputs");
}
