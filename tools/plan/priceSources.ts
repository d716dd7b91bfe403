/**
 * The rule of `tools/plan/prices.json`: every figure has a source, every source entry says where and
 * when it was seen and whether it is secondary, and no source key names a figure that is missing.
 */

/** The price file's figures and their provenance, as far as this check reads them. */
export interface PriceFile {
    readonly global: Readonly<Record<string, unknown>>;
    readonly regions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    /** Figure patterns (`global.x`, `<region>.x`; `*` matches any text) to the sources they come from. */
    readonly figureSources: Readonly<Record<string, readonly string[]>>;
    readonly sources: Readonly<Record<string, { readonly url?: unknown; readonly seen?: unknown; readonly secondary?: unknown }>>;
}

/** Every figure of the file as `global.<name>` or `<region>.<name>`. */
export function figurePaths(prices: Pick<PriceFile, "global" | "regions">): string[] {
    return [
        ...Object.keys(prices.global).map((name) => `global.${name}`),
        ...Object.entries(prices.regions).flatMap(([region, figures]) => Object.keys(figures).map((name) => `${region}.${name}`)),
    ];
}

function matches(pattern: string, path: string): boolean {
    const expression = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${expression.join(".*")}$`).test(path);
}

/** The figures a source pattern covers. */
export function figuresOf(pattern: string, prices: Pick<PriceFile, "global" | "regions">): string[] {
    return figurePaths(prices).filter((path) => matches(pattern, path));
}

/** What breaks the rule, one sentence each; empty when the file keeps it. */
export function priceSourceProblems(prices: PriceFile): string[] {
    const problems: string[] = [];
    for (const path of figurePaths(prices)) {
        const [scope, name] = path.split(/\.(.*)/s);
        const figure = scope === "global" ? prices.global[name] : prices.regions[scope][name];
        if (typeof figure !== "number") {
            problems.push(`${path} is ${JSON.stringify(figure)}, not a number.`);
        }
        if (!Object.keys(prices.figureSources).some((pattern) => matches(pattern, path))) {
            problems.push(`${path} has no entry in figureSources.`);
        }
    }
    for (const [pattern, sources] of Object.entries(prices.figureSources)) {
        if (figuresOf(pattern, prices).length === 0) {
            problems.push(`figureSources "${pattern}" names no figure in the file.`);
        }
        if (sources.length === 0) {
            problems.push(`figureSources "${pattern}" lists no source.`);
        }
        for (const source of sources) {
            if (prices.sources[source] === undefined) {
                problems.push(`figureSources "${pattern}" cites "${source}", which is not in sources.`);
            }
        }
    }
    const cited = new Set(Object.values(prices.figureSources).flat());
    for (const [name, source] of Object.entries(prices.sources)) {
        if (typeof source.url !== "string" || source.url === "") {
            problems.push(`source "${name}" has no url.`);
        }
        if (typeof source.seen !== "string" || source.seen === "") {
            problems.push(`source "${name}" does not say when it was seen.`);
        }
        if (typeof source.secondary !== "boolean") {
            problems.push(`source "${name}" does not say whether it is secondary (true or false).`);
        }
        if (!cited.has(name)) {
            problems.push(`source "${name}" backs no figure.`);
        }
    }
    return problems;
}
