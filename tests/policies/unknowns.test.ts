/**
 * Values unknown in a first preview, on the fixture stack: properties reach the policies behind
 * @pulumi/policy's own unknown-checking proxy (as the server presents them), and a policy that
 * cannot decide one resource says so for that resource and still judges the others.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "../../tools/harness/evaluate";
import { analyzerProps, runResourcePolicyFindings, runStackPolicy } from "../../tools/plan/policyRunner";
import { noCircuitBreaker } from "../../policies/deployment";
import { sharedNamespace, uniqueEndpoints } from "../../policies/namespace";
import { taskMemory } from "../../policies/taskDefinition";
import { isUnknownValueError, read, undecidedMessage } from "../../policies/unknowns";
import { RegisteredResource } from "../../tools/harness/evaluate";
import { URN, asAnalyzerResources, change, serviceProps, stackFixture } from "./fixtures";

const DRAIN_TYPE = "pulumi-nodejs:dynamic/yelb:NamespaceDrain";
const DRAIN = `urn:pulumi:test::fixture::${DRAIN_TYPE}::drain`;
const BATCH = "urn:pulumi:test::fixture::aws:ecs/service:Service::batch";

const unknownNamespace = (resource: string) =>
    undecidedMessage(resource, new Error("string value at .serviceConnectConfiguration.namespace can't be known during preview"));

/**
 * The fixture as a first preview shows it: the namespace ARN unknown, reaching api and web through
 * a drain that passes it on; web publishes api's discovery name again; batch takes an unknown
 * namespace that no dependency links.
 */
function firstPreviewFixture(): RegisteredResource[] {
    const resources = change(stackFixture(), "ns", (p) => (p.arn = UNKNOWN));
    const drain: RegisteredResource = {
        ...resources[0],
        urn: DRAIN,
        type: DRAIN_TYPE,
        name: "drain",
        propertyDependencies: { namespaceArn: [URN.namespace] },
        inputs: { namespaceArn: UNKNOWN },
    };
    for (const name of ["api", "web"]) {
        change(resources, name, (p, links) => {
            p.serviceConnectConfiguration.namespace = UNKNOWN;
            links.propertyDependencies = { ...links.propertyDependencies, serviceConnectConfiguration: [DRAIN] };
        });
    }
    change(resources, "web", (p) => (p.serviceConnectConfiguration.services = [{ portName: "web", discoveryName: "api" }]));
    const batchProps = serviceProps();
    batchProps.serviceConnectConfiguration.namespace = UNKNOWN;
    batchProps.serviceConnectConfiguration.services = [];
    const batch: RegisteredResource = {
        ...resources.find((r) => r.name === "web")!,
        urn: BATCH,
        name: "batch",
        inputs: batchProps,
        dependencies: [],
        propertyDependencies: { taskDefinition: [URN.webTask], serviceConnectConfiguration: [] },
    };
    return [...resources, drain, batch];
}

