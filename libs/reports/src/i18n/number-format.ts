import { Decimal } from 'decimal.js';
import { Dec, minorUnits } from '@app/common';
import { Lang } from './lang';

/** What a report figure may arrive as: a decimal string ("1250.50", "-3") or a Decimal. Never a JS number. */
export type DecimalInput = string | Decimal;

/**
 * How digits are grouped and the decimal mark written.
 *
 * Decision — ONE convention for both languages: `1,250,000.50`.
 * - It is how the CRM itself writes Spanish: the founding record (GRCM, Panama 2004, point 12)
 *   says "US$250,000". Seven of the eight Spanish-speaking members (MEX, GTM, HND, SLV, NIC, PAN,
 *   DOM) use the decimal point and comma grouping in everyday and official use (CLDR es-MX,
 *   es-GT, es-HN, es-SV, es-NI, es-PA, es-DO); only Costa Rica uses the decimal comma.
 * - Delegates read the Spanish and English versions of the same statement side by side. With
 *   Spain's `1.250.000,50` in one and `1,250,000.50` in the other, "1.250" would mean one
 *   thousand two hundred and fifty in one document and one and a quarter in the other.
 * - The space-grouped SI form (`1 250 000,50`, RAE 2010) is unambiguous too, but is not what the
 *   members' finance ministries print, and its non-breaking space is easily lost in copy-paste.
 * An installation that needs another convention passes its own `NumberStyle` (e.g. SPAIN_STYLE);
 * the digits are never touched, only the separators. Percent signs follow each language: Spanish
 * separates them with a (non-breaking) space (RAE), English does not.
 */
export interface NumberStyle {
  readonly group: string;
  readonly decimal: string;
  /** Text between a number and its % sign. */
  readonly percentGap: string;
}

const NBSP = '\u00a0';

export const LATIN_AMERICAN_STYLE: NumberStyle = { group: ',', decimal: '.', percentGap: NBSP };
export const ENGLISH_STYLE: NumberStyle = { group: ',', decimal: '.', percentGap: '' };
export const SPAIN_STYLE: NumberStyle = { group: '.', decimal: ',', percentGap: NBSP };
export const SI_STYLE: NumberStyle = { group: NBSP, decimal: ',', percentGap: NBSP };

export const NUMBER_STYLES: Readonly<Record<Lang, NumberStyle>> = { es: LATIN_AMERICAN_STYLE, en: ENGLISH_STYLE };

/**
 * `minus`: "-1,250.00" (tables of members, registers); `parentheses`: "(1,250.00)", the accounting
 * form financial statements use. The sign is an ASCII hyphen-minus: it survives copy-paste into a
 * spreadsheet and exists in every PDF font encoding (U+2212 does not exist in WinAnsi).
 */
export type NegativeStyle = 'minus' | 'parentheses';

export interface NumberFormatOptions {
  readonly style?: NumberStyle;
  readonly negative?: NegativeStyle;
}

/** A plain decimal as a program writes it: optional minus, digits, optional fraction. No exponent, no separators. */
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Reads a figure strictly. A JS number is refused even if a caller casts around the types: by the
 * time money is a float it may already be off by a cent, and the point of this module is that
 * the digits printed are the digits the ledger holds.
 */
