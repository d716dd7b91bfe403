/**
 * The workspace over the Pulumi Automation API: a LocalWorkspace on this project directory, driven
 * through the user's Pulumi CLI, backend login and AWS credentials. Not exercised by the tests
 * (they have no Pulumi CLI); everything it computes lives in `workspace.ts` and is tested there.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { AcceptanceStack, AcceptanceWorkspace, OperationOptions, stateResources, toConfigMap, unwrapOutputs } from "./workspace";

class PulumiStack implements AcceptanceStack {
    constructor(private readonly stack: Stack) {}

    get name(): string {
        return this.stack.name;
    }

    async setAllConfig(config: Readonly<Record<string, string>>): Promise<void> {
        await this.stack.setAllConfig(toConfigMap(config));
    }

    async preview(options: OperationOptions): Promise<void> {
        await this.stack.preview({
            policyPacks: [...options.policyPacks],
            onOutput: options.onOutput,
            onError: options.onOutput,
            color: "never",
        });
    }

    async up(options: OperationOptions): Promise<void> {
        await this.stack.up({
            policyPacks: [...options.policyPacks],
            onOutput: options.onOutput,
            onError: options.onOutput,
            color: "never",
        });
    }

    async outputs(): Promise<Record<string, unknown>> {
        return unwrapOutputs(await this.stack.outputs());
    }

    async resources() {
        return stateResources((await this.stack.exportStack()).deployment);
    }

    async destroy(options: Pick<OperationOptions, "onOutput">): Promise<void> {
        await this.stack.destroy({ onOutput: options.onOutput, onError: options.onOutput, color: "never" });
    }
}

export function pulumiWorkspace(workDir: string): AcceptanceWorkspace {
    return {
        async createOrSelectStack(stackName: string): Promise<AcceptanceStack> {
            return new PulumiStack(await LocalWorkspace.createOrSelectStack({ stackName, workDir }));
        },
        async removeStack(stackName: string): Promise<void> {
            const workspace = await LocalWorkspace.create({ workDir });
            await workspace.removeStack(stackName);
        },
    };
}
