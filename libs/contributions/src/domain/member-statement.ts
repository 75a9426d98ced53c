import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import type { AllocationKind, WriteOffKind } from './member-book';

/**
 * A member's statement of account, planned from the events the ledger recorded for it. Pure: the
 * service reads the events, plans the lines with these functions and formats them.
 */

export type StatementLineType =
  | 'assessment'
  | 'assessment_reduction'
  | 'payment'
  | 'advance_applied'
  | 'advance_released'
  | 'write_off'
  | 'waiver'
  | 'write_off_reduction'
  | 'payment_reversal';

/** Every event of a statement carries the date and sequence of its journal entry. */
interface Dated {
  date: string;
  sequence: number;
  entryId: string;
}

export interface AssessmentEventRow extends Dated {
  fiscalYear: number;
  version: number;
  delta: string;
  reference: string;
}
export interface PaymentEventRow extends Dated {
  paymentId: string;
  amount: string;
  currency: string;
  amountBase: string;
  reference: string;
}
export interface AllocationEventRow extends Dated {
  paymentId: string;
  paymentReference: string;
  fiscalYear: number;
  kind: AllocationKind;
  amount: string;
}
export interface WriteOffEventRow extends Dated {
  fiscalYear: number;
  kind: WriteOffKind;
  amount: string;
  reference: string;
}
export interface ReversalEventRow extends Dated {
  paymentId: string;
  amountBase: string;
  reference: string;
  reason: string;
}

/** The member's events up to the statement's date, as the repository reads them. */
export interface StatementEvents {
  assessments: readonly AssessmentEventRow[];
  payments: readonly PaymentEventRow[];
  allocations: readonly AllocationEventRow[];
  writeOffs: readonly WriteOffEventRow[];
  reversals: readonly ReversalEventRow[];
}

/** The words of the lines in the statement's language: one per line type, and "fiscal year". */
export type StatementWords = Record<StatementLineType, string> & { fiscalYear: string };

export interface YearAmount {
  fiscalYear: number;
  amount: Decimal;
}

/** One line of the statement before its running balance. */
export interface StatementDraft extends Dated {
  type: StatementLineType;
  description: string;
  fiscalYear: number | null;
  reference: string | null;
  amount: Decimal;
  /** Effect on what the member owes: positive raises it. */
  effect: Decimal;
  allocations: YearAmount[];
}

/** A drafted line with the balance after it. */
export interface BalancedLine extends StatementDraft {
  balance: Decimal;
}

const ZERO = new Dec(0);
/** A reversal's description is kept to the length of the statement line's column. */
const MAX_DESCRIPTION = 500;

/** Allocation rows summed per fiscal year, oldest first. */
export function perYear(rows: readonly AllocationEventRow[]): YearAmount[] {
  const years = new Map<number, Decimal>();
  for (const r of rows) years.set(r.fiscalYear, (years.get(r.fiscalYear) ?? ZERO).plus(r.amount));
  return [...years].sort((a, b) => a[0] - b[0]).map(([fiscalYear, amount]) => ({ fiscalYear, amount }));
}

/** Ledger order: by date, then by the journal entry's sequence. */
export const byLedgerOrder = (a: Dated, b: Dated): number =>
  a.date === b.date ? a.sequence - b.sequence : a.date < b.date ? -1 : 1;

/** An assessment raises what the member owes; a budget revision that lowers it is a reduction. */
export function assessmentLines(rows: readonly AssessmentEventRow[], words: StatementWords): StatementDraft[] {
  return rows.map((a) => {
    const delta = new Dec(a.delta);
    const type: StatementLineType = delta.gt(0) ? 'assessment' : 'assessment_reduction';
    return {
      date: a.date,
      sequence: a.sequence,
      entryId: a.entryId,
      type,
      description: `${words[type]}, ${words.fiscalYear} ${a.fiscalYear} (v${a.version})`,
      fiscalYear: a.fiscalYear,
      reference: a.reference,
      amount: delta.abs(),
      effect: delta,
      allocations: [],
    };
  });
}

/** A payment lowers what the member owes by its base amount, with where its money went at receipt. */
export function paymentLines(
  rows: readonly PaymentEventRow[],
  allocations: readonly AllocationEventRow[],
  baseCurrency: string,
  words: StatementWords,
): StatementDraft[] {
  return rows.map((p) => {
    const amountBase = new Dec(p.amountBase);
    const foreign = p.currency === baseCurrency ? '' : ` (${p.amount} ${p.currency})`;
    return {
      date: p.date,
      sequence: p.sequence,
      entryId: p.entryId,
      type: 'payment',
      description: `${words.payment}${foreign}`,
      fiscalYear: null,
      reference: p.reference,
      amount: amountBase,
      effect: amountBase.negated(),
      allocations: perYear(allocations.filter((a) => a.paymentId === p.paymentId && a.kind === 'payment')),
    };
  });
}

