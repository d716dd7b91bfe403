import * as assert from "assert";
import type { StackValidationPolicy } from "@pulumi/policy";
import { linuxOnly } from "../../policies/compute";
import { clientAfterServers } from "../../policies/deployment";
import { namespaceByArn, sharedNamespace, uniqueEndpoints } from "../../policies/namespace";
import { policies } from "../../policies/policies";
import { appProtocol, portNameMatch, proxyHeadroom, taskMemory } from "../../policies/taskDefinition";
import { RegisteredResource } from "../../tools/harness/evaluate";
import { runStackPolicy } from "../../tools/plan/policyRunner";
import { URN, asAnalyzerResources, change, changeContainers, stackFixture } from "./fixtures";

async function messages(policy: StackValidationPolicy, resources: RegisteredResource[], config: Record<string, unknown> = {}) {
    return (await runStackPolicy(policy, asAnalyzerResources(resources), config)).map((v) => v.message);
}

const STACK_POLICIES = policies.filter((p): p is StackValidationPolicy => "validateStack" in p);

describe("stack policies", () => {
    it("pass on the happy-path stack", async () => {
        assert.strictEqual(STACK_POLICIES.length, 9);
        for (const policy of STACK_POLICIES) {
            assert.deepStrictEqual(await messages(policy, stackFixture()), [], policy.name);
        }
    });

    describe("service-connect-client-after-servers", () => {
        it("rejects a client that does not depend on the server it calls", async () => {
            const resources = change(stackFixture(), "web", (_props, r) => {
                r.dependencies = r.dependencies.filter((urn) => urn !== URN.api);
            });
            const found = await runStackPolicy(clientAfterServers, asAnalyzerResources(resources));
            assert.deepStrictEqual(found, [
                {
                    message:
                        "web calls api, but does not depend on it: its tasks may start before the endpoint exists and never resolve it. Add dependsOn: [api] to web.",
                    urn: URN.web,
                    level: "mandatory",
                },
            ]);
        });
    });

    describe("service-connect-linux-only", () => {
        it("rejects a Windows task definition", async () => {
            const resources = change(
                stackFixture(),
                "api-task",
                (p) => (p.runtimePlatform.operatingSystemFamily = "WINDOWS_SERVER_2022_CORE"),
            );
            assert.deepStrictEqual(await messages(linuxOnly, resources), [
                "Windows containers are not supported with Service Connect, but api-task sets runtimePlatform.operatingSystemFamily to WINDOWS_SERVER_2022_CORE. Use a Linux task definition for api.",
            ]);
        });
    });

    describe("service-connect-task-memory", () => {
        it("rejects a task definition without task memory", async () => {
            const resources = change(stackFixture(), "api-task", (p) => delete p.memory);
            assert.deepStrictEqual(await messages(taskMemory, resources), [
                "Service Connect needs a task memory limit, but api-task (used by api) sets none. Set the task definition's memory, above the containers' 960 MiB.",
            ]);
        });
        it("rejects task memory not above the containers' limits", async () => {
            const resources = change(stackFixture(), "web-task", (p) => (p.memory = "960"));
            assert.deepStrictEqual(await messages(taskMemory, resources), [
                "Task memory must exceed the sum of container memory limits so the Service Connect proxy has memory, but web-task sets 960 MiB for containers limited to 960 MiB. Raise the task memory or lower the container limits.",
            ]);
        });
    });

    describe("service-connect-proxy-headroom", () => {
        it("advises when the proxy's CPU reservation is short of 256 units, naming both fixes", async () => {
            const resources = changeContainers(stackFixture(), "api-task", (c) => (c[0].cpu = 384));
            assert.deepStrictEqual(await messages(proxyHeadroom, resources), [
                "The Service Connect proxy's CPU reservation is short in api-task (used by api): the task leaves the proxy 128 CPU units " +
                    "beyond its containers' limits, and the proxy should have 256. Raise the proxy's CPU reservation (the stack setting " +
                    "that sizes it, where the program has one) or the task CPU.",
            ]);
        });
        it("asks for 512 CPU units when tasks expect more than 500 requests per second", async () => {
            const found = await messages(proxyHeadroom, stackFixture(), { peakRequestsPerSecondPerTask: 800 });
            assert.strictEqual(found.length, 2);
            assert.match(
                found[0],
                /^The Service Connect proxy's CPU reservation is short in api-task \(used by api\): the task leaves the proxy 256 CPU units beyond its containers' limits, and the proxy should have 512\./,
            );
        });
        it("asks for 128 MiB in namespaces over 100 services or 2000 tasks", async () => {
            const short = (task: string) =>
                `The Service Connect proxy's memory reservation is short in ${task}: the task leaves the proxy 64 MiB beyond its ` +
                `containers' limits, and the proxy should have 128 MiB. Raise the proxy's memory reservation (the stack setting ` +
                `that sizes it, where the program has one) or the task memory.`;
            for (const config of [{ expectedNamespaceTasks: 2001 }, { expectedNamespaceServices: 101 }]) {
                assert.deepStrictEqual(await messages(proxyHeadroom, stackFixture(), config), [
                    short("api-task (used by api)"),
                    short("web-task (used by web)"),
                ]);
            }
        });
    });

    describe("service-connect-port-name-match", () => {
        it("rejects a portName that no port mapping has", async () => {
            const resources = changeContainers(stackFixture(), "api-task", (c) => (c[0].portMappings[0].name = "http"));
            assert.deepStrictEqual(await messages(portNameMatch, resources), [
                'Service Connect portName "api" of api matches no port mapping name in api-task (names: http). Name the port mapping "api" or use one of the existing names.',
            ]);
        });
    });

    describe("service-connect-app-protocol", () => {
        it("advises appProtocol on HTTP ports that are published", async () => {
            const resources = changeContainers(stackFixture(), "api-task", (c) => delete c[0].portMappings[0].appProtocol);
            assert.deepStrictEqual(await messages(appProtocol, resources), [
                'Port "api" (8080) of api-task looks like HTTP but sets no appProtocol, so Service Connect reports no HTTP metrics for api. Set appProtocol to "http", "http2" or "grpc".',
            ]);
            assert.deepStrictEqual(await messages(appProtocol, resources, { httpPorts: [80] }), []);
        });
    });

    describe("service-connect-unique-endpoints", () => {
        function secondServer(edit: (services: Record<string, unknown>[]) => void): RegisteredResource[] {
            return change(stackFixture(), "web", (p) => {
                p.serviceConnectConfiguration.services = [
                    { portName: "web", discoveryName: "web", clientAlias: [{ dnsName: "web", port: 80 }] },
                ];
                edit(p.serviceConnectConfiguration.services);
            });
        }
        it("accepts distinct endpoints", async () => {
            assert.deepStrictEqual(
                await messages(
                    uniqueEndpoints,
                    secondServer(() => undefined),
                ),
                [],
            );
        });
        it("rejects a duplicate discovery name", async () => {
            assert.deepStrictEqual(
                await messages(
                    uniqueEndpoints,
                    secondServer((s) => (s[0].discoveryName = "api")),
                ),
                [
                    'Discovery name "api" of web is already used by api in the same namespace; discovery names must be unique in a namespace. Give one of them another discoveryName.',
                ],
            );
        });
        it("rejects a duplicate client alias", async () => {
            assert.deepStrictEqual(
                await messages(
                    uniqueEndpoints,
                    secondServer((s) => (s[0].clientAlias = [{ dnsName: "api", port: 8080 }])),
                ),
                [
                    "Endpoint api:8080 of web is already published by api in the same namespace; endpoints must be unique in a namespace. Change the client alias DNS name or port.",
                ],
            );
        });
        it("takes the port name as the discovery name when none is given", async () => {
            const found = await messages(
                uniqueEndpoints,
                secondServer((s) => {
                    delete s[0].discoveryName;
                    s[0].portName = "api";
                    s[0].clientAlias = [{ dnsName: "web", port: 80 }];
                }),
            );
            assert.match(found[0], /^Discovery name "api" of web is already used by api/);
        });
    });

    describe("service-connect-shared-namespace", () => {
        it("rejects a caller in another namespace than the service it calls", async () => {
            const resources = change(stackFixture(), "web", (p, r) => {
                p.serviceConnectConfiguration.namespace = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-other";
                r.propertyDependencies = { ...r.propertyDependencies, serviceConnectConfiguration: [] };
            });
            assert.deepStrictEqual(await messages(sharedNamespace, resources), [
                `web calls api, but they are in different namespaces (arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-other and ${URN.namespace}), and Service Connect resolves endpoints only within one. Put both in the same namespace.`,
            ]);
        });
        it("rejects Service Connect without any namespace", async () => {
            const resources = change(stackFixture(), "cluster", (p, r) => {
                delete p.serviceConnectDefaults;
                r.propertyDependencies = {};
            });
            change(resources, "api", (p, r) => {
                delete p.serviceConnectConfiguration.namespace;
                r.propertyDependencies = { ...r.propertyDependencies, serviceConnectConfiguration: [] };
            });
            assert.deepStrictEqual(await messages(sharedNamespace, resources), [
                "api enables Service Connect without a namespace, and its cluster sets no default. Set serviceConnectConfiguration.namespace to the namespace ARN.",
            ]);
        });
    });

    describe("service-connect-namespace-by-arn", () => {
        it("advises against a namespace given by name, on services and clusters", async () => {
            const byName = (resource: string) => ({
                message:
                    'The Service Connect namespace is referenced by the name "fixture"; a name that does not resolve creates a second ' +
                    "namespace. Pass the namespace's ARN (for example httpNamespace.arn).",
                urn: resource,
                level: "advisory",
            });
            const resources = change(stackFixture(), "api", (p) => (p.serviceConnectConfiguration.namespace = "fixture"));
            change(resources, "cluster", (p) => (p.serviceConnectDefaults.namespace = "fixture"));
            assert.deepStrictEqual(await runStackPolicy(namespaceByArn, asAnalyzerResources(resources)), [
                byName(URN.api),
                byName(URN.cluster),
            ]);
        });
    });
});
