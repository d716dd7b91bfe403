import * as assert from "assert";
import { cachePrefix, cachedImage, dockerHubCache, dockerHubPath } from "../model/dockerHubCache";
import { WorkingHours, isTimeZone, parseWorkingHours, startWaves, tierSchedules } from "../model/workingHours";
import { spotTierNames } from "../config/costLevers";
import { TIERS } from "../model/tiers";
import { TIER_NAMES, assertEntries } from "./support/tiers";

describe("the cost levers' rules", () => {
    describe("the working-hours schedule", () => {
        it("reads days, a time range and a time zone", () => {
            assert.deepStrictEqual(parseWorkingHours("mon-fri 08:00-19:00", "Europe/Berlin", 3), {
                days: "MON-FRI",
                startMinute: 480,
                endMinute: 1140,
                timeZone: "Europe/Berlin",
            });
            assert.strictEqual((parseWorkingHours("MON,WED-FRI 07:30-18:15", "UTC", 3) as WorkingHours).days, "MON,WED-FRI");
        });

        it("names the setting, the value and the form for a bad schedule or time zone", () => {
            assert.strictEqual(
                parseWorkingHours("weekdays 8-19", "UTC", 3),
                'yelb:workingHours: "weekdays 8-19" is not a working-hours schedule. Use days and a time range in 24-hour time, such as "MON-FRI 08:00-19:00" (days MON to SUN, ranges and lists allowed), or "" for none.',
            );
            assert.strictEqual(
                parseWorkingHours("MON-FRI 08:00-19:00", "Mars/Olympus", 3),
                'yelb:workingHoursTimeZone: "Mars/Olympus" is not a time zone. Use an IANA name such as "UTC", "Europe/Berlin" or "America/New_York".',
            );
            assert.match(
                parseWorkingHours("MON-FRI 08:00-08:05", "UTC", 3) as string,
                /leaves no room for the 3 start waves, 5 minutes apart/,
            );
            assert.match(parseWorkingHours("MON-FRI 08:00-23:55", "UTC", 3) as string, /no later than 23:49\.$/);
            assert.strictEqual(isTimeZone("America/New_York"), true);
            assert.strictEqual(isTimeZone(""), false);
        });

        it("starts the servers first and stops the clients first", () => {
            const waves = Object.fromEntries(startWaves(TIERS));
            assert.deepStrictEqual(Object.keys(waves).sort(), [...TIER_NAMES].sort());
            assertEntries(waves, { redis: 0, db: 0, appserver: 1, ui: 2 });
            const schedules = tierSchedules(TIERS, parseWorkingHours("MON-FRI 08:00-19:00", "UTC", 3) as WorkingHours);
            assert.deepStrictEqual(Object.keys(Object.fromEntries(schedules)).sort(), [...TIER_NAMES].sort());
            assertEntries(Object.fromEntries(schedules), {
                redis: { up: "cron(0 8 ? * MON-FRI *)", down: "cron(10 19 ? * MON-FRI *)" },
                db: { up: "cron(0 8 ? * MON-FRI *)", down: "cron(10 19 ? * MON-FRI *)" },
                appserver: { up: "cron(5 8 ? * MON-FRI *)", down: "cron(5 19 ? * MON-FRI *)" },
                ui: { up: "cron(10 8 ? * MON-FRI *)", down: "cron(0 19 ? * MON-FRI *)" },
            });
        });
    });

    describe("Fargate Spot per tier", () => {
        it("reads a list of the table's tiers, all, or none", () => {
            assert.deepStrictEqual([...(spotTierNames("ui, appserver", TIERS) as Set<string>)], ["ui", "appserver"]);
            assert.deepStrictEqual([...(spotTierNames("all", TIERS) as Set<string>)], TIER_NAMES);
            assert.strictEqual((spotTierNames("", TIERS) as Set<string>).size, 0);
            assert.strictEqual(
                spotTierNames("ui,web", TIERS),
                `yelb:fargateSpotTiers: "web" is not a tier. Use a comma-separated list of ${TIER_NAMES.join(", ")}, "all", or "" for none.`,
            );
        });
    });

    describe("Docker Hub through an ECR pull through cache", () => {
        const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

        it("maps stock images to the cache, official images under library/", () => {
            const cache = dockerHubCache("yelb:dockerHubCacheSecretArn", arn, "eu-west-1", "yelb-prod-docker-hub");
            assert.ok(typeof cache !== "string");
            assert.strictEqual(
                cachedImage(cache, "redis:4.0.2"),
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb-prod-docker-hub/library/redis:4.0.2",
            );
            assert.strictEqual(
                cachedImage(cache, "mreferre/yelb-ui:0.10"),
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb-prod-docker-hub/mreferre/yelb-ui:0.10",
            );
            assert.strictEqual(
                cachedImage(cache, "docker.io/mreferre/yelb-db:0.6"),
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb-prod-docker-hub/mreferre/yelb-db:0.6",
            );
            // An image from another registry is left as it is.
            assert.strictEqual(cachedImage(cache, "public.ecr.aws/docker/library/redis:7"), "public.ecr.aws/docker/library/redis:7");
            assert.strictEqual(dockerHubPath("ghcr.io/acme/app:1"), undefined);
        });

        it("gives each stack its own repository prefix within ECR's 30 characters", () => {
            assert.strictEqual(cachePrefix("prod"), "yelb-prod-docker-hub");
            const long = cachePrefix("prod-acc-11230501-7f3a");
            assert.match(long, /^yelb-prod-acc-1123050-[0-9a-f]{8}$/);
            assert.ok(long.length <= 30);
            assert.notStrictEqual(long, cachePrefix("prod-acc-11230501-7f3b"));
            assert.strictEqual(cachePrefix("My_Stack"), "yelb-my-stack-docker-hub");
        });

        it("names the setting when the ARN is not a pull through cache secret in the stack's region", () => {
            assert.match(
                dockerHubCache(
                    "yelb:dockerHubCacheSecretArn",
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub",
                    "eu-west-1",
                    "p1",
                ) as string,
                /^yelb:dockerHubCacheSecretArn: ".*" is not the ARN of a Secrets Manager secret for a pull through cache rule\. .*ecr-pullthroughcache\/ prefix/,
            );
            assert.strictEqual(
                dockerHubCache("yelb:dockerHubCacheSecretArn", arn, "us-east-1", "p1"),
                "yelb:dockerHubCacheSecretArn: the secret is in eu-west-1, but the stack deploys to us-east-1; ECR needs the secret in the rule's region. Use a secret in us-east-1.",
            );
        });
    });
});
