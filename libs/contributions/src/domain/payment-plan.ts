import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { PostingLine } from '@app/ledger';
import { ADVANCES, line, RECEIVABLE } from '../shared/postings';
import { PlannedAllocation } from './member-book';
import { PaymentPlan } from './payment-allocation';

/**
 * What a planned payment posts: its own entry credits 1100 with what it pays on the day received
 * and 2100 with the rest; an advance applied later to an assessment already recorded after the
 * payment's date is one entry per such date (Dr 2100 / Cr 1100). Pure.
 */

const ZERO = new Dec(0);
const sum = (list: readonly PlannedAllocation[]): Decimal => list.reduce((s, a) => s.plus(a.amount), ZERO);

/** The member's side of the payment's own entry (the bank's debit is the other side). */
export function receiptLines(plan: PaymentPlan, member: string): PostingLine[] {
  return [
    ...plan.atReceipt.map((a) => line(RECEIVABLE, 'credit', a.amount, member)),
    ...(plan.excessAtReceipt.gt(0) ? [line(ADVANCES, 'credit', plan.excessAtReceipt, member)] : []),
  ];
}

/** The advance applied later, one group per assessment date (in the plan's order), with its lines. */
export function laterApplications(
  plan: PaymentPlan,
  member: string,
): { date: string; allocations: PlannedAllocation[]; lines: PostingLine[] }[] {
  const byDate = new Map<string, PlannedAllocation[]>();
  for (const a of plan.later) byDate.set(a.date, [...(byDate.get(a.date) ?? []), a]);
  return [...byDate].map(([date, allocations]) => {
    const total = sum(allocations);
    return {
      date,
      allocations,
      lines: [line(ADVANCES, 'debit', total, member), line(RECEIVABLE, 'credit', total, member)],
    };
  });
}

/**
 * Post-condition: what the payment applied plus its advance is exactly what it brought. A failure
 * is a bug in the planning code, never something a client did (a 500 that rolls everything back).
 */
export function assertPaymentAddsUp(plan: PaymentPlan, paymentId: string, amountBase: Decimal): void {
  if (
    !sum([...plan.atReceipt, ...plan.later])
      .plus(plan.advance)
      .equals(amountBase)
  ) {
    throw new Error(
      `post-condition failed: payment ${paymentId} allocations and advance do not add up to ${amountBase.toFixed()}`,
    );
  }
}