/**
 * Advances applied or released: one line per journal entry; the money only moves between the
 * member's advance and its years, so the line changes nothing the member owes.
 */
export function advanceLines(allocations: readonly AllocationEventRow[], words: StatementWords): StatementDraft[] {
  const drafts: StatementDraft[] = [];
  for (const kind of ['advance', 'release'] as const) {
    const byEntry = new Map<string, AllocationEventRow[]>();
    for (const a of allocations.filter((x) => x.kind === kind))
      byEntry.set(a.entryId, [...(byEntry.get(a.entryId) ?? []), a]);
    const type: StatementLineType = kind === 'advance' ? 'advance_applied' : 'advance_released';
    for (const rows of byEntry.values()) {
      const years = perYear(rows);
      drafts.push({
        date: rows[0].date,
        sequence: rows[0].sequence,
        entryId: rows[0].entryId,
        type,
        description: `${words[type]}, ${words.fiscalYear} ${years.map((y) => y.fiscalYear).join(', ')}`,
        fiscalYear: years.length === 1 ? years[0].fiscalYear : null,
        reference: [...new Set(rows.map((r) => r.paymentReference))].join(', '),
        amount: years.reduce((s, y) => s.plus(y.amount), ZERO),
        effect: ZERO,
        allocations: years,
      });
    }
  }
  return drafts;
}

/** A write-off or waiver lowers what the member owes; a reduction of one gives it back. */
export function writeOffLines(rows: readonly WriteOffEventRow[], words: StatementWords): StatementDraft[] {
  return rows.map((w) => {
    const type: StatementLineType = w.kind === 'reduction' ? 'write_off_reduction' : w.kind;
    const amount = new Dec(w.amount);
    return {
      date: w.date,
      sequence: w.sequence,
      entryId: w.entryId,
      type,
      description: `${words[type]}, ${words.fiscalYear} ${w.fiscalYear}`,
      fiscalYear: w.fiscalYear,
      reference: w.reference,
      amount,
      effect: w.kind === 'reduction' ? amount : amount.negated(),
      allocations: [],
    };
  });
}

/** A payment reversed raises what the member owes again, with the years its money is taken from. */
export function reversalLines(
  rows: readonly ReversalEventRow[],
  allocations: readonly AllocationEventRow[],
  words: StatementWords,
): StatementDraft[] {
  return rows.map((r) => {
    const amountBase = new Dec(r.amountBase);
    return {
      date: r.date,
      sequence: r.sequence,
      entryId: r.entryId,
      type: 'payment_reversal',
      description: `${words.payment_reversal}: ${r.reason}`.slice(0, MAX_DESCRIPTION),
      fiscalYear: null,
      reference: r.reference,
      amount: amountBase,
      effect: amountBase,
      allocations: perYear(allocations.filter((a) => a.paymentId === r.paymentId && a.kind === 'reversal')),
    };
  });
}

/** Every line of the statement, in ledger order. */
export function statementDrafts(
  events: StatementEvents,
  baseCurrency: string,
  words: StatementWords,
): StatementDraft[] {
  return [
    ...assessmentLines(events.assessments, words),
    ...paymentLines(events.payments, events.allocations, baseCurrency, words),
    ...advanceLines(events.allocations, words),
    ...writeOffLines(events.writeOffs, words),
    ...reversalLines(events.reversals, events.allocations, words),
  ].sort(byLedgerOrder);
}

/**
 * The statement from a date (undefined: from the first event): the lines before it make up the
 * opening balance, each later line carries the balance after it, the last one the closing.
 */
export function runningBalance(
  drafts: readonly StatementDraft[],
  from: string | undefined,
): { opening: Decimal; lines: BalancedLine[]; closing: Decimal } {
  const opening = drafts.filter((d) => from !== undefined && d.date < from).reduce((s, d) => s.plus(d.effect), ZERO);
  let balance = opening;
  const lines = drafts
    .filter((d) => from === undefined || d.date >= from)
    .map((d) => {
      balance = balance.plus(d.effect);
      return { ...d, balance };
    });
  return { opening, lines, closing: balance };
}

/**
 * The statement must close at what the register says the member owes (outstanding less advance);
 * a difference is a bug, never something a client did, so it throws a plain Error.
 */
export function assertStatementCloses(member: string, closing: Decimal, outstanding: Decimal, advance: Decimal): void {
  const owed = outstanding.minus(advance);
  if (!closing.equals(owed)) {
    throw new Error(
      `post-condition failed: statement of ${member} closes at ${closing.toFixed()}, register says ${owed.toFixed()}`,
    );
  }
}