describe("values unknown in a first preview", () => {
    it("reach policies behind @pulumi/policy's proxy, which throws its own error naming the value", () => {
        const props = analyzerProps({ cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c", nested: { arn: UNKNOWN }, gone: undefined });
        assert.strictEqual(props.cluster, "arn:aws:ecs:us-east-1:123456789012:cluster/c");
        assert.strictEqual("gone" in props, false);
        assert.throws(
            () => props.nested.arn,
            (error: Error) =>
                error.constructor.name === "UnknownValueError" &&
                error.message === "string value at .nested.arn can't be known during preview",
        );
    });

    it("are recognised whichever copy of @pulumi/policy threw, as a pack with its own packages loads a second one", () => {
        // A second instance of the proxy's module, as `policies/node_modules` gives the pack: its error class differs.
        const proxyModule = require.resolve("@pulumi/policy/proxy");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const first = require(proxyModule) as { UnknownValueError: new (...args: never[]) => Error };
        const cached = require.cache[proxyModule];
        delete require.cache[proxyModule];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const second = require(proxyModule) as { unknownCheckingProxy(props: object): Record<string, unknown> };
        require.cache[proxyModule] = cached;
        const props = second.unknownCheckingProxy({ arn: UNKNOWN });
        const outcome = read(() => props.arn);
        assert.strictEqual(outcome.known, false);
        assert.ok(!outcome.known && !(outcome.error instanceof first.UnknownValueError), "the two copies' classes must differ");
        assert.ok(!outcome.known && isUnknownValueError(outcome.error));
        assert.strictEqual(isUnknownValueError(new Error("string value at .arn can't be known during preview")), false);
        assert.strictEqual(isUnknownValueError({ unknownTypeSentinel: UNKNOWN, props: ["arn"] }), false);
        assert.throws(() => read(() => JSON.parse("{")), SyntaxError);
    });

    it("end a policy that lets the error out with the server's advisory note, as under `pulumi preview`", async () => {
        const readsArn: StackValidationPolicy = {
            name: "reads-arn",
            description: "Checks that the namespace's ARN can be read.",
            enforcementLevel: "mandatory",
            validateStack: (args) => void args.resources.map((r) => r.props.arn),
        };
        assert.deepStrictEqual(await runStackPolicy(readsArn, asAnalyzerResources(firstPreviewFixture())), [
            {
                message:
                    "can't run policy 'reads-arn' from policy pack 'yelb-service-connect@v0.1.0' during preview: " +
                    "string value at .arn can't be known during preview",
                level: "advisory",
            },
        ]);
    });

    it("link services to the namespace through the drain, and catch a duplicate while noting the one service they cannot place", async () => {
        const found = await runStackPolicy(uniqueEndpoints, asAnalyzerResources(firstPreviewFixture()));
        assert.deepStrictEqual(found, [
            { message: unknownNamespace("batch"), urn: BATCH, level: "advisory" },
            {
                message:
                    'Discovery name "api" of web is already used by api in the same namespace; discovery names must be unique in a ' +
                    "namespace. Give one of them another discoveryName.",
                urn: URN.web,
                level: "mandatory",
            },
        ]);
        assert.deepStrictEqual(await runStackPolicy(sharedNamespace, asAnalyzerResources(firstPreviewFixture())), [
            { message: unknownNamespace("batch"), urn: BATCH, level: "advisory" },
        ]);
    });

    it("note the service whose containers are unknown, and judge the other task definitions", async () => {
        const resources = change(stackFixture(), "api-task", (p) => (p.containerDefinitions = UNKNOWN));
        change(resources, "web-task", (p) => (p.memory = "960"));
        const found = await runStackPolicy(taskMemory, asAnalyzerResources(resources));
        assert.deepStrictEqual(
            found.map((f) => [f.level, f.urn, f.message.slice(0, 60)]),
            [
                [
                    "advisory",
                    URN.api,
                    undecidedMessage("api", new Error("string value at .containerDefinitions can't be known during preview")).slice(0, 60),
                ],
                ["mandatory", URN.webTask, "Task memory must exceed the sum of container memory limits s"],
            ],
        );
        assert.match(found[0].message, /string value at \.containerDefinitions can't be known during preview/);
    });

    it("make a resource policy note the resource it cannot decide, at advisory level", async () => {
        const service = {
            type: "aws:ecs/service:Service",
            name: "api",
            urn: URN.api,
            props: { ...serviceProps(), deploymentCircuitBreaker: UNKNOWN },
        };
        const policy = noCircuitBreaker as ResourceValidationPolicy;
        assert.deepStrictEqual(await runResourcePolicyFindings(policy, service), [
            {
                message: undecidedMessage("api", new Error("string value at .deploymentCircuitBreaker can't be known during preview")),
                urn: URN.api,
                level: "advisory",
            },
        ]);
    });
});
