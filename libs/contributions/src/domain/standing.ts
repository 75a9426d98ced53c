import { Decimal } from 'decimal.js';
import { Dec, roundHalfEven } from '@app/common';

export type Standing = 'good' | 'exempt' | 'in_arrears';

export interface StandingRule {
  rule: 'none' | 'arrears_years';
  years: number;
}

export interface YearFigures {
  fiscalYear: number;
  assessed: Decimal;
  outstanding: Decimal;
}

/** Outstanding on fiscal years before `currentFiscalYear` (the fiscal year of the as-at date). */
export function arrearsOf(years: readonly YearFigures[], currentFiscalYear: number): Decimal {
  return years.filter((y) => y.fiscalYear < currentFiscalYear).reduce((s, y) => s.plus(y.outstanding), new Dec(0));
}

/**
 * Standing under the installation's policy (UN Charter art. 19 style when 'arrears_years'): a
 * member is not in good standing when it has arrears and they reach the sum of its assessments
 * for the `years` full fiscal years preceding the current one. An exemption recorded against a
 * decision for the current fiscal year keeps the member in good standing ('exempt' says why).
 * Arrears of zero are never a reason to lose standing, even when there was nothing to assess.
 */
export function standingOf(
  rule: StandingRule,
  currentFiscalYear: number,
  years: readonly YearFigures[],
  exempt: boolean,
): { standing: Standing; arrears: Decimal; threshold: Decimal | null } {
  const arrears = arrearsOf(years, currentFiscalYear);
  const first = currentFiscalYear - rule.years;
  const threshold = years
    .filter((y) => y.fiscalYear >= first && y.fiscalYear < currentFiscalYear)
    .reduce((s, y) => s.plus(y.assessed), new Dec(0));
  return {
    standing: standingFrom(rule, arrears, threshold, exempt),
    arrears,
    threshold: rule.rule === 'none' ? null : threshold,
  };
}

/** The same rule from figures already summed: the arrears, and the assessments of the preceding years. */
export function standingFrom(rule: StandingRule, arrears: Decimal, threshold: Decimal, exempt: boolean): Standing {
  if (rule.rule === 'none') return 'good';
  if (!(arrears.gt(0) && arrears.gte(threshold))) return 'good';
  return exempt ? 'exempt' : 'in_arrears';
}

/** paid ÷ assessed as a decimal string with 4 places (half-even); null when nothing is assessed. */
export function collectionRate(paid: Decimal, assessed: Decimal): string | null {
  if (!assessed.gt(0)) return null;
  return roundHalfEven(new Dec(paid).dividedBy(assessed), 4).toFixed(4);
}

/** Adds whole days to a YYYY-MM-DD date (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}
