import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';

/**
 * One member's contributions history, as dated events, and the rules that allocate money within
 * it. Pure: the services load a book under the member's row lock, plan an operation here, post
 * the planned amounts to the ledger and store the planned events.
 *
 * Every figure is "as at" a date (end of that day): events dated later are ignored. Operations
 * may be recorded late (a payment whose bank advice arrives after a later assessment was already
 * posted), so a new event must keep every figure sound at every date, not only today:
 * - outstanding (assessed − paid − written off) of each year never goes below zero;
 * - the unapplied part of each payment (its advance) never goes below zero.
 * That is why money is applied up to a *capacity*: the smallest outstanding from the event's
 * date onwards, not the outstanding of one date.
 */

export type AllocationKind = 'payment' | 'advance' | 'release' | 'reversal';
export type WriteOffKind = 'write_off' | 'waiver' | 'reduction';

/** The change one budget version made to the member's assessment for a year (signed). */
export interface AssessmentEvent {
  fiscalYear: number;
  date: string;
  delta: Decimal;
}

/**
 * Money of one payment applied to (payment, advance) or taken back from (release, reversal) one
 * fiscal year's assessment. `amount` is always positive; the kind gives the direction.
 */
export interface AllocationEvent {
  paymentId: string;
  fiscalYear: number;
  date: string;
  kind: AllocationKind;
  amount: Decimal;
}

/** A write-off or waiver settles an amount without payment; a reduction gives part of one back. */
export interface WriteOffEvent {
  fiscalYear: number;
  date: string;
  kind: WriteOffKind;
  amount: Decimal;
}

export interface PaymentRecord {
  id: string;
  /** Order of recording, to break ties between payments received the same day. */
  seq: number;
  date: string;
  amountBase: Decimal;
  reversedOn: string | null;
}

export interface PlannedAllocation {
  paymentId: string;
  fiscalYear: number;
  date: string;
  kind: AllocationKind;
  amount: Decimal;
}

/** Later than any date the ledger accepts: "as at the end of time". */
export const END_OF_TIME = '9999-12-31';

const ZERO = new Dec(0);

export const isApplying = (kind: AllocationKind): boolean => kind === 'payment' || kind === 'advance';
export const signedAllocation = (e: Pick<AllocationEvent, 'kind' | 'amount'>): Decimal =>
  isApplying(e.kind) ? e.amount : e.amount.negated();
export const signedWriteOff = (e: Pick<WriteOffEvent, 'kind' | 'amount'>): Decimal =>
  e.kind === 'reduction' ? e.amount.negated() : e.amount;

const min = (a: Decimal, b: Decimal): Decimal => (a.lte(b) ? a : b);
const sumUpTo = <T extends { date: string }>(events: readonly T[], asOf: string, value: (e: T) => Decimal): Decimal =>
  events.reduce((s, e) => (e.date <= asOf ? s.plus(value(e)) : s), ZERO);

export class MemberBook {
  private readonly assessmentsByYear = new Map<number, AssessmentEvent[]>();
  private readonly allocationsByYear = new Map<number, AllocationEvent[]>();
  private readonly allocationsByPayment = new Map<string, AllocationEvent[]>();
  private readonly writeOffsByYear = new Map<number, WriteOffEvent[]>();
  private readonly paymentsById = new Map<string, PaymentRecord>();
  private readonly dates = new Set<string>();

  constructor(
    readonly member: string,
    assessments: readonly AssessmentEvent[] = [],
    allocations: readonly AllocationEvent[] = [],
    writeOffs: readonly WriteOffEvent[] = [],
    payments: readonly PaymentRecord[] = [],
  ) {
    payments.forEach((p) => this.addPayment(p));
    assessments.forEach((a) => this.addAssessment(a));
    allocations.forEach((a) => this.addAllocation(a));
    writeOffs.forEach((w) => this.addWriteOff(w));
  }

  // ---- recording -------------------------------------------------------------------------

  addAssessment(e: AssessmentEvent): void {
    push(this.assessmentsByYear, e.fiscalYear, e);
    this.dates.add(e.date);
  }

  addAllocation(e: AllocationEvent): void {
    if (!e.amount.gt(0)) throw new RangeError(`allocation amounts are positive, got ${e.amount.toFixed()}`);
    if (!this.paymentsById.has(e.paymentId)) throw new RangeError(`allocation of unknown payment ${e.paymentId}`);
    push(this.allocationsByYear, e.fiscalYear, e);
    push(this.allocationsByPayment, e.paymentId, e);
    this.dates.add(e.date);
  }

  addWriteOff(e: WriteOffEvent): void {
    if (!e.amount.gt(0)) throw new RangeError(`write-off amounts are positive, got ${e.amount.toFixed()}`);
    push(this.writeOffsByYear, e.fiscalYear, e);
    this.dates.add(e.date);
  }

  addPayment(p: PaymentRecord): void {
    this.paymentsById.set(p.id, { ...p });
    this.dates.add(p.date);
    if (p.reversedOn !== null) this.dates.add(p.reversedOn);
  }

  markReversed(paymentId: string, date: string): void {
    const p = this.payment(paymentId);
    p.reversedOn = date;
    this.dates.add(date);
  }

  // ---- figures as at a date ---------------------------------------------------------------

  /** Fiscal years with an assessment event, oldest first. */
  years(): number[] {
    return [...this.assessmentsByYear.keys()].sort((a, b) => a - b);
  }

  payments(): PaymentRecord[] {
    return [...this.paymentsById.values()].sort((a, b) =>
      a.date === b.date ? a.seq - b.seq : a.date < b.date ? -1 : 1,
    );
  }

  payment(id: string): PaymentRecord {
    const p = this.paymentsById.get(id);
    if (!p) throw new RangeError(`unknown payment ${id}`);
    return p;
  }

