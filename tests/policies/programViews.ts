/**
 * The real program evaluated as the policy tests need it, once per worker and frozen
 * (support/evaluations.ts): each stack in both views (a first preview, where every computed
 * output is unknown, and an update), and a dev variant with one planted mistake for each
 * mandatory policy.
 */
import * as pulumi from "@pulumi/pulumi";
import { Evaluation, VIEWS, View } from "../../tools/harness/evaluate";
import { evaluateStack } from "../../tools/harness/program";
import { DEV_WITHOUT_LEVERS } from "../costFixtures";
import { shareOnce, sharedEvaluation } from "../support/evaluations";

export { VIEWS };
export type { View };
export const STACKS = ["dev", "prod"] as const;

type Json = Record<string, any>;

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";

/** Copies plain objects and arrays, keeping Outputs (ARNs, IDs) as they are. */
function copy(value: unknown): any {
    if (Array.isArray(value)) {
        return value.map(copy);
    }
    if (value !== null && typeof value === "object" && !pulumi.Output.isInstance(value)) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]));
    }
    return value;
}

/** A stack transformation that edits the inputs of one resource of the real program. */
export function breakResource(type: string, name: string, edit: (props: Json) => void): pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== type || args.name !== name) {
            return undefined;
        }
        const props = copy(args.props);
        edit(props);
        return { props, opts: args.opts };
    };
}

const OTHER_NAMESPACE = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-elsewhere";

/** One mistake per mandatory policy, each on its own resource so that they do not hide each other. */
const PLANTED_MISTAKES: pulumi.ResourceTransformation[] = [
    breakResource(SERVICE, "yelb-ui-sc-service", (p) => {
        p.deploymentCircuitBreaker = { enable: true, rollback: true };
        // A client in another namespace than the appserver it calls.
        p.serviceConnectConfiguration.namespace = OTHER_NAMESPACE;
    }),
    breakResource(TASK_DEFINITION, "yelb-ui-sc-task", (p) => (p.runtimePlatform.operatingSystemFamily = "WINDOWS_SERVER_2022_CORE")),
    breakResource(SERVICE, "yelb-appserver-sc-service", (p) => {
        p.deploymentController = { type: "CODE_DEPLOY" };
        p.platformVersion = "1.3.0";
        // The database's discovery name, published a second time.
        p.serviceConnectConfiguration.services[0].discoveryName = "yelb-db";
    }),
    breakResource(SERVICE, "yelb-redis-sc-service", (p) => {
        delete p.launchType;
        p.capacityProviderStrategies = [{ capacityProvider: "yelb-ec2-capacity", weight: 1 }];
    }),
    breakResource(TASK_DEFINITION, "yelb-redis-sc-task", (p) => delete p.memory),
    // The container is limited to 960 MiB: the same as the task leaves the proxy nothing.
    breakResource(TASK_DEFINITION, "yelb-db-sc-task", (p) => (p.memory = "960")),
    breakResource(SERVICE, "yelb-db-sc-service", (p) => {
        p.serviceConnectConfiguration.services[0].portName = "postgres";
        // A second alias of redis-server:6379 in the same namespace.
        p.serviceConnectConfiguration.services[0].clientAlias = [{ dnsName: "redis-server", port: 6379 }];
    }),
];

/**
 * What the planted mistakes must give in both views: the mandatory findings as
 * "policy resource" with a pattern of the message, in the order they sort.
 */
export const PLANTED: readonly (readonly [string, RegExp])[] = [
    [
        "service-connect-client-after-servers yelb-ui-sc-service",
        /^yelb-ui-sc-service calls yelb-appserver-sc-service, but does not depend on it/,
    ],
    ["service-connect-fargate-platform-version yelb-appserver-sc-service", /platformVersion is 1\.3\.0/],
    ["service-connect-launch-type yelb-redis-sc-service", /capacity provider strategies \(yelb-ec2-capacity\)/],
    ["service-connect-linux-only yelb-ui-sc-task", /operatingSystemFamily to WINDOWS_SERVER_2022_CORE/],
    ["service-connect-no-circuit-breaker yelb-ui-sc-service", /^This project keeps the ECS deployment circuit breaker off/],
    [
        "service-connect-port-name-match yelb-db-sc-service",
        /^Service Connect portName "postgres" of yelb-db-sc-service matches no port mapping/,
    ],
    ["service-connect-rolling-deployment yelb-appserver-sc-service", /deploymentController\.type is CODE_DEPLOY/],
    [
        "service-connect-shared-namespace yelb-ui-sc-service",
        /^yelb-ui-sc-service calls yelb-appserver-sc-service, but they are in different namespaces \(arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-elsewhere and urn:pulumi:dev::/,
    ],
    ["service-connect-task-memory yelb-db-sc-task", /sets 960 MiB for containers limited to 960 MiB/],
    ["service-connect-task-memory yelb-redis-sc-task", /^Service Connect needs a task memory limit, but yelb-redis-sc-task/],
    [
        "service-connect-unique-endpoints yelb-db-sc-service",
        /^Discovery name "yelb-db" of yelb-db-sc-service is already used by yelb-appserver-sc-service/,
    ],
    [
        "service-connect-unique-endpoints yelb-redis-sc-service",
        /^Endpoint redis-server:6379 of yelb-redis-sc-service is already published by yelb-db-sc-service/,
    ],
];

/** The unmodified program of a stack, as the engine sees it in this view. */
export function programIn(stack: string, view: View): Promise<Evaluation> {
    return sharedEvaluation(stack, stack === "dev" ? DEV_WITHOUT_LEVERS : {}, view);
}

/**
 * Dev with every planted mistake, in this view; the client that does not depend on its server is
 * planted in the recorded dependencies, as the engine would receive them without that dependsOn.
 */
export function brokenIn(view: View): Promise<Evaluation> {
    return shareOnce(`policies/programViews broken|${view}`, async () => {
        const broken = await evaluateStack("dev", DEV_WITHOUT_LEVERS, PLANTED_MISTAKES, view);
        const ui = broken.resources.find((r) => r.type === SERVICE && r.name === "yelb-ui-sc-service")!;
        const appserver = broken.resources.find((r) => r.type === SERVICE && r.name === "yelb-appserver-sc-service")!;
        return {
            ...broken,
            resources: broken.resources.map((r) =>
                r === ui ? { ...ui, dependencies: ui.dependencies.filter((urn) => urn !== appserver.urn) } : r,
            ),
        };
    });
}

/** "policy resource" of a finding, for comparing with `PLANTED`. */
export const finding = (policy: string, urn: string | undefined) => `${policy} ${urn?.split("::").pop() ?? "(stack)"}`;
