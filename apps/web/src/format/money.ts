import type { Lang } from '../i18n/languages';
import { isDecimal } from './decimal';

/**
 * Number conventions, the same as the API's own PDF and XLSX reports: one layout in both
 * languages, `1,250,000.50` (how the member states' finance ministries write Spanish; es-419 is
 * CLDR's Latin-American Spanish), percentages "87.5 %" in Spanish and "87.5%" in English.
 * Intl.NumberFormat is given the decimal STRING: it formats the exact digits (no float on the way).
 */
const NUMBER_LOCALE: Record<Lang, string> = { es: 'es-419', en: 'en-US' };
const NBSP = '\u00a0';

function fractionDigits(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** ISO 4217 minor units as the platform knows them (USD 2, JPY 0, BHD 3). */
export function minorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

function checked(value: string): string {
  if (!isDecimal(value)) throw new RangeError(`amount must be a decimal string such as "1250.50", got "${String(value)}"`);
  return value;
}

/**
 * An amount at its currency's minor units, never rounded: a value finer than the currency shows
 * all its digits rather than hide a difference. "-0.00" prints as "0.00".
 */
export function formatAmount(value: string, lang: Lang, currency = 'USD'): string {
  const digits = minorUnits(currency);
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, fractionDigits(checked(value))),
    useGrouping: 'always',
    signDisplay: 'negative',
  }).format(value as Intl.StringNumericLiteral);
}

/** "USD 1,250,000.50": key figures and prose. */
export function formatMoney(value: string, lang: Lang, currency = 'USD'): string {
  return `${currency}${NBSP}${formatAmount(value, lang, currency)}`;
}

/** A ratio as the API gives it ("0.8750" = 87.5 %), to one decimal, rounded half-even; null → "—". */
export function formatRate(ratio: string | null, lang: Lang, decimals = 1): string {
  if (ratio === null) return '—';
  const text = new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfEven',
    signDisplay: 'negative',
  }).format(checked(ratio) as Intl.StringNumericLiteral);
  return lang === 'es' ? text.replace(/\s?%$/, `${NBSP}%`) : text;
}

/** A percentage already in percent units ("87.5" = 87.5 %), as budget execution gives it. */
export function formatPercent(percent: string | null, lang: Lang, decimals = 1): string {
  if (percent === null) return '—';
  const text = new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfEven',
    signDisplay: 'negative',
  }).format(checked(percent) as Intl.StringNumericLiteral);
  return `${text}${lang === 'es' ? NBSP : ''}%`;
}

/** Whole counts (people, members). */
export function formatCount(value: number, lang: Lang): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 0 }).format(value);
}