  assessed(fiscalYear: number, asOf = END_OF_TIME): Decimal {
    return sumUpTo(this.assessmentsByYear.get(fiscalYear) ?? [], asOf, (e) => e.delta);
  }

  paid(fiscalYear: number, asOf = END_OF_TIME): Decimal {
    return sumUpTo(this.allocationsByYear.get(fiscalYear) ?? [], asOf, signedAllocation);
  }

  writtenOff(fiscalYear: number, asOf = END_OF_TIME): Decimal {
    return sumUpTo(this.writeOffsByYear.get(fiscalYear) ?? [], asOf, signedWriteOff);
  }

  outstanding(fiscalYear: number, asOf = END_OF_TIME): Decimal {
    return this.assessed(fiscalYear, asOf).minus(this.paid(fiscalYear, asOf)).minus(this.writtenOff(fiscalYear, asOf));
  }

  /** The part of a payment not (yet) applied to any assessment, as at a date; zero once reversed. */
  paymentAdvance(paymentId: string, asOf = END_OF_TIME): Decimal {
    const p = this.payment(paymentId);
    if (p.date > asOf) return ZERO;
    if (p.reversedOn !== null && p.reversedOn <= asOf) return ZERO;
    return p.amountBase.minus(sumUpTo(this.allocationsByPayment.get(paymentId) ?? [], asOf, signedAllocation));
  }

  advance(asOf = END_OF_TIME): Decimal {
    return [...this.paymentsById.keys()].reduce((s, id) => s.plus(this.paymentAdvance(id, asOf)), ZERO);
  }

  /** What a payment has applied to each year and not taken back (all dates). */
  liveAllocations(paymentId: string): Map<number, Decimal> {
    const live = new Map<number, Decimal>();
    for (const e of this.allocationsByPayment.get(paymentId) ?? []) {
      live.set(e.fiscalYear, (live.get(e.fiscalYear) ?? ZERO).plus(signedAllocation(e)));
    }
    for (const [year, amount] of live) if (amount.isZero()) live.delete(year);
    return live;
  }

  /** How much can be applied to `fiscalYear` from `from` onwards without making it negative later. */
  capacity(fiscalYear: number, from: string): Decimal {
    let lowest = this.outstanding(fiscalYear, from);
    for (const d of this.datesAfter(from)) lowest = min(lowest, this.outstanding(fiscalYear, d));
    return lowest.gt(0) ? lowest : ZERO;
  }

  /** How much of a payment's advance can be applied from `from` onwards. */
  advanceCapacity(paymentId: string, from: string): Decimal {
    let lowest = this.paymentAdvance(paymentId, from);
    for (const d of this.datesAfter(from)) lowest = min(lowest, this.paymentAdvance(paymentId, d));
    return lowest.gt(0) ? lowest : ZERO;
  }

  /** The latest date of any event touching the year (assessment, allocation, write-off). */
  lastEventDate(fiscalYear: number): string | null {
    const all = [
      ...(this.assessmentsByYear.get(fiscalYear) ?? []),
      ...(this.allocationsByYear.get(fiscalYear) ?? []),
      ...(this.writeOffsByYear.get(fiscalYear) ?? []),
    ];
    return all.reduce<string | null>((latest, e) => (latest === null || e.date > latest ? e.date : latest), null);
  }

  /** The latest date on which this payment's money moved (received, applied, released). */
  lastPaymentEventDate(paymentId: string): string {
    const p = this.payment(paymentId);
    return (this.allocationsByPayment.get(paymentId) ?? []).reduce(
      (latest, e) => (e.date > latest ? e.date : latest),
      p.date,
    );
  }

  /** Positive assessment events dated strictly after `date`, oldest first (date, then year). */
  assessmentsAfter(date: string): { date: string; fiscalYear: number }[] {
    const out: { date: string; fiscalYear: number }[] = [];
    for (const [fiscalYear, events] of this.assessmentsByYear) {
      for (const e of events) if (e.date > date && e.delta.gt(0)) out.push({ date: e.date, fiscalYear });
    }
    const unique = new Map(out.map((x) => [`${x.date}|${x.fiscalYear}`, x]));
    return [...unique.values()].sort((a, b) =>
      a.date === b.date ? a.fiscalYear - b.fiscalYear : a.date < b.date ? -1 : 1,
    );
  }

  private datesAfter(from: string): string[] {
    return [...this.dates].filter((d) => d > from);
  }

  /**
   * Invariants at every date of the history; a failure is a bug in the planning code, never
   * something a client did, so it throws a plain Error (a 500 that rolls everything back).
   */
  assertSound(): void {
    const dates = [...this.dates].sort();
    for (const year of new Set([
      ...this.assessmentsByYear.keys(),
      ...this.allocationsByYear.keys(),
      ...this.writeOffsByYear.keys(),
    ])) {
      for (const d of dates) {
        const o = this.outstanding(year, d);
        if (o.lt(0)) throw new Error(`invariant: ${this.member} FY ${year} outstanding ${o.toFixed()} < 0 on ${d}`);
        if (this.paid(year, d).lt(0)) throw new Error(`invariant: ${this.member} FY ${year} paid < 0 on ${d}`);
        if (this.writtenOff(year, d).lt(0))
          throw new Error(`invariant: ${this.member} FY ${year} written off < 0 on ${d}`);
      }
    }
    for (const id of this.paymentsById.keys()) {
      for (const d of dates) {
        const a = this.paymentAdvance(id, d);
        if (a.lt(0))
          throw new Error(`invariant: payment ${id} has applied more than it brought on ${d} (${a.toFixed()})`);
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---- planning ----------------------------------------------------------------------------

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
