import { Injectable } from '@nestjs/common';
import { createHash, Hash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, minorUnits, notFound, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankScope, BankScopeRepository } from '../bank-scope.repository';
import {
  CsvColumnMapping,
  CsvDateFormat,
  parseCamt053,
  parseCsvStatementStream,
  ParsedStatement,
} from '../statement-parsers';
import {
  balanceAtScale,
  balancesAgree,
  StatementLineRow,
  StatementTally,
  statementPeriod,
  toStatementLineRow,
} from './statement-line';
import { StatementRow, StatementsRepository } from './statements.repository';

export type StatementFormat = 'csv' | 'camt053';
export const STATEMENT_FORMATS: readonly StatementFormat[] = ['csv', 'camt053'];

/** Largest file accepted (CSV is streamed, so this bounds the disk and the transaction, not memory). */
export const MAX_STATEMENT_BYTES = 128 * 1024 * 1024;
/** camt.053 is parsed as one XML document in memory: a tighter bound. */
export const MAX_CAMT_BYTES = 16 * 1024 * 1024;
/** Lines sent to PostgreSQL per round trip. */
const STAGE_BATCH = 5_000;
const READ_CHUNK_BYTES = 256 * 1024;
/** Imports storing at least this many lines refresh the table's statistics. */
export const ANALYZE_AFTER_LINES = 10_000;

export interface ImportOptions {
  /** Original file name, kept with the import. */
  fileName?: string;
  /** CSV: header names when they are not `date,amount,reference,description`. */
  columns?: CsvColumnMapping;
  /** CSV: date format, YYYY-MM-DD by default. */
  dateFormat?: CsvDateFormat;
  /** CSV: the statement's balances (signed decimal strings), which a CSV file does not carry. */
  openingBalance?: string;
  closingBalance?: string;
  /** CSV: the bank's number of the statement. */
  statementRef?: string;
  actorTokenId?: string;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  linesRead: number;
}

export interface ImportedStatement {
  id: string;
  statementId: string | null;
  fromDate: string | null;
  toDate: string | null;
  openingBalance: string | null;
  closingBalance: string | null;
  linesRead: number;
  lines: number;
  duplicates: number;
  balancesAgree: boolean | null;
}

export interface ImportResult {
  id: string;
  bankAccount: string;
  format: StatementFormat;
  /** Lines stored by this import. */
  lines: number;
  /** Lines already stored by an earlier import (not stored again). */
  duplicates: number;
  linesRead: number;
  foreignCurrencyLines: number;
  statements: ImportedStatement[];
  /** The first import of a byte-identical file into this account, when there was one. */
  sameFileAs: string | null;
  warnings: string[];
}

interface PendingStatement {
  id: string;
  position: number;
  statementRef: string | null;
  accountIdentifier: string | null;
  fromDate: string | undefined;
  toDate: string | undefined;
  opening: Decimal | undefined;
  closing: Decimal | undefined;
  where: string;
  tally: StatementTally;
}

/**
 * Imports a bank statement file into a bank account, all or nothing: a malformed file (the
 * parsers name the line or element) stores nothing. Lines already stored — same natural key —
 * are counted as duplicates and not stored again. Changes no ledger entry.
 */
