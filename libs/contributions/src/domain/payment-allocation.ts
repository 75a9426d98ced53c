import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { MemberBook, PlannedAllocation } from './member-book';

const ZERO = new Dec(0);
const min = (a: Decimal, b: Decimal): Decimal => (a.lte(b) ? a : b);

/**
 * The allocation of a member's money: where a payment goes (the designated year, else the oldest
 * outstanding year first, the rest an advance), how advances meet later assessments, what a
 * reduced assessment gives back, what a reversal takes back and how much a write-off may settle.
 * Each plan updates the book it is given, so its invariants can be checked before anything is
 * stored (see `MemberBook.assertSound`).
 */

export interface PaymentPlan {
  /** Applied on the date received (credited to 1100 by the payment's own entry). */
  atReceipt: PlannedAllocation[];
  /** Applied from the advance on the date of an assessment already recorded after the payment. */
  later: PlannedAllocation[];
  /** Credited to 2100 by the payment's own entry (before any `later` application). */
  excessAtReceipt: Decimal;
  /** What is left unapplied once everything above is done. */
  advance: Decimal;
}

/**
 * Applies a payment: to the designated year first when there is one (its excess becomes an
 * advance), otherwise to the oldest outstanding year first; what is left is an advance. An
 * advance from a payment recorded late is then applied to the assessments already recorded after
 * its date, as it would have been had the payment been recorded on time.
 * The book is updated with the payment and its allocations.
 */
export function planPayment(
  book: MemberBook,
  payment: { id: string; seq: number; date: string; amountBase: Decimal; designatedFiscalYear?: number },
): PaymentPlan {
  book.addPayment({
    id: payment.id,
    seq: payment.seq,
    date: payment.date,
    amountBase: payment.amountBase,
    reversedOn: null,
  });
  let remaining = payment.amountBase;
  const atReceipt: PlannedAllocation[] = [];
  const years = payment.designatedFiscalYear !== undefined ? [payment.designatedFiscalYear] : book.years();
  for (const fiscalYear of years) {
    if (remaining.isZero()) break;
    const amount = min(remaining, book.capacity(fiscalYear, payment.date));
    if (amount.gt(0)) {
      const e: PlannedAllocation = { paymentId: payment.id, fiscalYear, date: payment.date, kind: 'payment', amount };
      book.addAllocation(e);
      atReceipt.push(e);
      remaining = remaining.minus(amount);
    }
  }
  const excessAtReceipt = remaining;
  const later: PlannedAllocation[] = [];
  for (const next of book.assessmentsAfter(payment.date)) {
    if (remaining.isZero()) break;
    const amount = min(
      min(remaining, book.capacity(next.fiscalYear, next.date)),
      book.advanceCapacity(payment.id, next.date),
    );
    if (amount.gt(0)) {
      const e: PlannedAllocation = {
        paymentId: payment.id,
        fiscalYear: next.fiscalYear,
        date: next.date,
        kind: 'advance',
        amount,
      };
      book.addAllocation(e);
      later.push(e);
      remaining = remaining.minus(amount);
    }
  }
  return { atReceipt, later, excessAtReceipt, advance: remaining };
}

/**
 * After a new (or increased) assessment dated `date`: the member's advances are applied to it,
 * oldest payment first. The assessment event must already be in the book.
 */
export function planAdvanceApplication(book: MemberBook, fiscalYear: number, date: string): PlannedAllocation[] {
  let room = book.capacity(fiscalYear, date);
  const planned: PlannedAllocation[] = [];
  for (const p of book.payments()) {
    if (room.isZero()) break;
    if (p.reversedOn !== null) continue;
    const amount = min(room, book.advanceCapacity(p.id, date));
    if (amount.gt(0)) {
      const e: PlannedAllocation = { paymentId: p.id, fiscalYear, date, kind: 'advance', amount };
      book.addAllocation(e);
      planned.push(e);
      room = room.minus(amount);
    }
  }
  return planned;
}

export interface ReductionPlan {
  /** Part of a write-off or waiver given back because less is now owed. */
  writeOffReduction: Decimal;
  /** Payments' money taken off the year and returned to their advance. */
  releases: PlannedAllocation[];
}

