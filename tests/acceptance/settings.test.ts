/** The command line, the ephemeral stack's name and the settings it is given. */
import * as assert from "assert";
import { isUsageError, parseArgs } from "../../tools/acceptance/args";
import {
    acceptanceSettings,
    ephemeralStackName,
    isEphemeralStackName,
    isReservedZone,
    randomSuffix,
} from "../../tools/acceptance/settings";
import { loadStackConfig } from "../../config";
import { defaultNamespaceName } from "../../model/naming";
import { readStackConfig } from "../../tools/harness/stackConfig";

const ZONE = ["--config", "hostedZoneName=acme-demo.org", "--config", "hostedZoneId=Z04471232Q9ABCDEFGHIJ"];
const zoneFlags = ["hostedZoneName=acme-demo.org", "hostedZoneId=Z04471232Q9ABCDEFGHIJ"];

function usageError(fn: () => unknown): { message: string; exitCode: number } {
    try {
        fn();
    } catch (error) {
        assert.ok(isUsageError(error), `expected a UsageError, got ${String(error)}`);
        return error;
    }
    assert.fail("expected a UsageError");
}

describe("acceptance: command line", () => {
    it("reads --stack, --keep, --org and repeated --config flags", () => {
        assert.deepStrictEqual(parseArgs(["--stack", "prod", "--keep", "--org", "acme", ...ZONE]), {
            fileStack: "prod",
            keep: true,
            org: "acme",
            configFlags: zoneFlags,
        });
        assert.deepStrictEqual(parseArgs(["--stack=dev"]), { fileStack: "dev", keep: false, org: undefined, configFlags: [] });
    });

    it("refuses a missing --stack, an unknown argument and a flag without its value, with exit code 2", () => {
        assert.match(
            usageError(() => parseArgs(["--keep"])).message,
            /--stack is required: name the stack file to prove, e.g. --stack dev/,
        );
        assert.match(usageError(() => parseArgs(["--stack", "dev", "--destroy"])).message, /unknown argument --destroy/);
        const noValue = usageError(() => parseArgs(["--stack", "--keep"]));
        assert.match(noValue.message, /--stack needs a value/);
        assert.strictEqual(noValue.exitCode, 2);
        assert.match(
            usageError(() => parseArgs(["--stack", "dev", "--org", "a/b"])).message,
            /--org "a\/b" is not a Pulumi organisation name/,
        );
    });

    it("answers --help with the usage and exit code 0", () => {
        const help = usageError(() => parseArgs(["--help"]));
        assert.strictEqual(help.exitCode, 0);
        assert.match(help.message, /^usage: npm run acceptance -- --stack <file-stack> \[--keep\]/);
    });
});

