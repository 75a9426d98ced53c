import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';

export interface ValueScale {
  readonly min: Decimal;
  readonly max: Decimal;
  readonly step: Decimal;
  /** min, min + step, …, max: exact decimals, so the axis labels print exactly. */
  readonly ticks: readonly Decimal[];
  /** Decimals the tick labels need (0 for steps of 1 or more). */
  readonly decimals: number;
}

/** Steps a reader can add up in their head: 1, 2, 2.5 and 5 times a power of ten. */
const NICE_FACTORS = ['1', '2', '2.5', '5', '10'];

/**
 * An axis from `values` (always including zero, so bar lengths are honest) divided into about
 * `targetTicks` steps of a "nice" size. Computed with Decimal: the tick labels are exact; only the
 * drawing converts positions to points.
 */
export function niceScale(values: readonly Decimal[], targetTicks = 5): ValueScale {
  let lo = new Dec(0);
  let hi = new Dec(0);
  for (const v of values) {
    if (v.lt(lo)) lo = new Dec(v);
    if (v.gt(hi)) hi = new Dec(v);
  }
  if (lo.eq(hi)) hi = lo.plus(1);
  const rough = hi.minus(lo).div(targetTicks);
  // Decimal's exponent is floor(log10(|x|)): the power of ten of the rough step, exactly.
  const power = new Dec(10).pow(rough.e);
  const fraction = rough.div(power);
  const factor = NICE_FACTORS.map((f) => new Dec(f)).find((f) => fraction.lte(f)) ?? new Dec(10);
  const step = factor.times(power);
  const min = lo.div(step).floor().times(step);
  const max = hi.div(step).ceil().times(step);
  const ticks: Decimal[] = [];
  for (let v = min; v.lte(max); v = v.plus(step)) ticks.push(v);
  return { min, max, step, ticks, decimals: step.decimalPlaces() };
}

/** Where `v` sits between the scale's ends, 0 to 1: a drawing position, so a float is fine here. */
export function scaleRatio(scale: ValueScale, v: Decimal): number {
  return v.minus(scale.min).div(scale.max.minus(scale.min)).toNumber();
}