export function toDecimal(value: DecimalInput, what = 'value'): Decimal {
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new RangeError(`${what} must be finite, got ${value.toString()}`);
    return new Dec(value);
  }
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a decimal string or a Decimal, got ${typeof value}`);
  }
  if (!PLAIN_DECIMAL.test(value)) {
    throw new RangeError(`${what} must be a plain decimal string such as "1250.50", got "${value}"`);
  }
  return new Dec(value);
}

/** "1250000" → "1,250,000": groups of three from the right, on the digit string itself. */
export function groupDigits(integerDigits: string, separator: string): string {
  if (!/^\d+$/.test(integerDigits)) throw new RangeError(`not a digit string: "${integerDigits}"`);
  const head = integerDigits.length % 3;
  const groups: string[] = head > 0 ? [integerDigits.slice(0, head)] : [];
  for (let i = head; i < integerDigits.length; i += 3) groups.push(integerDigits.slice(i, i + 3));
  return groups.join(separator);
}

function assertScale(scale: number): void {
  if (!Number.isSafeInteger(scale) || scale < 0 || scale > 20) {
    throw new RangeError(`scale must be an integer from 0 to 20, got ${String(scale)}`);
  }
}

/**
 * Lays out an already-rounded decimal with exactly `scale` decimals. Works on the string from
 * `toFixed` (which never uses exponent notation with `Dec`), so no digit ever passes through a float.
 */
function layOut(d: Decimal, scale: number, lang: Lang, options: NumberFormatOptions): string {
  const style = options.style ?? NUMBER_STYLES[lang];
  const fixed = d.abs().toFixed(scale);
  const [integerPart, fraction] = fixed.split('.');
  const body = groupDigits(integerPart, style.group) + (fraction === undefined ? '' : style.decimal + fraction);
  // A value that rounds to zero is printed unsigned: "-0.00" in a report reads as an error.
  const negative = d.isNegative() && !new Dec(fixed).isZero();
  if (!negative) return body;
  return (options.negative ?? 'minus') === 'parentheses' ? `(${body})` : `-${body}`;
}

/**
 * `layOut` for a plain decimal string with no more significant decimals than `scale`, on the
 * digits alone (no Decimal is built: a report's table formats thousands of figures that arrive as
 * exact strings). Undefined for anything else, which the Decimal path formats or refuses.
 */
function layOutPlain(value: string, scale: number, lang: Lang, options: NumberFormatOptions): string | undefined {
  const match = PLAIN_PARTS.exec(value);
  if (match === null) return undefined;
  const [, minus, integerPart, digits = ''] = match;
  const fraction = digits.length > scale ? digits.slice(0, scale) : digits.padEnd(scale, '0');
  if (digits.length > scale && !/^0*$/.test(digits.slice(scale))) return undefined;
  const style = options.style ?? NUMBER_STYLES[lang];
  const body = groupDigits(integerPart, style.group) + (scale === 0 ? '' : style.decimal + fraction);
  // As layOut: a value that is zero at this scale is printed unsigned.
  if (minus === '' || (integerPart === '0' && /^0*$/.test(fraction))) return body;
  return (options.negative ?? 'minus') === 'parentheses' ? `(${body})` : `-${body}`;
}

const PLAIN_PARTS = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Money at exactly its currency's minor units: USD "1,250,000.50", JPY "1,250,000", BHD "1,250.500".
 * Never rounds: an amount finer than its currency throws, because printing it rounded would hide
 * a difference the ledger still carries (same rule as `formatAmount` in @app/common).
 */
export function formatMoney(
  value: DecimalInput,
  currency: string,
  lang: Lang,
  options: NumberFormatOptions = {},
): string {
  const scale = minorUnits(currency);
  if (typeof value === 'string') {
    const plain = layOutPlain(value, scale, lang, options);
    if (plain !== undefined) return plain;
  }
  const d = toDecimal(value, 'amount');
  if (d.decimalPlaces() > scale) {
    throw new RangeError(
      `${d.toFixed()} has more decimal places than ${currency} allows (${scale}); round it explicitly before formatting`,
    );
  }
  return layOut(d, scale, lang, options);
}

/** Money with its ISO code in front, for prose and key figures: "USD 1,250,000.50". */
export function formatMoneyWithCode(
  value: DecimalInput,
  currency: string,
  lang: Lang,
  options: NumberFormatOptions = {},
): string {
  return `${currency}${NBSP}${formatMoney(value, currency, lang, options)}`;
}

/**
 * A non-money decimal at `scale` places, rounded half-even if it has more (ratios, rates, axis
 * ticks). Rounding is acceptable here because these figures are derived, not booked.
 */
export function formatDecimal(
  value: DecimalInput,
  scale: number,
  lang: Lang,
  options: NumberFormatOptions = {},
): string {
  assertScale(scale);
  const d = toDecimal(value);
  return layOut(d.toDecimalPlaces(scale, Decimal.ROUND_HALF_EVEN), scale, lang, options);
}

/** Default decimals of a percentage: one, as collection and execution rates are quoted. */
export const DEFAULT_PERCENT_DECIMALS = 1;

/**
 * A percentage given in percent units ("87.5" means 87.5 %, as the API's shares and execution
 * rates are written): es "87.5 %", en "87.5%".
 */
export function formatPercent(
  value: DecimalInput,
  lang: Lang,
  decimals: number = DEFAULT_PERCENT_DECIMALS,
  options: NumberFormatOptions = {},
): string {
  const style = options.style ?? NUMBER_STYLES[lang];
  return `${formatDecimal(value, decimals, lang, options)}${style.percentGap}%`;
}

/** A count (people, members): must be whole; grouped like money. A safe JS integer is accepted here. */
export function formatInteger(value: DecimalInput | number, lang: Lang, options: NumberFormatOptions = {}): string {
  const d = typeof value === 'number' ? integerFromNumber(value) : toDecimal(value);
  if (!d.isInteger()) throw new RangeError(`${d.toFixed()} is not a whole number`);
  return layOut(d, 0, lang, options);
}

function integerFromNumber(value: number): Decimal {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${String(value)} is not a safe integer`);
  return new Dec(value);
}
