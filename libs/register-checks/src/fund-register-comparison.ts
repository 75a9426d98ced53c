import { Decimal } from 'decimal.js';
import { Dec, formatAmount } from '@app/common';
import { explanationOf, RegisterCheckResult } from './register-check';

/** What one journal entry adds to a figure of a fund (base currency, in the figure's sense). */
export interface FundEntryFigure {
  entryId: string;
  sequence: number;
  date: string;
  source: string;
  description: string;
  /** The entry this one reverses, if it is a reversal, and its sequence number. */
  reverses: string | null;
  reversesSequence: number | null;
  amount: Decimal;
}

/** What one register row (a receipt, an expenditure, a disbursement...) adds to the same figure. */
export interface RegisterRowFigure {
  /** Which register: 'grant_receipts', 'reserve_contributions'... */
  register: string;
  id: string;
  date: string;
  reference: string;
  /** The journal entry the module posted with the row (null when it posted none). */
  entryId: string | null;
  amount: Decimal;
}

/** The entry that reverses a register row's entry, when one is dated by the check's date. */
export interface ReversalFacts {
  entryId: string;
  sequence: number;
  date: string;
}

export interface FundRegisterComparison {
  name: string;
  currency: string;
  entries: readonly FundEntryFigure[];
  rows: readonly RegisterRowFigure[];
  /** Reversals of entries, by the id of the entry they reverse. */
  reversals: ReadonlyMap<string, ReversalFacts>;
}

/**
 * One register check of a fund: the ledger figure is Σ of what the fund's entries add to it, the
 * register figure Σ of what the register's rows add; `difference` = register − ledger.
 *
 * When they differ, the explanation pairs each row with the entry it names and lists, oldest
 * first, what does not pair up — each item's `difference` is its share of the check's difference,
 * so they add up to it exactly (unless more than MAX_EXPLAINED_ITEMS were cut off: `explanationTotal`):
 * - `entry-without-register-row`: an entry of the fund no register row names (posted through
 *   the generic journal-entries route, a bank item, the reversal of a registered entry...);
 * - `register-row-without-entry`: a row whose entry adds nothing to this figure of the fund;
 * - `amounts-differ`: a row and its entry that disagree.
 * A row whose entry has been reversed is also listed (`register-row-entry-reversed`, difference
 * 0: the reversing entry is the one that carries the amount, listed among the entries without a row).
 */
export function compareFundToRegister(c: FundRegisterComparison): RegisterCheckResult {
  const fmt = (d: Decimal): string => formatAmount(d, c.currency);
  const ledger = c.entries.reduce((s, e) => s.plus(e.amount), new Dec(0));
  const register = c.rows.reduce((s, r) => s.plus(r.amount), new Dec(0));
  const difference = register.minus(ledger);
  const result: RegisterCheckResult = {
    name: c.name,
    ledger: fmt(ledger),
    register: fmt(register),
    difference: fmt(difference),
    ok: difference.isZero(),
  };
  if (result.ok) return result;
  return { ...result, ...explanationOf(explanationItems(c, fmt)) };
}

type Format = (d: Decimal) => string;

/** An item of the explanation, dated, with its place among the items of the same date. */
interface DatedItem {
  date: string;
  /** Entries without a row first, then the rows, then the reversals of their entries. */
  order: number;
  item: Record<string, unknown>;
}

/** What does not pair up between the rows and the entries, oldest first. */
function explanationItems(c: FundRegisterComparison, fmt: Format): Record<string, unknown>[] {
  const byEntry = new Map(c.entries.map((e) => [e.entryId, e]));
  const items: DatedItem[] = [];
  for (const r of c.rows) {
    const entry = r.entryId === null ? undefined : byEntry.get(r.entryId);
    if (entry !== undefined) byEntry.delete(entry.entryId);
    const reversal = r.entryId === null ? undefined : c.reversals.get(r.entryId);
    items.push(...rowItems(r, entry, reversal, fmt));
  }
  for (const e of byEntry.values()) if (!e.amount.isZero()) items.push(entryWithoutRow(e, fmt));
  items.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1));
  return items.map((i) => i.item);
}

const rowFacts = (r: RegisterRowFigure): Record<string, unknown> => ({
  table: r.register,
  id: r.id,
  date: r.date,
  reference: r.reference,
  entryId: r.entryId,
});

/**
 * A row against the entry it names: without one (or one adding nothing here), or of another
 * amount; and, either way, a row whose entry has been reversed.
 */
function rowItems(
  r: RegisterRowFigure,
  entry: FundEntryFigure | undefined,
  reversal: ReversalFacts | undefined,
  fmt: Format,
): DatedItem[] {
  const items: DatedItem[] = [];
  const inLedger = entry?.amount ?? new Dec(0);
  if (entry === undefined || inLedger.isZero()) {
    if (!r.amount.isZero()) {
      items.push({
        date: r.date,
        order: 1,
        item: {
          kind: 'register-row-without-entry',
          ...rowFacts(r),
          register: fmt(r.amount),
          difference: fmt(r.amount),
        },
      });
    }
  } else if (!inLedger.equals(r.amount)) {
    items.push({
      date: r.date,
      order: 1,
      item: {
        kind: 'amounts-differ',
        ...rowFacts(r),
        sequence: entry.sequence,
        ledger: fmt(inLedger),
        register: fmt(r.amount),
        difference: fmt(r.amount.minus(inLedger)),
      },
    });
  }
  if (reversal !== undefined && !r.amount.isZero()) {
    items.push({
      date: reversal.date,
      order: 2,
      item: {
        kind: 'register-row-entry-reversed',
        ...rowFacts(r),
        register: fmt(r.amount),
        reversedBy: reversal,
        difference: fmt(new Dec(0)),
      },
    });
  }
  return items;
}

function entryWithoutRow(e: FundEntryFigure, fmt: Format): DatedItem {
  return {
    date: e.date,
    order: 0,
    item: {
      kind: 'entry-without-register-row',
      entryId: e.entryId,
      sequence: e.sequence,
      date: e.date,
      source: e.source,
      description: e.description,
      ...(e.reverses === null ? {} : { reverses: e.reverses, reversesSequence: e.reversesSequence }),
      ledger: fmt(e.amount),
      difference: fmt(e.amount.negated()),
    },
  };
}
