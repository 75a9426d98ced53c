import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BankScope, postingScopeParams, postingScopeSql } from '../bank-scope.repository';

export type MatchMethod = 'auto' | 'manual' | 'entry';
export type StoredMatchRule = 'reference' | 'amount-date' | 'one-to-many' | 'reversal-pair' | 'manual' | 'entry';

export interface NewMatch {
  id: string;
  bankAccount: string;
  currency: string;
  method: MatchMethod;
  rule: StoredMatchRule;
  /** The latest date among the items (YYYY-MM-DD). */
  settlesOn: string;
  matchedBy: string | null;
  lineIds: readonly string[];
  postingIds: readonly string[];
}

export interface UnmatchedLineRow {
  id: string;
  bookingDate: string;
  direction: 'credit' | 'debit';
  amount: string;
  currency: string;
  reference: string;
  bankReference: string | null;
  description: string;
  reversal: boolean;
}

export interface UnmatchedPostingRow {
  id: string;
  entryDate: string;
  side: 'debit' | 'credit';
  amount: string;
  currency: string;
  description: string;
  sourceId: string | null;
  metadata: Record<string, string>;
}

export interface MatchRow {
  id: string;
  bankAccount: string;
  currency: string;
  method: MatchMethod;
  rule: StoredMatchRule;
  settlesOn: string;
  matchedAt: string;
  matchedBy: string | null;
  unmatchedAt: string | null;
  unmatchedBy: string | null;
  unmatchReason: string | null;
  lineIds: string[];
  postingIds: string[];
}

export interface LockedLine {
  id: string;
  bankAccount: string;
  bookingDate: string;
  direction: 'credit' | 'debit';
  amount: string;
  currency: string;
  reference: string;
  bankReference: string | null;
  foreignCurrency: boolean;
  matchId: string | null;
}

export interface LockedPosting {
  id: string;
  entryId: string;
  entryDate: string;
  side: 'debit' | 'credit';
  amount: string;
  currency: string;
  inScope: boolean;
  matchId: string | null;
}

const TS = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** All SQL of matches between statement lines and postings. */
@Injectable()
export class MatchesRepository {
  /** Statement lines in the account currency that are in no active match (auto-matching's input). */
  unmatchedLines(m: EntityManager, scope: BankScope): Promise<UnmatchedLineRow[]> {
    return m.query(
      `SELECT l.id::text AS id, to_char(l.booking_date, 'YYYY-MM-DD') AS "bookingDate", l.direction, l.amount::text AS amount,
              l.currency, l.reference, l.bank_reference AS "bankReference", l.description, l.reversal
         FROM statement_lines l
        WHERE l.bank_account = $1 AND NOT l.foreign_currency
          AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.statement_line_id = l.id AND i.active)
        ORDER BY l.booking_date, l.id`,
      [scope.code],
    );
  }

  /** The bank account's postings that are in no active match, with their entry's texts. */
  unmatchedPostings(m: EntityManager, scope: BankScope): Promise<UnmatchedPostingRow[]> {
    return m.query(
      `SELECT p.id::text AS id, to_char(p.entry_date, 'YYYY-MM-DD') AS "entryDate", p.side, p.amount::text AS amount,
              p.currency, e.description, e.source_id AS "sourceId", e.metadata
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE ${postingScopeSql(1)}
          AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.posting_id = p.id AND i.active)
        ORDER BY p.entry_date, p.id`,
      postingScopeParams(scope),
    );
  }

  /** Fresh statistics after many matches were written (see StatementsRepository.analyze). */
  async analyze(m: EntityManager): Promise<void> {
    await m.query('ANALYZE bank_matches, bank_match_items');
  }

  /** Inserts matches and their items, a few statements per batch (the item trigger checks each match). */
  async insert(m: EntityManager, matches: readonly NewMatch[]): Promise<void> {
    if (matches.length === 0) return;
    await m.query(
      `INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on, matched_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::char(3)[], $4::text[], $5::text[], $6::date[], $7::uuid[])`,
      [
        matches.map((x) => x.id),
        matches.map((x) => x.bankAccount),
        matches.map((x) => x.currency),
        matches.map((x) => x.method),
        matches.map((x) => x.rule),
        matches.map((x) => x.settlesOn),
        matches.map((x) => x.matchedBy),
      ],
    );
    const items = matches.flatMap((x) => [
      ...x.lineIds.map((id) => ({ match: x.id, line: id, posting: null as string | null })),
      ...x.postingIds.map((id) => ({ match: x.id, line: null as string | null, posting: id })),
    ]);
    await m.query(
      `INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])`,
      [items.map((i) => i.match), items.map((i) => i.line), items.map((i) => i.posting)],
    );
  }

