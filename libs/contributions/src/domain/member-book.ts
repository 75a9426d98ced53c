import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';

/**
 * One member's contributions history, as dated events, and the figures read from it as at any
 * date. Pure: the services load a book under the member's row lock, plan an operation with the
 * allocation rules (`payment-allocation.ts`), post the planned amounts to the ledger and store the
 * planned events.
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