@Injectable()
export class StatementImportService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly statements: StatementsRepository,
  ) {}

  /**
   * Streams the file from disk (CSV is never held whole; camt.053 is read whole, up to
   * MAX_CAMT_BYTES). For the CLI: `onProgress` is called as the file is read.
   */
  importStatementFile(
    bankAccount: string,
    path: string,
    format: StatementFormat,
    onProgress?: (progress: ImportProgress) => void,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    if (!STATEMENT_FORMATS.includes(format))
      throw validationError('format', `must be one of ${STATEMENT_FORMATS.join(', ')}`);
    return this.db.run(async (m) => {
      const scope = await this.scopes.find(m, bankAccount);
      if (!scope) throw notFound('bank account', bankAccount);
      if (!scope.active) throw new DomainError(ErrorCode.InactiveAccount, `bank account '${bankAccount}' is inactive`);
      if (
        format === 'camt053' &&
        (options.openingBalance !== undefined || options.closingBalance !== undefined || options.columns)
      ) {
        throw validationError(
          'format',
          'columns and balances are options of a CSV import; a camt.053 file carries its own',
        );
      }
      await this.scopes.lock(m, bankAccount);
      const totalBytes = (await stat(path)).size;
      const limit = format === 'camt053' ? MAX_CAMT_BYTES : MAX_STATEMENT_BYTES;
      if (totalBytes > limit) {
        throw new DomainError(
          ErrorCode.PayloadTooLarge,
          `a ${format} statement may be at most ${limit} bytes; this one has ${totalBytes}`,
        );
      }
      const hash = createHash('sha256');
      const progress: ImportProgress = { bytesRead: 0, totalBytes, linesRead: 0 };
      await this.statements.createStaging(m);
      const pending =
        format === 'csv'
          ? [await this.stageCsv(m, scope, path, options, hash, progress, onProgress)]
          : await this.stageCamt(m, scope, path, hash, progress, onProgress);
      return this.finish(m, scope, format, pending, hash.digest('hex'), totalBytes, options);
    });
  }

  private async stageCsv(
    m: EntityManager,
    scope: BankScope,
    path: string,
    options: ImportOptions,
    hash: Hash,
    progress: ImportProgress,
    onProgress: ((progress: ImportProgress) => void) | undefined,
  ): Promise<PendingStatement> {
    const statement: PendingStatement = {
      id: randomUUID(),
      position: 1,
      statementRef: options.statementRef ?? null,
      accountIdentifier: null,
      fromDate: undefined,
      toDate: undefined,
      opening: optionalBalance(options.openingBalance, scope.currency, 'openingBalance'),
      closing: optionalBalance(options.closingBalance, scope.currency, 'closingBalance'),
      where: 'file',
      tally: new StatementTally(),
    };
    const chunks = readChunks(path, hash, (bytes) => {
      progress.bytesRead += bytes;
      onProgress?.({ ...progress });
    });
    const lines = parseCsvStatementStream(chunks, {
      currency: scope.currency,
      minorUnits: minorUnits(scope.currency),
      columns: options.columns,
      dateFormat: options.dateFormat,
    });
    let batch: { statementId: string; line: StatementLineRow }[] = [];
    for await (const parsed of lines) {
      const line = toStatementLineRow(parsed, scope.currency, 'csv');
      statement.tally.add(line);
      progress.linesRead++;
      batch.push({ statementId: statement.id, line });
      if (batch.length >= STAGE_BATCH) {
        await this.statements.stage(m, batch);
        batch = [];
      }
    }
    await this.statements.stage(m, batch);
    onProgress?.({ ...progress });
    return statement;
  }

  private async stageCamt(
    m: EntityManager,
    scope: BankScope,
    path: string,
    hash: Hash,
    progress: ImportProgress,
    onProgress: ((progress: ImportProgress) => void) | undefined,
  ): Promise<PendingStatement[]> {
    const bytes = await readFile(path);
    hash.update(bytes);
    progress.bytesRead = bytes.length;
    onProgress?.({ ...progress });
    const parsed: ParsedStatement[] = parseCamt053(bytes);
    const pending: PendingStatement[] = [];
    for (const [i, stmt] of parsed.entries()) {
      const where = `Stmt[${i + 1}]`;
      if (stmt.currency !== undefined && stmt.currency !== scope.currency) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `${where}/Acct/Ccy: the statement is of a ${stmt.currency} account; bank account '${scope.code}' is in ${scope.currency}`,
          [{ field: `${where}/Acct/Ccy`, message: `expected ${scope.currency}` }],
        );
      }
      const statement: PendingStatement = {
        id: randomUUID(),
        position: i + 1,
        statementRef: stmt.statementId ? stmt.statementId.slice(0, 200) : null,
        accountIdentifier: stmt.accountIdentifier ? stmt.accountIdentifier.slice(0, 200) : null,
        fromDate: stmt.fromDate,
        toDate: stmt.toDate,
        opening: stmt.openingBalance,
        closing: stmt.closingBalance,
        where,
        tally: new StatementTally(),
      };
      if (statement.opening) balanceAtScale(statement.opening, scope.currency, `${where}/Bal (opening)`);
      if (statement.closing) balanceAtScale(statement.closing, scope.currency, `${where}/Bal (closing)`);
      for (let start = 0; start < stmt.lines.length; start += STAGE_BATCH) {
        const batch = stmt.lines.slice(start, start + STAGE_BATCH).map((line) => {
          const row = toStatementLineRow(line, scope.currency, 'camt053');
          statement.tally.add(row);
          return { statementId: statement.id, line: row };
        });
        await this.statements.stage(m, batch);
        progress.linesRead += batch.length;
      }
      pending.push(statement);
    }
    onProgress?.({ ...progress });
    return pending;
  }

  private async finish(
    m: EntityManager,
    scope: BankScope,
    format: StatementFormat,
    pending: PendingStatement[],
    sha256: string,
    fileBytes: number,
    options: ImportOptions,
  ): Promise<ImportResult> {
    const importId = randomUUID();
    const sameFileAs = (await this.statements.previousImportOf(m, scope.code, sha256)) ?? null;
    const stored = await this.statements.storeStaged(m, scope.code);
    const warnings: string[] = [];
    const rows: StatementRow[] = pending.map((s) => {
      const period = statementPeriod(s.fromDate, s.toDate, s.tally);
      const agree = balancesAgree(s.opening, s.closing, s.tally.net);
      if (agree === false && s.opening && s.closing) {
        warnings.push(
          `${s.where}${s.statementRef ? ` (${s.statementRef})` : ''}: opening balance ${fmt(s.opening, scope.currency)} + lines ` +
            `${fmt(s.tally.net, scope.currency)} ≠ closing balance ${fmt(s.closing, scope.currency)}: the reconciliation will show the difference`,
        );
      }
      if (s.tally.foreignCurrencyLines > 0) {
        warnings.push(
          `${s.where}: ${s.tally.foreignCurrencyLines} line(s) not in ${scope.currency} were stored and flagged (foreignCurrency): ` +
            'they are left out of the statement balance and of auto-matching; match them by hand',
        );
      }
      return {
        id: s.id,
        importId,
        bankAccount: scope.code,
        position: s.position,
        statementRef: s.statementRef,
        accountIdentifier: s.accountIdentifier,
        currency: scope.currency,
        fromDate: s.fromDate ?? null,
        toDate: s.toDate ?? null,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        openingBalance: s.opening ? balanceAtScale(s.opening, scope.currency, `${s.where} opening balance`) : null,
        closingBalance: s.closing ? balanceAtScale(s.closing, scope.currency, `${s.where} closing balance`) : null,
        linesRead: s.tally.linesRead,
        linesStored: stored.get(s.id)?.stored ?? 0,
        balancesAgree: agree,
      };
    });
    await this.statements.insertStatements(m, rows);
    if (rows.reduce((n, r) => n + r.linesStored, 0) >= ANALYZE_AFTER_LINES) await this.statements.analyze(m);
    const linesRead = rows.reduce((n, r) => n + r.linesRead, 0);
    const linesStored = rows.reduce((n, r) => n + r.linesStored, 0);
    const foreignCurrencyLines = pending.reduce((n, s) => n + s.tally.foreignCurrencyLines, 0);
    await this.statements.insertImport(m, {
      id: importId,
      bankAccount: scope.code,
      format,
      fileName: options.fileName ? options.fileName.slice(0, 255) : null,
      fileSha256: sha256,
      fileBytes,
      statements: rows.length,
      linesRead,
      linesStored,
      duplicates: linesRead - linesStored,
      foreignCurrencyLines,
      actorTokenId: options.actorTokenId ?? null,
    });
    return {
      id: importId,
      bankAccount: scope.code,
      format,
      lines: linesStored,
      duplicates: linesRead - linesStored,
      linesRead,
      foreignCurrencyLines,
      statements: rows.map((r) => ({
        id: r.id,
        statementId: r.statementRef,
        fromDate: r.startsOn,
        toDate: r.endsOn,
        openingBalance: r.openingBalance,
        closingBalance: r.closingBalance,
        linesRead: r.linesRead,
        lines: r.linesStored,
        duplicates: r.linesRead - r.linesStored,
        balancesAgree: r.balancesAgree,
      })),
      sameFileAs,
      warnings,
    };
  }
}

const SIGNED_DECIMAL = /^[+-]?\d{1,20}(?:\.\d{1,4})?$/;

/** A balance typed by the user for a CSV statement: a signed decimal string at the currency's scale. */
function optionalBalance(raw: string | undefined, currency: string, field: string): Decimal | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!SIGNED_DECIMAL.test(text)) throw validationError(field, `'${raw}' is not a signed decimal such as "-1250.50"`);
  const value = new Dec(text);
  if (value.decimalPlaces() > minorUnits(currency)) {
    throw validationError(field, `${currency} has ${minorUnits(currency)} decimal places; '${raw}' has more`);
  }
  return value;
}

function fmt(d: Decimal, currency: string): string {
  return formatAmount(new Dec(d), currency);
}

/** The file's bytes in chunks, hashed on the way (the hash names the file in the import record). */
async function* readChunks(path: string, hash: Hash, onChunk: (bytes: number) => void): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      onChunk(buffer.length);
      yield buffer;
    }
  } finally {
    stream.destroy();
  }
}
