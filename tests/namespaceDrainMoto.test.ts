/**
 * The namespace drain's real AWS SDK calls against a real Cloud Map API: moto's server, on a free
 * loopback port. `.ci/run` starts it and exports MOTO_ENDPOINT; without that, this file starts
 * `moto_server` itself (pip install "moto[server]"), and fails, rather than skips, when it is missing.
 */
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as net from "net";
import * as sd from "@aws-sdk/client-servicediscovery";
import { sdkCloudMap } from "../components/serviceconnect/cloudMapSdk";
import { DrainInputs, drainProvider, runDrain } from "../components/serviceconnect/namespaceDrain";
import { drainPollMs, withoutWaitsOf } from "./support/waits";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
/** moto's own test keys: never real credentials. */
const FAKE_KEYS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

async function startMoto(): Promise<{ endpoint: string; server?: ChildProcess }> {
    // An empty value (`MOTO_ENDPOINT=`) means unset: the SDK would otherwise go to the real AWS endpoints.
    if (process.env.MOTO_ENDPOINT !== undefined && process.env.MOTO_ENDPOINT !== "") {
        return { endpoint: process.env.MOTO_ENDPOINT };
    }
    if (spawnSync("moto_server", ["--help"], { stdio: "ignore" }).status !== 0) {
        throw new Error('moto_server is not installed: pip install "moto[server]" (see README.md, "Quick start"), or set MOTO_ENDPOINT.');
    }
    const port = await freePort();
    const server = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    const endpoint = `http://127.0.0.1:${port}`;
    for (let waited = 0; ; waited += 100) {
        try {
            await fetch(`${endpoint}/moto-api/`);
            return { endpoint, server };
        } catch {
            if (waited > 15_000) {
                server.kill();
                throw new Error(`moto_server did not answer on ${endpoint} within 15 s`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}

describe("namespace drain against moto's Cloud Map", function () {
    this.timeout(60_000);
    let moto: { endpoint: string; server?: ChildProcess };
    let client: sd.ServiceDiscoveryClient;
    const savedEnv = { ...process.env };

    before(async () => {
        moto = await startMoto();
        Object.assign(process.env, FAKE_KEYS);
        client = new sd.ServiceDiscoveryClient({
            region: REGION,
            endpoint: moto.endpoint,
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
    });
    after(() => {
        process.env = savedEnv;
        moto?.server?.kill();
    });

    /** An HTTP namespace with services and registered instances, as ECS leaves it after its services are gone. */
    async function namespaceWithServices(name: string, services: Record<string, string[]>): Promise<DrainInputs> {
        const { OperationId } = await client.send(new sd.CreateHttpNamespaceCommand({ Name: name }));
        const operation = await client.send(new sd.GetOperationCommand({ OperationId }));
        const namespaceId = operation.Operation!.Targets!.NAMESPACE!;
        const { Namespace } = await client.send(new sd.GetNamespaceCommand({ Id: namespaceId }));
        for (const [service, instances] of Object.entries(services)) {
            const created = await client.send(new sd.CreateServiceCommand({ Name: service, NamespaceId: namespaceId }));
            for (const instance of instances) {
                await client.send(
                    new sd.RegisterInstanceCommand({
                        ServiceId: created.Service!.Id,
                        InstanceId: instance,
                        Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" },
                    }),
                );
            }
        }
        return { namespaceId, namespaceArn: Namespace!.Arn!, timeoutMinutes: 1, region: REGION, endpoint: moto.endpoint };
    }
    const servicesIn = async (namespaceId: string) =>
        (await client.send(new sd.ListServicesCommand({ Filters: [{ Name: "NAMESPACE_ID", Values: [namespaceId], Condition: "EQ" }] })))
            .Services ?? [];

    it("creates, diffs and deletes through the provider, leaving a namespace DeleteNamespace removes", async () => {
        const inputs = await namespaceWithServices("yelb-moto", { "yelb-db": ["task-1", "task-2"], "redis-server": ["task-3"] });
        assert.strictEqual(inputs.namespaceArn.split(":")[4], ACCOUNT);
        const created = await drainProvider.create!(inputs);
        assert.deepStrictEqual(await drainProvider.diff!(created.id, created.outs, inputs), { changes: false, replaces: [] });
        await withoutWaitsOf(await drainPollMs(), () => drainProvider.delete!(created.id, created.outs));
        assert.deepStrictEqual(await servicesIn(inputs.namespaceId), []);
        await client.send(new sd.DeleteNamespaceCommand({ Id: inputs.namespaceId }));
        await assert.rejects(client.send(new sd.GetNamespaceCommand({ Id: inputs.namespaceId })), { name: "NamespaceNotFound" });
    });

    it("is done at once when the namespace is already gone", async () => {
        const inputs = await namespaceWithServices("yelb-gone", {});
        await client.send(new sd.DeleteNamespaceCommand({ Id: inputs.namespaceId }));
        await drainProvider.delete!(`${inputs.namespaceId}-drain`, inputs);
    });

    it("counts a service ECS deletes mid-drain as done", async () => {
        const inputs = await namespaceWithServices("yelb-race", { "yelb-db": ["task-1"], "yelb-appserver": [] });
        const api = await sdkCloudMap({ region: REGION, endpoint: moto.endpoint });
        const racing = {
            ...api,
            // ECS's own cleanup wins the race for yelb-db between the listing and the drain's calls.
            listInstances: async (serviceId: string) => {
                const [db] = (await servicesIn(inputs.namespaceId)).filter((s) => s.Name === "yelb-db");
                if (db !== undefined && db.Id === serviceId) {
                    await client.send(new sd.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "task-1" }));
                    await client.send(new sd.DeleteServiceCommand({ Id: serviceId }));
                }
                return api.listInstances(serviceId);
            },
        };
        const deleted = await runDrain(racing, inputs, { pollMs: 10 });
        assert.deepStrictEqual(deleted.sort(), ["yelb-appserver", "yelb-db"]);
        assert.deepStrictEqual(await servicesIn(inputs.namespaceId), []);
    });

    it("gives up after the timeout, naming the service ECS still holds", async () => {
        const inputs = await namespaceWithServices("yelb-stuck", { "yelb-db": ["task-1"] });
        const api = await sdkCloudMap({ region: REGION, endpoint: moto.endpoint });
        // Real Cloud Map refuses while ECS deregisters; moto does not, so the refusal is simulated.
        const inUse = { ...api, deleteService: async () => Promise.reject(Object.assign(new Error("in use"), { name: "ResourceInUse" })) };
        await assert.rejects(
            runDrain(inUse, { ...inputs, timeoutMinutes: 0.001 }, { pollMs: 10 }),
            /^Error: Cloud Map namespace ns-\w+ still has services \(yelb-db\) after the drain timed out\./,
        );
        // moto lists every namespace's services whatever the filter: leave none behind for the next test.
        await runDrain(api, inputs, { pollMs: 10 });
    });

    it("assumes the stack's role, and refuses a namespace of another account", async () => {
        const inputs = await namespaceWithServices("yelb-roles", { "yelb-db": ["task-1"] });
        await assert.rejects(
            drainProvider.delete!("d", { ...inputs, roleArns: ["arn:aws:iam::111111111111:role/yelb-deploy"] }),
            /reached AWS account 111111111111, but namespace ns-\w+ is in account 123456789012/,
        );
        assert.strictEqual((await servicesIn(inputs.namespaceId)).length, 1, "nothing drained in the wrong account");
        await withoutWaitsOf(await drainPollMs(), () =>
            drainProvider.delete!("d", { ...inputs, roleArns: [`arn:aws:iam::${ACCOUNT}:role/yelb-deploy`] }),
        );
        assert.deepStrictEqual(await servicesIn(inputs.namespaceId), []);
    });
});
