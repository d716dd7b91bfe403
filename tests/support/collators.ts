/**
 * `String.prototype.localeCompare` with a collator kept per locale and options, for the duration
 * of one suite. ECMA-402 defines `s.localeCompare(t, locales, options)` as
 * `new Intl.Collator(locales, options).compare(s, t)`, and V8 builds that collator on every call
 * that passes options: the IAM simulator compares every action, condition operator and ARN
 * segment that way, and building collators was half of its time (about 3 s of CPU a run).
 * Reusing a collator built from equal options gives the same answers; calls whose arguments are
 * not a string locale and plain options go to the original.
 */
const original = String.prototype.localeCompare;

/** What Intl.Collator reads from its options (ECMA-402, 10.1.1). */
const COLLATOR_OPTIONS = ["usage", "localeMatcher", "collation", "numeric", "caseFirst", "sensitivity", "ignorePunctuation"] as const;

function cacheKey(locales: unknown, options: unknown): string | undefined {
    if (locales !== undefined && typeof locales !== "string") {
        return undefined;
    }
    let key = `${locales ?? ""}`;
    if (options === undefined) {
        return key;
    }
    if (typeof options !== "object" || options === null || Object.getPrototypeOf(options) !== Object.prototype) {
        return undefined;
    }
    for (const name of COLLATOR_OPTIONS) {
        const value: unknown = (options as Record<string, unknown>)[name];
        if (value !== null && typeof value === "object") {
            return undefined;
        }
        key += `\0${typeof value}:${String(value)}`;
    }
    return key;
}

/** The localeCompare installed by `cacheCollators`: exported for its own test. */
export function makeCachedLocaleCompare(): typeof String.prototype.localeCompare {
    const collators = new Map<string, Intl.Collator>();
    return function localeCompare(this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions): number {
        const key = this === null || this === undefined ? undefined : cacheKey(locales, options);
        if (key === undefined) {
            return original.call(this, that, locales, options);
        }
        let collator = collators.get(key);
        if (collator === undefined) {
            collator = new Intl.Collator(locales, options);
            collators.set(key, collator);
        }
        return collator.compare(String(this), String(that));
    };
}

/** Mocha hooks for a suite: the cached localeCompare from its `before` to its `after`. */
export function cacheCollators(): void {
    before(() => {
        String.prototype.localeCompare = makeCachedLocaleCompare();
    });
    after(() => {
        String.prototype.localeCompare = original;
    });
}
