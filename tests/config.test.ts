import * as assert from "assert";
import { StackConfigError, YelbStackConfig, loadStackConfig } from "../config";
import { listed } from "../config/sizing";
import { TierSetting, tierSettingName } from "../config/tiers";
import { TIERS } from "../model/tiers";
import { readProject } from "../tools/harness/stackConfig";

const BASE: Readonly<Record<string, string>> = {
    "aws:region": "us-east-1",
    "yelb:hostedZoneName": "example.com",
    "yelb:hostedZoneId": "Z0123456789ABCDEFGHIJ",
};

/** The CLI applies the defaults Pulumi.yaml declares; so do these tests, from the same file. */
const DECLARED_DEFAULTS = readProject().defaults;

function load(overrides: Record<string, string | undefined> = {}): YelbStackConfig {
    const values: Record<string, string | undefined> = { ...DECLARED_DEFAULTS, ...BASE, ...overrides };
    return loadStackConfig(values, "dev");
}

/** The stack config key of a tier's setting. */
function key(tier: string, setting: TierSetting): string {
    return `yelb:${tierSettingName(tier, setting)}`;
}

/** Loads config that must fail, and returns the problems it reported. */
function problems(overrides: Record<string, string | undefined>): readonly string[] {
    try {
        load(overrides);
    } catch (error) {
        assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail(`expected ${JSON.stringify(overrides)} to be rejected`);
}

describe("stack config", () => {
    it("reads every key Pulumi.yaml declares, and needs a declaration for every key it reads", () => {
        // An undeclared read would be "has no value", an unread declaration "not a setting of this project".
        assert.deepStrictEqual(Object.keys(load()).length > 0, true);
        assert.deepStrictEqual(problems({ "yelb:logRetentionDays": undefined }), [
            "yelb:logRetentionDays has no value. Declare it with a default in Pulumi.yaml, or set it in the stack file.",
        ]);
    });

    it("loads the minimal configuration with the documented defaults", () => {
        const config = load();
        assert.strictEqual(config.domainName, "yelb.example.com");
        assert.strictEqual(config.namespaceName, "yelb-dev");
        assert.deepStrictEqual(config.network, {
            availabilityZones: 2,
            natGateways: "Single",
            cidrBlock: "10.0.0.0/16",
            assignPublicIp: false,
        });
        assert.deepStrictEqual(config.tiers.appserver, {
            image: "mreferre/yelb-appserver:0.7",
            sizing: { taskCpu: 512, taskMemory: 1024, proxyCpu: 256, proxyMemory: 64 },
            desiredCount: 1,
        });
        assert.deepStrictEqual(config.scaling, { minCount: 1, maxCount: 4, cpuTargetPercent: 60, requestsPerTaskTarget: 0 });
        assert.deepStrictEqual(config.database, { persistence: false, backups: false, retainOnDestroy: false, protect: false });
        assert.deepStrictEqual(config.telemetry, {
            accessLogs: false,
            monitoring: false,
            alarmEmail: undefined,
            errorRatePercent: 5,
            p99LatencyMs: 1000,
        });
        assert.deepStrictEqual(config.warnings, []);
    });

    it("reports every problem at once", () => {
        const found = problems({ "yelb:uiCpu": "100", "yelb:appserverMinCount": "5", "yelb:appserverMaxCount": "2" });
        assert.strictEqual(found.length, 2);
    });

    it("requires the region and the hosted zone", () => {
        assert.deepStrictEqual(problems({ "aws:region": undefined, "yelb:hostedZoneName": undefined, "yelb:hostedZoneId": undefined }), [
            "aws:region is required. Set it with `pulumi config set aws:region us-east-1`.",
            "yelb:hostedZoneName is required. Set it with `pulumi config set hostedZoneName example.com`.",
            "yelb:hostedZoneId is required. Set it with `pulumi config set hostedZoneId Z0123456789ABCDEFGHIJ`.",
        ]);
    });

    it("rejects an unknown Fargate CPU/memory pair, listing the memory allowed with that CPU", () => {
        assert.deepStrictEqual(problems({ "yelb:appserverCpu": "1024", "yelb:appserverMemory": "1024" }), [
            "yelb:appserverCpu/yelb:appserverMemory: task memory 1024 MiB is not valid with 1024 CPU units on Fargate. " +
                "With 1024 CPU units use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB.",
        ]);
    });

    it("rejects a task with no room for the Service Connect proxy", () => {
        assert.deepStrictEqual(problems({ "yelb:redisCpu": "256", "yelb:redisMemory": "512" }), [
            "yelb:proxyCpu: 256 CPU units for the Service Connect proxy leave the app less than the 128 units it needs in " +
                "yelb:redisCpu (256). Lower yelb:proxyCpu to at most 128, or raise that task to at least 512 CPU units " +
                "(a Fargate size; its task memory is 1024 MiB or more).",
        ]);
    });

    it("reports a proxy reservation that squeezes every tier once, naming the proxy setting, with the memory shortfall too", () => {
        const tiers = Object.keys(TIERS);
        // One tier with room for the proxy's memory, to show the memory message names only the others.
        const roomy = tiers[tiers.length - 1];
        const sizes = Object.fromEntries(
            tiers.flatMap((tier) => [
                [key(tier, "Cpu"), "512"],
                [key(tier, "Memory"), tier === roomy ? "2048" : "1024"],
            ]),
        );
        assert.deepStrictEqual(problems({ ...sizes, "yelb:proxyCpu": "512", "yelb:proxyMemory": "900" }), [
            "yelb:proxyCpu: 512 CPU units for the Service Connect proxy leave the app less than the 128 units it needs in " +
                `${listed(tiers.map((tier) => `${key(tier, "Cpu")} (512)`))}. Lower yelb:proxyCpu to at most 384, ` +
                "or raise those tasks to at least 1024 CPU units (a Fargate size; its task memory is 2048 MiB or more).",
            "yelb:proxyMemory: 900 MiB for the Service Connect proxy leave the app less than the 256 MiB it needs in " +
                `${listed(tiers.filter((tier) => tier !== roomy).map((tier) => `${key(tier, "Memory")} (1024)`))}. ` +
                "Lower yelb:proxyMemory to at most 768, or raise those tasks' memory to at least 1156 MiB (a Fargate value for its CPU).",
        ]);
    });

    it("rejects misspelt keys, suggesting the declared key that is close", () => {
        assert.deepStrictEqual(problems({ "yelb:uiCPU": "1024" }), [
            "yelb:uiCPU is not a setting of this project. Did you mean yelb:uiCpu?",
        ]);
        assert.deepStrictEqual(problems({ "yelb:desiredCont": "3" }), [
            "yelb:desiredCont is not a setting of this project. Did you mean one of yelb:dbDesiredCount, yelb:uiDesiredCount?",
        ]);
        assert.deepStrictEqual(problems({ "yelb:colour": "blue" }), [
            "yelb:colour is not a setting of this project. Remove it; docs/configuration.md lists every setting.",
        ]);
    });

    it("rejects a project setting written without its namespace or in another one", () => {
        assert.deepStrictEqual(problems({ uiCpu: "1024", "aws:appserverMaxCount": "6" }), [
            '"uiCpu" has no namespace. Keys take the form <namespace>:<name>, such as yelb:uiCpu. Did you mean yelb:uiCpu?',
            "aws:appserverMaxCount is in the aws namespace, which has no such setting. Did you mean yelb:appserverMaxCount?",
        ]);
        assert.strictEqual(load({ "aws:profile": "dev", "pulumi:tags": "{}" }).region, "us-east-1");
    });

    it("rejects a region the AWS provider does not know, suggesting the closest", () => {
        const [problem] = problems({ "aws:region": "us-east-9" });
        assert.match(problem, /^aws:region: "us-east-9" is not an AWS region\. Did you mean us-east-1\? Use one of af-south-1, /);
        assert.match(problem, /eu-west-1/);
        assert.strictEqual(load({ "aws:region": "ap-southeast-2" }).region, "ap-southeast-2");
    });

    it("warns when a tier runs no task", () => {
        assert.deepStrictEqual(load({ "yelb:uiDesiredCount": "0" }).warnings, [
            "yelb:uiDesiredCount is 0: no UI task runs, so the load balancer has no targets and the site answers 503. Raise it to 1 or more to serve the app.",
        ]);
    });

    it("rejects a minimum above the maximum", () => {
        assert.deepStrictEqual(
            problems({ "yelb:appserverMinCount": "6", "yelb:appserverMaxCount": "3", "yelb:appserverDesiredCount": "3" }),
            ["yelb:appserverMinCount (6) is greater than yelb:appserverMaxCount (3). Set the minimum at or below the maximum."],
        );
    });

    it("rejects a desired count outside min..max", () => {
        assert.deepStrictEqual(problems({ "yelb:appserverDesiredCount": "5" }), [
            "yelb:appserverDesiredCount (5) is outside the autoscaling range 1..4. Use a count from 1 to 4.",
        ]);
    });

    it("rejects an absolute name the hosted zone does not contain", () => {
        assert.deepStrictEqual(problems({ "yelb:subdomain": "yelb.example.org." }), [
            'yelb:subdomain: the hosted zone example.com does not contain yelb.example.org. Use a name that ends in .example.com, or a name relative to the zone such as "yelb".',
        ]);
    });

    it("accepts an absolute name inside the zone, and a nested relative one", () => {
        assert.strictEqual(load({ "yelb:subdomain": "app.example.com." }).domainName, "app.example.com");
        assert.strictEqual(load({ "yelb:subdomain": "yelb.dev" }).domainName, "yelb.dev.example.com");
    });

    it("rejects a relative name that repeats the zone", () => {
        assert.deepStrictEqual(problems({ "yelb:subdomain": "yelb.example.com" }), [
            'yelb:subdomain: "yelb.example.com" already ends with the zone name example.com, so the record would be ' +
                'yelb.example.com.example.com. Use the relative name "yelb", or "yelb.example.com." (trailing dot) for an absolute name.',
        ]);
    });

    it("rejects an empty image and a malformed one", () => {
        assert.deepStrictEqual(problems({ "yelb:uiImage": "" }), [
            'yelb:uiImage is empty. Set a container image reference such as "mreferre/yelb-ui:0.10".',
        ]);
        assert.match(problems({ "yelb:dbImage": "Yelb DB" })[0], /^yelb:dbImage: "Yelb DB" is not a container image reference/);
    });

    it("rejects a namespace name Cloud Map would reject", () => {
        assert.deepStrictEqual(problems({ "yelb:namespaceName": "yelb dev" }), [
            'yelb:namespaceName: "yelb dev" is not a Cloud Map namespace name the AWS provider accepts. Use 1 to 1024 letters, digits, ".", "_" or "-", such as "yelb-dev".',
        ]);
    });

    it("rejects more than one task for the stateful tiers", () => {
        assert.deepStrictEqual(problems({ "yelb:dbDesiredCount": "2" }), [
            "yelb:dbDesiredCount: 2 is out of range. Use a whole number from 0 to 1.",
        ]);
    });

    it("rejects words where numbers and booleans belong, and unknown choices", () => {
        assert.deepStrictEqual(problems({ "yelb:uiDesiredCount": "two", "yelb:assignPublicIp": "yes", "yelb:natGateways": "Double" }), [
            'yelb:natGateways: "Double" is not allowed. Use one of Single, OnePerAz, None.',
            'yelb:assignPublicIp: "yes" is not a boolean. Use true or false.',
            'yelb:uiDesiredCount: "two" is not a whole number. Use a whole number from 0 to 100.',
        ]);
    });

    it("rejects no NAT gateways unless tasks get public IPs", () => {
        assert.match(problems({ "yelb:natGateways": "None" })[0], /^yelb:natGateways: "None" leaves tasks in private subnets/);
        assert.strictEqual(load({ "yelb:natGateways": "None", "yelb:assignPublicIp": "true" }).network.assignPublicIp, true);
    });

    it("rejects platform versions older than 1.4.0, a non-retention value and a TLS 1.2-only policy", () => {
        assert.deepStrictEqual(
            problems({
                "yelb:fargatePlatformVersion": "1.3.0",
                "yelb:logRetentionDays": "10",
                "yelb:tlsPolicy": "ELBSecurityPolicy-2016-08",
            }),
            [
                "yelb:logRetentionDays: 10 is not a CloudWatch Logs retention period. Use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
                'yelb:fargatePlatformVersion: "1.3.0" cannot run Service Connect. Use LATEST or a Linux platform version of 1.4.0 or later.',
                'yelb:tlsPolicy: "ELBSecurityPolicy-2016-08" is not an ELB TLS 1.3 security policy AWS defines. ' +
                    "Use an ELBSecurityPolicy-TLS13-1-2-… or -TLS13-1-3-… policy (minimum TLS 1.2 or 1.3), such as " +
                    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, which AWS recommends, or ELBSecurityPolicy-TLS13-1-2-2021-06; model/elb.ts lists all 22.",
            ],
        );
    });

    it("refuses the TLS 1.3 policies that still accept TLS 1.0 or 1.1, and names AWS does not define", () => {
        assert.match(
            problems({ "yelb:tlsPolicy": "ELBSecurityPolicy-TLS13-1-0-2021-06" })[0],
            /"ELBSecurityPolicy-TLS13-1-0-2021-06" still accepts TLS 1\.0 or 1\.1\./,
        );
        assert.match(problems({ "yelb:tlsPolicy": "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04" })[0], /still accepts TLS 1\.0 or 1\.1/);
        assert.match(
            problems({ "yelb:tlsPolicy": "ELBSecurityPolicy-TLS13-1-2-2099-01" })[0],
            /is not an ELB TLS 1\.3 security policy AWS defines/,
        );
        for (const policy of ["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"]) {
            assert.strictEqual(load({ "yelb:tlsPolicy": policy }).tlsPolicy, policy);
        }
    });

    it("warns, without failing, about regions outside the guide's list and a small proxy reservation", () => {
        const config = load({ "aws:region": "ca-west-1", "yelb:proxyMemory": "32" });
        assert.strictEqual(config.warnings.length, 2);
        assert.match(config.warnings[0], /aws:region ca-west-1 is not in the AWS Service Connect guide's list/);
        assert.match(config.warnings[1], /32 MiB are below the 256 units and 64 MiB/);
    });

    it("runs the database as exactly one task when its data is on EFS", () => {
        assert.deepStrictEqual(problems({ "yelb:dbPersistence": "true", "yelb:dbDesiredCount": "0" }), [
            "yelb:dbDesiredCount is 0, but with yelb:dbPersistence the database runs exactly one task: two Postgres processes must never share one data directory. Set yelb:dbDesiredCount to 1.",
        ]);
        assert.strictEqual(load({ "yelb:dbPersistence": "true" }).database?.persistence, true);
    });

    it("refuses backups or retention without the file system they apply to", () => {
        assert.deepStrictEqual(problems({ "yelb:dbBackups": "true" }), [
            "yelb:dbBackups is true but yelb:dbPersistence is false, so there is no file system for it. Set yelb:dbPersistence to true, or yelb:dbBackups to false.",
        ]);
        assert.match(
            problems({ "yelb:dbRetainDataOnDestroy": "true" })[0],
            /^yelb:dbRetainDataOnDestroy is true but yelb:dbPersistence is false/,
        );
    });

    it("checks the alarm e-mail address and that there are alarms to send", () => {
        assert.deepStrictEqual(problems({ "yelb:alarmEmail": "ops", "yelb:monitoring": "true" }), [
            'yelb:alarmEmail: "ops" is not an e-mail address. Use an address such as ops@example.com, or leave it empty.',
        ]);
        assert.deepStrictEqual(problems({ "yelb:alarmEmail": "ops@example.com" }), [
            "yelb:alarmEmail is set but yelb:monitoring is false, so there are no alarms to send. Set monitoring to true.",
        ]);
        assert.strictEqual(
            load({ "yelb:alarmEmail": "ops@example.com", "yelb:monitoring": "true" }).telemetry.alarmEmail,
            "ops@example.com",
        );
    });

    it("needs Container Insights to scale on requests per task", () => {
        assert.deepStrictEqual(problems({ "yelb:appserverRequestsPerTaskTarget": "600", "yelb:containerInsights": "disabled" }), [
            'yelb:appserverRequestsPerTaskTarget: 600 needs the running task count from Container Insights, but yelb:containerInsights is "disabled". Enable Container Insights or set the target to 0.',
        ]);
    });

    it("refuses a stack name that the task families and the dashboard built from it cannot hold, naming a fix", () => {
        const values = { ...DECLARED_DEFAULTS, ...BASE };
        assert.throws(
            () => loadStackConfig(values, "dev.eu"),
            (error: StackConfigError) => {
                assert.deepStrictEqual(error.problems, [
                    'The stack name "dev.eu" has characters that the task definition families (yelb-dev.eu-ui) and the dashboard built from it cannot hold: ' +
                        'ECS and CloudWatch take only letters, digits, "-" and "_". Rename the stack (pulumi stack rename dev-eu) or create it under such a name.',
                ]);
                return true;
            },
        );
        assert.strictEqual(loadStackConfig(values, "Dev_eu-2").stack, "Dev_eu-2");
    });

    it("refuses a UI name longer than ACM takes for a certificate's domain, with its length", () => {
        // 53 characters and ".example.com": 65, one more than ACM takes.
        const subdomain = "a".repeat(53);
        assert.deepStrictEqual(problems({ "yelb:subdomain": subdomain }), [
            `yelb:subdomain: the UI's name ${subdomain}.example.com has 65 characters, and its ACM certificate takes at most 64. Use a shorter subdomain (or zone).`,
        ]);
        assert.strictEqual(load({ "yelb:subdomain": "a".repeat(52) }).domainName.length, 64);
    });

    it("names the stack in the error", () => {
        assert.throws(
            () => loadStackConfig(DECLARED_DEFAULTS, "staging"),
            /^StackConfigError: Invalid configuration for stack "staging" \(3 problems\):/,
        );
    });
});
