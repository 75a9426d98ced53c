import { Decimal } from 'decimal.js';
import { validationError } from '../errors';
import { MAX_MINOR_UNITS, minorUnits } from './currency';
import { Dec } from './dec';
import { DecimalStringRule, decimalStringProblem, exampleAmount } from './decimal-string';

/** 20 integer digits: far beyond any budget, and what the numeric columns are sized for. */
export const AMOUNT_MAX_INTEGER_DIGITS = 20;
/** Exchange rates: 12 integer digits copes with hyperinflated currencies, 12 decimals with tiny ones. */
export const RATE_MAX_INTEGER_DIGITS = 12;
export const RATE_MAX_DECIMALS = 12;

/**
 * The lexical rule for an amount. Without a currency (a DTO whose currency is absent or invalid)
 * only the widest limit any currency has applies; the service re-parses against the real one.
 */
export function amountRule(currency: string | undefined, allowZero: boolean): DecimalStringRule {
  if (currency === undefined) {
    return {
      maxIntegerDigits: AMOUNT_MAX_INTEGER_DIGITS,
      maxDecimals: MAX_MINOR_UNITS,
      allowZero,
      example: exampleAmount(2),
    };
  }
  const decimals = minorUnits(currency);
  return {
    maxIntegerDigits: AMOUNT_MAX_INTEGER_DIGITS,
    maxDecimals: decimals,
    allowZero,
    decimalsContext: decimals === 0 ? `for ${currency}, which has no minor unit` : `for ${currency}`,
    example: exampleAmount(decimals),
  };
}

export const RATE_RULE: DecimalStringRule = {
  maxIntegerDigits: RATE_MAX_INTEGER_DIGITS,
  maxDecimals: RATE_MAX_DECIMALS,
  allowZero: false,
  example: '0.912345',
};

function parseWith(value: unknown, rule: DecimalStringRule, field: string): Decimal {
  const problem = decimalStringProblem(value, rule);
  if (problem !== null || typeof value !== 'string') {
    throw validationError(field, problem ?? 'must be a decimal string');
  }
  return new Dec(value);
}

/**
 * Reads an amount from untrusted input. Only a string is accepted, never a JS number: by the time
 * a float reaches us it may already be off by a fraction of a cent. Zero is allowed (a zero
 * assessment is legitimate); use `parsePositiveAmount` where it is not.
 */
export function parseAmount(value: unknown, currency: string, field = 'amount'): Decimal {
  return parseWith(value, amountRule(currency, true), field);
}

export function parsePositiveAmount(value: unknown, currency: string, field = 'amount'): Decimal {
  return parseWith(value, amountRule(currency, false), field);
}

/** A conversion rate (units of base currency per unit of the foreign one); zero would erase money. */
export function parseRate(value: unknown, field = 'rate'): Decimal {
  return parseWith(value, RATE_RULE, field);
}

function assertFinite(d: Decimal, what: string): void {
  if (!d.isFinite()) throw new RangeError(`${what} must be a finite number, got ${d.toString()}`);
}

function assertScale(scale: number): void {
  if (!Number.isSafeInteger(scale) || scale < 0) {
    throw new RangeError(`scale must be a non-negative integer, got ${String(scale)}`);
  }
}

/** -0 is a valid Decimal, but a zero that `isNeg()` would file among the credits is not. */
function withoutNegativeZero(d: Decimal): Decimal {
  return d.isZero() ? new Dec(0) : d;
}

/**
 * Renders an amount at exactly the currency's minor units ("250000.00", JPY "1500"). Throws
 * rather than rounds when `d` is finer than the currency: an unrounded value reaching output is a
 * bug upstream, and printing it rounded would hide a difference the ledger still carries.
 */
export function formatAmount(d: Decimal, currency: string): string {
  const scale = minorUnits(currency);
  assertFinite(d, 'amount');
  if (d.decimalPlaces() > scale) {
    throw new RangeError(
      `${d.toFixed()} has more decimal places than ${currency} allows (${scale}); round it explicitly before formatting`,
    );
  }
  return new Dec(d).toFixed(scale);
}

/**
 * Banker's rounding: ties go to the even digit, so over many conversions the rounding errors
 * cancel out instead of drifting upwards as half-up does. Symmetric around zero.
 */
export function roundHalfEven(d: Decimal, scale: number): Decimal {
  assertScale(scale);
  assertFinite(d, 'value');
  return withoutNegativeZero(new Dec(d).toDecimalPlaces(scale, Decimal.ROUND_HALF_EVEN));
}

/**
 * Converts an amount into the base currency: amount × rate, rounded half-even to the base
 * currency's minor units. The product is computed exactly first (the guard below makes sure
 * `Dec`'s precision can hold it), so there is exactly one rounding, never two.
 * Negative amounts (reversals) convert to the mirror image of their positive counterpart.
 */
export function toBase(amount: Decimal, rate: Decimal, baseCurrency: string): Decimal {
  const scale = minorUnits(baseCurrency, 'baseCurrency');
  assertFinite(amount, 'amount');
  assertFinite(rate, 'rate');
  if (!rate.gt(0)) throw new RangeError(`rate must be positive, got ${rate.toFixed()}`);
  if (amount.sd() + rate.sd() > Dec.precision) {
    throw new RangeError(`amount ${amount.toFixed()} × rate ${rate.toFixed()} has too many digits to multiply exactly`);
  }
  return roundHalfEven(new Dec(amount).times(rate), scale);
}
