/** The AWS checks over a fake account, and the pure readings of Pulumi's state, outputs and errors. */
import * as assert from "assert";
import {
    leftoverProblem,
    replaceTask,
    trackedResources,
    waitForNothingLeft,
    waitForServiceConnectMetrics,
} from "../../tools/acceptance/aws";
import { parseOutputs } from "../../tools/acceptance/outputs";
import { stateResources, summarizeError, toConfigMap, unwrapOutputs } from "../../tools/acceptance/workspace";
import { deployedOutputs, deployedState, FakeAws } from "./fakes";

const FAST = { timeoutMs: 300, intervalMs: 10 };

describe("acceptance: what a destroy must remove", () => {
    it("is read from the state: cluster, services, namespace, log groups, file system, and Container Insights' log group", () => {
        const tracked = trackedResources(deployedState({ persistence: true, retain: true }), "kept by the stack");
        assert.deepStrictEqual(
            tracked.map((r) => [r.kind, r.id, r.keptBecause !== undefined]),
            [
                ["ECS cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/yelb-ecs-cluster-1a2b3c4", false],
                ["log group", "/aws/ecs/containerinsights/yelb-ecs-cluster-1a2b3c4/performance", true],
                ["ECS service", "yelb-ui-svc-9z", false],
                ["ECS service", "yelb-appserver-svc-9z", false],
                ["ECS service", "yelb-redis-svc-9z", false],
                ["ECS service", "yelb-db-svc-9z", false],
                ["Cloud Map namespace", "ns-abcdefgh12345678", false],
                ["log group", "/ecs/yelb-dev-acc-11230501-7f3a/ui", false],
                ["EFS file system", "fs-0123456789abcdef0", true],
            ],
        );
        assert.strictEqual(tracked[2].cluster, "arn:aws:ecs:us-east-1:123456789012:cluster/yelb-ecs-cluster-1a2b3c4");
        assert.strictEqual(tracked[8].keptBecause, "kept by the stack");
        assert.match(tracked[8].deleteWith!, /aws efs delete-file-system --file-system-id fs-0123456789abcdef0/);
        assert.match(tracked[1].keptBecause!, /Container Insights creates it for the cluster; it is not part of the stack/);
        assert.strictEqual(trackedResources(deployedState({ persistence: true }))[8].keptBecause, undefined, "not retained: must go");
    });

    it("passes when everything is gone, reports what is kept on purpose, and fails naming what is left", async () => {
        const tracked = trackedResources(deployedState({ persistence: true, retain: true }));
        const aws = new FakeAws();
        assert.deepStrictEqual(await waitForNothingLeft(aws, tracked, FAST), { unexpected: [], kept: [] });

        aws.present.add("fs-0123456789abcdef0");
        aws.present.add("/aws/ecs/containerinsights/yelb-ecs-cluster-1a2b3c4/performance");
        const kept = await waitForNothingLeft(aws, tracked, FAST);
        assert.deepStrictEqual(kept.kept.map((r) => r.id).sort(), [
            "/aws/ecs/containerinsights/yelb-ecs-cluster-1a2b3c4/performance",
            "fs-0123456789abcdef0",
        ]);

        aws.present.add("ns-abcdefgh12345678");
        aws.present.add("yelb-db-svc-9z");
        const began = Date.now();
        const left = await waitForNothingLeft(aws, tracked, FAST);
        assert.ok(Date.now() - began >= FAST.timeoutMs, "waited for them to go");
        assert.strictEqual(left.kept.length, 2);
        assert.strictEqual(
            leftoverProblem(left),
            "left in the account after destroy: ECS service yelb-db-svc-9z, Cloud Map namespace ns-abcdefgh12345678",
        );
        assert.strictEqual(leftoverProblem(kept), undefined);
    });

    it("waits for deletions that settle after the destroy", async () => {
        const tracked = trackedResources(deployedState());
        const aws = new FakeAws();
        aws.present.add("arn:aws:ecs:us-east-1:123456789012:cluster/yelb-ecs-cluster-1a2b3c4");
        setTimeout(() => aws.present.clear(), 50);
        assert.deepStrictEqual((await waitForNothingLeft(aws, tracked, FAST)).unexpected, []);
        assert.ok(aws.calls.filter((c) => c.startsWith("exists ECS cluster")).length >= 2);
    });
});

