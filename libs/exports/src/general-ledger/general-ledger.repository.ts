import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { guardFormulaSql } from '@app/common';

/** The columns of the general-ledger export, in order: the CSV header, the JSON keys, the sheet's columns. */
export const GL_COLUMNS = [
  'sequence',
  'entry_id',
  'date',
  'description',
  'account',
  'fund',
  'side',
  'amount',
  'currency',
  'rate',
  'amount_base',
  'member',
  'grant',
  'entry_hash',
] as const;
export type GlColumn = (typeof GL_COLUMNS)[number];

/**
 * The text columns of the export (the rest are numbers, dates, ids, hashes and the side): in the CSV
 * each goes through the formula guard (`guardFormula`), so a spreadsheet never runs a description
 * as a formula. JSON lines and the sheet keep the raw text (a sheet's cell is typed text, never a formula).
 */
export const GL_TEXT_COLUMNS: readonly GlColumn[] = ['description', 'account', 'fund', 'member', 'grant'];

/**
 * One posting as exported, in GL_COLUMNS order. Everything is text as PostgreSQL renders it:
 * amounts and rates are `numeric::text` (exactly as stored, never through a JS number).
 */
export type GlRow = [
  sequence: string,
  entryId: string,
  date: string,
  description: string,
  account: string,
  fund: string,
  side: 'debit' | 'credit',
  amount: string,
  currency: string,
  rate: string,
  amountBase: string,
  member: string | null,
  grant: string | null,
  entryHash: string,
];

export interface GlRange {
  from?: string;
  to?: string;
}

/** Rows fetched per round trip: large enough to stream fast, small enough to keep memory flat. */
export const GL_BATCH_SIZE = 1_000;

/**
 * All SQL of the general-ledger export. It runs on one dedicated pg connection (a cursor cannot
 * share a pooled TypeORM query runner), so the methods take that connection, not an EntityManager.
 */
@Injectable()
export class GeneralLedgerRepository {
  /** One snapshot for the whole export: rows, hashes and totals agree however long it streams. */
  async beginSnapshot(client: ClientBase): Promise<void> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // A cursor read in batches runs without parallel workers, so a parallel plan would only add
    // a sort of the whole ledger before the first row (measured: 3 to 5 s on 1M postings); and
    // JIT-compiling a streaming scan costs more (≈0.4 s before the first row) than it saves.
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    await client.query('SET LOCAL jit = off');
  }

  async commit(client: ClientBase): Promise<void> {
    await client.query('COMMIT');
  }

  async rollback(client: ClientBase): Promise<void> {
    await client.query('ROLLBACK');
  }

  async baseCurrency(client: ClientBase): Promise<string> {
    const result = await client.query<{ base: string }>(
      `SELECT document->>'baseCurrency' AS base FROM policies WHERE id = 1`,
    );
    return result.rows[0].base;
  }

  /**
   * The CSV export written by PostgreSQL itself: `COPY (the same query, text columns guarded) TO
   * STDOUT (FORMAT csv, HEADER)`, read with back-pressure. The same bytes the CSV formatter would
   * write (RFC 4180, quoted only where needed, null as an empty field, the GL_COLUMNS header, the
   * formula guard), at COPY's speed. COPY takes no bind parameters: the range is inlined as date
   * literals, checked first.
   */
  copyPostingsCsv(client: ClientBase, range: GlRange): ReturnType<typeof copyTo> {
    return client.query(copyTo(glCopySql(range)));
  }

  /** Postings in the date range, by sequence then line, through a server-side cursor. */
  streamPostings(client: ClientBase, range: GlRange): QueryStream {
    return client.query(
      new QueryStream(GL_POSTINGS_SQL, [range.from ?? null, range.to ?? null], {
        batchSize: GL_BATCH_SIZE,
        rowMode: 'array',
      }),
    );
  }
}

/**
 * The general ledger's one query ($1 from, $2 to; either may be null). Measured on 1M postings:
 * PostgreSQL walks postings in (sequence, line_no) index order and looks each entry up by its key,
 * so rows stream from the first millisecond with no sort; joining on (sequence, id) instead made
 * it misestimate the join, hash it and sort the whole ledger before the first row (6 s).
 * JSON lines and the sheet read it through a cursor; the CSV's COPY runs it with its text columns guarded.
 */
export const GL_POSTINGS_SQL = glPostingsSql((expression) => expression);

/** The query with each text column's expression passed through `text` (the CSV guards them). */
function glPostingsSql(text: (expression: string) => string): string {
  return `SELECT p.sequence::text AS sequence, p.entry_id::text AS entry_id,
       to_char(p.entry_date, 'YYYY-MM-DD') AS "date", ${text('e.description')} AS description,
       ${text('p.account_code')} AS account, ${text('p.fund_code')} AS fund, p.side AS side, p.amount::text AS amount,
       p.currency::text AS currency, p.rate::text AS rate, p.amount_base::text AS amount_base,
       ${text('p.member_code')} AS member, ${text('p.grant_code')} AS "grant", e.hash AS entry_hash
  FROM postings p
  JOIN journal_entries e ON e.id = p.entry_id
 WHERE ($1::date IS NULL OR p.entry_date >= $1::date) AND ($2::date IS NULL OR p.entry_date <= $2::date)
 ORDER BY p.sequence, p.line_no`;
}

/** The CSV's query: GL_POSTINGS_SQL with the formula guard on the text columns (GL_TEXT_COLUMNS). */
const GL_CSV_SQL = glPostingsSql(guardFormulaSql);

const dateLiteral = (value: string | undefined): string => {
  if (value === undefined) return 'NULL::date';
  // Validated upstream; checked again because this text goes into SQL.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a date: ${value}`);
  return `'${value}'::date`;
};

/** The COPY statement of the CSV export for a range (its header: the query's column names). */
export function glCopySql(range: GlRange): string {
  const sql = GL_CSV_SQL.replace(/\$1::date/g, dateLiteral(range.from)).replace(/\$2::date/g, dateLiteral(range.to));
  return `COPY (${sql}) TO STDOUT (FORMAT csv, HEADER)`;
}
