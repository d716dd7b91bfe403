import * as assert from "assert";
import { CloudMapApi, drainNamespace, drainProvider } from "../components/serviceconnect/namespaceDrain";
import { Evaluation, named } from "../harness/evaluate";
import { evaluateStack } from "../harness/program";

/** A Cloud Map that ECS empties slowly: each service keeps its instances for `busyRounds` lists. */
function fakeCloudMap(services: { id: string; name: string; instances: string[]; busyRounds: number }[]) {
    const calls: string[] = [];
    const api: CloudMapApi = {
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

    it("is replaced create-before-delete when the namespace changes, so live services are never drained", async () => {
        const olds = { namespaceId: "ns-old", namespaceArn: "arn:aws:servicediscovery:eu-west-1:1:namespace/ns-old", timeoutMinutes: 10 };
        const renamed = await drainProvider.diff!("ns-old-drain", olds, { ...olds, namespaceId: "ns-new" });
        assert.deepStrictEqual(renamed, { changes: true, replaces: ["namespaceId"] });
        assert.deepStrictEqual(await drainProvider.diff!("ns-old-drain", olds, { ...olds }), { changes: false, replaces: [] });
    });

    describe("in the program", () => {
        let ev: Evaluation;
        before(async () => {
            ev = await evaluateStack("dev");
        });

        it("sits between the namespace and everything that uses it", () => {
            const namespace = named(ev, "aws:servicediscovery/httpNamespace:HttpNamespace", "yelb-namespace-http");
            const drain = named(ev, "pulumi-nodejs:dynamic/yelb:NamespaceDrain", "yelb-namespace-drain");
            assert.ok(drain.dependencies.includes(namespace.urn));
            assert.strictEqual(drain.inputs.namespaceArn, namespace.outputs.arn);
            assert.strictEqual(drain.inputs.timeoutMinutes, 10);
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
