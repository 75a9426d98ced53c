import { Decimal } from 'decimal.js';
import { Dec } from './dec';

/**
 * Exact conversions between a Decimal and an integer count of 10^-scale units. Allocation works on
 * bigint minor units because integer division and remainder are exact at any size, whereas
 * Decimal division (1/3) is rounded to the configured precision.
 */
export function toScaledInteger(d: Decimal, scale: number): bigint {
  if (d.decimalPlaces() > scale) {
    throw new RangeError(`${d.toFixed()} has more than ${scale} decimal places`);
  }
  // toFixed pads and never rounds here (checked above), so dropping the point scales by 10^scale.
  return BigInt(new Dec(d).toFixed(scale).replace('.', ''));
}

export function fromScaledInteger(units: bigint, scale: number): Decimal {
  // Exponent notation is parsed exactly by the constructor, with no division to round.
  return new Dec(`${units.toString()}e-${scale}`);
}
