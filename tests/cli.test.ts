/**
 * Every kind of bad input, through the command the user runs: the exit code is 2 and the screen
 * shows one message naming the key or file, the value and what is allowed, without a stack trace.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { CliResult, TempFolders, inPool, npmStart, npmStartThroughNpm } from "./support/cli";

const VALID: Readonly<Record<string, string>> = {
    "aws:region": "us-east-1",
    "yelb:hostedZoneName": "example.com",
    "yelb:hostedZoneId": "Z0123456789ABCDEFGHIJ",
    // A name of its own in the example zone: the default, "yelb", is the prod stack file's.
    "yelb:subdomain": "yelb-cli-test",
};

interface BrokenInput {
    readonly name: string;
    /** Settings changed in a copy of a valid stack file; undefined removes the key. */
    readonly set?: Readonly<Record<string, unknown>>;
    /** The stack file's text, verbatim, instead of `set`. */
    readonly stackFileText?: string;
    /** The `--policy-config` file's text. */
    readonly policyConfigText?: string;
    /** More arguments; `{stackFile}`, `{policyConfig}` and `{temp}` are replaced by the test's files. */
    readonly args?: readonly string[];
    /** What the message must say: each pattern must match stderr. */
    readonly says: readonly RegExp[];
}

const CASES: readonly BrokenInput[] = [
    {
        name: "a stack name with a dot, which the task families cannot hold",
        args: ["--stack", "dev.eu", "--config-file", "{stackFile}"],
        says: [
            /The stack name "dev\.eu" has characters that the task definition families \(yelb-dev\.eu-ui\) and the dashboard built from it cannot hold/,
        ],
    },
    {
        name: "a number given as text, said once",
        set: { "yelb:uiCpu": "abc" },
        says: [/\(1 problem\):\n {2}- yelb:uiCpu: "abc" is not a whole number\. Use a whole number from 1 to 16384\.\n$/],
    },
    {
        name: "an autoscaling bound given as text, said once (no bounds check on its stand-in)",
        set: { "yelb:appserverMaxCount": "ten" },
        says: [/\(1 problem\):\n {2}- yelb:appserverMaxCount: "ten" is not a whole number\. Use a whole number from 1 to 1000\.\n$/],
    },
    {
        name: "a database switch given as text, said once (no storage rule on its stand-in)",
        set: { "yelb:dbPersistence": "maybe", "yelb:dbBackups": "true", "yelb:dbProtectData": "true" },
        says: [/\(1 problem\):\n {2}- yelb:dbPersistence: "maybe" is not a boolean\. Use true or false\.\n$/],
    },
    {
        name: "a number given as a YAML list, said once",
        set: { "yelb:appserverCpu": [256, 512] },
        says: [/\(1 problem\):\n {2}- yelb:appserverCpu: "\[256,512\]" is not a whole number\./],
    },
    {
        name: "a YAML list where a comma-separated string is expected",
        set: { "yelb:fargateSpotTiers": ["ui", "appserver"] },
        says: [/yelb:fargateSpotTiers is a list \(ui, appserver\); write it as one comma-separated string, such as "ui,appserver"\./],
    },
    {
        name: "settings at the top of the file instead of under config:",
        stackFileText: "aws:region: us-east-1\nyelb:hostedZoneName: example.com\n",
        says: [
            /stack\.yaml: aws:region, yelb:hostedZoneName are at the top of the file, where Pulumi reads no settings\. Put them under a "config:" line, indented\./,
        ],
    },
    {
        name: "an encrypted value for a key that is not a setting",
        set: { "yelb:apiToken": { secure: "AAABAKZ0bm90LWEtcmVhbC1jaXBoZXJ0ZXh0" } },
        says: [/yelb:apiToken is not a setting of this project\./, /^(?![\s\S]*stand-in)/],
    },
    {
        name: "a new stack copied from Pulumi.dev.yaml, keeping dev's names",
        set: { "yelb:subdomain": "yelb-dev", "yelb:namespaceName": "yelb-dev" },
        args: ["--stack", "staging", "--config-file", "{stackFile}"],
        says: [
            /Invalid configuration for stack "staging" \(2 problems\)/,
            /yelb:subdomain: the UI's name yelb-dev\.example\.com is also stack "dev"'s \(Pulumi\.dev\.yaml\), in the same hosted zone Z0123456789ABCDEFGHIJ: each stack's record would overwrite the other's\. Set yelb:subdomain for stack "staging", such as "yelb-staging"\./,
            /yelb:namespaceName: "yelb-dev" is also stack "dev"'s namespace \(Pulumi\.dev\.yaml\), in the same region us-east-1: in one account the second cannot be created\. Remove yelb:namespaceName to take the default "yelb-staging", or set another\./,
        ],
    },
    {
        name: "AWS keys in plain text in the stack file",
        set: { "aws:accessKey": "AKIAEXAMPLEEXAMPLE00", "aws:secretKey": "not-a-real-secret-but-plain" },
        says: [
            /stack\.yaml: aws:accessKey, aws:secretKey are in plain text, readable by anyone with the repository\. Remove them from the file and run pulumi config set --secret aws:accessKey <value>, then pulumi config set --secret aws:secretKey <value>/,
            /^(?![\s\S]*not-a-real-secret-but-plain)/,
        ],
    },
    {
        name: "a UI name longer than ACM's 64 characters",
        set: { "yelb:subdomain": "a".repeat(53) },
        says: [/yelb:subdomain: the UI's name a{53}\.example\.com has 65 characters, and its ACM certificate takes at most 64\./],
    },
    {
        name: "a namespace name the AWS provider refuses",
        set: { "yelb:namespaceName": "yelb:dev" },
        says: [/yelb:namespaceName: "yelb:dev" is not a Cloud Map namespace name the AWS provider accepts\./],
    },
    {
        name: "a task CPU Fargate does not offer",
        set: { "yelb:uiCpu": "300" },
        says: [/yelb:uiCpu\/yelb:uiMemory: task CPU 300 is not a Fargate value\. Use one of 256, 512, 1024/],
    },
    {
        name: "a key in the wrong case",
        set: { "yelb:uiCPU": "1024" },
        says: [/yelb:uiCPU is not a setting of this project\. Did you mean yelb:uiCpu\?/],
    },
    {
        name: "a misspelt key",
        set: { "yelb:desiredCont": "3" },
        says: [/yelb:desiredCont is not a setting of this project\. Did you mean one of yelb:dbDesiredCount, yelb:uiDesiredCount\?/],
    },
    {
        name: "a key without a namespace",
        set: { appserverMaxCount: "6" },
        says: [/"appserverMaxCount" has no namespace\. .*Did you mean yelb:appserverMaxCount\?/],
    },
    {
        name: "a project key in the aws namespace",
        set: { "aws:uiMemory": "2048" },
        says: [/aws:uiMemory is in the aws namespace, which has no such setting\. Did you mean yelb:uiMemory\?/],
    },
    {
        name: "a region that does not exist",
        set: { "aws:region": "us-east-9" },
        says: [/aws:region: "us-east-9" is not an AWS region\. Did you mean us-east-1\? Use one of .*eu-west-1/],
    },
    {
        name: "no region",
        set: { "aws:region": undefined },
        says: [/aws:region is required\. Set it with `pulumi config set aws:region us-east-1`\./],
    },
    {
        name: "a zone ID that is wrong beyond its prefix",
        set: { "yelb:hostedZoneId": "/hostedzone/z12-ab" },
        says: [/yelb:hostedZoneId: "\/hostedzone\/z12-ab" is not a Route 53 hosted zone ID\. .*such as Z0123456789ABCDEFGHIJ/],
    },
    {
        name: "a zone ID with the /hostedzone/ prefix",
        set: { "yelb:hostedZoneId": "/hostedzone/Z0123456789ABCDEFGHIJ" },
        says: [/includes the \/hostedzone\/ prefix\. Use the bare ID "Z0123456789ABCDEFGHIJ"\./],
    },
    {
        name: "a proxy reservation that leaves the apps no CPU",
        set: { "yelb:proxyCpu": "512" },
        says: [
            /yelb:proxyCpu: 512 CPU units .* in (yelb:\w+Cpu \(512\), )+yelb:\w+Cpu \(512\) and yelb:\w+Cpu \(512\)\. Lower yelb:proxyCpu to at most 384, or raise those tasks to at least 1024 CPU units/,
        ],
    },
    {
        name: "a proxy reservation that leaves the apps no memory",
        set: { "yelb:proxyMemory": "900" },
        says: [/yelb:proxyMemory: 900 MiB .*Lower yelb:proxyMemory to at most 768/],
    },
    {
        name: "a minimum above the maximum",
        set: { "yelb:appserverMinCount": "5", "yelb:appserverMaxCount": "2", "yelb:appserverDesiredCount": "2" },
        says: [/yelb:appserverMinCount \(5\) is greater than yelb:appserverMaxCount \(2\)/],
    },
    {
        name: "a desired count outside the scaling range",
        set: { "yelb:appserverDesiredCount": "9" },
        says: [/yelb:appserverDesiredCount \(9\) is outside the autoscaling range 1\.\.4/],
    },
    {
        name: "a NAT strategy that does not exist",
        set: { "yelb:natGateways": "Nonee" },
        says: [/yelb:natGateways: "Nonee" is not allowed\. Use one of Single, OnePerAz, None\./],
    },
    {
        name: "no NAT and no public IPs",
        set: { "yelb:natGateways": "None" },
        says: [/yelb:natGateways: "None" leaves tasks in private subnets/, /yelb:assignPublicIp/],
    },
    {
        name: "a VPC CIDR too large",
        set: { "yelb:vpcCidr": "10.0.0.0/8" },
        says: [/yelb:vpcCidr: "10\.0\.0\.0\/8" is not an IPv4 CIDR block with a \/16 to \/24 prefix/],
    },
    {
        name: "a log retention CloudWatch refuses",
        set: { "yelb:logRetentionDays": "10" },
        says: [/yelb:logRetentionDays: 10 is not a CloudWatch Logs retention period\. Use one of 1, 3, 5, 7, 14/],
    },
    {
        name: "a Container Insights mode that does not exist",
        set: { "yelb:containerInsights": "on" },
        says: [/yelb:containerInsights: "on" is not allowed\. Use one of enabled, enhanced, disabled\./],
    },
    {
        name: "a Fargate platform without Service Connect",
        set: { "yelb:fargatePlatformVersion": "1.3.0" },
        says: [/yelb:fargatePlatformVersion: "1\.3\.0" cannot run Service Connect\. Use LATEST or .*1\.4\.0/],
    },
    {
        name: "a TLS policy without TLS 1.3",
        set: { "yelb:tlsPolicy": "ELBSecurityPolicy-2016-08" },
        says: [/yelb:tlsPolicy: "ELBSecurityPolicy-2016-08" is not an ELB TLS 1\.3 security policy AWS defines/],
    },
    { name: "an empty image", set: { "yelb:uiImage": "" }, says: [/yelb:uiImage is empty\. Set a container image reference/] },
    {
        name: "a malformed image",
        set: { "yelb:dbImage": "Mreferre/Yelb-DB:0.6" },
        says: [/yelb:dbImage: "Mreferre\/Yelb-DB:0\.6" is not a container image reference\. Use \[registry\/\]repository/],
    },
    {
        name: "a namespace name Cloud Map refuses",
        set: { "yelb:namespaceName": "yelb dev" },
        says: [/yelb:namespaceName: "yelb dev" is not a Cloud Map namespace name/],
    },
    {
        name: "a name outside the hosted zone",
        set: { "yelb:subdomain": "yelb.example.org." },
        says: [/yelb:subdomain: the hosted zone example\.com does not contain yelb\.example\.org/],
    },
    {
        name: "a boolean that is not one",
        set: { "yelb:dbPersistence": "yes" },
        says: [/yelb:dbPersistence: "yes" is not a boolean\. Use true or false\./],
    },
    {
        name: "backups without persistence",
        set: { "yelb:dbBackups": "true" },
        says: [/yelb:dbBackups is true but yelb:dbPersistence is false/],
    },
    {
        name: "an e-mail address that is not one",
        set: { "yelb:monitoring": "true", "yelb:alarmEmail": "ops" },
        says: [/yelb:alarmEmail: "ops" is not an e-mail address/],
    },
    {
        name: "a count that is not a number",
        set: { "yelb:uiDesiredCount": "two" },
        says: [/yelb:uiDesiredCount: "two" is not a whole number\. Use a whole number from 0 to 100\./],
    },
    {
        name: "a YAML syntax error",
        stackFileText: "config:\n  aws:region: us-east-1\n yelb:uiCpu: 512\n",
        says: [/stack\.yaml:3:\d+: .*Fix the YAML syntax on that line/],
    },
    {
        name: "a stack file that is a list",
        stackFileText: "- aws:region\n",
        says: [/stack\.yaml: the file is not a YAML mapping\. Start it with "config:"/],
    },
    {
        name: "a config section that is not a mapping",
        stackFileText: "config: us-east-1\n",
        says: [/stack\.yaml: "config" is not a mapping/],
    },
    {
        name: "a secret in the stack file",
        set: { "yelb:alarmEmail": { secure: "AAABAGZha2U=" } },
        says: [
            /stack\.yaml: yelb:alarmEmail is a secret \(secure: …\) that only the Pulumi CLI can decrypt\. .*--config yelb:alarmEmail=<value>/,
        ],
    },
    {
        name: "a --config-file that does not exist",
        args: ["--config-file", "{temp}/missing.yaml"],
        says: [/--config-file .*missing\.yaml: no such file/],
    },
    {
        name: "a stack without a stack file",
        args: ["--stack", "staging"],
        says: [/Stack "staging" has no Pulumi\.staging\.yaml .*Known stacks: dev, prod/],
    },
    {
        name: "a --config flag without =",
        args: ["--config", "uiCpu"],
        says: [/--config "uiCpu" is not key=value\. Write it as --config yelb:uiCpu=1024/],
    },
    {
        name: "a bad value given with --config",
        args: ["--config", "uiCpu=300"],
        says: [/yelb:uiCpu\/yelb:uiMemory: task CPU 300 is not a Fargate value/],
    },
    { name: "an unknown flag", args: ["--stak", "dev"], says: [/unknown argument --stak\. usage: npm start --/] },
    { name: "a flag without its value", args: ["--stack"], says: [/--stack needs a value\. usage: npm start --/] },
    {
        name: "a view that does not exist",
        args: ["--view", "preview"],
        says: [/--view: "preview" is not a view\. Use first-preview or update\. usage: npm start --/],
    },
    {
        name: "an output folder that cannot be made",
        args: ["--out", "/proc/nope"],
        says: [/--out \/proc\/nope: cannot create \/proc\/nope \(E[A-Z]+\)\. Choose a folder you can write to/],
    },
    {
        name: "an output folder that is a file",
        args: ["--out", "{stackFile}"],
        says: [/--out .*stack\.yaml: .*stack\.yaml is a file, not a folder/],
    },
    {
        name: "a policy config file that does not exist",
        args: ["--policy-config", "{temp}/none.json"],
        says: [/--policy-config .*none\.json: no such file\. Name a JSON file/],
    },
    {
        name: "a policy config that is not JSON",
        policyConfigText: "{ mandatory }",
        says: [/--policy-config .*policy\.json: not valid JSON \(.*\)\. Fix the syntax\./],
    },
    { name: "a policy config that is a list", policyConfigText: "[]", says: [/the file must hold a JSON object of policy names/] },
    {
        name: "an unknown policy",
        policyConfigText: '{"service-connect-proxy-headrom": "mandatory"}',
        says: [/"service-connect-proxy-headrom" is not a policy of this pack\. Did you mean "service-connect-proxy-headroom"\?/],
    },
    {
        name: "a misspelt enforcement level",
        policyConfigText: '{"service-connect-proxy-headroom": "mandatroy"}',
        says: [
            /service-connect-proxy-headroom: "mandatroy" is not an enforcement level\. Did you mean "mandatory"\? Use one of advisory, mandatory, remediate, disabled\./,
        ],
    },
    {
        name: "a property outside the policy's schema",
        policyConfigText: '{"service-connect-proxy-headroom": {"proxyCPU": 512}}',
        says: [/service-connect-proxy-headroom\.proxyCPU is not a property of this policy\. Use enforcementLevel, proxyCpu, proxyMemory/],
    },
    {
        name: "a property of the wrong type",
        policyConfigText: '{"service-connect-proxy-headroom": {"proxyCpu": "512"}}',
        says: [/service-connect-proxy-headroom\.proxyCpu: "512" must be an integer\./],
    },
];

function stackFile(dir: string, input: BrokenInput): string {
    const file = path.join(dir, "stack.yaml");
    const config: Record<string, unknown> = { ...VALID };
    for (const [key, value] of Object.entries(input.set ?? {})) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    fs.writeFileSync(file, input.stackFileText ?? yaml.dump({ config }));
    return file;
}

describe("npm start with bad input", function () {
    this.timeout(120000);
    const temp = new TempFolders();
    const results = new Map<string, CliResult>();

    before(async () => {
        // Each case is its own process, as a user would run it; a few run at a time.
        const runs = await inPool(CASES, Math.max(2, os.cpus().length), (input) => {
            const dir = temp.make("cli-case-");
            const file = stackFile(dir, input);
            const policyConfig = path.join(dir, "policy.json");
            const args = (input.args ?? []).map((arg) =>
                arg.replace("{stackFile}", file).replace("{temp}", dir).replace("{policyConfig}", policyConfig),
            );
            if (input.policyConfigText !== undefined) {
                fs.writeFileSync(policyConfig, input.policyConfigText);
                args.push("--policy-config", policyConfig);
            }
            const usesStackFile =
                !args.includes("--stack") && !args.includes("--config-file") && !args.some((a) => a.startsWith("--config"));
            return npmStart(["--out", path.join(dir, "out"), ...(usesStackFile ? ["--config-file", file] : []), ...args]);
        });
        CASES.forEach((input, i) => results.set(input.name, runs[i]));
    });
    after(() => temp.removeAll());

    it("covers at least 30 distinct broken inputs", () => {
        assert.ok(CASES.length >= 30, `${CASES.length} cases`);
        assert.strictEqual(new Set(CASES.map((c) => c.name)).size, CASES.length);
    });

    for (const input of CASES) {
        it(`explains ${input.name}`, () => {
            const { code, stdout, stderr } = results.get(input.name)!;
            assert.strictEqual(code, 2, `exit code; stderr:\n${stderr}`);
            assert.strictEqual(stdout, "");
            assert.match(stderr, /^error: /);
            for (const pattern of input.says) {
                assert.match(stderr, pattern);
            }
            assert.doesNotMatch(stderr, /^\s+at .*[(:]\d+/m, "no stack trace");
            assert.doesNotMatch(stderr, /\[object Object\]|StackConfigError|InputError/);
        });
    }
});

describe("npm start through npm", function () {
    this.timeout(120000);
    const temp = new TempFolders();
    after(() => temp.removeAll());

    it("reports a configuration error with the message, not the stack name", async () => {
        const { code, stderr } = await npmStartThroughNpm(["--config", "yelb:uiCpu=300", "--out", temp.make()]);
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr.trim(),
            'error: Invalid configuration for stack "dev" (1 problem):\n' +
                "  - yelb:uiCpu/yelb:uiMemory: task CPU 300 is not a Fargate value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.",
        );
    });

    it("plans with a stand-in for a secret given by --config, and prints JSON that parses", async () => {
        const dir = temp.make();
        const file = path.join(dir, "Pulumi.withsecret.yaml");
        fs.writeFileSync(
            file,
            yaml.dump({ config: { ...VALID, "yelb:monitoring": "true", "yelb:alarmEmail": { secure: "AAABAGZha2U=" } } }),
        );
        const { code, stdout, stderr } = await npmStartThroughNpm([
            "--config-file",
            file,
            "--config",
            "yelb:alarmEmail=ops@example.com",
            "--json",
            "--out",
            path.join(dir, "out"),
        ]);
        assert.strictEqual(code, 0, stderr);
        const plan = JSON.parse(stdout) as { stack: string; blocked: boolean; resourceCount: number };
        assert.strictEqual(plan.blocked, false);
        assert.ok(plan.resourceCount > 60, `${plan.resourceCount} resources`);
        assert.ok(fs.existsSync(path.join(dir, "out", "dev", "plan.json")));
    });
});
