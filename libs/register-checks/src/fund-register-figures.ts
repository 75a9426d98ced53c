import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { compareFundToRegister, ReversalFacts } from './fund-register-comparison';
import { RegisterCheckResult } from './register-check';

/**
 * What a fund's register checks (grants, reserve fund) share: the rows their repositories read and
 * the loop that compares each figure of the fund with its register (see compareFundToRegister).
 */

export const ZERO: Decimal = new Dec(0);

/** SQL over `postings p`: a posting's base amount, debit positive. */
export const SIGNED_BASE_AMOUNT_SQL = `CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END`;

/**
 * SQL: joins, as `r`, the entry that reverses the entry a register row names (`<row>.entry_id`),
 * when it is dated by the check's date (`asOf`, a bind parameter such as `$1`); select its facts
 * with REVERSAL_COLUMNS_SQL.
 */
export function reversalJoinSql(row: string, asOf: string): string {
  return `LEFT JOIN journal_entries r ON r.reverses_entry_id = ${row}.entry_id AND r.entry_date <= ${asOf}`;
}

/** SQL: the columns of RegisterRowWithReversal that reversalJoinSql provides. */
export const REVERSAL_COLUMNS_SQL = `r.id AS "reversedBy", r.sequence::text AS "reversedSequence", to_char(r.entry_date, 'YYYY-MM-DD') AS "reversedOn"`;

/** One journal entry of a fund, as a register-check repository reads it (numbers as text). */
export interface FundEntryRow {
  entryId: string;
  sequence: string;
  date: string;
  description: string;
  source: string;
  /** The entry this one reverses, if it is a reversal, and its sequence number. */
  reverses: string | null;
  reversesSequence: string | null;
}

/** A register row with the entry it names and, if any, the entry reversing that one. */
export interface RegisterRowWithReversal<R extends string> {
  register: R;
  id: string;
  date: string;
  reference: string;
  entryId: string | null;
  amountBase: string;
  reversedBy: string | null;
  reversedSequence: string | null;
  reversedOn: string | null;
}

/** One figure of a fund checked against its register. */
export interface FundFigure<E extends FundEntryRow, R extends string> {
  /** The check is named `<name>:<suffix>`. */
  suffix: string;
  /** What an entry of the fund adds to the figure. */
  ofEntry(e: E): Decimal;
  /** What a register row adds to it: its sign per register (0 = not part of the figure). */
  rows: Readonly<Record<R, -1 | 0 | 1>>;
}

export interface FundFiguresComparison<E extends FundEntryRow, R extends string> {
  /** Prefix of the checks' names. */
  name: string;
  currency: string;
  figures: readonly FundFigure<E, R>[];
  entries: readonly E[];
  rows: readonly RegisterRowWithReversal<R>[];
}

/** One check per figure: the fund's entries against the register's rows, as at the rows' reversals. */
export function compareFundFigures<E extends FundEntryRow, R extends string>(
  c: FundFiguresComparison<E, R>,
): RegisterCheckResult[] {
  const reversals = reversalsOf(c.rows);
  return c.figures.map((figure) =>
    compareFundToRegister({
      name: `${c.name}:${figure.suffix}`,
      currency: c.currency,
      entries: c.entries.map((e) => ({
        entryId: e.entryId,
        sequence: Number(e.sequence),
        date: e.date,
        source: e.source,
        description: e.description,
        reverses: e.reverses,
        reversesSequence: e.reversesSequence === null ? null : Number(e.reversesSequence),
        amount: figure.ofEntry(e),
      })),
      rows: c.rows
        .filter((r) => figure.rows[r.register] !== 0)
        .map((r) => ({
          register: r.register,
          id: r.id,
          date: r.date,
          reference: r.reference,
          entryId: r.entryId,
          amount: new Dec(r.amountBase).times(figure.rows[r.register]),
        })),
      reversals,
    }),
  );
}

/** The reversals of the rows' entries, by the id of the entry they reverse. */
export function reversalsOf<R extends string>(rows: readonly RegisterRowWithReversal<R>[]): Map<string, ReversalFacts> {
  const out = new Map<string, ReversalFacts>();
  for (const r of rows) {
    if (r.entryId !== null && r.reversedBy !== null && r.reversedOn !== null) {
      out.set(r.entryId, { entryId: r.reversedBy, sequence: Number(r.reversedSequence), date: r.reversedOn });
    }
  }
  return out;
}