describe("acceptance: Service Connect metrics", () => {
    const query = {
        clusterName: "yelb-ecs-cluster-1a2b3c4",
        serviceName: "yelb-appserver-svc-9z",
        discoveryName: "yelb-appserver",
        start: new Date(0),
    };

    it("asks CloudWatch for the appserver's RequestCount until datapoints appear", async () => {
        const aws = new FakeAws();
        aws.metricFromQuery = 3;
        const detail = await waitForServiceConnectMetrics(aws, query, { ...FAST, clock: () => new Date(600_000) });
        assert.match(
            detail,
            /^AWS\/ECS RequestCount\{ClusterName=yelb-ecs-cluster-1a2b3c4, ServiceName=yelb-appserver-svc-9z, DiscoveryName=yelb-appserver\}: 42 requests/,
        );
        assert.strictEqual(aws.queries.length, 3);
        assert.deepStrictEqual(aws.queries[0], { ...query, end: new Date(660_000) });
    });

    it("fails after the bounded wait when none appear", async () => {
        const aws = new FakeAws();
        aws.metricFromQuery = undefined;
        await assert.rejects(
            waitForServiceConnectMetrics(aws, query, { timeoutMs: 100, intervalMs: 10 }),
            /Service Connect metric .*: not within 0\.1 s; last: no datapoints yet/,
        );
    });
});

describe("acceptance: the database task replacement", () => {
    it("stops the one running task and waits for another", async () => {
        const aws = new FakeAws();
        assert.strictEqual(await replaceTask(aws, "c", "yelb-db-svc-9z", FAST), "task 0aaa stopped, 0bbb running");
        assert.match(
            aws.calls.find((c) => c.startsWith("stop"))!,
            /^stop c arn:aws:ecs:.*task\/yelb-ecs-cluster\/0aaa \(yelb acceptance run: the votes must survive/,
        );
    });

    it("refuses when the service does not run exactly one task", async () => {
        const aws = new FakeAws();
        aws.tasks = [];
        await assert.rejects(
            replaceTask(aws, "c", "yelb-db-svc-9z", FAST),
            /expected one running task in ECS service yelb-db-svc-9z, found 0/,
        );
        assert.ok(!aws.calls.some((c) => c.startsWith("stop")));
    });
});

describe("acceptance: Automation API values", () => {
    it("converts settings, outputs and exported state", () => {
        assert.deepStrictEqual(toConfigMap({ "aws:region": "us-east-1" }), { "aws:region": { value: "us-east-1", secret: false } });
        assert.deepStrictEqual(unwrapOutputs({ url: { value: "https://x", secret: false } }), { url: "https://x" });
        const resources = stateResources({
            resources: [{ urn: "u", type: "aws:efs/fileSystem:FileSystem", id: "fs-1", retainOnDelete: true }, { bogus: 1 }],
        });
        assert.deepStrictEqual(resources, [
            { type: "aws:efs/fileSystem:FileSystem", urn: "u", id: "fs-1", outputs: {}, retainOnDelete: true },
        ]);
        assert.deepStrictEqual(stateResources(undefined), []);
    });

    it("reads the outputs index.ts exports, and names the missing ones", () => {
        assert.strictEqual(parseOutputs(deployedOutputs({ persistence: true })).databaseFileSystemId, "fs-0123456789abcdef0");
        assert.strictEqual(parseOutputs(deployedOutputs()).databaseFileSystemId, undefined);
        assert.throws(
            () => parseOutputs({ url: "https://x", serviceNames: { ui: "u" } }),
            /not what index\.ts exports: clusterName is missing, serviceNames\.appserver is missing/,
        );
    });

    it("shortens a CommandError to the last lines of its stderr", () => {
        const error = new Error("code: 255\n stdout: lots\n of output\n stderr: warning: x\nerror: preview failed\n err?: \n");
        assert.strictEqual(summarizeError(error), "warning: x | error: preview failed");
        assert.strictEqual(summarizeError(new Error("plain failure\nwith detail")), "plain failure");
    });
});
