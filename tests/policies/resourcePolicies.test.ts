import * as assert from "assert";
import { fargatePlatformVersion, supportedLaunchType } from "../../policies/compute";
import { noCircuitBreaker, rollingDeployment } from "../../policies/deployment";
import { proxyLogs } from "../../policies/observability";
import { runResourcePolicy } from "../../tools/plan/policyRunner";
import { serviceProps } from "./fixtures";

type Json = Record<string, any>;
const SERVICE = "aws:ecs/service:Service";

function service(edit: (props: Json) => void = () => undefined): { type: string; props: Json } {
    const props = serviceProps();
    edit(props);
    return { type: SERVICE, props };
}

describe("resource policies", () => {
    it("pass on the happy-path service", async () => {
        for (const policy of [rollingDeployment, noCircuitBreaker, fargatePlatformVersion, supportedLaunchType, proxyLogs]) {
            assert.deepStrictEqual(await runResourcePolicy(policy, service()), [], policy.name);
        }
    });

    it("ignore services without Service Connect", async () => {
        const plain = service((p) => {
            p.serviceConnectConfiguration = undefined;
            p.deploymentCircuitBreaker = { enable: true, rollback: true };
            p.deploymentController = { type: "CODE_DEPLOY" };
        });
        assert.deepStrictEqual(await runResourcePolicy(noCircuitBreaker, plain), []);
        assert.deepStrictEqual(await runResourcePolicy(rollingDeployment, plain), []);
    });

    describe("service-connect-rolling-deployment", () => {
        it("rejects the CODE_DEPLOY and EXTERNAL controllers", async () => {
            for (const type of ["CODE_DEPLOY", "EXTERNAL"]) {
                assert.deepStrictEqual(
                    await runResourcePolicy(
                        rollingDeployment,
                        service((p) => (p.deploymentController = { type })),
                    ),
                    [
                        `Service Connect supports only rolling deployments, but deploymentController.type is ${type}. Remove the deploymentController block or set its type to "ECS".`,
                    ],
                );
            }
        });
        it("rejects an ECS blue/green strategy unless allowed by config", async () => {
            const blueGreen = service((p) => (p.deploymentConfiguration = { strategy: "BLUE_GREEN" }));
            assert.deepStrictEqual(await runResourcePolicy(rollingDeployment, blueGreen), [
                'Service Connect supports only rolling deployments, but deploymentConfiguration.strategy is BLUE_GREEN. Set the strategy to "ROLLING" or remove it.',
            ]);
            assert.deepStrictEqual(await runResourcePolicy(rollingDeployment, blueGreen, { allowEcsBlueGreen: true }), []);
        });
        it("accepts a service with no controller block (ECS is the default)", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    rollingDeployment,
                    service((p) => delete p.deploymentController),
                ),
                [],
            );
        });
    });

    describe("service-connect-no-circuit-breaker", () => {
        it("rejects an enabled circuit breaker", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    noCircuitBreaker,
                    service((p) => (p.deploymentCircuitBreaker = { enable: true, rollback: false })),
                ),
                [
                    "This project keeps the ECS deployment circuit breaker off for Service Connect services. The Service Connect guide " +
                        "it follows listed the breaker as unsupported; later AWS documentation supports it, but the guide also warns that a " +
                        "service deleted with both may not be re-creatable with the same configuration, and `pulumi up` already stops a " +
                        "failed rollout at the services' custom timeouts (yelb:serviceDeployTimeoutMinutes). Set " +
                        "deploymentCircuitBreaker.enable to false (update the service before deleting it), or set this policy's " +
                        "allowCircuitBreaker to true.",
                ],
            );
        });
    });

    describe("service-connect-fargate-platform-version", () => {
        it("rejects Fargate 1.3.0 and accepts 1.4.0", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    fargatePlatformVersion,
                    service((p) => (p.platformVersion = "1.3.0")),
                ),
                [
                    'Service Connect on Fargate needs Linux platform version 1.4.0 or later, but platformVersion is 1.3.0. Set platformVersion to "LATEST" or "1.4.0".',
                ],
            );
            assert.deepStrictEqual(
                await runResourcePolicy(
                    fargatePlatformVersion,
                    service((p) => (p.platformVersion = "1.4.0")),
                ),
                [],
            );
        });
        it("applies to Fargate capacity providers too", async () => {
            const viaProvider = service((p) => {
                delete p.launchType;
                p.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
                p.platformVersion = "1.3.0";
            });
            assert.strictEqual((await runResourcePolicy(fargatePlatformVersion, viaProvider)).length, 1);
        });
    });

    describe("service-connect-launch-type", () => {
        it("rejects ECS Anywhere", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    supportedLaunchType,
                    service((p) => (p.launchType = "EXTERNAL")),
                ),
                ["Service Connect does not support external instances (ECS Anywhere). Use launchType FARGATE or EC2."],
            );
        });
        it("rejects capacity provider strategies on EC2, and accepts the EC2 launch type", async () => {
            const viaProvider = service((p) => {
                delete p.launchType;
                p.capacityProviderStrategies = [{ capacityProvider: "my-asg-provider", weight: 1 }];
            });
            assert.deepStrictEqual(await runResourcePolicy(supportedLaunchType, viaProvider), [
                'Service Connect cannot run on EC2 through capacity provider strategies (my-asg-provider). Remove capacityProviderStrategies and set launchType to "EC2".',
            ]);
            assert.deepStrictEqual(
                await runResourcePolicy(
                    supportedLaunchType,
                    service((p) => (p.launchType = "EC2")),
                ),
                [],
            );
        });
    });

    describe("service-connect-proxy-logs", () => {
        it("advises when the proxy's logs go nowhere", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    proxyLogs,
                    service((p) => delete p.serviceConnectConfiguration.logConfiguration),
                ),
                [
                    "The Service Connect proxy's logs are discarded. Set serviceConnectConfiguration.logConfiguration (for example the awslogs driver with the service's log group and stream prefix \"service-connect-proxy\").",
                ],
            );
        });
    });
});
