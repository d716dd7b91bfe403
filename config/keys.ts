/**
 * Catches configuration keys that no setting reads: a misspelt key would otherwise be ignored and
 * the stack would deploy on the default. The declared keys are the ones the loader asks for, so
 * this list cannot drift from the settings themselves.
 */

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
    for (let j = 1; j <= t.length; j++) {
        d[0][j] = j;
    }
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[s.length][t.length];
}

/** The declared names closest to `name`, best first; empty when none is close enough to be a typo. */
export function closestNames(name: string, declared: Iterable<string>, limit = 3): string[] {
    const tolerance = Math.max(2, Math.round(name.length * 0.3));
    return [...declared]
        .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
        .filter(({ distance }) => distance <= tolerance)
        .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
        .slice(0, limit)
        .map(({ candidate }) => candidate);
}

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
            const hint = close.length > 0 ? didYouMean(project, close) : "Remove it; README.md lists every setting.";
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
