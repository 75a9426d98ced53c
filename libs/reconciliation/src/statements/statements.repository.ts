import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { bulkSettings } from '../bulk-settings';
import { connectionOf } from '@app/database';
import type { StatementFormat, StatementLineRow } from './statement-line';

export interface StatementRow {
  id: string;
  importId: string;
  bankAccount: string;
  position: number;
  statementRef: string | null;
  accountIdentifier: string | null;
  currency: string;
  fromDate: string | null;
  toDate: string | null;
  startsOn: string | null;
  endsOn: string | null;
  /** Signed decimal strings at the account currency's scale. */
  openingBalance: string | null;
  closingBalance: string | null;
  linesRead: number;
  linesStored: number;
  balancesAgree: boolean | null;
  /** camt GrpHdr/MsgId and the page of the message the statement came on (null: first or only page). */
  messageId: string | null;
  pageNumber: number | null;
  /** A later page of a paginated message: the statement (its first page) it continues. */
  continuesStatementId: string | null;
  /** Σ of its lines read in the account's currency, signed (+ money in); null for statements imported before it was kept. */
  linesNet: string | null;
}

export interface ImportRow {
  id: string;
  bankAccount: string;
  format: StatementFormat;
  fileName: string | null;
  fileSha256: string;
  fileBytes: number;
  statements: number;
  linesRead: number;
  linesStored: number;
  duplicates: number;
  foreignCurrencyLines: number;
  actorTokenId: string | null;
  /** Statements of other accounts in the file, not stored. */
  skipped: { accountIdentifier: string; statements: number; lines: number }[];
}

export interface StoredLineRow {
  id: string;
  statementId: string;
  lineNumber: number;
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
  batchCount: number | null;
  matchId: string | null;
}

export interface LineFilter {
  status: 'all' | 'matched' | 'unmatched';
  from?: string;
  to?: string;
  afterId?: string;
  limit: number;
}

const STAGING = 'pg_temp.statement_line_staging';
const RANKED = 'pg_temp.statement_line_ranked';

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A text in COPY's text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * One line of the staging table in COPY's text format, its columns in the table's order. The
 * statement id (a UUID), numbers, the direction and the amount (a decimal string) hold none of the
 * characters COPY escapes; every other text is escaped.
 */
export function stagingCopyLine(statementId: string, r: StatementLineRow): string {
  return (
    `${statementId}\t${r.lineNumber}\t${copyText(r.bookingDate)}\t${copyText(r.valueDate)}\t${r.direction}\t${r.amount}\t` +
    `${copyText(r.currency)}\t${copyText(r.reference)}\t${copyText(r.bankReference)}\t${copyText(r.description)}\t` +
    `${r.reversal ? 't' : 'f'}\t${r.foreignCurrency ? 't' : 'f'}\t${copyText(r.dedupReference)}\t` +
    `${r.batchCount === null ? '\\N' : r.batchCount}\n`
  );
}

const STATEMENT_COLUMNS = `id, import_id AS "importId", bank_account AS "bankAccount", position,
  statement_ref AS "statementRef", account_identifier AS "accountIdentifier", currency,
  to_char(from_date, 'YYYY-MM-DD') AS "fromDate", to_char(to_date, 'YYYY-MM-DD') AS "toDate",
  to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
  opening_balance::text AS "openingBalance", closing_balance::text AS "closingBalance",
  lines_read AS "linesRead", lines_stored AS "linesStored", balances_agree AS "balancesAgree",
  message_id AS "messageId", page_number AS "pageNumber", continues_statement_id AS "continuesStatementId",
  lines_net::text AS "linesNet"`;

/** All SQL of statement imports, statements and statement lines. */
@Injectable()
export class StatementsRepository {
  /**
   * Lines are first written to a temporary table (dropped at commit) — copied in from the file the
   * check wrote (copyStaged) —, numbered and compared with the lines already stored (rankStaged),
   * then moved with one INSERT … SELECT (storeRanked). Node holds no more than a read buffer of the
   * file, whatever its size.
   */
  async createStaging(m: EntityManager): Promise<void> {
    await bulkSettings(m);
    await m.query(`DROP TABLE IF EXISTS ${STAGING}`);
    await m.query(`
      CREATE TEMP TABLE statement_line_staging (
        statement_id uuid NOT NULL,
        line_number integer NOT NULL,
        booking_date date NOT NULL,
        value_date date,
        direction text NOT NULL,
        amount numeric NOT NULL,
        currency char(3) NOT NULL,
        reference text NOT NULL,
        bank_reference text,
        description text NOT NULL,
        reversal boolean NOT NULL,
        foreign_currency boolean NOT NULL,
        dedup_reference text NOT NULL,
        batch_count integer
      ) ON COMMIT DROP`);
  }

