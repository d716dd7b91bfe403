/**
 * The IAM policy simulator (@cloud-copilot/iam-simulate, AGPL, a test-only dev dependency) on one
 * identity policy and one request, as the deploy-role tests ask it.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { MOCK_ACCOUNT_ID } from "../../tools/harness/mockState";
import { PolicyDocument } from "../../model/permissions";

/** What the simulator needs of a request: the action, the resource's ARN and the request context. */
export interface SimulatedRequest {
    readonly action: string;
    readonly arn: string;
    readonly context: Record<string, string | string[]>;
}

/**
 * The simulator's decisions, by policy and request. It is deterministic, and the isolation cases
 * ask again about requests that the tests before them decided (about 360 of 1,070 simulations).
 */
const decisions = new Map<string, Promise<string>>();
const policyTexts = new WeakMap<PolicyDocument, string>();

export function decide(policy: PolicyDocument, request: SimulatedRequest): Promise<string> {
    let policyText = policyTexts.get(policy);
    if (policyText === undefined) {
        policyText = JSON.stringify(policy);
        policyTexts.set(policy, policyText);
    }
    const key = JSON.stringify([policyText, request.action, request.arn, request.context]);
    let decision = decisions.get(key);
    if (decision === undefined) {
        decision = simulate(policy, request);
        decisions.set(key, decision);
    }
    return decision;
}

async function simulate(policy: PolicyDocument, request: SimulatedRequest): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/pulumi-deploy-yelb/deployment`,
                action: request.action,
                resource: { resource: request.arn, accountId: MOCK_ACCOUNT_ID },
                contextVariables: request.context,
            },
            identityPolicies: [{ name: "deploy", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        { simulationMode: "Strict" },
    );
    if (result.resultType === "error") {
        return `error: ${result.errors.message}`;
    }
    return result.overallResult;
}
