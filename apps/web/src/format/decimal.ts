/**
 * Exact arithmetic on the API's decimal strings, for the few sums the console makes itself
 * (collection by fiscal year). Amounts become scaled BigInts — integers, so nothing is rounded —
 * and come back as decimal strings. A JS number never holds money here.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

function parts(value: string): { negative: boolean; digits: string; scale: number } {
  if (!isDecimal(value)) throw new RangeError(`not a decimal string: "${String(value)}"`);
  const negative = value.startsWith('-');
  const [integer, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  return { negative, digits: integer + fraction, scale: fraction.length };
}

function scaled(value: string, scale: number): bigint {
  const p = parts(value);
  const n = BigInt(p.digits + '0'.repeat(scale - p.scale));
  return p.negative ? -n : n;
}

function toDecimalString(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** Σ values, exactly, at the largest scale among them ("0" for none). */
export function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => parts(v).scale));
  return toDecimalString(
    values.reduce((total, v) => total + scaled(v, scale), 0n),
    scale,
  );
}

/** −1, 0 or 1 as a is less than, equal to or greater than b (for sorting tables by amount). */
export function compareDecimals(a: string, b: string): number {
  const scale = Math.max(parts(a).scale, parts(b).scale);
  const x = scaled(a, scale);
  const y = scaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A chart's bar length. Charts draw with numbers, so this is the one place a decimal string
 * becomes a float — for geometry only; every figure a person reads is formatted from the string.
 */
export function toChartNumber(value: string): number {
  if (!isDecimal(value)) throw new RangeError(`not a decimal string: "${String(value)}"`);
  return Number(value);
}