describe("acceptance: the ephemeral stack", () => {
    const when = new Date(Date.UTC(2026, 10, 23, 5, 1, 59));

    it("is named after the stack file, the time (UTC) and a random suffix", () => {
        assert.strictEqual(ephemeralStackName("dev", when, "7f3a"), "dev-acc-11230501-7f3a");
        assert.strictEqual(ephemeralStackName("Prod_EU.west", when, "0b1c"), "prod-eu-west-acc-11230501-0b1c");
        assert.strictEqual(ephemeralStackName("a-very-long-stack-file-name", when, "0000"), "a-very-long-acc-11230501-0000");
        assert.strictEqual(ephemeralStackName("__", when, "ffff"), "stack-acc-11230501-ffff");
        assert.throws(() => ephemeralStackName("dev", when, "xyz!"), /suffix "xyz!" is not four hex digits/);
        assert.ok(isEphemeralStackName(ephemeralStackName("Prod_EU.west", when, "0b1c")));
        assert.ok(!isEphemeralStackName("dev") && !isEphemeralStackName("prod-acc"));
    });

    it("differs between runs: the suffix is random, four hex digits", () => {
        const suffixes = [randomSuffix(), randomSuffix(), randomSuffix()];
        assert.ok(
            suffixes.every((s) => /^[0-9a-f]{4}$/.test(s)),
            suffixes.join(" "),
        );
        assert.ok(new Set(suffixes).size > 1, `three draws were all ${suffixes[0]}`);
        assert.notStrictEqual(
            ephemeralStackName("dev", when, suffixes[0]),
            ephemeralStackName(
                "dev",
                when,
                suffixes.find((s) => s !== suffixes[0])!,
            ),
        );
        assert.notStrictEqual(
            ephemeralStackName("dev", when, "7f3a"),
            ephemeralStackName("dev", new Date(when.getTime() + 60_000), "7f3a"),
        );
    });

    it("gets every setting of the chosen stack file, the overrides, and its own name and namespace", () => {
        const stackName = "prod-acc-11230501-7f3a";
        const settings = acceptanceSettings({ fileStack: "prod", stackName, configFlags: zoneFlags });
        const file = readStackConfig("prod");
        for (const [key, value] of Object.entries(file)) {
            if (!(key in settings.isolation) && !["yelb:hostedZoneName", "yelb:hostedZoneId"].includes(key)) {
                assert.strictEqual(settings.config[key], value, key);
            }
        }
        assert.strictEqual(settings.config["yelb:dbPersistence"], "true");
        assert.strictEqual(settings.config["yelb:availabilityZones"], "3");
        assert.strictEqual(settings.config["yelb:hostedZoneName"], "acme-demo.org");
        assert.strictEqual(settings.config["yelb:hostedZoneId"], "Z04471232Q9ABCDEFGHIJ");
        assert.strictEqual(settings.config["yelb:subdomain"], stackName);
        assert.strictEqual(settings.config["yelb:namespaceName"], "", "empty: the program names it yelb-<stack>");
        assert.strictEqual(settings.region, "eu-west-1");
        assert.strictEqual(settings.domainName, "prod-acc-11230501-7f3a.acme-demo.org");
        assert.strictEqual(settings.project, "yelb");
        // The prod file protects its data and its load balancer; the throwaway copy does neither.
        assert.deepStrictEqual(
            ["dbProtectData", "dbRetainDataOnDestroy", "albDeletionProtection", "rolePermissionsBoundary"].map((k) => [
                k,
                settings.config[`yelb:${k}`],
            ]),
            ["dbProtectData", "dbRetainDataOnDestroy", "albDeletionProtection", "rolePermissionsBoundary"].map((k) => [k, "false"]),
        );
        assert.strictEqual(file["yelb:dbProtectData"], "true");
        assert.strictEqual(file["yelb:albDeletionProtection"], "true");
        assert.strictEqual(Object.keys(settings.config).length, new Set([...Object.keys(file), ...Object.keys(settings.isolation)]).size);
    });

    it("gets settings the program itself accepts, giving the copy its own name and Cloud Map namespace", () => {
        for (const fileStack of ["dev", "prod"]) {
            const stackName = `${fileStack}-acc-11230501-7f3a`;
            const settings = acceptanceSettings({ fileStack, stackName, configFlags: zoneFlags });
            const program = loadStackConfig(settings.config, stackName);
            assert.strictEqual(program.domainName, settings.domainName, fileStack);
            assert.strictEqual(program.namespaceName, defaultNamespaceName(stackName), fileStack);
            const zone = { "yelb:hostedZoneName": "acme-demo.org", "yelb:hostedZoneId": "Z04471232Q9ABCDEFGHIJ" };
            const original = loadStackConfig(readStackConfig(fileStack, { overrides: zone }), fileStack);
            assert.notStrictEqual(program.namespaceName, original.namespaceName, `${fileStack}: not the namespace of the stack it copies`);
            assert.notStrictEqual(program.domainName, original.domainName, `${fileStack}: not the name of the stack it copies`);
        }
    });

    it("refuses the stack files' placeholder zone before anything is created", () => {
        const error = usageError(() => acceptanceSettings({ fileStack: "dev", stackName: "dev-acc-11230501-7f3a" }));
        assert.match(error.message, /Cannot start the acceptance run of Pulumi\.dev\.yaml/);
        assert.match(error.message, /yelb:hostedZoneName is "example\.com" in Pulumi\.dev\.yaml: a reserved example name/);
        assert.match(error.message, /--config hostedZoneName=<zone> --config hostedZoneId=<zone id>/);
        // A value from the command line is said to come from there, not from the stack file.
        const flagged = usageError(() =>
            acceptanceSettings({ fileStack: "dev", stackName: "dev-acc-11230501-7f3a", configFlags: ["hostedZoneName=example.org"] }),
        );
        assert.match(flagged.message, /yelb:hostedZoneName is "example\.org" in --config yelb:hostedZoneName: a reserved example name/);
    });

    it("refuses a zone too long for the certificate, an isolation setting and an unknown stack", () => {
        const longZone = `${"z".repeat(40)}.org`;
        const tooLong = usageError(() =>
            acceptanceSettings({ fileStack: "dev", stackName: "dev-acc-11230501-7f3a", configFlags: [`hostedZoneName=${longZone}`] }),
        );
        assert.match(tooLong.message, /dev-acc-11230501-7f3a\.z+\.org has 66 characters, and an ACM certificate's domain name may have 64/);
        assert.match(tooLong.message, /Use a zone of at most 42 characters/);
        const isolation = usageError(() =>
            acceptanceSettings({ fileStack: "dev", stackName: "dev-acc-11230501-7f3a", configFlags: [...zoneFlags, "yelb:subdomain=www"] }),
        );
        assert.match(
            isolation.message,
            /--config yelb:subdomain cannot be set: the acceptance run sets it to "dev-acc-11230501-7f3a" for the ephemeral stack/,
        );
        assert.match(
            usageError(() => acceptanceSettings({ fileStack: "staging", stackName: "x" })).message,
            /Stack "staging" has no Pulumi\.staging\.yaml.*Known stacks: .*\bdev\b.*\bprod\b/s,
        );
    });

    it("knows the reserved names no certificate can be issued for", () => {
        assert.deepStrictEqual(
            ["example.com", "Example.ORG.", "yelb.example.net", "acme.test", "zone.example", "acme-demo.org", "example.co.uk"].map(
                isReservedZone,
            ),
            [true, true, true, true, true, false, false],
        );
    });
});
