import { data } from 'currency-codes';
import { validationError } from '../errors';

/**
 * Codes whose minor unit ISO 4217 gives as "N.A." (precious metals, SDR, bond-market units, test
 * and no-currency codes). currency-codes turns "N.A." into 0 (`parseInt('N.A.') || 0`), so XAU
 * would otherwise look exactly like JPY; we have to name them. currency.spec.ts checks this list
 * against the ISO XML the package ships, so an upgrade that adds one fails the build.
 */
const NO_MINOR_UNIT: ReadonlySet<string> = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/**
 * Fund codes (IsFund="true" in ISO 4217): indexation units and settlement variants, not money a
 * member pays in. Accepting them would let "CLF" (4 decimals, inflation-indexed) slip in as a typo.
 */
const FUND_CODES: ReadonlySet<string> = new Set(['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI']);

const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  data
    .filter((r) => !NO_MINOR_UNIT.has(r.code) && !FUND_CODES.has(r.code))
    // The typings promise a number, but the data is scraped; never trust an absent digit count.
    .filter((r) => Number.isInteger(r.digits) && r.digits >= 0)
    .map((r): [string, number] => [r.code, r.digits]),
);

/** The most decimals any accepted currency has (4, UYW): the ceiling when the currency is not known yet. */
export const MAX_MINOR_UNITS: number = Math.max(...MINOR_UNITS.values());

const CODE_SHAPE = /^[A-Z]{3}$/;

/**
 * Why `value` is not an accepted currency code, phrased to follow a field name ("currency must be
 * ..."), or null when it is one. Shared by `minorUnits` and the `@IsCurrencyCode` decorator so the
 * API gives one explanation whichever layer catches the mistake.
 */
export function currencyCodeProblem(value: unknown): string | null {
  // Shape first: currency-codes upper-cases its input, so "usd" would otherwise be found.
  if (typeof value !== 'string' || !CODE_SHAPE.test(value)) {
    return 'must be an ISO 4217 currency code of three uppercase letters, such as "USD"';
  }
  if (NO_MINOR_UNIT.has(value) || FUND_CODES.has(value)) {
    return `must be a currency with minor units; ISO 4217 code "${value}" is a metal, fund or unit of account and cannot be booked`;
  }
  if (!MINOR_UNITS.has(value)) {
    return `must be a currency code listed in ISO 4217; "${value}" is not`;
  }
  return null;
}

export function isCurrencyCode(code: string): boolean {
  return currencyCodeProblem(code) === null;
}

/**
 * Number of decimal places of the currency's minor unit (USD 2, JPY 0, BHD 3). Throws a
 * ValidationFailed DomainError naming `field` for anything else: a currency reaches this function
 * from a request or a stored row, and guessing "2" for an unknown code would book wrong amounts.
 */
export function minorUnits(code: string, field = 'currency'): number {
  const problem = currencyCodeProblem(code);
  const digits = MINOR_UNITS.get(code);
  if (problem !== null || digits === undefined) {
    throw validationError(field, problem ?? 'must be a known ISO 4217 currency code');
  }
  return digits;
}
