/**
 * The Fargate lines of the cost, and the public IPv4 addresses tasks hold: per service, the task
 * size, the CPU architecture of its task definition, the capacity providers its strategy (or the
 * cluster's default strategy) spreads tasks over, and the hours its scheduled actions leave it running.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    CLUSTER,
    SERVICE,
    containerDefinitions,
    containerLimitSum,
    dependenciesOf,
    dependenciesThrough,
    taskDefinitionOf,
} from "../../policies/lib";
import type { CostLine, PricingContext, RegionPrices } from "./costTypes";
import { ScheduledCapacity, TaskHours, scheduledTaskHours, taskHoursTotal } from "./costSchedule";

const SCALABLE_TARGET = "aws:appautoscaling/target:Target";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const CLUSTER_CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";

interface Strategy {
    readonly capacityProvider: string;
    readonly weight?: number;
    readonly base?: number;
}

const round = (value: number) => Math.round(value * 100) / 100;
const hoursText = (hours: number) => `${Math.round(hours * 10) / 10} h`;

/** Services priced as Fargate: launch type FARGATE, a capacity provider strategy, or neither (the cluster's default). */
export function fargateServices(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === SERVICE && (r.props.launchType === "FARGATE" || r.props.launchType === undefined));
}

/** Expected tasks per capacity provider for `count` tasks: the base first, the rest by weight, as ECS places them. */
export function splitTasks(count: number, strategies: readonly Strategy[]): Map<string, number> {
    const split = new Map<string, number>(strategies.map((s) => [s.capacityProvider, 0]));
    let left = count;
    for (const strategy of strategies) {
        const base = Math.min(left, strategy.base ?? 0);
        split.set(strategy.capacityProvider, base);
        left -= base;
    }
    const weights = strategies.reduce((total, s) => total + (s.weight ?? 0), 0);
    for (const strategy of strategies) {
        const share = weights === 0 ? 0 : (left * (strategy.weight ?? 0)) / weights;
        split.set(strategy.capacityProvider, split.get(strategy.capacityProvider)! + share);
    }
    return split;
}

/** The strategy a service's tasks are placed by: its own, else its cluster's default, else on-demand Fargate. */
function strategyOf(service: PolicyResource, resources: readonly PolicyResource[]): Strategy[] {
    const own: Strategy[] | undefined = service.props.capacityProviderStrategies;
    if (own !== undefined && own.length > 0) {
        return own;
    }
    if (service.props.launchType === undefined) {
        const clusters = dependenciesOf(service, "cluster", [CLUSTER]).map((c) => c.urn);
        const defaults = resources.filter((r) => r.type === CLUSTER_CAPACITY_PROVIDERS);
        const linked = defaults.find((d) => dependenciesOf(d, "clusterName", [CLUSTER]).some((c) => clusters.includes(c.urn)));
        const chosen: Strategy[] | undefined = (linked ?? (defaults.length === 1 ? defaults[0] : undefined))?.props
            .defaultCapacityProviderStrategies;
        if (chosen !== undefined && chosen.length > 0) {
            return chosen;
        }
    }
    return [{ capacityProvider: "FARGATE", weight: 1 }];
}

/** The resources an Application Auto Scaling resource's `resourceId` names a service through, by link or by value. */
function scalesService(resource: PolicyResource, service: PolicyResource): boolean {
    const linked = dependenciesThrough(resource, "resourceId", [SERVICE]);
    if (linked.length > 0) {
        return linked.some((s) => s.urn === service.urn);
    }
    const name = service.props.name;
    return typeof name === "string" && typeof resource.props.resourceId === "string" && resource.props.resourceId.endsWith(`/${name}`);
}

/** A service's scheduled actions and the time zones they name, with the bounds its scalable target starts from. */
export function scheduleOf(service: PolicyResource, resources: readonly PolicyResource[]) {
    const actions = resources.filter((r) => r.type === SCHEDULED_ACTION && scalesService(r, service));
    const target = resources.find((r) => r.type === SCALABLE_TARGET && scalesService(r, service));
    return {
        actions: actions.map((a): ScheduledCapacity => ({
            schedule: String(a.props.schedule ?? ""),
            minCapacity: a.props.scalableTargetAction?.minCapacity,
            maxCapacity: a.props.scalableTargetAction?.maxCapacity,
        })),
        timezones: [...new Set(actions.map((a) => String(a.props.timezone ?? "UTC")))],
        bounds: { min: Number(target?.props.minCapacity ?? 0), max: Number(target?.props.maxCapacity ?? Number.MAX_SAFE_INTEGER) },
    };
}

/** Hours per month at each task count of a service, and what its schedule does to them (for the quantity). */
export function serviceTaskHours(service: PolicyResource, context: PricingContext): { hours: TaskHours; schedule?: string } {
    const desired = Number(service.props.desiredCount ?? 0);
    const flat: TaskHours = new Map([[desired, context.hours]]);
    const { actions, timezones, bounds } = scheduleOf(service, context.resources);
    if (actions.length === 0) {
        return { hours: flat };
    }
    try {
        const hours = scheduledTaskHours(desired, bounds, actions, context.hours);
        const running = [...hours].filter(([count]) => count > 0).reduce((total, [, h]) => total + h, 0);
        return {
            hours,
            schedule: `running ${hoursText(running)} of ${context.hours} h on ${actions.length} scheduled action(s), ${timezones.join(", ")}`,
        };
    } catch (error) {
        context.notPriced.push(`${service.name}: its schedule is priced around the clock: ${(error as Error).message}`);
        return { hours: flat };
    }
}

