import { Lang } from './lang';

const MONTHS: Readonly<Record<Lang, readonly string[]>> = {
  // Spanish month names are lower-case (RAE); the ICU/Intl output is not used so that the text
  // does not depend on the Node build's locale data.
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Reads a `YYYY-MM-DD` calendar date, refusing impossible ones ("2026-02-30"). No time zone is involved. */
export function parseIsoDate(value: string): CalendarDate {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m === null) throw new RangeError(`date must be YYYY-MM-DD, got "${String(value)}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new RangeError(`"${value}" is not a calendar date`);
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** es "29 de noviembre de 2026", en "29 November 2026" (the form UN and OAS documents use). */
export function formatDate(isoDate: string, lang: Lang): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const monthName = MONTHS[lang][month - 1];
  return lang === 'es' ? `${day} de ${monthName} de ${year}` : `${day} ${monthName} ${year}`;
}

/** es "noviembre de 2026", en "November 2026": axis labels of time series. */
export function formatMonthYear(isoDate: string, lang: Lang): string {
  const { year, month } = parseIsoDate(isoDate);
  const monthName = MONTHS[lang][month - 1];
  return lang === 'es' ? `${monthName} de ${year}` : `${monthName} ${year}`;
}

/** es "nov. 2026", en "Nov 2026": compact axis ticks. */
export function formatShortMonthYear(isoDate: string, lang: Lang): string {
  const { year, month } = parseIsoDate(isoDate);
  const monthName = MONTHS[lang][month - 1];
  return lang === 'es' ? `${monthName.slice(0, 3)}. ${year}` : `${monthName.slice(0, 3)} ${year}`;
}

/** Days since 1970-01-01 of a calendar date (for proportional time axes); pure arithmetic, no Date. */
export function dayNumber(isoDate: string): number {
  const { year, month, day } = parseIsoDate(isoDate);
  // Days-from-civil (H. Hinnant), valid for the proleptic Gregorian calendar.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** es "29 nov. 2026", en "29 Nov 2026": dates on chart axes. */
export function formatShortDate(isoDate: string, lang: Lang): string {
  const { day } = parseIsoDate(isoDate);
  return `${day} ${formatShortMonthYear(isoDate, lang)}`;
}