  /** The named lines and whether each is matched (the bank account lock serialises matchers). */
  findLines(m: EntityManager, ids: readonly string[]): Promise<LockedLine[]> {
    return m.query(
      `SELECT l.id::text AS id, l.bank_account AS "bankAccount", to_char(l.booking_date, 'YYYY-MM-DD') AS "bookingDate",
              l.direction, l.amount::text AS amount, l.currency, l.reference, l.bank_reference AS "bankReference",
              l.foreign_currency AS "foreignCurrency",
              (SELECT i.match_id FROM bank_match_items i WHERE i.statement_line_id = l.id AND i.active) AS "matchId"
         FROM statement_lines l WHERE l.id = ANY($1::bigint[]) ORDER BY l.id`,
      [ids],
    );
  }

  /** The named postings, whether each belongs to the bank account, and whether it is matched. */
  findPostings(m: EntityManager, scope: BankScope, ids: readonly string[]): Promise<LockedPosting[]> {
    return m.query(
      `SELECT p.id::text AS id, p.entry_id AS "entryId", to_char(p.entry_date, 'YYYY-MM-DD') AS "entryDate", p.side, p.amount::text AS amount, p.currency,
              (${postingScopeSql(2)}) AS "inScope",
              (SELECT i.match_id FROM bank_match_items i WHERE i.posting_id = p.id AND i.active) AS "matchId"
         FROM postings p WHERE p.id = ANY($1::bigint[]) ORDER BY p.id`,
      [ids, ...postingScopeParams(scope)],
    );
  }

  async postingIdOf(m: EntityManager, entryId: string, lineNo: number): Promise<string> {
    const rows: { id: string }[] = await m.query(
      'SELECT id::text AS id FROM postings WHERE entry_id = $1 AND line_no = $2',
      [entryId, lineNo],
    );
    if (rows.length !== 1) throw new Error(`posting ${lineNo} of entry ${entryId} not found right after posting it`);
    return rows[0].id;
  }

  async find(m: EntityManager, id: string, lock = false): Promise<MatchRow | undefined> {
    const rows: MatchRow[] = await m.query(
      `SELECT ${MATCH_COLUMNS} FROM bank_matches bm WHERE bm.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async unmatch(m: EntityManager, id: string, by: string | null, reason: string): Promise<void> {
    await m.query(
      'UPDATE bank_matches SET unmatched_at = now(), unmatched_by = $2, unmatch_reason = $3 WHERE id = $1',
      [id, by, reason],
    );
  }

  list(
    m: EntityManager,
    bankAccount: string,
    includeUnmatched: boolean,
    limit: number,
    before?: string,
  ): Promise<MatchRow[]> {
    return m.query(
      `SELECT ${MATCH_COLUMNS} FROM bank_matches bm
        WHERE bm.bank_account = $1 AND ($2::boolean OR bm.unmatched_at IS NULL)
          AND ($4::timestamptz IS NULL OR bm.matched_at < $4::timestamptz)
        ORDER BY bm.matched_at DESC, bm.id LIMIT $3`,
      [bankAccount, includeUnmatched, limit, before ?? null],
    );
  }
}

const MATCH_COLUMNS = `bm.id, bm.bank_account AS "bankAccount", bm.currency, bm.method, bm.rule,
  to_char(bm.settles_on, 'YYYY-MM-DD') AS "settlesOn",
  ${TS('bm.matched_at')} AS "matchedAt", bm.matched_by AS "matchedBy",
  ${TS('bm.unmatched_at')} AS "unmatchedAt", bm.unmatched_by AS "unmatchedBy", bm.unmatch_reason AS "unmatchReason",
  ARRAY(SELECT i.statement_line_id::text FROM bank_match_items i WHERE i.match_id = bm.id AND i.statement_line_id IS NOT NULL
        ORDER BY i.statement_line_id) AS "lineIds",
  ARRAY(SELECT i.posting_id::text FROM bank_match_items i WHERE i.match_id = bm.id AND i.posting_id IS NOT NULL
        ORDER BY i.posting_id) AS "postingIds"`;
