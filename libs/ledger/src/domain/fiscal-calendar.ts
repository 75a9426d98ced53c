import { DomainError, ErrorCode } from '@app/common';

/**
 * A fiscal year is named by the calendar year in which it starts (start month 1: FY 2005 is
 * 2005-01-01..2005-12-31; start month 7: FY 2005 is 2005-07-01..2006-06-30). Period 1 is the
 * fiscal year's first month.
 */
export interface FiscalPosition {
  fiscalYear: number;
  period: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2999;
}

/** `value` when it is a calendar date; otherwise a 400 naming `field`. */
export function assertDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw new DomainError(ErrorCode.ValidationFailed, `${field}: not a calendar date`, [{ field, message: 'not a calendar date' }]);
  return value;
}

export function fiscalPosition(date: string, startMonth: number): FiscalPosition {
  const [y, m] = date.split('-').map(Number);
  const fiscalYear = m >= startMonth ? y : y - 1;
  const period = ((m - startMonth + 12) % 12) + 1;
  return { fiscalYear, period };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function fiscalYearBounds(year: number, startMonth: number): { startsOn: string; endsOn: string } {
  const startsOn = `${year}-${pad(startMonth)}-01`;
  const end = new Date(Date.UTC(year + 1, startMonth - 1, 1) - 86_400_000);
  const endsOn = `${end.getUTCFullYear()}-${pad(end.getUTCMonth() + 1)}-${pad(end.getUTCDate())}`;
  return { startsOn, endsOn };
}
