import * as assert from "assert";
import { CloudMapApi, drainNamespace, drainProvider, runDrain } from "../components/serviceconnect/namespaceDrain";
import { Evaluation, named } from "../tools/harness/evaluate";
import { evaluateStack } from "../tools/harness/program";
import { sharedEvaluation } from "./support/evaluations";
import { drainPollMs, withoutWaitsOf } from "./support/waits";

/** A Cloud Map that ECS empties slowly: each service keeps its instances for `busyRounds` lists. */
function fakeCloudMap(services: { id: string; name: string; instances: string[]; busyRounds: number }[]) {
    const calls: string[] = [];
    const api: CloudMapApi = {
        namespaceExists: async () => true,
        listServices: async (namespaceId) => {
            calls.push(`list ${namespaceId}`);
            return services.map(({ id, name }) => ({ id, name }));
        },
        listInstances: async (serviceId) => services.find((s) => s.id === serviceId)?.instances ?? [],
        deregisterInstance: async (serviceId, instanceId) => {
            calls.push(`deregister ${serviceId}/${instanceId}`);
            const service = services.find((s) => s.id === serviceId)!;
            service.instances = service.instances.filter((i) => i !== instanceId);
        },
        deleteService: async (serviceId) => {
            const service = services.find((s) => s.id === serviceId)!;
            if (service.busyRounds > 0) {
                service.busyRounds--;
                throw Object.assign(new Error("Service contains registered instances"), { name: "ResourceInUse" });
            }
            calls.push(`delete ${serviceId}`);
            services.splice(services.indexOf(service), 1);
        },
    };
    return { api, calls };
}

