/** The deploy policy of one stack, generated from the permission table. */
import { ACCOUNT_GRANTS, PERMISSIONS } from "./table";
import { Condition, Grant, StackScope, conditionOf } from "./grants";
import { deployDenies } from "./boundary";
import type { PolicyDocument, PolicyStatement } from "./document";
export type { PolicyDocument, PolicyStatement } from "./document";

/** Every grant of the table, and the account-wide ones. */
export function allGrants(): Grant[] {
    return [...Object.values(PERMISSIONS).flatMap((entry) => entry.grants), ...ACCOUNT_GRANTS];
}

/** Statements with one ARN pattern and one condition each; grants that share both share a statement. */
export function policyStatements(scope: StackScope): PolicyStatement[] {
    const groups = new Map<string, { holding: string; resource: string; condition?: Condition; actions: Set<string> }>();
    for (const item of allGrants()) {
        const resource = item.arn(scope);
        const condition = conditionOf(item, scope);
        const key = JSON.stringify([resource, condition ?? null]);
        const group = groups.get(key) ?? { holding: item.holding.by, resource, condition, actions: new Set<string>() };
        item.actions.forEach((action) => group.actions.add(action));
        groups.set(key, group);
    }
    const sorted = [...groups.values()].sort((a, b) => a.holding.localeCompare(b.holding) || a.resource.localeCompare(b.resource));
    const allows = sorted.map((group, index): PolicyStatement => ({
        Sid: `${group.holding.replace(/(^|-)(\w)/g, (_, _dash, letter: string) => letter.toUpperCase())}${index + 1}`,
        Effect: "Allow",
        Action: [...group.actions].sort(),
        Resource: group.resource,
        ...(group.condition === undefined ? {} : { Condition: group.condition }),
    }));
    return [...allows, ...deployDenies(scope)];
}

/** What a deployment of one Yelb stack may do: the table's grants, for that stack. */
export function deployPolicy(scope: StackScope): PolicyDocument {
    return { Version: "2012-10-17", Statement: policyStatements(scope) };
}

/** IAM's limit on a managed policy's size, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The longest partition name: a split that fits with it fits in every partition. */
const LONGEST_PARTITION = "aws-us-gov";

/**
 * The deploy policy cut into managed policies that each fit IAM's size limit (the whole is
 * larger than the 10,240 characters IAM allows a role's inline policies together). The cut is
 * made for the longest partition name and a 12-digit account, so the number of parts is known
 * from the stack's settings alone, before the account is.
 */
export function deployPolicyParts(scope: StackScope, limit = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
    return policyParts(policyStatements, scope, limit);
}

/** The preview policy in managed policies that each fit IAM's size limit, cut as `deployPolicyParts` cuts. */
export function previewPolicyParts(scope: StackScope, limit = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
    return policyParts((s) => [...previewPolicy(s).Statement], scope, limit);
}

function policyParts(build: (scope: StackScope) => PolicyStatement[], scope: StackScope, limit: number): PolicyDocument[] {
    const size = (statements: readonly PolicyStatement[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
    const widest = build({ ...scope, partition: LONGEST_PARTITION, accountId: "000000000000" });
    const cuts: number[][] = [[]];
    widest.forEach((statement, index) => {
        if (size([statement]) > limit) {
            throw new Error(
                `Statement ${statement.Sid} alone is over IAM's ${limit}-character limit; split its grants in the permission table.`,
            );
        }
        const current = cuts[cuts.length - 1];
        if (size([...current.map((i) => widest[i]), statement]) > limit) {
            cuts.push([index]);
        } else {
            current.push(index);
        }
    });
    const actual = build(scope);
    return cuts.map((indexes) => ({ Version: "2012-10-17", Statement: indexes.map((i) => actual[i]) }));
}

/** Whether an action only reads, by AWS's naming of its read and list actions. */
export function isReadOnlyAction(action: string): boolean {
    return /^(Describe|Get|List)[A-Z]/.test(action.split(":")[1] ?? "");
}

/**
 * What a preview of one stack may do: the deploy policy's read and list actions on the same
 * resources under the same conditions, and nothing that writes. A preview calls no write API.
 */
export function previewPolicy(scope: StackScope): PolicyDocument {
    const statements = policyStatements(scope).flatMap((statement): PolicyStatement[] => {
        if (statement.Effect === "Deny") {
            return [];
        }
        const actions = (typeof statement.Action === "string" ? [statement.Action] : statement.Action).filter(isReadOnlyAction);
        return actions.length === 0 ? [] : [{ ...statement, Action: actions }];
    });
    return { Version: "2012-10-17", Statement: statements };
}
