import { EntityManager } from 'typeorm';
import { validationError } from '@app/common';
import { fiscalYearBounds, FiscalYearsService, isIsoDate, PoliciesService } from '@app/ledger';

export interface FiscalYearSpan {
  year: number;
  startsOn: string;
  endsOn: string;
  /** The day before the year starts: opening balances are the balances as at this date. */
  dayBefore: string;
  status: 'open' | 'closed';
}

export const MIN_FISCAL_YEAR = 1901;
export const MAX_FISCAL_YEAR = 2999;

/** `?fiscalYear=` as a whole number in range, or a 400 naming the field. */
export function parseFiscalYear(value: unknown, field = 'fiscalYear'): number {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw validationError(field, 'must be a four-digit year');
  const year = Number(value);
  if (year < MIN_FISCAL_YEAR || year > MAX_FISCAL_YEAR) {
    throw validationError(field, `must be between ${MIN_FISCAL_YEAR} and ${MAX_FISCAL_YEAR}`);
  }
  return year;
}

export function parseOptionalDate(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isIsoDate(value)) throw validationError(field, 'must be a calendar date YYYY-MM-DD');
  return value;
}

export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The span of a fiscal year: the stored row when the ledger has one (its bounds were fixed when the
 * year was first posted to), else what the policies say today. Every statement of one request uses
 * these bounds, so positions (by date) and flows (by date range) cover exactly the same postings.
 */
export async function fiscalYearSpan(
  m: EntityManager,
  year: number,
  fiscalYears: FiscalYearsService,
  policies: PoliciesService,
): Promise<FiscalYearSpan> {
  const stored = (await fiscalYears.list(m)).find((y) => y.year === year);
  const bounds = stored ?? fiscalYearBounds(year, (await policies.get(m)).fiscalYearStartMonth);
  return {
    year,
    startsOn: bounds.startsOn,
    endsOn: bounds.endsOn,
    dayBefore: dayBefore(bounds.startsOn),
    status: stored?.status ?? 'open',
  };
}
