/**
 * What no single stack file shows: two stacks of this repository that would claim the same name in
 * AWS. A stack file copied from another keeps its subdomain and namespace name; in the same hosted
 * zone the second stack's DNS record would overwrite the first's (and fail only at the end of
 * `pulumi up`), and in the same region the second namespace cannot be created in one account.
 */
import { YelbStackConfig, loadStackConfig } from "../../config";
import { PROJECT_DIR, listStacks, readStackConfig } from "../harness/stackConfig";

/** The other stack files' claims, each with what to change; stack files that do not load are left out. */
export function stackCollisions(stack: string, config: YelbStackConfig, projectDir = PROJECT_DIR): string[] {
    const problems: string[] = [];
    for (const other of listStacks(projectDir).filter((name) => name !== stack)) {
        let theirs: YelbStackConfig;
        try {
            theirs = loadStackConfig(readStackConfig(other, { projectDir }), other);
        } catch {
            continue;
        }
        const file = `Pulumi.${other}.yaml`;
        if (theirs.hostedZone.id === config.hostedZone.id && theirs.domainName === config.domainName) {
            problems.push(
                `yelb:subdomain: the UI's name ${config.domainName} is also stack "${other}"'s (${file}), in the same hosted zone ` +
                    `${config.hostedZone.id}: each stack's record would overwrite the other's. Set yelb:subdomain for stack "${stack}", such as "yelb-${stack}".`,
            );
        }
        if (theirs.region === config.region && theirs.namespaceName === config.namespaceName) {
            problems.push(
                `yelb:namespaceName: "${config.namespaceName}" is also stack "${other}"'s namespace (${file}), in the same region ` +
                    `${config.region}: in one account the second cannot be created. Remove yelb:namespaceName to take the default ` +
                    `"yelb-${stack}", or set another.`,
            );
        }
    }
    return problems;
}
