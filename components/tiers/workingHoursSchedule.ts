import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TierTable } from "../../model/tiers";
import { TierScaling } from "../../model/scaling";
import { WorkingHours, tierSchedules } from "../../model/workingHours";
import { TierComponent, TierSettings } from "./tierService";

/** One tier as the schedule sees it. */
export interface ScheduledTier {
    readonly service: aws.ecs.Service;
    /** The tier's scalable target when it has one already (an autoscaled tier's); else one is made. */
    readonly target?: aws.appautoscaling.Target;
    /** Bounds in working hours: the autoscaling range, or the desired count for a fixed-size tier. */
    readonly minCapacity: number;
    readonly maxCapacity: number;
}

export interface WorkingHoursScheduleArgs {
    readonly tiers: TierTable;
    /** Every tier of the table, by name. */
    readonly scheduled: Readonly<Record<string, ScheduledTier>>;
    readonly clusterName: pulumi.Input<string>;
    readonly hours: WorkingHours;
}

/**
 * Every tier as the schedule sees it: a tier that scales itself keeps its target and its range in
 * working hours, any other tier is held at its desired count.
 */
export function scheduledTiers(
    components: Readonly<Record<string, TierComponent>>,
    settings: Readonly<Record<string, Pick<TierSettings, "desiredCount">>>,
    scaling: Pick<TierScaling, "minCount" | "maxCount"> | undefined,
): Record<string, ScheduledTier> {
    return Object.fromEntries(
        Object.entries(components).map(([tier, component]): [string, ScheduledTier] => {
            const target = component.scalingTarget;
            if (target === undefined) {
                const count = settings[tier].desiredCount;
                return [tier, { service: component.service.service, minCapacity: count, maxCapacity: count }];
            }
            if (scaling === undefined) {
                throw new Error(`tier ${tier} scales itself, but no scaling range was given for its working hours.`);
            }
            return [tier, { service: component.service.service, target, minCapacity: scaling.minCount, maxCapacity: scaling.maxCount }];
        }),
    );
}

/**
 * Scales every tier to zero outside working hours with Application Auto Scaling scheduled actions,
 * and back up in start order (`tierSchedules`). A tier without a scalable target gets one fixed
 * at its desired count, so only the schedule moves it.
 */
export class WorkingHoursSchedule extends pulumi.ComponentResource {
    readonly targets: Record<string, aws.appautoscaling.Target> = {};
    readonly actions: aws.appautoscaling.ScheduledAction[] = [];

    constructor(name: string, args: WorkingHoursScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:tiers:WorkingHoursSchedule", name, {}, opts);
        for (const [tier, { up, down }] of tierSchedules(args.tiers, args.hours)) {
            const scheduled = args.scheduled[tier];
            if (scheduled === undefined) {
                throw new Error(`${name}: tier ${tier} of the table has no service to schedule.`);
            }
            const target =
                scheduled.target ??
                new aws.appautoscaling.Target(
                    `${name}-${tier}-target`,
                    {
                        serviceNamespace: "ecs",
                        scalableDimension: "ecs:service:DesiredCount",
                        resourceId: pulumi.interpolate`service/${args.clusterName}/${scheduled.service.name}`,
                        minCapacity: scheduled.minCapacity,
                        maxCapacity: scheduled.maxCapacity,
                    },
                    { parent: this },
                );
            this.targets[tier] = target;
            const action = (when: "up" | "down", schedule: string, capacity: number | undefined) =>
                new aws.appautoscaling.ScheduledAction(
                    `${name}-${tier}-${when}`,
                    {
                        serviceNamespace: target.serviceNamespace,
                        scalableDimension: target.scalableDimension,
                        resourceId: target.resourceId,
                        schedule,
                        timezone: args.hours.timeZone,
                        scalableTargetAction: {
                            minCapacity: capacity ?? scheduled.minCapacity,
                            maxCapacity: capacity ?? scheduled.maxCapacity,
                        },
                    },
                    { parent: this },
                );
            this.actions.push(action("down", down, 0));
            this.actions.push(action("up", up, undefined));
        }
        this.registerOutputs({});
    }
}
