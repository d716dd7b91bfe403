/**
 * The working-hours schedule: pure rules, so the config loader, the component and the tests share
 * them. Outside the hours every tier scales to zero; at the start the tiers come back in start
 * order, one wave per level of the tier table (servers first: a Service Connect client resolves
 * only the endpoints that exist when it starts, and the UI's nginx resolves the appserver once),
 * and at the end they stop in the reverse order, clients first.
 */
import { TierTable, startOrder, upstreamsOf } from "./tiers";

/** When the tiers run, in the schedule's own time zone. */
export interface WorkingHours {
    /** Days of the week as a cron day-of-week field, such as `MON-FRI`. */
    readonly days: string;
    /** Minutes after midnight the first wave starts. */
    readonly startMinute: number;
    /** Minutes after midnight the first wave stops. */
    readonly endMinute: number;
    /** IANA time zone the times are in, such as `Europe/Berlin`. */
    readonly timeZone: string;
}

/** Minutes between two waves: time for a tier's tasks to start and register before the next wave dials them. */
export const WAVE_MINUTES = 5;

const DAY = "(?:MON|TUE|WED|THU|FRI|SAT|SUN)";
const SPEC = new RegExp(`^(${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*) ([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)$`);

/** True for a time zone name the runtime's time zone database knows (Application Auto Scaling takes IANA names). */
export function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return name !== "";
    } catch {
        return false;
    }
}

/**
 * Reads a schedule such as `MON-FRI 08:00-19:00`; returns the schedule or a problem naming the
 * settings, the value and what is allowed. The end must leave room for every wave on the same day.
 */
export function parseWorkingHours(
    text: string,
    timeZone: string,
    waves: number,
    keys = { hours: "yelb:workingHours", timeZone: "yelb:workingHoursTimeZone" },
): WorkingHours | string {
    const match = SPEC.exec(text.trim().toUpperCase());
    if (match === null) {
        return (
            `${keys.hours}: "${text}" is not a working-hours schedule. Use days and a time range in 24-hour time, ` +
            `such as "MON-FRI 08:00-19:00" (days MON to SUN, ranges and lists allowed), or "" for none.`
        );
    }
    if (!isTimeZone(timeZone)) {
        return `${keys.timeZone}: "${timeZone}" is not a time zone. Use an IANA name such as "UTC", "Europe/Berlin" or "America/New_York".`;
    }
    const minute = (hours: string, minutes: string) => Number(hours) * 60 + Number(minutes);
    const [startMinute, endMinute] = [minute(match[2], match[3]), minute(match[4], match[5])];
    const span = (waves - 1) * WAVE_MINUTES;
    if (endMinute - startMinute <= span || endMinute + span >= 24 * 60) {
        return (
            `${keys.hours}: "${text}" leaves no room for the ${waves} start waves, ${WAVE_MINUTES} minutes apart. ` +
            `Use an end at least ${span + 1} minutes after the start and no later than ${23 - Math.floor(span / 60)}:${String(59 - (span % 60)).padStart(2, "0")}.`
        );
    }
    return { days: match[1], startMinute, endMinute, timeZone };
}

/** Each tier's wave: 0 for tiers that call no one, else one more than the latest tier it calls. */
export function startWaves(table: TierTable): Map<string, number> {
    const waves = new Map<string, number>();
    for (const tier of startOrder(table)) {
        waves.set(tier, Math.max(-1, ...upstreamsOf(table, tier).map((upstream) => waves.get(upstream)!)) + 1);
    }
    return waves;
}

const cron = (minuteOfDay: number, days: string) => `cron(${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} ? * ${days} *)`;

/** The scale-up and scale-down cron expressions of each tier: up in start order, down in reverse. */
export function tierSchedules(table: TierTable, hours: WorkingHours): Map<string, { up: string; down: string }> {
    const waves = startWaves(table);
    const last = Math.max(...waves.values());
    return new Map(
        [...waves].map(([tier, wave]) => [
            tier,
            {
                up: cron(hours.startMinute + wave * WAVE_MINUTES, hours.days),
                down: cron(hours.endMinute + (last - wave) * WAVE_MINUTES, hours.days),
            },
        ]),
    );
}