/** Per vCPU-hour and GB-hour on a capacity provider for an architecture, or why there is none. */
function rates(provider: string, arm: boolean, prices: RegionPrices, region: string): { cpu: number; gb: number } | string {
    const pick = (cpu: number | undefined, gb: number | undefined, what: string) =>
        cpu === undefined || gb === undefined ? `no ${region} price for ${what} in tools/plan/prices.json` : { cpu, gb };
    if (provider === "FARGATE") {
        return arm
            ? pick(prices.fargateArmVcpuHour, prices.fargateArmGbHour, "Fargate ARM64")
            : pick(prices.fargateVcpuHour, prices.fargateGbHour, "Fargate");
    }
    if (provider === "FARGATE_SPOT") {
        return arm
            ? "Fargate Spot runs X86_64 tasks only (Amazon ECS guide, Fargate capacity providers), so ECS cannot place ARM64 tasks there"
            : pick(prices.fargateSpotVcpuHour, prices.fargateSpotGbHour, "Fargate Spot");
    }
    return `${provider} is an EC2 capacity provider: its instances are EC2 charges, not priced here`;
}

/** One line per Fargate service, and the public IPv4 addresses of the tasks that get one. */
export function computeLines(context: PricingContext): CostLine[] {
    const { resources, regional, region } = context;
    const lines: CostLine[] = [];
    let addressHours = 0;
    let addressHoursAllDay = 0;
    let addressTasks = 0;
    for (const service of fargateServices(resources)) {
        const taskDefinition = taskDefinitionOf(service, resources);
        const vcpu = Number(taskDefinition?.props.cpu ?? 0) / 1024;
        const gb = Number(taskDefinition?.props.memory ?? 0) / 1024;
        const arm = taskDefinition?.props.runtimePlatform?.cpuArchitecture === "ARM64";
        const containers = taskDefinition === undefined ? [] : (containerDefinitions(taskDefinition.props) ?? []);
        const proxyVcpu = Math.max(0, vcpu - containerLimitSum(containers, "cpu") / 1024);
        const proxyGb = Math.max(0, gb - containerLimitSum(containers, "memory") / 1024);
        const desired = Number(service.props.desiredCount ?? 0);
        const { hours, schedule } = serviceTaskHours(service, context);
        const strategy = strategyOf(service, resources);
        // Each provider's task-hours: the strategy applies to the count running at each moment.
        const providerHours = new Map<string, number>();
        for (const [count, h] of hours) {
            for (const [provider, tasks] of splitTasks(count, strategy)) {
                providerHours.set(provider, (providerHours.get(provider) ?? 0) + tasks * h);
            }
        }
        let cost = 0;
        let proxy = 0;
        let allDay = 0;
        let priced = true;
        for (const [provider, taskHours] of providerHours) {
            const rate = rates(provider, arm, regional, region);
            if (typeof rate === "string") {
                priced = priced && taskHours === 0;
                if (taskHours > 0) {
                    context.notPriced.push(`Fargate ${service.name} on ${provider}: ${rate}`);
                }
                continue;
            }
            const perHour = (cpu: number, memory: number) => cpu * rate.cpu + memory * rate.gb;
            cost += taskHours * perHour(vcpu, gb);
            proxy += taskHours * perHour(proxyVcpu, proxyGb);
            allDay += splitTasks(desired, strategy).get(provider)! * context.hours * perHour(vcpu, gb);
        }
        const placement =
            strategy.length === 1 && strategy[0].capacityProvider === "FARGATE"
                ? ""
                : `; ${strategy.map((s) => `${s.capacityProvider} weight ${s.weight ?? 0}${s.base ? ` base ${s.base}` : ""}`).join(", ")}`;
        lines.push({
            item: `Fargate ${service.name}`,
            quantity:
                `${desired} × ${vcpu} vCPU, ${gb} GB (proxy ${proxyVcpu} vCPU, ${proxyGb} GB)` +
                `${arm ? "; ARM64" : ""}${placement}${schedule === undefined ? "" : `; ${schedule}`}`,
            monthlyUsd: priced ? round(cost) : undefined,
            proxyMonthlyUsd: priced ? round(proxy) : undefined,
            ...(schedule !== undefined && priced ? { aroundTheClockUsd: round(allDay) } : {}),
        });
        if (service.props.networkConfiguration?.assignPublicIp === true) {
            addressTasks += desired;
            addressHours += taskHoursTotal(hours);
            addressHoursAllDay += desired * context.hours;
        }
    }
    if (addressTasks > 0) {
        const price = context.prices.global.publicIpv4Hour;
        lines.push({
            item: "Public IPv4 addresses (tasks)",
            quantity: `${addressTasks} task address(es), ${hoursText(addressHours)} a month (one per running task)`,
            monthlyUsd: round(addressHours * price),
            ...(addressHours !== addressHoursAllDay ? { aroundTheClockUsd: round(addressHoursAllDay * price) } : {}),
        });
    }
    return lines;
}