  /** Copies a file of stagingCopyLine lines into the staging table, streamed (COPY … FROM STDIN). */
  async copyStaged(m: EntityManager, path: string): Promise<void> {
    const client = connectionOf(m);
    if (!client) throw new Error('copyStaged runs inside a transaction');
    await pipeline(
      createReadStream(path, { highWaterMark: 256 * 1024 }),
      client.query(copyFrom(`COPY ${STAGING} FROM STDIN`)),
    );
  }

  /**
   * Numbers the staged lines — the k-th of identical lines in the file gets occurrence k, the last
   * part of the natural key — and marks those not stored yet (the bank account's lock keeps other
   * imports out until commit). Returns how many each statement will store.
   */
  async rankStaged(m: EntityManager, bankAccount: string): Promise<Map<string, { stored: number; foreign: number }>> {
    await m.query(`DROP TABLE IF EXISTS ${RANKED}`);
    await m.query(
      `CREATE TEMP TABLE statement_line_ranked ON COMMIT DROP AS
       SELECT r.*, NOT EXISTS (
                SELECT 1 FROM statement_lines x
                 WHERE x.bank_account = $1 AND x.booking_date = r.booking_date AND x.direction = r.direction
                   AND x.amount = r.amount AND x.currency = r.currency AND x.dedup_reference = r.dedup_reference
                   AND x.occurrence = r.occurrence) AS fresh
         FROM (SELECT s.*, row_number() OVER (
                        PARTITION BY booking_date, direction, amount, currency, dedup_reference ORDER BY line_number) AS occurrence
                 FROM ${STAGING} s) r`,
      [bankAccount],
    );
    const rows: { statementId: string; stored: string; foreign: string }[] = await m.query(
      `SELECT statement_id AS "statementId", count(*)::text AS stored, count(*) FILTER (WHERE foreign_currency)::text AS foreign
         FROM ${RANKED} WHERE fresh GROUP BY statement_id`,
    );
    return new Map(rows.map((r) => [r.statementId, { stored: Number(r.stored), foreign: Number(r.foreign) }]));
  }

  /**
   * Stores the lines rankStaged found new, in one statement, in file order (their statements must
   * be written first: the lines' check reads them). Refuses to store a different number of lines
   * than it said.
   */
  async storeRanked(m: EntityManager, bankAccount: string, expected: number): Promise<void> {
    const rows: { n: number }[] = await m.query(
      `WITH stored AS (
         INSERT INTO statement_lines (bank_account, statement_id, line_number, booking_date, value_date, direction, amount,
           currency, reference, bank_reference, description, reversal, foreign_currency, dedup_reference, occurrence,
           batch_count)
         SELECT $1, statement_id, line_number, booking_date, value_date, direction, amount, currency, reference,
                bank_reference, description, reversal, foreign_currency, dedup_reference, occurrence, batch_count
           FROM ${RANKED} WHERE fresh ORDER BY line_number
         RETURNING 1)
       SELECT count(*)::int AS n FROM stored`,
      [bankAccount],
    );
    if (rows[0].n !== expected) throw new Error(`stored ${rows[0].n} statement lines where ${expected} were counted`);
  }

  /**
   * Fresh statistics after a bulk load, so the reports and matching that follow are planned for
   * the table as it now is (autovacuum may be off, and is always late after a big import).
   */
  async analyze(m: EntityManager): Promise<void> {
    await m.query('ANALYZE statement_lines');
  }

