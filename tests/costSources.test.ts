import * as assert from "assert";
import pricesData from "../tools/plan/prices.json";
import { figuresOf, priceSourceProblems } from "../tools/plan/priceSources";
import { cronField, cronMinutes, scheduledTaskHours, taskHoursTotal } from "../tools/plan/costSchedule";

/** A mutable copy to break on purpose. */
const copy = (): any => JSON.parse(JSON.stringify(pricesData));

describe("tools/plan/prices.json", () => {
    it("gives every figure a source with a url, a date and whether it is secondary, and no source key a missing figure", () => {
        assert.deepStrictEqual(priceSourceProblems(pricesData), []);
    });

    it("records the Fargate Spot figures with the source that says they vary", () => {
        const spot = figuresOf("*.fargateSpot*", pricesData);
        assert.ok(spot.includes("us-east-1.fargateSpotVcpuHour") && spot.includes("eu-west-1.fargateSpotGbHour"));
        assert.match((pricesData.sources as Record<string, { note?: string }>).fgcalc.note!, /varies with supply and demand/);
    });

    it("catches a figure without a source, a source key without a figure, and an incomplete source", () => {
        const prices = copy();
        prices.regions["us-east-1"].newFigure = 1;
        prices.figureSources["eu-west-1.missingFigure"] = ["fgcalc"];
        prices.figureSources["global.publicIpv4Hour"] = ["nowhere"];
        delete prices.sources.fgcalc.seen;
        prices.sources.fgcalc.secondary = "yes";
        prices.sources.orphan = { url: "https://example.com/", seen: "2026-11-23", secondary: true };
        assert.deepStrictEqual(priceSourceProblems(prices), [
            "us-east-1.newFigure has no entry in figureSources.",
            'figureSources "global.publicIpv4Hour" cites "nowhere", which is not in sources.',
            'figureSources "eu-west-1.missingFigure" names no figure in the file.',
            // Its only figure now cites another source.
            'source "awsIpv4Blog" backs no figure.',
            'source "fgcalc" does not say when it was seen.',
            'source "fgcalc" does not say whether it is secondary (true or false).',
            'source "orphan" backs no figure.',
        ]);
    });
});

describe("the schedule replay", () => {
    it("reads cron fields: names, ranges, lists and steps", () => {
        assert.deepStrictEqual([...cronField("MON-FRI", 1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)], [2, 3, 4, 5, 6]);
        assert.deepStrictEqual([...cronField("0/15", 0, 59)], [0, 15, 30, 45]);
        assert.deepStrictEqual([...cronField("1,3,5-6", 0, 23)], [1, 3, 5, 6]);
        assert.throws(() => cronField("5W", 1, 31), /"5W" is not a value from 1 to 31/);
    });

    it("fires a weekday action on each of the reference year's 261 weekdays", () => {
        const minutes = cronMinutes("cron(30 7 ? * MON-FRI *)");
        assert.strictEqual(minutes.length, 261);
        // 1 January 2025 is a Wednesday.
        assert.strictEqual(minutes[0], 7 * 60 + 30);
        assert.throws(() => cronMinutes("rate(1 day)"), /is not a cron\(\) expression/);
        assert.throws(() => cronMinutes("cron(0 8 * *)"), /needs six fields/);
    });

    it("starts the year in the state the weekly cycle leaves", () => {
        // Only a scale-down: after its first run the service never runs again, so all month is at zero.
        const down = scheduledTaskHours(1, { min: 1, max: 4 }, [{ schedule: "cron(0 19 ? * FRI *)", minCapacity: 0, maxCapacity: 0 }], 730);
        assert.deepStrictEqual([...down], [[0, 730]]);
        const weekdays = scheduledTaskHours(
            2,
            { min: 1, max: 4 },
            [
                { schedule: "cron(0 19 ? * MON-FRI *)", minCapacity: 0, maxCapacity: 0 },
                { schedule: "cron(0 8 ? * MON-FRI *)", minCapacity: 1, maxCapacity: 4 },
            ],
            730,
        );
        // Back up at the minimum: one task from 08:00 to 19:00 on weekdays.
        assert.deepStrictEqual([...weekdays.keys()].sort(), [0, 1]);
        assert.ok(Math.abs(taskHoursTotal(weekdays) - (261 * 11) / 12) < 1e-9);
    });
});
