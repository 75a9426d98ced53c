import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { CopyToStreamQuery } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { glCopySql } from '@app/exports';
import { cursorRows } from '../shared/cursor';

export interface SequenceRange {
  firstSequence: number;
  lastSequence: number;
  entriesInYear: number;
}

export interface JournalCsvRow {
  sequence: string;
  entry_id: string;
  date: string;
  fiscal_year: string;
  period: string;
  description: string;
  source: string;
  source_id: string | null;
  reverses_entry_id: string | null;
  metadata: Record<string, string>;
  actor_token_id: string | null;
  posted_at: Date;
  prev_hash: string;
  entry_hash: string;
  line_no: string;
  account: string;
  fund: string;
  side: string;
  amount: string;
  currency: string;
  rate: string;
  amount_base: string;
  member: string | null;
  grant: string | null;
  budget_line: string | null;
  bank_account: string | null;
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

/** The journal with hashes, one row per posting, for a range of sequences ($1..$2). */
export const JOURNAL_SQL = `SELECT e.sequence::text, e.id::text AS entry_id, to_char(e.entry_date, 'YYYY-MM-DD') AS date,
              e.fiscal_year::text, e.period::text, e.description, e.source, e.source_id,
              e.reverses_entry_id::text, e.metadata, e.actor_token_id::text, e.posted_at, e.prev_hash,
              e.hash AS entry_hash, p.line_no::text, p.account_code AS account, p.fund_code AS fund, p.side,
              p.amount::text, p.currency::text, p.rate::text, p.amount_base::text, p.member_code AS member,
              p.grant_code AS "grant", p.budget_line, p.bank_account
         FROM journal_entries e
         JOIN postings p ON p.sequence = e.sequence AND p.entry_id = e.id
        WHERE e.sequence >= $1 AND e.sequence <= $2
        ORDER BY e.sequence, p.line_no`;

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

  journal(m: EntityManager, range: SequenceRange): AsyncGenerator<JournalCsvRow> {
    return cursorRows<JournalCsvRow>(
      m,
      JOURNAL_SQL,
      [range.firstSequence, range.lastSequence],
    );
  }

  /**
   * The general ledger of the year as PostgreSQL writes it — the GL export's own COPY, so the file
   * is byte for byte the GL export of the same dates — inside the package's snapshot (the
   * transaction's own connection).
   */
  copyGeneralLedger(m: EntityManager, startsOn: string, endsOn: string): CopyToStreamQuery {
    const client = (m.queryRunner as unknown as { databaseConnection?: ClientBase } | undefined)?.databaseConnection;
    if (!client) throw new Error('the general ledger is copied inside the package transaction');
    return client.query(copyTo(glCopySql({ from: startsOn, to: endsOn })));
  }

  /**
   * A COPY cut short leaves its connection in the middle of the output, where no ROLLBACK can be
   * sent: the connection is closed, so the driver discards it and the transaction ends with it.
   */
  abandonCopy(m: EntityManager): void {
    const client = (m.queryRunner as unknown as { databaseConnection?: { connection?: { stream?: { destroy(e?: Error): void } } } } | undefined)
      ?.databaseConnection;
    client?.connection?.stream?.destroy(new Error('the audit package was abandoned during its general ledger'));
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