/**
 * After a revision lowered the assessment (the negative event already in the book): if the year
 * is now settled beyond what is assessed, first give back written-off amounts (a waiver cannot
 * exceed what is owed), then release the most recent payments' money to their advance.
 * Reductions may not be dated before anything already recorded for the year, so only the final
 * position matters.
 */
export function planReduction(book: MemberBook, fiscalYear: number, date: string): ReductionPlan {
  const releases: PlannedAllocation[] = [];
  let excess = book.outstanding(fiscalYear).negated();
  if (!excess.gt(0)) return { writeOffReduction: ZERO, releases };
  const writeOffReduction = min(excess, book.writtenOff(fiscalYear));
  if (writeOffReduction.gt(0)) {
    book.addWriteOff({ fiscalYear, date, kind: 'reduction', amount: writeOffReduction });
    excess = excess.minus(writeOffReduction);
  }
  const holders = book
    .payments()
    .map((p) => ({ p, live: book.liveAllocations(p.id).get(fiscalYear) ?? ZERO }))
    .filter((h) => h.live.gt(0))
    .reverse();
  for (const { p, live } of holders) {
    if (excess.isZero()) break;
    const amount = min(excess, live);
    const e: PlannedAllocation = { paymentId: p.id, fiscalYear, date, kind: 'release', amount };
    book.addAllocation(e);
    releases.push(e);
    excess = excess.minus(amount);
  }
  if (excess.gt(0))
    throw new Error(`invariant: ${book.member} FY ${fiscalYear} settled beyond what was paid and written off`);
  return { writeOffReduction, releases };
}

export interface ReversalPlan {
  /** The payment's money taken back from each year (these amounts are outstanding again). */
  reversals: PlannedAllocation[];
  /** The payment's advance that disappears with it. */
  advance: Decimal;
}

/**
 * Reverses a payment as at `date`: everything it still had applied is taken back (those amounts
 * become outstanding again) and its unapplied advance goes. Later payments keep their
 * allocations: each was made to an amount then outstanding, and taking this payment's money back
 * only raises what is outstanding, so they stay valid.
 */
export function planReversal(book: MemberBook, paymentId: string, date: string): ReversalPlan {
  const p = book.payment(paymentId);
  if (p.reversedOn !== null) {
    throw new DomainError(ErrorCode.AlreadyReversed, `payment ${paymentId} was already reversed on ${p.reversedOn}`);
  }
  const last = book.lastPaymentEventDate(paymentId);
  if (date < last) {
    throw new DomainError(
      ErrorCode.BusinessRule,
      `the reversal must be dated on or after ${last}, the last date this payment's money was received or applied`,
      [{ field: 'date', message: `must be on or after ${last}` }],
    );
  }
  const advance = book.paymentAdvance(paymentId);
  const reversals: PlannedAllocation[] = [];
  for (const [fiscalYear, amount] of [...book.liveAllocations(paymentId)].sort((a, b) => a[0] - b[0])) {
    const e: PlannedAllocation = { paymentId, fiscalYear, date, kind: 'reversal', amount };
    book.addAllocation(e);
    reversals.push(e);
  }
  book.markReversed(paymentId, date);
  return { reversals, advance };
}

/** A write-off or waiver may settle at most what stays outstanding from its date onwards. */
export function planWriteOff(
  book: MemberBook,
  fiscalYear: number,
  date: string,
  kind: 'write_off' | 'waiver',
  amount: Decimal,
): void {
  const room = book.capacity(fiscalYear, date);
  if (amount.gt(room)) {
    throw new DomainError(
      ErrorCode.BusinessRule,
      `${kind === 'waiver' ? 'a waiver' : 'a write-off'} of ${amount.toFixed()} exceeds what ${book.member} owes for fiscal year ${fiscalYear} from ${date} onwards (${room.toFixed()})`,
      [{ field: 'amount', message: `must not exceed ${room.toFixed()}` }],
    );
  }
  book.addWriteOff({ fiscalYear, date, kind, amount });
}
