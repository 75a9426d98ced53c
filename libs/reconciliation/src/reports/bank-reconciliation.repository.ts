import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BankScope, postingScopeParams, postingScopeSql } from '../bank-scope.repository';
import { LineRange } from './bank-reconciliation.rules';

export interface UnmatchedTotals {
  count: number;
  /** Signed, account currency only (foreign-currency lines are counted, not summed). */
  total: string;
  stale: number;
}

export interface UnmatchedLineItem {
  id: string;
  statementId: string;
  bookingDate: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  amount: string;
  currency: string;
  reference: string;
  bankReference: string | null;
  description: string;
  reversal: boolean;
  foreignCurrency: boolean;
}

export interface UnmatchedPostingItem {
  postingId: string;
  entryId: string;
  sequence: number;
  line: number;
  date: string;
  description: string;
  side: 'debit' | 'credit';
  amount: string;
  currency: string;
  fund: string;
}

export interface SignOffRow {
  id: string;
  bankAccount: string;
  asOf: string;
  preparedBy: string;
  reviewedBy: string;
  reconciled: boolean;
  difference: string;
  figures: unknown;
  actorTokenId: string | null;
  signedAt: string;
  /** The preparation a review signed off (null for sign-offs typed before reviews existed). */
  preparationId: string | null;
  preparedByActor: string | null;
  reviewedByActor: string | null;
}

/** A bank reconciliation as one person prepared it, awaiting another's review. */
export interface PreparationRow {
  id: string;
  bankAccount: string;
  asOf: string;
  preparedBy: string;
  preparedByActor: string;
  reconciled: boolean;
  difference: string;
  figures: unknown;
  preparedAt: string;
  /** The sign-off its review wrote; null while it awaits review. */
  signOffId: string | null;
}

/**
 * A line or a posting is matched as at a date when it is in an active match complete by then
 * (settles_on, the latest date among the match's items, on or before it). An item of a match
 * still partly in the future counts as unmatched at that date: it is in transit. Plain joins on
 * the partial unique indexes: linear in the lines or postings read, whatever the statistics.
 */

/** $1 code, $2 asOf: the statement lines booked by asOf not in a match complete by then. */
const UNMATCHED_LINES = `FROM statement_lines l
  LEFT JOIN bank_match_items i ON i.statement_line_id = l.id AND i.active
  LEFT JOIN bank_matches bm ON bm.id = i.match_id
  WHERE l.bank_account = $1 AND l.booking_date <= $2::date AND (bm.id IS NULL OR bm.settles_on > $2::date)`;

/** $1 asOf, $2 start (nullable), $3 currency, $4..$6 scope: the postings by asOf not in a match complete by then. */
const UNMATCHED_POSTINGS_WHERE = `LEFT JOIN bank_match_items i ON i.posting_id = p.id AND i.active
  LEFT JOIN bank_matches bm ON bm.id = i.match_id
  WHERE ${postingScopeSql(4)} AND p.currency = $3 AND p.entry_date <= $1::date
    AND ($2::date IS NULL OR p.entry_date >= $2::date)
    AND (bm.id IS NULL OR bm.settles_on > $1::date)`;

/** All SQL of the bank reconciliation report and its sign-offs. */
@Injectable()
export class BankReconciliationRepository {
  /** Σ of the bank account's postings in its currency dated by asOf, debits positive. */
  async ledgerBalance(m: EntityManager, scope: BankScope, asOf: string): Promise<string> {
    const rows: { balance: string }[] = await m.query(
      `SELECT coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount ELSE -p.amount END), 0)::text AS balance
         FROM postings p WHERE ${postingScopeSql(3)} AND p.currency = $2 AND p.entry_date <= $1::date`,
      [asOf, scope.currency, ...postingScopeParams(scope)],
    );
    return rows[0].balance;
  }

