/**
 * Expectations over the tier table: a test names the stock tiers it is about, and everything it
 * says of "every tier" comes from the table, so a tier added to the table breaks only its own tests.
 */
import * as assert from "assert";
import type { TierSettings } from "../../model/tierSettings";
import { TIERS } from "../../model/tiers";

/** Every tier of the table, in its order. */
export const TIER_NAMES: readonly string[] = Object.keys(TIERS);

/**
 * Asserts that `actual` has the entries of `expected` (a tier-keyed record, or any record whose
 * keys name the stock tiers), leaving out the keys `expected` does not mention.
 */
export function assertEntries<T>(
    actual: Readonly<Record<string, T | undefined>>,
    expected: Readonly<Record<string, T>>,
    message?: string,
): void {
    const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));
    assert.deepStrictEqual(picked, expected, message);
}

/** The tasks the tiers run at their desired counts. */
export function taskCount(tiers: Readonly<Record<string, TierSettings>>): number {
    return Object.values(tiers).reduce((sum, tier) => sum + tier.desiredCount, 0);
}

/** The sorted list `names(tier)` gives over every tier of the table, flattened. */
export function perTier(names: (tier: string) => string | readonly string[]): string[] {
    return TIER_NAMES.flatMap((tier) => names(tier)).sort();
}
