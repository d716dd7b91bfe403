/** Resources to add to the policy fixture (tests/policies/fixtures.ts) for the cost tests. */
import * as assert from "assert";
import { RegisteredResource } from "../tools/harness/evaluate";
import { CostEstimate } from "../tools/plan/cost";
import { tierSettingName } from "../config/tiers";
import { TIERS } from "../model/tiers";
import { readProject } from "../tools/harness/stackConfig";
import { URN } from "./policies/fixtures";

type Json = Record<string, any>;

/** Dollars to the cent, as the plan shows them. */
export const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * Asserts that an estimate's totals are the sums of its lines (around the clock, a scheduled line
 * counts its full month), and returns each line's monthly price by item, for a test to pin the
 * lines it is about.
 */
export function pricedLines(cost: CostEstimate): Record<string, number | undefined> {
    const total = (price: (line: CostEstimate["lines"][number]) => number | undefined) =>
        cents(cost.lines.reduce((sum, line) => sum + (price(line) ?? 0), 0));
    assert.strictEqual(
        cost.totalUsd,
        total((line) => line.monthlyUsd),
        "the total is the sum of the lines",
    );
    assert.strictEqual(
        cost.aroundTheClockUsd ?? cost.totalUsd,
        total((line) => line.aroundTheClockUsd ?? line.monthlyUsd),
        "the around-the-clock total is the sum of the lines' full months",
    );
    const items = cost.lines.map((line) => line.item);
    assert.deepStrictEqual(
        items.filter((item, i) => items.indexOf(item) !== i),
        [],
        "every item once",
    );
    return Object.fromEntries(cost.lines.map((line) => [line.item, line.monthlyUsd]));
}

export const urnOf = (type: string, name: string) => `urn:pulumi:test::fixture::${type}::${name}`;

/** A resource of the fixture stack, linked to others through its property dependencies. */
export function extra(type: string, name: string, props: Json, propertyDependencies: Record<string, string[]> = {}): RegisteredResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        custom: true,
        remote: false,
        providers: {},
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        inputs: props,
        outputs: {},
        options: { ignoreChanges: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false },
    };
}

const TARGET = "aws:appautoscaling/target:Target";

/** A scalable target on the fixture's `api` service, with the scheduled actions given (each linked to the target). */
export function scheduleOnApi(
    bounds: { min: number; max: number },
    actions: { schedule: string; min?: number; max?: number; timezone?: string }[],
) {
    return [
        extra(
            TARGET,
            "api-target",
            { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", minCapacity: bounds.min, maxCapacity: bounds.max },
            { resourceId: [URN.cluster, URN.api] },
        ),
        ...actions.map((action, i) =>
            extra(
                "aws:appautoscaling/scheduledAction:ScheduledAction",
                `api-action-${i}`,
                {
                    schedule: action.schedule,
                    timezone: action.timezone,
                    scalableTargetAction: { minCapacity: action.min, maxCapacity: action.max },
                },
                { resourceId: [urnOf(TARGET, "api-target")] },
            ),
        ),
    ];
}

/** A target tracking policy on the fixture's `api` service. */
export function trackingPolicy(name: string, configuration: Json) {
    return extra(
        "aws:appautoscaling/policy:Policy",
        name,
        { policyType: "TargetTrackingScaling", targetTrackingScalingPolicyConfiguration: configuration },
        { resourceId: [urnOf(TARGET, "api-target")] },
    );
}

/** The keys of Pulumi.dev.yaml that are cost levers rather than where the stack lives: every tier's size among them. */
export const DEV_LEVER_KEYS = [
    "natGateways",
    "assignPublicIp",
    "containerInsights",
    "fargateSpotTiers",
    "proxyCpu",
    ...Object.keys(TIERS).flatMap((tier) => [tierSettingName(tier, "Cpu"), tierSettingName(tier, "Memory")]),
    "workingHours",
    "workingHoursTimeZone",
].map((key) => `yelb:${key}`);

/**
 * Overrides that give the dev stack the project's defaults instead of its cost levers: the stock
 * shape (one NAT gateway, 0.5 vCPU tasks on the FARGATE launch type, Container Insights, no
 * schedule) for tests that use dev as the reference program.
 */
export const DEV_WITHOUT_LEVERS: Readonly<Record<string, string>> = Object.fromEntries(
    DEV_LEVER_KEYS.map((key) => [key, readProject().defaults[key]]),
);

/** Every optional feature on, and a NAT gateway per zone. */
export const ALL_FEATURES = {
    "yelb:dbPersistence": "true",
    "yelb:dbBackups": "true",
    "yelb:monitoring": "true",
    "yelb:alarmEmail": "ops@example.com",
    "yelb:serviceConnectAccessLogs": "true",
    "yelb:appserverRequestsPerTaskTarget": "600",
    "yelb:natGateways": "OnePerAz",
};
