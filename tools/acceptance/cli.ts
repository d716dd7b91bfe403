/**
 * `npm run acceptance -- --stack <file-stack> [--keep]`: proves a stack file on a real AWS account
 * with the Pulumi Automation API, then destroys what it made. Progress and Pulumi's output go to
 * standard error, the report to standard output. Exit codes: 0 every check passed, 1 a step
 * failed, 2 bad arguments or a missing prerequisite (nothing was created), 130 a second Ctrl-C.
 */
import { isUsageError, parseArgs, UsageError } from "./args";
import { preflightProblems } from "./preflight";
import { cleanupCommands, policyPackDir, runAcceptance } from "./run";
import { acceptanceSettings, ephemeralStackName, randomSuffix } from "./settings";
import { renderReport } from "./steps";

async function main(argv: readonly string[]): Promise<number> {
    const args = parseArgs(argv);
    const bareName = ephemeralStackName(args.fileStack, new Date(), randomSuffix());
    const stackName = args.org === undefined ? bareName : `${args.org}/${bareName}`;
    const settings = acceptanceSettings({ fileStack: args.fileStack, stackName: bareName, configFlags: args.configFlags });
    const problems = preflightProblems(process.env, policyPackDir());
    if (problems.length > 0) {
        throw new UsageError(`Cannot start the acceptance run:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }

    // Loaded only now, so --help and argument errors answer at once.
    const { pulumiWorkspace } = await import("./pulumiWorkspace");
    const { awsSdk } = await import("./awsSdk");
    const { PROJECT_DIR } = await import("../harness/stackConfig");

    const interrupt = new AbortController();
    let interrupts = 0;
    // The Pulumi CLI gets the same Ctrl-C and cancels its operation; the first one here only stops
    // the checks so clean-up still runs, the second leaves at once.
    process.on("SIGINT", () => {
        interrupts += 1;
        if (interrupts === 1) {
            process.stderr.write(
                `\nInterrupted: stopping, then ${args.keep ? "keeping" : "destroying"} ${stackName}. Ctrl-C again to leave now.\n`,
            );
            interrupt.abort("Ctrl-C");
            return;
        }
        process.stderr.write(`\nLeft without cleaning up. Remove what the run created with:\n  ${cleanupCommands(stackName)}\n`);
        process.exit(130);
    });

    process.stderr.write(
        `Acceptance run of Pulumi.${args.fileStack}.yaml as stack ${stackName} (${settings.domainName}, ${settings.region})\n`,
    );
    const report = await runAcceptance(
        { fileStack: args.fileStack, stackName, keep: args.keep, settings },
        {
            workspace: pulumiWorkspace(PROJECT_DIR),
            aws: awsSdk,
            log: (text) => process.stderr.write(text),
            signal: interrupt.signal,
        },
    );
    process.stdout.write(`${renderReport(report)}\n`);
    return report.exitCode;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        if (isUsageError(error)) {
            (error.exitCode === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
            process.exit(error.exitCode);
        }
        process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(2);
    },
);
