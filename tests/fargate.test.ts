import * as assert from "assert";
import {
    FARGATE_TASK_SIZES,
    calculateAppContainerLimits,
    recommendedProxyReservation,
    validFargateMemory,
    appContainerShortfall,
    smallestFargateCpuFor,
    validateFargateSize,
} from "../model/fargate";

describe("Fargate sizing", () => {
    it("knows the Linux task sizes AWS documents", () => {
        assert.deepStrictEqual([...FARGATE_TASK_SIZES.keys()], [256, 512, 1024, 2048, 4096, 8192, 16384]);
        assert.deepStrictEqual(validFargateMemory(256), [512, 1024, 2048]);
        assert.deepStrictEqual(validFargateMemory(512), [1024, 2048, 3072, 4096]);
        assert.strictEqual(validFargateMemory(4096)?.length, 23); // 8 to 30 GiB in 1 GiB steps
        assert.deepStrictEqual(validFargateMemory(8192)?.slice(0, 3), [16384, 20480, 24576]);
        assert.strictEqual(validFargateMemory(16384)?.at(-1), 122880);
        assert.strictEqual(validFargateMemory(300), undefined);
    });

    it("accepts valid pairs", () => {
        assert.strictEqual(validateFargateSize("yelb:uiCpu/yelb:uiMemory", 512, 1024), undefined);
        assert.strictEqual(validateFargateSize("yelb:uiCpu/yelb:uiMemory", 1024, 8192), undefined);
    });

    it("lists the valid memory values for the CPU when the pair is unknown", () => {
        assert.strictEqual(
            validateFargateSize("yelb:uiCpu/yelb:uiMemory", 512, 512),
            "yelb:uiCpu/yelb:uiMemory: task memory 512 MiB is not valid with 512 CPU units on Fargate. " +
                "With 512 CPU units use one of 1024, 2048, 3072, 4096 MiB.",
        );
    });

    it("lists the Fargate CPU values when the CPU is unknown", () => {
        assert.strictEqual(
            validateFargateSize("yelb:dbCpu/yelb:dbMemory", 768, 2048),
            "yelb:dbCpu/yelb:dbMemory: task CPU 768 is not a Fargate value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.",
        );
    });

    it("gives the app the task minus the proxy's share", () => {
        assert.deepStrictEqual(calculateAppContainerLimits({ taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 }), {
            cpu: 256,
            memory: 960,
        });
    });

    it("measures what the app is short of beside the proxy", () => {
        assert.deepStrictEqual(appContainerShortfall({ taskCpu: 256, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 }), {
            cpu: 128,
            memory: 0,
        });
        assert.deepStrictEqual(appContainerShortfall({ taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 900 }), {
            cpu: 0,
            memory: 132,
        });
        assert.deepStrictEqual(appContainerShortfall({ taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 }), {
            cpu: 0,
            memory: 0,
        });
    });

    it("suggests only Fargate CPU sizes that leave the app its minimum", () => {
        assert.strictEqual(smallestFargateCpuFor(256), 512);
        assert.strictEqual(smallestFargateCpuFor(512), 1024);
        assert.strictEqual(smallestFargateCpuFor(0), 256);
        assert.strictEqual(smallestFargateCpuFor(16384), undefined);
    });

    it("recommends the guide's larger proxy reservations past its thresholds", () => {
        assert.deepStrictEqual(recommendedProxyReservation({}), { cpu: 256, memory: 64 });
        assert.deepStrictEqual(recommendedProxyReservation({ peakRequestsPerSecondPerTask: 500 }), { cpu: 256, memory: 64 });
        assert.deepStrictEqual(recommendedProxyReservation({ peakRequestsPerSecondPerTask: 501 }), { cpu: 512, memory: 64 });
        assert.deepStrictEqual(recommendedProxyReservation({ namespaceServices: 101 }), { cpu: 256, memory: 128 });
        assert.deepStrictEqual(recommendedProxyReservation({ namespaceTasks: 2001 }), { cpu: 256, memory: 128 });
    });
});
