import { Decimal } from 'decimal.js';

/**
 * The one Decimal constructor for money in this code base. Build amounts with `new Dec(...)`, never
 * with the global `Decimal`, and leave the global config alone (other libraries share it).
 *
 * Why these settings:
 * - precision 64: decimal.js rounds every arithmetic result to `precision` significant digits, and
 *   the global default is 20, so summing two 20-digit amounts would round silently. The widest
 *   product we compute (amount: 20 integer + 4 decimal digits, times rate: 12 + 12) has 48
 *   significant digits; 64 keeps it exact with room to spare.
 * - ROUND_HALF_EVEN: should a result ever exceed the precision, it is rounded the banker's way, as
 *   everywhere else in the ledger, so there is no second rounding mode to reason about.
 * - toExpNeg / toExpPos at their limits: `toString()` and `JSON.stringify` must never emit
 *   "1e+21" or "1e-7"; a report, a CSV or a client would read those wrongly.
 * - defaults: true: start from the library defaults even if someone has called `Decimal.set`.
 *
 * Every value this folder returns is a `Dec` instance, so arithmetic that callers chain onto it
 * (`a.plus(b)` runs with `a`'s constructor) keeps this precision. The reverse is the trap: on a
 * global `new Decimal(...)` the same `plus` rounds at 20 digits. Use `Decimal` only as the type.
 */
export const Dec: Decimal.Constructor = Decimal.clone({
  defaults: true,
  precision: 64,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
