import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BankScope, postingScopeParams, postingScopeSql } from '../bank-scope.repository';
import { bulkSettings } from '../bulk-settings';
import { MIN_REFERENCE_LENGTH } from './auto-match';
import {
  CharacterFacts,
  containsTokenSql,
  decidableSql,
  LAST_COMPARED_CODE_POINT,
  tokenSql,
} from './reference-agreement';

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

/** A candidate pair whose reference agreement the database could not decide, with what the rule reads. */
export interface UndecidedPairRow {
  lineId: string;
  postingId: string;
  reference: string;
  bankReference: string | null;
  lineDescription: string;
  entryDescription: string;
  sourceId: string | null;
  metadata: Record<string, string>;
}

/** Candidate pairs of one auto-match: temporary, dropped at commit. */
const PAIRS = 'pg_temp.auto_match_pairs';
/** Pairs taken by rules 1 and 2, with their rule, until they are written as matches. */
const TAKEN = 'pg_temp.auto_match_taken';

/**
 * A posting's references as JavaScript lists them for the reference rule: the entry's metadata
 * values (integer-like keys first, ascending, then the others in the order jsonb stores them —
 * the order of Object.values on the parsed object) and its source id when not empty.
 */
const ENTRY_REFERENCES_SQL = `ARRAY(
  SELECT v FROM (
    SELECT kv.value AS v,
           CASE WHEN kv.key ~ '^(0|[1-9][0-9]{0,9})$' AND kv.key::bigint < 4294967295 THEN 0 ELSE 1 END AS kind,
           CASE WHEN kv.key ~ '^(0|[1-9][0-9]{0,9})$' AND kv.key::bigint < 4294967295 THEN kv.key::bigint END AS n,
           kv.ord
      FROM jsonb_each_text(e.metadata) WITH ORDINALITY AS kv(key, value, ord)
    UNION ALL
    SELECT e.source_id, 2, NULL, 0 WHERE coalesce(e.source_id, '') <> '') r
  ORDER BY kind, n, ord)`;

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

  /** What the database makes of each character (lower case, letter or digit), for agreeingCharacterClass. */
  characterFacts(m: EntityManager): Promise<CharacterFacts[]> {
    return m.query(
      `SELECT cp, lower(chr(cp)) AS lower, chr(cp) ~ '[[:alnum:]]' AS alnum
         FROM generate_series(1, $1::int) cp WHERE cp NOT BETWEEN 55296 AND 57343`,
      [LAST_COMPARED_CODE_POINT],
    );
  }

  /**
   * Rules 1 and 2 in one table: every pair of an open statement line (account currency) and an
   * open posting of the account with the same currency and amount, the opposite side (money in ↔
   * debit of the bank) and entry date within ±windowDays, with whether their references agree —
   * NULL where a text holds a character the database and the code might read differently
   * (`characterClass`, see reference-agreement.ts), and the currency and date a match of the pair
   * would have. Returns the number of pairs.
   */
  async stageCandidatePairs(
    m: EntityManager,
    scope: BankScope,
    windowDays: number,
    characterClass: string,
  ): Promise<number> {
    await bulkSettings(m);
    await m.query(`DROP TABLE IF EXISTS ${PAIRS}`);
    await m.query(`DROP TABLE IF EXISTS ${TAKEN}`);
    const lineToken = (column: string): string => tokenSql(column, MIN_REFERENCE_LENGTH);
    await m.query(
      `CREATE TEMP TABLE auto_match_pairs ON COMMIT DROP AS
       WITH open_lines AS (
         SELECT l.id, l.booking_date, l.currency, l.amount,
                CASE l.direction WHEN 'credit' THEN 'debit' ELSE 'credit' END AS side, l.reference, l.bank_reference, l.description
           FROM statement_lines l
          WHERE l.bank_account = $1 AND NOT l.foreign_currency
            AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.statement_line_id = l.id AND i.active)),
       open_postings AS (
         SELECT p.id, p.entry_id, p.entry_date, p.currency, p.amount, p.side
           FROM postings p
          WHERE ${postingScopeSql(2)}
            AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.posting_id = p.id AND i.active)),
       pairs AS MATERIALIZED (
         SELECT l.id AS line_id, p.id AS posting_id, p.entry_id, l.currency,
                greatest(l.booking_date, p.entry_date) AS settles_on,
                lower(l.reference || ' ' || coalesce(l.bank_reference, '') || ' ' || l.description) AS line_text,
                array_remove(ARRAY[${lineToken('l.reference')}, ${lineToken("coalesce(l.bank_reference, '')")}], NULL) AS line_tokens,
                ${decidableSql("(l.reference || coalesce(l.bank_reference, '') || l.description)", '$6::text')} AS line_decidable
           FROM open_lines l
           JOIN open_postings p ON p.currency = l.currency AND p.side = l.side AND p.amount = l.amount
            AND p.entry_date BETWEEN l.booking_date - $5::int AND l.booking_date + $5::int),
       entries AS MATERIALIZED (
         SELECT e.id, lower(e.description || ' ' || array_to_string(r.refs, ' ')) AS entry_text,
                array_remove(ARRAY(SELECT ${tokenSql('v', MIN_REFERENCE_LENGTH)} FROM unnest(r.refs) v), NULL) AS entry_tokens,
                ${decidableSql("(e.description || array_to_string(r.refs, ''))", '$6::text')} AS entry_decidable
           FROM journal_entries e CROSS JOIN LATERAL (SELECT ${ENTRY_REFERENCES_SQL} AS refs) r
          WHERE e.id IN (SELECT entry_id FROM pairs))
       SELECT x.line_id, x.posting_id, x.currency, x.settles_on,
              CASE WHEN x.line_decidable AND e.entry_decidable THEN
                EXISTS (SELECT 1 FROM unnest(x.line_tokens) t(k) WHERE ${containsTokenSql('e.entry_text', 't.k')})
                OR EXISTS (SELECT 1 FROM unnest(e.entry_tokens) t(k) WHERE ${containsTokenSql('x.line_text', 't.k')})
              END AS ref_agree
         FROM pairs x JOIN entries e ON e.id = x.entry_id`,
      [scope.code, ...postingScopeParams(scope), windowDays, characterClass],
    );
    await m.query(`CREATE TEMP TABLE auto_match_taken (
        rule text NOT NULL, line_id bigint NOT NULL, posting_id bigint NOT NULL, currency char(3) NOT NULL,
        settles_on date NOT NULL, match_id uuid NOT NULL DEFAULT gen_random_uuid())
      ON COMMIT DROP`);
    const rows: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM ${PAIRS}`);
    return rows[0].n;
  }

  /** Pairs whose reference agreement is still undecided, with the texts the rule reads, a page at a time. */
  undecidedPairs(m: EntityManager, limit: number): Promise<UndecidedPairRow[]> {
    return m.query(
      `SELECT x.line_id::text AS "lineId", x.posting_id::text AS "postingId", l.reference, l.bank_reference AS "bankReference",
              l.description AS "lineDescription", e.description AS "entryDescription", e.source_id AS "sourceId", e.metadata
         FROM ${PAIRS} x
         JOIN statement_lines l ON l.id = x.line_id
         JOIN postings p ON p.id = x.posting_id
         JOIN journal_entries e ON e.id = p.entry_id
        WHERE x.ref_agree IS NULL
        ORDER BY x.line_id, x.posting_id LIMIT $1`,
      [limit],
    );
  }

  async decidePairs(m: EntityManager, decided: readonly { lineId: string; postingId: string; agree: boolean }[]): Promise<void> {
    if (decided.length === 0) return;
    await m.query(
      `UPDATE ${PAIRS} x SET ref_agree = d.agree
         FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) AS d(line_id, posting_id, agree)
        WHERE x.line_id = d.line_id AND x.posting_id = d.posting_id`,
      [decided.map((d) => d.lineId), decided.map((d) => d.postingId), decided.map((d) => d.agree)],
    );
  }

  /**
   * One pass of rule 1 (`reference`: pairs whose references agree) or rule 2 (`amount-date`: all
   * pairs): takes every pair that is its line's only candidate and its posting's only claimant,
   * and closes the other pairs of what it took. Returns how many it took.
   */
  async takeUniquePairs(m: EntityManager, rule: 'reference' | 'amount-date'): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `WITH candidates AS (
         SELECT line_id, posting_id, currency, settles_on,
                count(*) OVER (PARTITION BY line_id) AS of_line,
                count(*) OVER (PARTITION BY posting_id) AS of_posting
           FROM ${PAIRS} WHERE $1 = 'amount-date' OR ref_agree),
       chosen AS MATERIALIZED (
         SELECT line_id, posting_id, currency, settles_on FROM candidates WHERE of_line = 1 AND of_posting = 1),
       taken AS (
         INSERT INTO ${TAKEN} (rule, line_id, posting_id, currency, settles_on)
         SELECT $1, line_id, posting_id, currency, settles_on FROM chosen RETURNING 1),
       closed AS (
         DELETE FROM ${PAIRS} x
          WHERE x.line_id IN (SELECT line_id FROM chosen) OR x.posting_id IN (SELECT posting_id FROM chosen))
       SELECT count(*)::int AS n FROM taken`,
      [rule],
    );
    return rows[0].n;
  }

  /**
   * Writes the pairs taken as matches (method auto, their rule, settled on the later of the two
   * dates), in two statements: the matches, then all their items (the item trigger checks each).
   * Returns the count by rule.
   */
  async insertTakenPairs(
    m: EntityManager,
    scope: BankScope,
    matchedBy: string | null,
  ): Promise<{ rule: string; n: number }[]> {
    const counts: { rule: string; n: number }[] = await m.query(
      `WITH written AS (
         INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on, matched_by)
         SELECT t.match_id, $1, t.currency, 'auto', t.rule, t.settles_on, $2::uuid FROM ${TAKEN} t
         RETURNING rule)
       SELECT rule, count(*)::int AS n FROM written GROUP BY rule`,
      [scope.code, matchedBy],
    );
    await m.query(
      `INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
       SELECT match_id, line_id, NULL FROM ${TAKEN}
       UNION ALL
       SELECT match_id, NULL, posting_id FROM ${TAKEN}`,
    );
    return counts;
  }

  /**
   * The open postings rules 3 and 4 can reach once rules 1 and 2 are done: those within the window
   * of an open line of the account, in its currency, on the opposite side and not larger than it.
   * The open postings are set apart first (few, once pairs are taken), so each open line looks
   * only at them in its window.
   */
  async residuePostings(m: EntityManager, scope: BankScope, windowDays: number): Promise<UnmatchedPostingRow[]> {
    await m.query('DROP TABLE IF EXISTS pg_temp.auto_match_open_postings');
    await m.query(
      `CREATE TEMP TABLE auto_match_open_postings ON COMMIT DROP AS
       SELECT p.id, p.entry_date, p.side, p.currency, p.amount FROM postings p
        WHERE ${postingScopeSql(1)}
          AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.posting_id = p.id AND i.active)`,
      postingScopeParams(scope),
    );
    await m.query('CREATE INDEX ON pg_temp.auto_match_open_postings (currency, side, entry_date)');
    await m.query('ANALYZE pg_temp.auto_match_open_postings');
    return m.query(
      `SELECT p.id::text AS id, to_char(p.entry_date, 'YYYY-MM-DD') AS "entryDate", p.side, p.amount::text AS amount,
              p.currency, e.description, e.source_id AS "sourceId", e.metadata
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.id IN (
          SELECT o.id
            FROM statement_lines l
            JOIN pg_temp.auto_match_open_postings o
              ON o.currency = l.currency AND o.side = CASE l.direction WHEN 'credit' THEN 'debit' ELSE 'credit' END
             AND o.entry_date BETWEEN l.booking_date - $2::int AND l.booking_date + $2::int AND o.amount <= l.amount
           WHERE l.bank_account = $1 AND NOT l.foreign_currency
             AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.statement_line_id = l.id AND i.active))
        ORDER BY p.entry_date, p.id`,
      [scope.code, windowDays],
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