  /** Σ of statement lines in the account currency booked by asOf within `range`, credits positive. */
  async linesTotal(m: EntityManager, code: string, asOf: string, range: LineRange): Promise<string> {
    const rows: { total: string }[] = await m.query(
      `SELECT coalesce(sum(CASE l.direction WHEN 'credit' THEN l.amount ELSE -l.amount END), 0)::text AS total
         FROM statement_lines l
        WHERE l.bank_account = $1 AND NOT l.foreign_currency AND l.booking_date <= $2::date
          AND ($3::date IS NULL OR l.booking_date > $3::date) AND ($4::date IS NULL OR l.booking_date >= $4::date)`,
      [code, asOf, range.afterExclusive ?? null, range.fromInclusive ?? null],
    );
    return rows[0].total;
  }

  async unmatchedLineTotals(
    m: EntityManager,
    code: string,
    asOf: string,
    windowDays: number,
  ): Promise<UnmatchedTotals> {
    const rows: { count: string; total: string; stale: string }[] = await m.query(
      `SELECT count(*)::text AS count,
              coalesce(sum(CASE WHEN l.foreign_currency THEN 0 WHEN l.direction = 'credit' THEN l.amount ELSE -l.amount END), 0)::text AS total,
              count(*) FILTER (WHERE l.booking_date < $2::date - $3::int)::text AS stale
       ${UNMATCHED_LINES}`,
      [code, asOf, windowDays],
    );
    return { count: Number(rows[0].count), total: rows[0].total, stale: Number(rows[0].stale) };
  }

  unmatchedLines(m: EntityManager, code: string, asOf: string, limit: number): Promise<UnmatchedLineItem[]> {
    return m.query(
      `SELECT l.id::text AS id, l.statement_id AS "statementId", to_char(l.booking_date, 'YYYY-MM-DD') AS "bookingDate",
              to_char(l.value_date, 'YYYY-MM-DD') AS "valueDate", l.direction, l.amount::text AS amount, l.currency,
              l.reference, l.bank_reference AS "bankReference", l.description, l.reversal, l.foreign_currency AS "foreignCurrency"
       ${UNMATCHED_LINES}
       ORDER BY l.booking_date, l.id LIMIT $3`,
      [code, asOf, limit],
    );
  }

  async unmatchedPostingTotals(
    m: EntityManager,
    scope: BankScope,
    asOf: string,
    start: string | null,
    windowDays: number,
  ): Promise<UnmatchedTotals> {
    const rows: { count: string; total: string; stale: string }[] = await m.query(
      `SELECT count(*)::text AS count,
              coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount ELSE -p.amount END), 0)::text AS total,
              count(*) FILTER (WHERE p.entry_date < $1::date - $7::int)::text AS stale
         FROM postings p ${UNMATCHED_POSTINGS_WHERE}`,
      [asOf, start, scope.currency, ...postingScopeParams(scope), windowDays],
    );
    return { count: Number(rows[0].count), total: rows[0].total, stale: Number(rows[0].stale) };
  }

  unmatchedPostings(
    m: EntityManager,
    scope: BankScope,
    asOf: string,
    start: string | null,
    limit: number,
  ): Promise<UnmatchedPostingItem[]> {
    return m.query(
      `SELECT p.id::text AS "postingId", p.entry_id AS "entryId", p.sequence::int AS sequence, p.line_no AS line,
              to_char(p.entry_date, 'YYYY-MM-DD') AS date, e.description, p.side, p.amount::text AS amount, p.currency,
              p.fund_code AS fund
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id ${UNMATCHED_POSTINGS_WHERE}
        ORDER BY p.entry_date, p.id LIMIT $7`,
      [asOf, start, scope.currency, ...postingScopeParams(scope), limit],
    );
  }

  async insertSignOff(m: EntityManager, row: Omit<SignOffRow, 'signedAt'>): Promise<SignOffRow> {
    const rows: SignOffRow[] = await m.query(
      `INSERT INTO bank_reconciliation_sign_offs (id, bank_account, as_of, prepared_by, reviewed_by, reconciled, difference,
         figures, actor_token_id, preparation_id, prepared_by_actor, reviewed_by_actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)
       RETURNING ${SIGN_OFF_COLUMNS}`,
      [
        row.id,
        row.bankAccount,
        row.asOf,
        row.preparedBy,
        row.reviewedBy,
        row.reconciled,
        row.difference,
        JSON.stringify(row.figures),
        row.actorTokenId,
        row.preparationId,
        row.preparedByActor,
        row.reviewedByActor,
      ],
    );
    return rows[0];
  }

