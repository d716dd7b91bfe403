/** How close two names are: what "did you mean" suggestions are made from. */

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
