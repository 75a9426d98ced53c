import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';

/**
 * Execution rate as a percentage with 4 decimals ("37.5000"), half-even; null when nothing was
 * budgeted (a percentage of zero has no meaning, and "Infinity" must never reach a report).
 */
export function executionPercent(actual: Decimal, budget: Decimal): string | null {
  if (budget.isZero()) return null;
  return new Dec(actual).times(100).dividedBy(budget).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);
}