  async insertPreparation(m: EntityManager, row: Omit<PreparationRow, 'preparedAt' | 'signOffId'>): Promise<PreparationRow> {
    const rows: PreparationRow[] = await m.query(
      `INSERT INTO bank_reconciliation_preparations AS p (id, bank_account, as_of, prepared_by, prepared_by_actor, reconciled,
         difference, figures)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       RETURNING ${PREPARATION_COLUMNS}, NULL::uuid AS "signOffId"`,
      [row.id, row.bankAccount, row.asOf, row.preparedBy, row.preparedByActor, row.reconciled, row.difference, JSON.stringify(row.figures)],
    );
    return rows[0];
  }

  /** One preparation, locked against a concurrent review (FOR UPDATE of the preparation only). */
  async preparationForReview(m: EntityManager, id: string): Promise<PreparationRow | undefined> {
    const rows: PreparationRow[] = await m.query(
      `SELECT ${PREPARATION_COLUMNS},
              (SELECT s.id FROM bank_reconciliation_sign_offs s WHERE s.preparation_id = p.id) AS "signOffId"
         FROM bank_reconciliation_preparations p WHERE p.id = $1 FOR UPDATE OF p`,
      [id],
    );
    return rows[0];
  }

  /** Preparations, latest date first; only those awaiting review when `awaitingReview`. */
  listPreparations(
    m: EntityManager,
    bankAccount: string | undefined,
    awaitingReview: boolean,
    limit: number,
  ): Promise<PreparationRow[]> {
    return m.query(
      `SELECT ${PREPARATION_COLUMNS}, s.id AS "signOffId"
         FROM bank_reconciliation_preparations p
         LEFT JOIN bank_reconciliation_sign_offs s ON s.preparation_id = p.id
        WHERE ($1::text IS NULL OR p.bank_account = $1) AND (NOT $2::boolean OR s.id IS NULL)
        ORDER BY p.as_of DESC, p.prepared_at DESC LIMIT $3`,
      [bankAccount ?? null, awaitingReview, limit],
    );
  }

  /** The latest sign-off of the account as at `asOf` or an earlier date (the latest signed if several). */
  async latestSignOff(m: EntityManager, bankAccount: string, asOf: string): Promise<SignOffRow | undefined> {
    const rows: SignOffRow[] = await m.query(
      `SELECT ${SIGN_OFF_COLUMNS} FROM bank_reconciliation_sign_offs
        WHERE bank_account = $1 AND as_of <= $2
        ORDER BY as_of DESC, signed_at DESC LIMIT 1`,
      [bankAccount, asOf],
    );
    return rows[0];
  }

  listSignOffs(m: EntityManager, bankAccount: string | undefined, limit: number): Promise<SignOffRow[]> {
    return m.query(
      `SELECT ${SIGN_OFF_COLUMNS} FROM bank_reconciliation_sign_offs
        WHERE ($1::text IS NULL OR bank_account = $1)
        ORDER BY as_of DESC, signed_at DESC LIMIT $2`,
      [bankAccount ?? null, limit],
    );
  }
}

const SIGN_OFF_COLUMNS = `id, bank_account AS "bankAccount", to_char(as_of, 'YYYY-MM-DD') AS "asOf", prepared_by AS "preparedBy",
  reviewed_by AS "reviewedBy", reconciled, difference::text AS difference, figures, actor_token_id AS "actorTokenId",
  to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "signedAt", preparation_id AS "preparationId",
  prepared_by_actor AS "preparedByActor", reviewed_by_actor AS "reviewedByActor"`;

const PREPARATION_COLUMNS = `p.id, p.bank_account AS "bankAccount", to_char(p.as_of, 'YYYY-MM-DD') AS "asOf", p.prepared_by AS "preparedBy",
  p.prepared_by_actor AS "preparedByActor", p.reconciled, p.difference::text AS difference, p.figures,
  to_char(p.prepared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "preparedAt"`;
