import { Injectable } from '@nestjs/common';
import { to as copyTo } from 'pg-copy-streams';
import type { CopyToStreamQuery } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { guardFormulaSql as guard } from '@app/common';
import { abandonConnection, connectionOf } from '@app/database';
import { glCopySql } from '@app/exports';
import { cursorRows } from '../shared/cursor';

export interface SequenceRange {
  firstSequence: number;
  lastSequence: number;
  entriesInYear: number;
}

export interface AuditLogCsvRow {
  id: string;
  occurred_at: Date;
  actor_token_id: string | null;
  actor_role: string | null;
  action: string;
  target: string | null;
  request_id: string | null;
  outcome: string;
  status_code: string;
  detail: unknown;
}

/**
 * The journal with hashes, one row per posting, for a range of sequences ($1..$2), every column as
 * the text the file holds (JOURNAL_COLUMNS, in order): amounts and rates `numeric::text` exactly as
 * stored, `posted_at` in the ISO form the hash covers (UTC, milliseconds — what it was stored
 * with), `metadata` as JSON (the verifier parses it; key order and spacing do not matter), and
 * every text column through the formula guard (`guardFormula`; the verifier reads the raw text back).
 */
export const JOURNAL_SQL = `SELECT e.sequence::text AS sequence, e.id::text AS entry_id,
       to_char(e.entry_date, 'YYYY-MM-DD') AS "date", e.fiscal_year::text AS fiscal_year, e.period::text AS period,
       ${guard('e.description')} AS description, e.source AS source, ${guard('e.source_id')} AS source_id,
       e.reverses_entry_id::text AS reverses_entry_id, e.metadata::text AS metadata,
       e.actor_token_id::text AS actor_token_id,
       to_char(e.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS posted_at,
       e.prev_hash AS prev_hash, e.hash AS entry_hash, p.line_no::text AS line_no, ${guard('p.account_code')} AS account,
       ${guard('p.fund_code')} AS fund, p.side AS side, p.amount::text AS amount, p.currency::text AS currency,
       p.rate::text AS rate, p.amount_base::text AS amount_base, ${guard('p.member_code')} AS member,
       ${guard('p.grant_code')} AS "grant", ${guard('p.budget_line')} AS budget_line, ${guard('p.bank_account')} AS bank_account
  FROM journal_entries e
  JOIN postings p ON p.sequence = e.sequence AND p.entry_id = e.id
 WHERE e.sequence >= $1 AND e.sequence <= $2
 ORDER BY e.sequence, p.line_no`;

/** The COPY statement of the journal file for a range of sequences (whole numbers, inlined). */
export function journalCopySql(range: SequenceRange): string {
  for (const n of [range.firstSequence, range.lastSequence]) {
    if (!Number.isSafeInteger(n)) throw new Error(`not a sequence number: ${n}`);
  }
  const sql = JOURNAL_SQL.replace(/\$1(?![0-9])/g, String(range.firstSequence)).replace(/\$2(?![0-9])/g, String(range.lastSequence));
  return `COPY (${sql}) TO STDOUT (FORMAT csv, HEADER)`;
}

/**
 * All SQL of the auditors' package. Large results come through server-side cursors in the
 * package's snapshot, a batch at a time; amounts and rates are `numeric::text`, exactly as stored.
 */
@Injectable()
export class AuditPackageRepository {
  async sequenceRange(m: EntityManager, startsOn: string, endsOn: string): Promise<SequenceRange | undefined> {
    const rows: { first: string | null; last: string | null; count: string }[] = await m.query(
      `SELECT min(sequence)::text AS first, max(sequence)::text AS last, count(*)::text AS count
         FROM journal_entries WHERE entry_date >= $1::date AND entry_date <= $2::date`,
      [startsOn, endsOn],
    );
    const r = rows[0];
    if (r.first === null || r.last === null) return undefined;
    return { firstSequence: Number(r.first), lastSequence: Number(r.last), entriesInYear: Number(r.count) };
  }

  async hashesAt(m: EntityManager, sequence: number): Promise<{ prevHash: string; hash: string }> {
    const rows: { prev_hash: string; hash: string }[] = await m.query(
      'SELECT prev_hash, hash FROM journal_entries WHERE sequence = $1',
      [sequence],
    );
    if (rows.length !== 1) throw new Error(`journal entry ${sequence} is missing`);
    return { prevHash: rows[0].prev_hash, hash: rows[0].hash };
  }

  /** The journal file as PostgreSQL writes it, inside the package's snapshot. */
  copyJournal(m: EntityManager, range: SequenceRange): CopyToStreamQuery {
    return this.copy(m, journalCopySql(range));
  }

  /**
   * The general ledger of the year as PostgreSQL writes it — the GL export's own COPY, so the file
   * is byte for byte the GL export of the same dates — inside the package's snapshot (the
   * transaction's own connection).
   */
  copyGeneralLedger(m: EntityManager, startsOn: string, endsOn: string): CopyToStreamQuery {
    return this.copy(m, glCopySql({ from: startsOn, to: endsOn }));
  }

  /** A `COPY … TO STDOUT` on the transaction's own connection, so it reads the package's snapshot. */
  private copy(m: EntityManager, copySql: string): CopyToStreamQuery {
    const client = connectionOf(m);
    if (!client) throw new Error("the package's files are copied inside the package transaction");
    return client.query(copyTo(copySql));
  }

  /**
   * A COPY cut short leaves its connection in the middle of the output, where no ROLLBACK can be
   * sent: the connection is closed, so the driver discards it and the transaction ends with it.
   */
  abandonCopy(m: EntityManager): void {
    abandonConnection(connectionOf(m), 'the audit package was abandoned while PostgreSQL was writing one of its files');
  }

  /** Waits until every statement sent before it has completed (a COPY's row count is then known). */
  async barrier(m: EntityManager): Promise<void> {
    await m.query('SELECT 1');
  }

  /**
   * Streaming reads: a parallel plan would sort the whole ledger before the first row, and
   * JIT-compiling a streaming scan costs more than it saves (as the GL export measured).
   */
  async tuneForStreaming(m: EntityManager): Promise<void> {
    await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
    await m.query('SET LOCAL jit = off');
  }

  /** Debits and credits of the year per account × fund, every source included (closing too). */
  movements(m: EntityManager, startsOn: string, endsOn: string): Promise<{ account: string; fund: string; debitBase: string; creditBase: string }[]> {
    return m.query(
      `SELECT account_code AS account, fund_code AS fund,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END)::text AS "debitBase",
              sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)::text AS "creditBase"
         FROM postings WHERE entry_date >= $1::date AND entry_date <= $2::date
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [startsOn, endsOn],
    );
  }

  /** Audit rows from the first day of the year (UTC) to the package's snapshot. */
  auditLog(m: EntityManager, startsOn: string): AsyncGenerator<AuditLogCsvRow> {
    return cursorRows<AuditLogCsvRow>(
      m,
      `SELECT id::text, occurred_at, actor_token_id::text, actor_role, action, target, request_id, outcome,
              status_code::text, detail
         FROM audit_log
        WHERE occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
        ORDER BY id`,
      [startsOn],
    );
  }
}
