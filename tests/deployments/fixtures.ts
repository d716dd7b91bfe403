/**
 * Runs the deployments program (`deployments/index.ts`) under the mock harness with the
 * configuration the CLI would pass: the defaults `deployments/Pulumi.yaml` declares, overlaid
 * with a stack's values, as fully qualified keys.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packPolicies } from "../../scripts/packPolicies";
import { Evaluation, RegisteredResource, evaluate, named, ofType } from "../../tools/harness/evaluate";
import { PROJECT_DIR, readProject } from "../../tools/harness/stackConfig";

export const DEPLOYMENTS_DIR = path.join(PROJECT_DIR, "deployments");
export const PROJECT = "yelb-deployments";

/** The push-to-deploy path filters Pulumi.yaml declares by default. */
export const DEFAULT_PATHS = ["!deployments/**", "!tests/**", "!plan-output/**", "!.ci/**", "!.github/**", "!**/*.md"];

export const DEV = {
    stack: "dev",
    branch: "main",
    awsRegion: "us-east-1",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    domainName: "yelb-dev.example.com",
};
export const PROD = {
    stack: "prod",
    branch: "release",
    awsRegion: "eu-west-1",
    hostedZoneId: "Z9876543210ZYXWVUTSRQ",
    domainName: "yelb.example.org",
};

/** A complete stack configuration: what a user must set, nothing else. */
export const BASE_CONFIG: Readonly<Record<string, string>> = {
    "aws:region": "us-east-1",
    [`${PROJECT}:organization`]: "acme",
    [`${PROJECT}:repository`]: "acme/yelb",
    [`${PROJECT}:stacks`]: JSON.stringify([DEV, PROD]),
};

type Json = Record<string, any>;

/** The deployments program as the suite runs it: its compiled copy beside this file's. */
const COMPILED_DEPLOYMENTS = path.join(__dirname, "..", "..", "deployments");

function forgetDeploymentsModules(): void {
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(`${COMPILED_DEPLOYMENTS}${path.sep}`) && !id.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[id];
        }
    }
}

let packedPack: string | undefined;

/** The publishable pack, built once per test run outside the repository, as `npm run pack:policies` builds it. */
export function packedPolicyPack(): string {
    if (packedPack === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
        process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        packedPack = path.join(dir, "pack");
        packPolicies(packedPack);
    }
    return packedPack;
}

/** Evaluates the program; an override of `undefined` removes the key, as if it were never set. */
export async function evaluateDeployments(overrides: Readonly<Record<string, string | undefined>> = {}): Promise<Evaluation> {
    const merged: Record<string, string | undefined> = {
        ...readProject(DEPLOYMENTS_DIR).defaults,
        [`${PROJECT}:policyPackPath`]: packedPolicyPack(),
        ...BASE_CONFIG,
        ...overrides,
    };
    const config = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return evaluate({
        project: PROJECT,
        stack: "setup",
        config,
        program: () => {
            forgetDeploymentsModules();
            // A fresh require runs the program again, as `pulumi up` would (its compiled copy beside this one).
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(path.join(COMPILED_DEPLOYMENTS, "index"));
        },
    });
}

export const TYPES = {
    provider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    role: "aws:iam/role:Role",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    settings: "pulumiservice:index:DeploymentSettings",
    pack: "pulumiservice:index:PolicyPack",
    group: "pulumiservice:index:PolicyGroup",
} as const;

export function role(ev: Evaluation, stack: string): RegisteredResource {
    return named(ev, TYPES.role, `yelb-deploy-roles-${stack}`);
}
export function previewRole(ev: Evaluation, stack: string): RegisteredResource {
    return named(ev, TYPES.role, `yelb-deploy-roles-${stack}-preview`);
}
/** The managed policies of a stack's preview role, in order, as one document. */
export function previewPolicyOf(ev: Evaluation, stack: string): Json {
    const parts = ofType(ev, TYPES.policy)
        .filter((r) => r.name.startsWith(`yelb-deploy-roles-${stack}-preview-permissions-`))
        .map((r) => JSON.parse(String(r.inputs.policy)) as Json);
    return { Version: "2012-10-17", Statement: parts.flatMap((part) => part.Statement as Json[]) };
}
/** The identity provider of an issuer URL. */
export function providerOf(ev: Evaluation, url: string): RegisteredResource {
    const [provider, ...more] = ofType(ev, TYPES.provider).filter((r) => r.inputs.url === url);
    if (provider === undefined || more.length > 0) {
        throw new Error(`expected one provider for ${url}`);
    }
    return provider;
}
/** The managed policies that hold a stack role's grants, in order. */
export function permissionPartsOf(ev: Evaluation, stack: string): RegisteredResource[] {
    return ofType(ev, TYPES.policy).filter((r) => r.name.startsWith(`yelb-deploy-roles-${stack}-permissions-`));
}
/** The attachments of those policies to the stack's role. */
export function attachmentsOf(ev: Evaluation, stack: string): RegisteredResource[] {
    return ofType(ev, TYPES.attachment).filter((r) => r.name.startsWith(`yelb-deploy-roles-${stack}-permissions-`));
}
export function settingsOf(ev: Evaluation, stack: string): RegisteredResource {
    return named(ev, TYPES.settings, `yelb-deployments-${stack}`);
}
export function trustPolicyOf(ev: Evaluation, stack: string): Json {
    return JSON.parse(String(role(ev, stack).inputs.assumeRolePolicy));
}
/** Every statement of the stack role's policies, as one document. */
export function permissionsPolicyOf(ev: Evaluation, stack: string): Json {
    const parts = permissionPartsOf(ev, stack).map((r) => JSON.parse(String(r.inputs.policy)) as Json);
    return { Version: "2012-10-17", Statement: parts.flatMap((part) => part.Statement as Json[]) };
}

/** Whether IAM's StringLike (`*` any run, `?` one character) would match the value. */
export function iamLike(pattern: string, value: string): boolean {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${source}$`).test(value);
}

/** Runs a program evaluation that must fail, and returns the error. */
export async function failure(run: () => Promise<unknown>): Promise<Error & { registeredBeforeError?: number; problems?: string[] }> {
    try {
        await run();
    } catch (error) {
        return error as Error & { registeredBeforeError?: number; problems?: string[] };
    }
    throw new Error("expected the evaluation to fail");
}
