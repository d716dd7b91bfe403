/**
 * A unit test of the program written as Pulumi's unit-testing guide writes one: mocks first, then
 * the program imported, then assertions on what it registered. Nothing of the evaluation harness
 * takes part (no root stack set up by hand, no reading of the mock monitor); the one project
 * helper used is the reader of the stack file, for the configuration the CLI would hand the
 * program (Pulumi.yaml's defaults under Pulumi.prod.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { TIERS } from "../model/tiers";
import { readStackConfig } from "../tools/harness/stackConfig";

const config = readStackConfig("prod");
const registered: pulumi.runtime.MockResourceArgs[] = [];

/** awsx's VPC is a remote component: under mocks its outputs are whatever the mock returns. */
function vpcOutputs(inputs: { numberOfAvailabilityZones: number }): Record<string, unknown> {
    const subnets = (kind: string) => Array.from({ length: inputs.numberOfAvailabilityZones }, (_, i) => `subnet-${kind}-${i}`);
    return { vpcId: "vpc-mock", publicSubnetIds: subnets("public"), privateSubnetIds: subnets("private") };
}

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
            registered.push(args);
            const outputs =
                args.type === "awsx:ec2:Vpc"
                    ? vpcOutputs(args.inputs)
                    : { name: args.inputs.name ?? args.name, arn: `arn:aws:mock:::${args.name}` };
            return { id: `${args.name}_id`, state: { ...args.inputs, ...outputs } };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            switch (args.token) {
                case "aws:route53/getZone:getZone":
                    return { ...args.inputs, name: `${config["yelb:hostedZoneName"]}.`, privateZone: false };
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: "123456789012" };
                default:
                    return args.inputs;
            }
        },
    },
    "yelb",
    "prod",
    false,
);
pulumi.runtime.setAllConfig(config);

const ofType = (type: string) => registered.filter((r) => r.type === type);

describe("index.ts under Pulumi's mocks (prod)", function () {
    let infra: Awaited<ReturnType<typeof import("../index")>>;

    before(async function () {
        // It's important to import the program _after_ the mocks are defined.
        // The program is the function the module exports, as Pulumi runs it.
        infra = await (await import("../index")).default();
    });

    it("enables Service Connect on every ECS service, in the namespace it exports", function (done) {
        // Once the exported service names resolve, the mocks have seen every service.
        pulumi.all([infra.serviceNames, infra.namespaceArn]).apply(([names, namespaceArn]) => {
            try {
                const services = ofType("aws:ecs/service:Service");
                assert.deepStrictEqual(Object.keys(names).sort(), Object.keys(TIERS).sort());
                assert.strictEqual(services.length, Object.keys(TIERS).length);
                for (const service of services) {
                    assert.strictEqual(service.inputs.serviceConnectConfiguration.enabled, true, service.name);
                    assert.strictEqual(service.inputs.serviceConnectConfiguration.namespace, namespaceArn, service.name);
                }
                done();
            } catch (error) {
                done(error);
            }
        });
    });

    it("mounts the database's EFS file system in the db task, with TLS and IAM", function (done) {
        pulumi.all([infra.serviceNames, infra.databaseFileSystemId]).apply(([, fileSystemId]) => {
            try {
                const task = ofType("aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "yelb-db-sc-task");
                assert.ok(task, "the db tier has a task definition");
                const [volume] = task.inputs.volumes;
                assert.strictEqual(volume.efsVolumeConfiguration.fileSystemId, fileSystemId);
                assert.strictEqual(volume.efsVolumeConfiguration.transitEncryption, "ENABLED");
                assert.strictEqual(volume.efsVolumeConfiguration.authorizationConfig.iam, "ENABLED");
                const [container] = JSON.parse(task.inputs.containerDefinitions);
                assert.deepStrictEqual(
                    container.mountPoints.map((m: { sourceVolume: string }) => m.sourceVolume),
                    [volume.name],
                );
                done();
            } catch (error) {
                done(error);
            }
        });
    });

    it("creates the services and their tasks with the stack's provider, which tags them with the stack", function (done) {
        pulumi.all([infra.serviceNames]).apply(() => {
            try {
                const [provider] = ofType("pulumi:providers:aws");
                assert.deepStrictEqual(JSON.parse(provider.inputs.defaultTags), { tags: { Project: "yelb", Stack: "prod" } });
                const checked = [...ofType("aws:ecs/service:Service"), ...ofType("aws:ecs/taskDefinition:TaskDefinition")];
                // A service and a task definition per tier.
                assert.strictEqual(checked.length, 2 * Object.keys(TIERS).length);
                const reference = `urn:pulumi:prod::yelb::pulumi:providers:aws::${provider.name}::${provider.name}_id`;
                assert.deepStrictEqual(
                    checked.filter((r) => r.provider !== reference).map((r) => r.name),
                    [],
                );
                done();
            } catch (error) {
                done(error);
            }
        });
    });
});
