/** The app stacks the deployments program wires to branches: `yelb-deployments:stacks`. */
import { SettingsReader } from "../../model/settings/reader";
import { validateDomainName, validateHostedZoneId } from "../../model/validators";
import { validateRegion } from "../../model/aws";
import { deployRoleName, previewRoleName } from "../components/deployPolicies";
import { PULUMI_NAME, Rule, patternRule } from "./rules";

/** One app stack wired to a branch. */
export interface StackTarget {
    /** The app's stack name, such as dev. */
    readonly stack: string;
    /** The branch whose pushes deploy the stack, without `refs/heads/`. */
    readonly branch: string;
    /** The AWS region the stack deploys to (its `aws:region`). */
    readonly awsRegion: string;
    /** The Route 53 hosted zone the stack writes its records to (its `yelb:hostedZoneId`). */
    readonly hostedZoneId: string;
    /** The name the stack's UI answers on, `<subdomain>.<zone>`, lower case: the only records its role may write. */
    readonly domainName: string;
}

const STACK_KEYS: readonly (keyof StackTarget)[] = ["stack", "branch", "awsRegion", "hostedZoneId", "domainName"];
const STACK_FIELDS = `{${STACK_KEYS.join(", ")}}`;

const STACK_NAME = "the app's stack name (letters, digits, - _ .)";

/** IAM's limit on role names. */
const ROLE_NAME_MAX = 64;

/** Why a branch name is not one git accepts (a subset of git check-ref-format), or undefined. */
function branchProblem(branch: string): string | undefined {
    if (branch.startsWith("refs/")) {
        return "is a ref; give the bare branch name (main, not refs/heads/main)";
    }
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(branch) || branch.includes("..") || branch.includes("@{") || branch.includes("//")) {
        return "has characters git does not allow in a branch name (spaces, ~ ^ : ? * [ \\, .., @{ or //)";
    }
    if (/^[-/.]|[/.]$|\.lock$|\/\./.test(branch) || branch === "@") {
        return "is not a valid git branch name (it may not start with - / or ., end with / . or .lock, or be @)";
    }
    return undefined;
}

/**
 * Reads the list of stacks (structured, so it arrives as JSON). It is declared nowhere in
 * `Pulumi.yaml` (project config has no object type) and has no default: it is required.
 */
export function readStacks(reader: SettingsReader, project: string): StackTarget[] {
    const setting = reader.key("stacks");
    const example = `pulumi config set --path 'stacks[0].stack' dev (and .branch, .awsRegion, .hostedZoneId, .domainName)`;
    const given = reader.optional("stacks") !== undefined;
    const value = reader.json("stacks");
    if (!given) {
        reader.report(`${setting} is required: a list of ${STACK_FIELDS}. Set it with \`${example}\`.`);
        return [];
    }
    if (value === undefined) {
        return []; // not JSON: the reader reported it
    }
    if (!Array.isArray(value) || value.length === 0) {
        reader.report(`${setting}: ${JSON.stringify(value)} is not a non-empty list of ${STACK_FIELDS}.`);
        return [];
    }
    const seen = new Set<string>();
    return value.map((item: unknown, index): StackTarget => {
        const at = `${setting}[${index}]`;
        const target = readStackTarget(reader, at, item);
        const { stack } = target;
        if (stack !== "") {
            if (seen.has(stack)) {
                reader.report(`${at}.stack: "${stack}" is listed twice. Give each stack once.`);
            }
            seen.add(stack);
            for (const roleName of [deployRoleName(project, stack), previewRoleName(project, stack)]) {
                if (roleName.length > ROLE_NAME_MAX) {
                    reader.report(
                        `${at}.stack: the role name ${roleName} (from ${reader.key("project")} and the stack) has ${roleName.length} characters; ` +
                            `IAM allows ${ROLE_NAME_MAX}. Shorten the project or stack name.`,
                    );
                }
            }
        }
        return target;
    });
}

function readStackTarget(reader: SettingsReader, at: string, item: unknown): StackTarget {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
        reader.report(`${at}: ${JSON.stringify(item)} is not an object. Use ${STACK_FIELDS}.`);
        return { stack: "", branch: "", awsRegion: "", hostedZoneId: "", domainName: "" };
    }
    const entry = item as Record<string, unknown>;
    for (const unknownKey of Object.keys(entry).filter((k) => !(STACK_KEYS as readonly string[]).includes(k))) {
        reader.report(`${at}.${unknownKey} is not a setting. Use only ${STACK_KEYS.join(", ")}.`);
    }
    /** The trimmed text of a field, checked by `rule`; `required` says what to set when it is missing. */
    const field = (name: keyof StackTarget, required: string, rule: Rule): string => {
        const raw = entry[name];
        if (typeof raw !== "string" || raw.trim() === "") {
            reader.report(`${at}.${name} is required: ${required}.`);
            return "";
        }
        const trimmed = raw.trim();
        reader.report(rule(`${at}.${name}`, trimmed));
        return trimmed;
    };
    const stack = field("stack", STACK_NAME, patternRule(PULUMI_NAME, STACK_NAME));
    const branch = field("branch", "the branch that deploys the stack, such as main", (setting, value) => {
        const problem = branchProblem(value);
        return problem === undefined ? undefined : `${setting}: "${value}" ${problem}.`;
    });
    const awsRegion = field("awsRegion", "an AWS region such as us-east-1 (the stack's aws:region)", validateRegion);
    const hostedZoneId = field(
        "hostedZoneId",
        "a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (the stack's yelb:hostedZoneId)",
        validateHostedZoneId,
    );
    const domainName = field(
        "domainName",
        "the stack's UI name, <subdomain>.<zone> such as yelb-dev.example.com (the stack's yelb:subdomain and yelb:hostedZoneName)",
        validateDomainName,
    )
        .toLowerCase()
        .replace(/\.$/, "");
    return { stack, branch, awsRegion, hostedZoneId, domainName };
}
