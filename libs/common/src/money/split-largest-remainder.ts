import { Decimal } from 'decimal.js';
import { fromScaledInteger, toScaledInteger } from './scaled-integer';

/**
 * Splits `total` in proportion to `weights` so that the parts, each at `scale` decimals, add up to
 * `total` exactly: every part gets the floor of its exact share in minor units, then the minor
 * units left over go one each to the largest remainders, lower index first on ties. Each part is
 * therefore within one minor unit of its exact share, and the same input always gives the same
 * split, which an auditor re-running the allocation relies on.
 *
 * Negative totals are split as the mirror image of their absolute value, so splitting a reversal
 * yields exactly the negated parts of the original split (and the two net to zero line by line).
 *
 * Throws RangeError on a negative or non-finite weight, a zero weight sum, or a total finer than
 * `scale`: those are bugs in the calling code, not something a client can correct.
 */
export function splitLargestRemainder(total: Decimal, weights: readonly Decimal[], scale: number): Decimal[] {
  if (!Number.isSafeInteger(scale) || scale < 0) {
    throw new RangeError(`scale must be a non-negative integer, got ${String(scale)}`);
  }
  if (!total.isFinite()) throw new RangeError(`total must be finite, got ${total.toString()}`);
  if (total.decimalPlaces() > scale) {
    throw new RangeError(`total ${total.toFixed()} has more than ${scale} decimal places; round it before splitting`);
  }
  weights.forEach((w, i) => {
    // lt(0) rather than isNeg(): -0 is a zero weight, not a negative one.
    if (!w.isFinite() || w.lt(0))
      throw new RangeError(`weight ${i} must be finite and non-negative, got ${w.toString()}`);
  });

  // Bring every weight to a common integer scale; ratios are unchanged and all arithmetic is exact.
  const weightScale = weights.reduce((max, w) => Math.max(max, w.decimalPlaces()), 0);
  const units = weights.map((w) => toScaledInteger(w, weightScale));
  const weightSum = units.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) throw new RangeError('weights must not all be zero (and there must be at least one)');

  const signed = toScaledInteger(total, scale);
  const magnitude = signed < 0n ? -signed : signed;

  // bigint division truncates, which is the floor for these non-negative operands.
  const parts = units.map((u) => (magnitude * u) / weightSum);
  const remainders = units.map((u) => (magnitude * u) % weightSum);
  let leftover = magnitude - parts.reduce((a, b) => a + b, 0n);

  // leftover < weights.length: it is the sum of the fractional shares, each below one unit, so
  // only entries with a non-zero remainder can be reached and none gets more than one extra unit.
  const byRemainder = units
    .map((_, i) => i)
    .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  for (const i of byRemainder) {
    if (leftover === 0n) break;
    parts[i] += 1n;
    leftover -= 1n;
  }

  return parts.map((p) => fromScaledInteger(signed < 0n ? -p : p, scale));
}
