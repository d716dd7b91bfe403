import * as assert from "assert";
import { Cluster, Ingress, ServiceConnectNamespace, ServiceConnectService, ServiceConnectServiceArgs } from "../components";
import { Evaluation, named, ofType } from "../tools/harness/evaluate";
import { evaluateProgram } from "../tools/harness/program";

type Json = Record<string, any>;

const CONFIG = { "aws:region": "eu-west-1" };

const BASE: ServiceConnectServiceArgs = {
    clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/test",
    namespaceArn: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-test",
    vpcId: "vpc-test",
    subnetIds: ["subnet-a", "subnet-b"],
    region: "eu-west-1",
    image: "example/api:1.0",
    sizing: { taskCpu: 1024, taskMemory: 2048, proxyCpu: 512, proxyMemory: 128 },
    desiredCount: 2,
    logRetentionDays: 14,
    platformVersion: "LATEST",
    assignPublicIp: false,
    accessLogs: false,
};

function run(program: () => unknown): Promise<Evaluation> {
    return evaluateProgram("test", CONFIG, program);
}

describe("components", () => {
    describe("ServiceConnectService", () => {
        it("as a client: joins the namespace and publishes nothing", async () => {
            const ev = await run(() => {
                new ServiceConnectService("web", BASE);
            });
            const service = named(ev, "aws:ecs/service:Service", "web-service").inputs as Json;
            assert.deepStrictEqual(service.serviceConnectConfiguration.services, []);
            assert.strictEqual(service.serviceConnectConfiguration.namespace, BASE.namespaceArn);
            assert.deepStrictEqual(service.loadBalancers, []);
            assert.strictEqual(service.healthCheckGracePeriodSeconds, undefined);
            const [container] = JSON.parse(
                String(named(ev, "aws:ecs/taskDefinition:TaskDefinition", "web-task").inputs.containerDefinitions),
            );
            assert.deepStrictEqual(container.portMappings, []);
            assert.deepStrictEqual([container.cpu, container.memory], [512, 1920]);
            assert.strictEqual(named(ev, "aws:cloudwatch/logGroup:LogGroup", "web-logs").inputs.name, "/ecs/web");
        });

        it("as a client-server: publishes its endpoint, and callers open only that port", async () => {
            const ev = await run(() => {
                const api = new ServiceConnectService("api", {
                    ...BASE,
                    port: { name: "api", containerPort: 8080, appProtocol: "http" },
                    endpoint: { discoveryName: "api", dnsName: "api.internal", port: 80 },
                });
                new ServiceConnectService("web", { ...BASE, upstreams: [api] });
            });
            const api = named(ev, "aws:ecs/service:Service", "api-service");
            assert.deepStrictEqual((api.inputs as Json).serviceConnectConfiguration.services, [
                { portName: "api", discoveryName: "api", clientAlias: [{ dnsName: "api.internal", port: 80 }] },
            ]);
            // The proxy listens on the container port, whatever port the alias gives clients.
            const ingress = named(ev, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-to-api-ingress").inputs;
            assert.deepStrictEqual([ingress.fromPort, ingress.toPort, ingress.ipProtocol], [8080, 8080, "tcp"]);
            assert.ok(named(ev, "aws:ecs/service:Service", "web-service").dependencies.includes(api.urn));
        });

        it("grants ECR pulls on the image's repository only when the image is in ECR", async () => {
            const ev = await run(() => {
                new ServiceConnectService("ecr", { ...BASE, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:3" });
            });
            const policy = JSON.parse(String(named(ev, "aws:iam/rolePolicy:RolePolicy", "ecr-execution-logs").inputs.policy));
            assert.deepStrictEqual(policy.Statement.slice(1), [
                { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
                },
            ]);
        });

        it("ignores desiredCount drift only when autoscaled, and waits for steady state by default", async () => {
            const ev = await run(() => {
                new ServiceConnectService("scaled", { ...BASE, autoscaled: true });
                new ServiceConnectService("fixed", BASE);
            });
            const scaled = named(ev, "aws:ecs/service:Service", "scaled-service");
            assert.deepStrictEqual(scaled.options.ignoreChanges, ["desiredCount"]);
            assert.deepStrictEqual(named(ev, "aws:ecs/service:Service", "fixed-service").options.ignoreChanges, []);
            assert.strictEqual((scaled.inputs as Json).waitForSteadyState, true);
        });

        it("refuses an endpoint without a port, a target group without a port, and an upstream with no endpoint", () => {
            assert.throws(
                () => new ServiceConnectService("bad", { ...BASE, endpoint: { discoveryName: "x", dnsName: "x", port: 1 } }),
                /bad: a client-server service needs `port`/,
            );
            return run(() => {
                const client = new ServiceConnectService("client", BASE);
                assert.throws(
                    () => new ServiceConnectService("lb", { ...BASE, targetGroupArn: "arn:tg" }),
                    /lb: a load-balanced service needs `port`/,
                );
                assert.throws(
                    () => new ServiceConnectService("caller", { ...BASE, upstreams: [client] }),
                    /caller: upstream client publishes no Service Connect endpoint to call/,
                );
            });
        });
    });

    it("ServiceConnectNamespace creates an HTTP namespace and exposes its ARN", async () => {
        const ev = await run(() => ({ arn: new ServiceConnectNamespace("ns", { name: "team-dev", drainTimeoutMinutes: 10 }).arn }));
        const namespace = named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "ns-http");
        assert.deepStrictEqual(namespace.inputs, { name: "team-dev", description: "Service Connect namespace" });
        assert.strictEqual(ev.outputs.arn, namespace.outputs.arn);
    });

    it("Cluster enables Container Insights and takes the namespace by ARN", async () => {
        const ev = await run(() => {
            new Cluster("c", {
                namespaceArn: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1",
                containerInsights: "enhanced",
            });
        });
        assert.deepStrictEqual(named(ev, "aws:ecs/cluster:Cluster", "c-cluster").inputs, {
            settings: [{ name: "containerInsights", value: "enhanced" }],
            serviceConnectDefaults: { namespace: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1" },
        });
    });

    it("Ingress opens 80 and 443 to the internet and nothing to the targets by itself", async () => {
        const ev = await run(() => {
            new Ingress("edge", {
                vpcId: "vpc-1",
                publicSubnetIds: ["p1", "p2"],
                hostedZoneId: "ZONE1",
                domainName: "app.example.net",
                tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            });
        });
        const rules = ofType(ev, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(
            (r) => `${r.inputs.cidrIpv4}:${r.inputs.fromPort}`,
        );
        assert.deepStrictEqual(rules, ["0.0.0.0/0:80", "0.0.0.0/0:443"]);
        assert.strictEqual(ofType(ev, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").length, 0);
        assert.strictEqual(named(ev, "aws:lb/loadBalancer:LoadBalancer", "edge-alb").inputs.dropInvalidHeaderFields, true);
        assert.strictEqual(named(ev, "aws:acm/certificate:Certificate", "edge-cert").inputs.domainName, "app.example.net");
        assert.strictEqual(ofType(ev, "aws:route53/record:Record").length, 1, "only the validation record; the UI publishes the alias");
    });
});
