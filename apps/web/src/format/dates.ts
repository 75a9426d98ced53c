import type { Lang } from '../i18n/languages';

/**
 * Calendar dates as the API writes them (YYYY-MM-DD) — no time zone is involved: they are read
 * and written in UTC so that a delegate in Mexico City and one in Madrid see the same day.
 * Long form as in the API's reports: es "30 de junio de 2005", en "30 June 2005".
 */
const DATE_LOCALE: Record<Lang, string> = { es: 'es-419', en: 'en-GB' };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: string): Date {
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) throw new RangeError(`not a calendar date: "${value}"`);
  return date;
}

export function isIsoDate(value: unknown): value is string {
  try {
    return typeof value === 'string' && parseIsoDate(value) instanceof Date;
  } catch {
    return false;
  }
}

export function formatDate(isoDate: string, lang: Lang): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(parseIsoDate(isoDate));
}

/** Tables: es "30 jun 2005", en "30 Jun 2005". */
export function formatShortDate(isoDate: string, lang: Lang): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(parseIsoDate(isoDate))
    .replace(/\./g, '');
}

/** A timestamp (ISO 8601 with time) in the reader's own time zone. */
export function formatTimestamp(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Today's calendar date in UTC, the API's default "as at". */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
