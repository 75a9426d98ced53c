/**
 * A plain non-negative decimal as a person writes it: no sign, exponent, spaces, thousands
 * separators, leading zeros ("01") or bare points ("1.", ".5"). One spelling per value keeps
 * idempotency hashes, audit trails and client bugs ("1,000.00" read as 1) out of the ledger.
 * The sign of a movement is carried by debit/credit, never by the amount.
 */
export const DECIMAL_STRING = /^(0|[1-9]\d*)(\.\d+)?$/;

export interface DecimalStringRule {
  maxIntegerDigits: number;
  maxDecimals: number;
  allowZero: boolean;
  /** Appended to the decimals message ("for USD") so the client learns which currency sets the limit. */
  decimalsContext?: string;
  /** Shown in messages; should itself satisfy the rule so a client can copy its shape. */
  example: string;
}

/**
 * Why `value` breaks `rule`, as a phrase that follows a field name ("amount must ..."), or null.
 * Parsing and DTO validation both call this, so a request gets the same words at either layer.
 *
 * Decimals are counted as written: "10.500" is rejected for USD although its value is exact,
 * because a client sending three places is working at a precision we do not book and should
 * find out now, and because "as written" is a rule a client can apply without doing arithmetic.
 */
export function decimalStringProblem(value: unknown, rule: DecimalStringRule): string | null {
  if (typeof value === 'number' || typeof value === 'bigint') {
    // JSON numbers are binary floats in most clients: 0.1 + 0.2 has already gone wrong before we see it.
    return `must be a decimal string such as "${rule.example}", not a number`;
  }
  if (typeof value !== 'string') {
    return `must be a decimal string such as "${rule.example}"`;
  }
  const match = DECIMAL_STRING.exec(value);
  if (match === null) {
    return `must be a plain decimal string such as "${rule.example}": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros`;
  }
  const integerDigits = match[1].length;
  const decimals = match[2] === undefined ? 0 : match[2].length - 1;
  if (integerDigits > rule.maxIntegerDigits) {
    return `must have at most ${rule.maxIntegerDigits} digits before the decimal point`;
  }
  if (decimals > rule.maxDecimals) {
    const where = rule.decimalsContext === undefined ? '' : ` ${rule.decimalsContext}`;
    return rule.maxDecimals === 0
      ? `must be a whole number${where}`
      : `must have at most ${rule.maxDecimals} decimal places${where}`;
  }
  if (!rule.allowZero && /^[0.]+$/.test(value)) {
    return 'must be greater than zero';
  }
  return null;
}

/** An example amount with exactly `decimals` places, so the hint in a message is itself valid. */
export function exampleAmount(decimals: number): string {
  return decimals === 0 ? '1250' : `1250.${'50'.padEnd(decimals, '0').slice(0, decimals)}`;
}