  async insertStatements(m: EntityManager, rows: readonly StatementRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO bank_statements (id, import_id, bank_account, position, statement_ref, account_identifier, currency,
         from_date, to_date, starts_on, ends_on, opening_balance, closing_balance, lines_read, lines_stored, balances_agree,
         message_id, page_number, continues_statement_id, lines_net)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::char(3)[],
         $8::date[], $9::date[], $10::date[], $11::date[], $12::numeric[], $13::numeric[], $14::int[], $15::int[], $16::boolean[],
         $17::text[], $18::int[], $19::uuid[], $20::numeric[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.importId),
        rows.map((r) => r.bankAccount),
        rows.map((r) => r.position),
        rows.map((r) => r.statementRef),
        rows.map((r) => r.accountIdentifier),
        rows.map((r) => r.currency),
        rows.map((r) => r.fromDate),
        rows.map((r) => r.toDate),
        rows.map((r) => r.startsOn),
        rows.map((r) => r.endsOn),
        rows.map((r) => r.openingBalance),
        rows.map((r) => r.closingBalance),
        rows.map((r) => r.linesRead),
        rows.map((r) => r.linesStored),
        rows.map((r) => r.balancesAgree),
        rows.map((r) => r.messageId),
        rows.map((r) => r.pageNumber),
        rows.map((r) => r.continuesStatementId),
        rows.map((r) => r.linesNet),
      ],
    );
  }

  async insertImport(m: EntityManager, r: ImportRow): Promise<void> {
    await m.query(
      `INSERT INTO statement_imports (id, bank_account, format, file_name, file_sha256, file_bytes, statements, lines_read,
         lines_stored, duplicates, foreign_currency_lines, actor_token_id, skipped)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
      [
        r.id,
        r.bankAccount,
        r.format,
        r.fileName,
        r.fileSha256,
        r.fileBytes,
        r.statements,
        r.linesRead,
        r.linesStored,
        r.duplicates,
        r.foreignCurrencyLines,
        r.actorTokenId,
        JSON.stringify(r.skipped),
      ],
    );
  }

  /**
   * The statement a later page of a paginated camt message continues: the first stored statement
   * of the account with the same message id and statement id that continues none itself, with
   * the opening balance of that first page and the lines' sum of every page stored so far.
   */
  async firstPageOf(
    m: EntityManager,
    bankAccount: string,
    messageId: string,
    statementRef: string,
  ): Promise<{ id: string; openingBalance: string | null; linesNet: string | null } | undefined> {
    const rows: { id: string; openingBalance: string | null; linesNet: string | null }[] = await m.query(
      `SELECT f.id, f.opening_balance::text AS "openingBalance",
              (SELECT CASE WHEN bool_and(p.lines_net IS NOT NULL) THEN sum(p.lines_net)::text END
                 FROM bank_statements p WHERE p.id = f.id OR p.continues_statement_id = f.id) AS "linesNet"
         FROM bank_statements f
        WHERE f.bank_account = $1 AND f.message_id = $2 AND f.statement_ref = $3 AND f.continues_statement_id IS NULL
        ORDER BY f.imported_at, f.position LIMIT 1`,
      [bankAccount, messageId, statementRef],
    );
    return rows[0];
  }

  /** The earlier import of the very same file into this account, if any (told to the user). */
  async previousImportOf(m: EntityManager, bankAccount: string, sha256: string): Promise<string | undefined> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM statement_imports WHERE bank_account = $1 AND file_sha256 = $2 ORDER BY imported_at LIMIT 1`,
      [bankAccount, sha256],
    );
    return rows[0]?.id;
  }

  async listImports(
    m: EntityManager,
    bankAccount: string,
    limit: number,
  ): Promise<(ImportRow & { importedAt: string })[]> {
    return m.query(
      `SELECT id, bank_account AS "bankAccount", format, file_name AS "fileName", file_sha256 AS "fileSha256",
              file_bytes::int AS "fileBytes", statements, lines_read AS "linesRead", lines_stored AS "linesStored",
              duplicates, foreign_currency_lines AS "foreignCurrencyLines", actor_token_id AS "actorTokenId", skipped,
              to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "importedAt"
         FROM statement_imports WHERE bank_account = $1 ORDER BY imported_at DESC, id LIMIT $2`,
      [bankAccount, limit],
    );
  }

  async statementsOfImports(m: EntityManager, importIds: readonly string[]): Promise<StatementRow[]> {
    if (importIds.length === 0) return [];
    return m.query(
      `SELECT ${STATEMENT_COLUMNS} FROM bank_statements WHERE import_id = ANY($1::uuid[]) ORDER BY import_id, position`,
      [importIds],
    );
  }

  /** Every statement of the account with what the reconciliation report needs, oldest first. */
  async statementsOf(m: EntityManager, bankAccount: string): Promise<(StatementRow & { importedAt: string })[]> {
    return m.query(
      `SELECT ${STATEMENT_COLUMNS},
              to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "importedAt"
         FROM bank_statements WHERE bank_account = $1 ORDER BY starts_on NULLS LAST, imported_at, position`,
      [bankAccount],
    );
  }

  async listLines(m: EntityManager, bankAccount: string, f: LineFilter): Promise<StoredLineRow[]> {
    const where = ['l.bank_account = $1'];
    const params: unknown[] = [bankAccount];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.from) add('l.booking_date >= ?', f.from);
    if (f.to) add('l.booking_date <= ?', f.to);
    if (f.afterId) add('l.id > ?::bigint', f.afterId);
    if (f.status === 'matched') where.push('i.match_id IS NOT NULL');
    if (f.status === 'unmatched') where.push('i.match_id IS NULL');
    params.push(f.limit);
    return m.query(
      `SELECT ${LINE_COLUMNS}, i.match_id AS "matchId"
         FROM statement_lines l
         LEFT JOIN bank_match_items i ON i.statement_line_id = l.id AND i.active
        WHERE ${where.join(' AND ')}
        ORDER BY l.id LIMIT $${params.length}`,
      params,
    );
  }
}

export const LINE_COLUMNS = `l.id::text AS id, l.statement_id AS "statementId", l.line_number AS "lineNumber",
  to_char(l.booking_date, 'YYYY-MM-DD') AS "bookingDate", to_char(l.value_date, 'YYYY-MM-DD') AS "valueDate",
  l.direction, l.amount::text AS amount, l.currency, l.reference, l.bank_reference AS "bankReference", l.description,
  l.reversal, l.foreign_currency AS "foreignCurrency", l.batch_count AS "batchCount"`;
