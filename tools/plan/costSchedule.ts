/**
 * How many hours a service runs how many tasks, from the Application Auto Scaling scheduled
 * actions on it. The actions are replayed over a reference year in the schedule's own wall-clock
 * time (so the time zone never changes the total; a daylight-saving day counts as 24 hours), and
 * the year is replayed twice so the state at its start is the state the weekly cycle leaves.
 */

/** One scheduled action as the cost reads it. */
export interface ScheduledCapacity {
    /** `cron(...)`, `at(...)` or `rate(...)`, as Application Auto Scaling takes it. */
    readonly schedule: string;
    readonly minCapacity?: number;
    readonly maxCapacity?: number;
}

/** Hours per month at each running task count. */
export type TaskHours = ReadonlyMap<number, number>;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
/** A non-leap reference year; 2025 starts on a Wednesday, so every weekday occurs 52 or 53 times. */
const REFERENCE_YEAR = 2025;
const MINUTES_PER_YEAR = 365 * 24 * 60;

/**
 * The values one cron field allows, from `low` to `high`: `*`, `?`, numbers or names, ranges,
 * lists and steps. Throws for anything else, such as `L`, `W` or `#`, which this model does not replay.
 */
export function cronField(field: string, low: number, high: number, names: readonly string[] = [], nameBase = low): Set<number> {
    const value = (text: string): number => {
        const index = names.indexOf(text.toUpperCase());
        const parsed = index >= 0 ? index + nameBase : Number(text);
        if (!Number.isInteger(parsed) || parsed < low || parsed > high) {
            throw new Error(`"${text}" is not a value from ${low} to ${high} (L, W and # are not modelled)`);
        }
        return parsed;
    };
    const allowed = new Set<number>();
    for (const part of field.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) {
            throw new Error(`"${part}" has no valid step`);
        }
        const [from, to] =
            range === "*" || range === "?"
                ? [low, high]
                : range.includes("-")
                  ? (range.split("-").map(value) as [number, number])
                  : [value(range), stepText === undefined ? value(range) : high];
        for (let v = from; v <= to; v += step) {
            allowed.add(v);
        }
    }
    return allowed;
}

/** The minutes of the reference year at which a `cron(...)` expression fires, in its own time zone. */
export function cronMinutes(schedule: string): number[] {
    const match = /^cron\((.*)\)$/.exec(schedule.trim());
    if (match === null) {
        throw new Error(`${schedule} is not a cron() expression`);
    }
    const fields = match[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        throw new Error(`${schedule} needs six fields (minutes hours day-of-month month day-of-week year)`);
    }
    const [minuteField, hourField, dayField, monthField, weekdayField, yearField] = fields;
    if (yearField !== "*" && !cronField(yearField, 1970, 2199).has(REFERENCE_YEAR)) {
        throw new Error(`${schedule} does not recur every year`);
    }
    const minutes = cronField(minuteField, 0, 59);
    const hours = cronField(hourField, 0, 23);
    const days = cronField(dayField, 1, 31);
    const months = cronField(monthField, 1, 12, MONTHS);
    // Day of week 1-7 is Sunday to Saturday, as Application Auto Scaling reads it.
    const weekdays = cronField(weekdayField, 1, 7, DAYS, 1);
    const fired: number[] = [];
    for (let day = 0; day < 365; day++) {
        const date = new Date(Date.UTC(REFERENCE_YEAR, 0, 1 + day));
        const dayMatches =
            months.has(date.getUTCMonth() + 1) &&
            (dayField === "?" || days.has(date.getUTCDate())) &&
            (weekdayField === "?" || weekdays.has(date.getUTCDay() + 1));
        if (!dayMatches) {
            continue;
        }
        for (const hour of [...hours].sort((a, b) => a - b)) {
            for (const minute of [...minutes].sort((a, b) => a - b)) {
                fired.push(day * 1440 + hour * 60 + minute);
            }
        }
    }
    return fired;
}

/**
 * Hours per month (`hoursPerMonth` for the whole month) at each task count, for a service that
 * starts at `desiredCount` within `min`..`max` and whose scheduled actions set those bounds.
 * Between actions the count stays where the bounds leave it (load-driven scaling is usage).
 */
export function scheduledTaskHours(
    desiredCount: number,
    bounds: { readonly min: number; readonly max: number },
    actions: readonly ScheduledCapacity[],
    hoursPerMonth: number,
): TaskHours {
    const events = actions
        .flatMap((action) => cronMinutes(action.schedule).map((minute) => ({ minute, action })))
        .sort((a, b) => a.minute - b.minute);
    const clamp = (count: number, min: number, max: number) => Math.min(Math.max(count, min), max);
    let state = { min: bounds.min, max: bounds.max, count: clamp(desiredCount, bounds.min, bounds.max) };
    let minutesAt = new Map<number, number>();
    // The first pass finds the state the cycle leaves at the year's end; the second counts from it.
    for (let pass = 0; pass < 2; pass++) {
        minutesAt = new Map();
        let since = 0;
        for (const { minute, action } of [...events, { minute: MINUTES_PER_YEAR, action: undefined }]) {
            minutesAt.set(state.count, (minutesAt.get(state.count) ?? 0) + (minute - since));
            since = minute;
            if (action !== undefined) {
                const min = action.minCapacity ?? state.min;
                const max = action.maxCapacity ?? state.max;
                state = { min, max, count: clamp(state.count, min, max) };
            }
        }
    }
    const scale = hoursPerMonth / (MINUTES_PER_YEAR / 60);
    return new Map([...minutesAt].filter(([, minutes]) => minutes > 0).map(([count, minutes]) => [count, (minutes / 60) * scale]));
}

/** Task-hours per month of a histogram. */
export function taskHoursTotal(hours: TaskHours): number {
    return [...hours].reduce((total, [count, h]) => total + count * h, 0);
}