describe("namespace drain on destroy", () => {
    it("deregisters stale instances and deletes every Cloud Map service, retrying while in use", async () => {
        const { api, calls } = fakeCloudMap([
            { id: "srv-db", name: "yelb-db", instances: ["task-1"], busyRounds: 2 },
            { id: "srv-redis", name: "redis-server", instances: [], busyRounds: 0 },
        ]);
        let clock = 0;
        const deleted = await drainNamespace(api, "ns-1", { pollMs: 1000, sleep: async (ms) => void (clock += ms), now: () => clock });
        assert.deepStrictEqual(deleted, ["redis-server", "yelb-db"]);
        assert.deepStrictEqual(calls, [
            "list ns-1",
            "deregister srv-db/task-1",
            "delete srv-redis",
            "list ns-1",
            "list ns-1",
            "delete srv-db",
            "list ns-1",
        ]);
        assert.strictEqual(clock, 3000);
    });

    it("returns at once for an empty namespace", async () => {
        const { api } = fakeCloudMap([]);
        assert.deepStrictEqual(await drainNamespace(api, "ns-1", { sleep: async () => assert.fail("no wait needed") }), []);
    });

    it("gives up after the timeout, naming what is left and the fix", async () => {
        const { api } = fakeCloudMap([{ id: "srv-db", name: "yelb-db", instances: [], busyRounds: 1000 }]);
        let clock = 0;
        await assert.rejects(
            drainNamespace(api, "ns-1", { timeoutMs: 60_000, pollMs: 10_000, sleep: async (ms) => void (clock += ms), now: () => clock }),
            /^Error: Cloud Map namespace ns-1 still has services \(yelb-db\) after the drain timed out\. Delete them with `aws servicediscovery delete-service --id <id>`, then run `pulumi destroy` again\.$/,
        );
    });

    it("passes other errors through", async () => {
        const { api } = fakeCloudMap([{ id: "srv-db", name: "yelb-db", instances: [], busyRounds: 0 }]);
        api.deleteService = async () => {
            throw Object.assign(new Error("not allowed"), { name: "AccessDeniedException" });
        };
        await assert.rejects(drainNamespace(api, "ns-1", { sleep: async () => undefined }), /not allowed/);
    });

    it("counts a service or instance that ECS removed meanwhile as done (ServiceNotFound, InstanceNotFound)", async () => {
        const { api } = fakeCloudMap([
            { id: "srv-db", name: "yelb-db", instances: ["task-1"], busyRounds: 0 },
            { id: "srv-redis", name: "redis-server", instances: [], busyRounds: 0 },
        ]);
        const notFound = (name: string) => Object.assign(new Error(name), { name });
        api.deregisterInstance = async () => {
            throw notFound("InstanceNotFound");
        };
        const deleteService = api.deleteService;
        api.deleteService = async (serviceId) => {
            await deleteService(serviceId);
            if (serviceId === "srv-redis") {
                throw notFound("ServiceNotFound");
            }
        };
        api.listInstances = async (serviceId) => {
            if (serviceId === "srv-redis") {
                throw notFound("ServiceNotFound");
            }
            return ["task-1"];
        };
        assert.deepStrictEqual(await drainNamespace(api, "ns-1", { sleep: async () => undefined }), ["yelb-db", "redis-server"]);
    });

    it("refuses to drain from another account than the namespace's, and is done when the namespace is gone", async () => {
        const { api, calls } = fakeCloudMap([{ id: "srv-db", name: "yelb-db", instances: [], busyRounds: 0 }]);
        const props = {
            namespaceId: "ns-1",
            namespaceArn: "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1",
            timeoutMinutes: 1,
        };
        await assert.rejects(
            runDrain({ ...api, account: "111111111111" }, props),
            /^Error: The namespace drain reached AWS account 111111111111, but namespace ns-1 is in account 123456789012\. Check the stack's aws:profile and aws:assumeRoles/,
        );
        assert.deepStrictEqual(calls, [], "nothing was listed or deleted");
        const logged: string[] = [];
        assert.deepStrictEqual(await runDrain({ ...api, namespaceExists: async () => false }, props, { log: (m) => logged.push(m) }), []);
        assert.deepStrictEqual(logged, ["namespace ns-1 is already gone; nothing to drain"]);
        assert.deepStrictEqual(await withoutWaitsOf(await drainPollMs(), () => runDrain({ ...api, account: "123456789012" }, props)), [
            "yelb-db",
        ]);
    });

    it("reports a change when its own code changes, so a destroy runs the fixed drain", async () => {
        const olds = {
            namespaceId: "ns-1",
            namespaceArn: "arn:aws:servicediscovery:eu-west-1:1:namespace/ns-1",
            timeoutMinutes: 10,
            region: "eu-west-1",
        };
        const withCode = (code: string) => ({ ...olds, __provider: code });
        assert.deepStrictEqual(await drainProvider.diff!("d", withCode("v1"), withCode("v2")), { changes: true, replaces: [] });
        assert.deepStrictEqual(await drainProvider.diff!("d", withCode("v1"), withCode("v1")), { changes: false, replaces: [] });
        assert.deepStrictEqual(await drainProvider.diff!("d", olds, { ...olds, roleArns: ["arn:aws:iam::123456789012:role/deploy"] }), {
            changes: true,
            replaces: [],
        });
        assert.deepStrictEqual(await drainProvider.update!("d", withCode("v1"), withCode("v2")), { outs: withCode("v2") });
    });

    it("is replaced create-before-delete when the namespace changes, so live services are never drained", async () => {
        const olds = { namespaceId: "ns-old", namespaceArn: "arn:aws:servicediscovery:eu-west-1:1:namespace/ns-old", timeoutMinutes: 10 };
        const renamed = await drainProvider.diff!("ns-old-drain", olds, { ...olds, namespaceId: "ns-new" });
        assert.deepStrictEqual(renamed, { changes: true, replaces: ["namespaceId"] });
        assert.deepStrictEqual(await drainProvider.diff!("ns-old-drain", olds, { ...olds }), { changes: false, replaces: [] });
    });

    it("takes the stack's aws:profile and aws:assumeRoles role ARNs, and names a malformed role", async () => {
        const ev = await evaluateStack("dev", {
            "aws:profile": "yelb-dev",
            "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::123456789012:role/yelb-deploy", sessionName: "ci" }]),
        });
        const drain = named(ev, "pulumi-nodejs:dynamic/yelb:NamespaceDrain", "yelb-namespace-drain").inputs;
        assert.deepStrictEqual(
            [drain.region, drain.profile, drain.roleArns],
            ["us-east-1", "yelb-dev", ["arn:aws:iam::123456789012:role/yelb-deploy"]],
        );
        assert.strictEqual(drain.endpoint, undefined, "the endpoint override is for tests only");
        await assert.rejects(
            evaluateStack("dev", { "aws:assumeRoles": JSON.stringify([{ roleArn: "deploy" }]) }),
            /aws:assumeRoles: \{"roleArn":"deploy"\} has no IAM role ARN in roleArn\. Give each role as \{ roleArn: arn:aws:iam::<account>:role\/<name> \}\./,
        );
    });

    describe("in the program", () => {
        let ev: Evaluation;
        before(async () => {
            ev = await sharedEvaluation("dev");
        });

        it("sits between the namespace and everything that uses it", () => {
            const namespace = named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http");
            const drain = named(ev, "pulumi-nodejs:dynamic/yelb:NamespaceDrain", "yelb-namespace-drain");
            assert.ok(drain.dependencies.includes(namespace.urn));
            assert.strictEqual(drain.inputs.namespaceArn, namespace.outputs.arn);
            assert.strictEqual(drain.inputs.timeoutMinutes, 10);
            // The stack's provider settings, never credentials: dev has no profile and no roles.
            assert.deepStrictEqual([drain.inputs.region, drain.inputs.profile, drain.inputs.roleArns], ["us-east-1", undefined, []]);
            // Deleted in reverse: cluster and services first, then the drain, then the namespace.
            for (const user of [
                "aws:ecs/cluster:Cluster yelb-ecs-cluster",
                "aws:ecs/service:Service yelb-db-sc-service",
                "aws:ecs/service:Service yelb-ui-sc-service",
            ]) {
                const [type, name] = user.split(" ");
                assert.ok(named(ev, type, name).dependencies.includes(drain.urn), `${name} depends on the drain`);
                assert.ok(!named(ev, type, name).dependencies.includes(namespace.urn), `${name} takes the ARN through the drain`);
            }
        });
    });
});
