/**
 * Catches configuration keys that no setting reads: a misspelt key would otherwise be ignored and
 * the stack would deploy on the default. The declared keys are the ones the loader asks for, so
 * this list cannot drift from the settings themselves.
 */
import { closestNames } from "../names";

function didYouMean(project: string, names: readonly string[]): string {
    const keys = names.map((name) => `${project}:${name}`);
    return keys.length === 1 ? `Did you mean ${keys[0]}?` : `Did you mean one of ${keys.join(", ")}?`;
}

/**
 * Problems for keys the project does not declare: unknown keys in the project's namespace, keys
 * with no namespace, and keys in another namespace whose name is one of the project's settings.
 * Other namespaces (`aws:`, `pulumi:`) belong to their providers and pass.
 */
export function undeclaredKeyProblems(project: string, keys: Iterable<string>, declared: ReadonlySet<string>): string[] {
    const declaredNames = [...declared].filter((key) => key.startsWith(`${project}:`)).map((key) => key.slice(project.length + 1));
    const problems: string[] = [];
    for (const key of keys) {
        if (declared.has(key)) {
            continue;
        }
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? undefined : key.slice(0, colon);
        const name = colon < 0 ? key : key.slice(colon + 1);
        const exact = declaredNames.filter((candidate) => candidate.toLowerCase() === name.toLowerCase());
        if (namespace === project) {
            const close = exact.length > 0 ? exact : closestNames(name, declaredNames);
            const hint = close.length > 0 ? didYouMean(project, close) : "Remove it; docs/configuration.md lists every setting.";
            problems.push(`${key} is not a setting of this project. ${hint}`);
        } else if (namespace === undefined) {
            const close = exact.length > 0 ? exact : closestNames(name, declaredNames);
            const hint = close.length > 0 ? ` ${didYouMean(project, close)}` : "";
            problems.push(`"${key}" has no namespace. Keys take the form <namespace>:<name>, such as ${project}:uiCpu.${hint}`);
        } else if (exact.length > 0) {
            problems.push(`${key} is in the ${namespace} namespace, which has no such setting. ${didYouMean(project, exact)}`);
        }
    }
    return problems;
}
