import { Injectable } from '@nestjs/common';
import { createHash, Hash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import {
  checkZipLimits,
  Dec,
  DomainError,
  ErrorCode,
  minorUnits,
  notFound,
  validationError,
  type ZipLimits,
} from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankScope, BankScopeRepository } from '../bank-scope.repository';
import {
  CsvColumnMapping,
  CsvDateFormat,
  parseCamt053Stream,
  parseCsvStatementBatches,
  type ParsedStatementLine,
  parseMt940Stream,
  parseProfiledCsvStream,
  parseXlsxStatementFile,
  statementEvents,
} from '../statement-parsers';
import { statementMalformed } from '../statement-parsers/statement-parse.util';
import {
  amount,
  importResult,
  ImportResult,
  importTotals,
  skippedWarning,
  statementName,
  statementRow,
  statementWarnings,
} from './import-summary';
import { StatementFormat, STATEMENT_FORMATS } from './statement-line';
import { PendingStatement, StagedFile, StagingEvent, StatementStager } from './statement-staging';
import { stagingCopyLine, StatementRow, StatementsRepository } from './statements.repository';

export { STATEMENT_FORMATS, type StatementFormat } from './statement-line';
export type { ImportedStatement, ImportResult } from './import-summary';
export type { SkippedAccount } from './statement-staging';

/** Largest file accepted (CSV, MT940 and XLSX are streamed, so this bounds the disk and the transaction, not memory). */
export const MAX_STATEMENT_BYTES = 128 * 1024 * 1024;
/** camt.053 is parsed as one XML document in memory: a tighter bound. */
export const MAX_CAMT_BYTES = 16 * 1024 * 1024;
/** An XLSX export is read whole once to check what it unpacks to (XLSX_ZIP_LIMITS) before it is read. */
export const MAX_XLSX_BYTES = 32 * 1024 * 1024;
/**
 * What an XLSX may unpack to: a sheet of some 300,000 rows; its shared strings are held while the
 * sheet is read. A small file that unpacks to gigabytes is refused before any of it is unpacked.
 */
const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 192 * 1024 * 1024,
};
const READ_CHUNK_BYTES = 256 * 1024;
/** A checked file's lines wait here (COPY text, one file per check) until their import copies them in. */
const STAGING_DIR = join(tmpdir(), 'ledger-statement-staging');
/** Imports storing at least this many lines refresh the table's statistics. */
export const ANALYZE_AFTER_LINES = 10_000;

export interface ImportOptions {
  /** Original file name, kept with the import. */
  fileName?: string;
  /** CSV without a profile: header names when they are not `date,amount,reference,description`. */
  columns?: CsvColumnMapping;
  /** CSV without a profile: date format, YYYY-MM-DD by default. */
  dateFormat?: CsvDateFormat;
  /** CSV and XLSX: the statement's balances (signed decimal strings), when the file does not give them. */
  openingBalance?: string;
  closingBalance?: string;
  /** CSV and XLSX: the bank's number of the statement. */
  statementRef?: string;
  actorTokenId?: string;
  /** The file as checkStatementFile found it (HTTP uploads are checked before their transaction). */
  checked?: CheckedStatementFile;
}

/**
 * A statement file read whole and found sound before any transaction: its format, bank account,
 * options, size and every statement and line. Its lines are staged in a file of their own (COPY's
 * text format), which the import copies into PostgreSQL without reading the statement again.
 */
export interface CheckedStatementFile {
  bankAccount: string;
  path: string;
  format: StatementFormat;
  bytes: number;
  sha256: string;
  /** The statements of the account found in the file, their tallies, the skipped ones and the warnings. */
  staged: StagedFile;
  /** The lines to store, one per line in COPY's text format; removed by the import (or discardChecked). */
  stagedPath: string;
  /** The bank account's settings the file was read with; an import under other settings is refused. */
  settings: string;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  linesRead: number;
}

/**
 * Imports a bank statement file into a bank account, all or nothing: a malformed file (the
 * parsers name the line or element) stores nothing. Only the statements of the account are
 * imported (by its account number); lines already stored — same natural key — are counted as
 * duplicates and not stored again. Changes no ledger entry.
 */
@Injectable()
export class StatementImportService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly statements: StatementsRepository,
  ) {}

  /**
   * What can be known of a file without a transaction: its format, bank account and options, its
   * size, and the whole file parsed — a malformed one is refused here, naming its line or element —
   * with its lines staged on disk for the import. Takes a database connection only for the bank
   * account's lookup. `onProgress` is called as the file is read.
   */
  async checkStatementFile(
    bankAccount: string,
    path: string,
    format: StatementFormat,
    options: ImportOptions = {},
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<CheckedStatementFile> {
    if (!STATEMENT_FORMATS.includes(format))
      throw validationError('format', `must be one of ${STATEMENT_FORMATS.join(', ')}`);
    const scope = await this.db.run((m) => this.scopes.find(m, bankAccount));
    if (!scope) throw notFound('bank account', bankAccount);
    if (!scope.active) throw new DomainError(ErrorCode.InactiveAccount, `bank account '${bankAccount}' is inactive`);
    checkOptions(scope, format, options);
    const bytes = (await stat(path)).size;
    checkSize(format, bytes);
    if (format === 'xlsx') await checkWorkbook(path);
    const hash = createHash('sha256');
    const progress: ImportProgress = { bytesRead: 0, totalBytes: bytes, linesRead: 0 };
    await mkdir(STAGING_DIR, { recursive: true, mode: 0o700 });
    const stagedPath = join(STAGING_DIR, `${randomUUID()}.copy`);
    const out = createWriteStream(stagedPath, { mode: 0o600 });
    // A failure to write (a full disk) is kept and thrown where the lines are written or the file closed.
    let writeError: Error | undefined;
    out.on('error', (error) => {
      writeError = error;
    });
    const throwIfFailed = (): void => {
      if (writeError) throw writeError;
    };
    const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
    const drained = (): Promise<void> =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
    try {
      const stager = new StatementStager(
        scope,
        format,
        async (batch) => {
          throwIfFailed();
          if (!out.write(batch.map((b) => stagingCopyLine(b.statementId, b.line)).join(''))) await drained();
          throwIfFailed();
        },
        () => {
          progress.linesRead++;
        },
      );
      await stager.consume(await this.events(scope, path, format, options, hash, progress, onProgress));
      onProgress?.({ ...progress });
      const staged = stager.finish();
      out.end();
      await closed;
      throwIfFailed();
      return { bankAccount, path, format, bytes, sha256: hash.digest('hex'), staged, stagedPath, settings: settingsOf(scope) };
    } catch (error) {
      out.destroy();
      await closed;
      await unlink(stagedPath).catch(() => undefined);
      throw error;
    }
  }

  /** Removes what a check staged on disk, when its import will not run (safe to call twice). */
  async discardChecked(checked: CheckedStatementFile): Promise<void> {
    await unlink(checked.stagedPath).catch(() => undefined);
  }

  /**
   * Imports a statement file: checked first (checkStatementFile: read whole, its lines staged on
   * disk), outside the import's transaction, unless `options.checked` says it was; then, in one
   * transaction, the staged lines are copied into PostgreSQL and stored. The file is read once.
   * For the CLI: `onProgress` is called as the file is read.
   */
  async importStatementFile(
    bankAccount: string,
    path: string,
    format: StatementFormat,
    onProgress?: (progress: ImportProgress) => void,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const checked = options.checked ?? (await this.checkStatementFile(bankAccount, path, format, options, onProgress));
    try {
      if (checked.bankAccount !== bankAccount || checked.path !== path || checked.format !== format) {
        throw new Error(`the file checked is ${checked.format} ${checked.path} for ${checked.bankAccount}, not this one`);
      }
      return await this.db.run(async (m) => {
        const scope = await this.scopes.find(m, bankAccount);
        if (!scope) throw notFound('bank account', bankAccount);
        if (!scope.active) throw new DomainError(ErrorCode.InactiveAccount, `bank account '${bankAccount}' is inactive`);
        checkOptions(scope, format, options);
        await this.scopes.lock(m, bankAccount);
        if (settingsOf(scope) !== checked.settings) {
          throw new DomainError(
            ErrorCode.Conflict,
            `the settings of bank account '${bankAccount}' (currency, account number, CSV profile) changed while the file was ` +
              'being read; nothing was stored: import it again',
          );
        }
        await this.statements.createStaging(m);
        await this.statements.copyStaged(m, checked.stagedPath);
        return this.finish(m, scope, format, checked.staged, { sha256: checked.sha256, bytes: checked.bytes }, options);
      });
    } finally {
      await this.discardChecked(checked);
    }
  }

  /** The file's statements as events, read by the parser of its format. */
  private async events(
    scope: BankScope,
    path: string,
    format: StatementFormat,
    options: ImportOptions,
    hash: Hash,
    progress: ImportProgress,
    onProgress: ((progress: ImportProgress) => void) | undefined,
  ): Promise<AsyncIterable<StagingEvent> | Iterable<StagingEvent>> {
    const chunks = (): AsyncGenerator<Buffer> =>
      readChunks(path, hash, (bytes) => {
        progress.bytesRead += bytes;
        onProgress?.({ ...progress });
      });
    const currency = scope.currency;
    switch (format) {
      case 'camt053': {
        // Parsed as one document, read in chunks, the event loop served between them.
        const statements = await parseCamt053Stream(chunks());
        progress.bytesRead = progress.totalBytes;
        onProgress?.({ ...progress });
        return statementEvents(statements, (i) => `Stmt[${i + 1}]`);
      }
      case 'mt940':
        return parseMt940Stream(chunks());
      case 'xlsx': {
        // The workbook is read from the zip's entries: the hash takes a pass of its own.
        for await (const chunk of chunks()) void chunk;
        const profile = scope.csvProfile as NonNullable<BankScope['csvProfile']>;
        return withTypedBalances(
          parseXlsxStatementFile(path, { currency, minorUnits: minorUnits(currency), profile }),
          scope,
          options,
        );
      }
      case 'csv': {
        if (scope.csvProfile) {
          const opts = { currency, minorUnits: minorUnits(currency), profile: scope.csvProfile };
          return withTypedBalances(parseProfiledCsvStream(chunks(), opts), scope, options);
        }
        const lines = parseCsvStatementBatches(chunks(), {
          currency,
          minorUnits: minorUnits(currency),
          columns: options.columns,
          dateFormat: options.dateFormat,
        });
        return withTypedBalances(asEvents(lines, currency), scope, options);
      }
    }
  }

  /**
   * Stores what the check read, under the bank account's lock: one row per statement (a later page
   * appended to its first), the lines found new, and the import's record; answers what was stored.
   */
  private async finish(
    m: EntityManager,
    scope: BankScope,
    format: StatementFormat,
    staged: StagedFile,
    file: { sha256: string; bytes: number },
    options: ImportOptions,
  ): Promise<ImportResult> {
    const importId = randomUUID();
    const sameFileAs = (await this.statements.previousImportOf(m, scope.code, file.sha256)) ?? null;
    const stored = await this.statements.rankStaged(m, scope.code);
    const warnings: string[] = [...staged.warnings];
    const rows: StatementRow[] = [];
    const at = { importId, bankAccount: scope.code, currency: scope.currency };
    for (const s of staged.pending) {
      warnings.push(...statementWarnings(s, scope.currency));
      const continues = await this.firstPage(m, scope, s, rows, warnings);
      rows.push(statementRow(s, at, stored.get(s.id)?.stored ?? 0, continues));
    }
    const totals = importTotals(rows, staged.pending);
    await this.statements.insertStatements(m, rows);
    await this.statements.storeRanked(m, scope.code, totals.linesStored);
    if (totals.linesStored >= ANALYZE_AFTER_LINES) await this.statements.analyze(m);
    const skipped = skippedWarning(staged.skipped);
    if (skipped) warnings.push(skipped);
    await this.statements.insertImport(m, {
      id: importId,
      bankAccount: scope.code,
      format,
      fileName: options.fileName ? options.fileName.slice(0, 255) : null,
      fileSha256: file.sha256,
      fileBytes: file.bytes,
      statements: rows.length,
      linesRead: totals.linesRead,
      linesStored: totals.linesStored,
      duplicates: totals.duplicates,
      foreignCurrencyLines: totals.foreignCurrencyLines,
      actorTokenId: options.actorTokenId ?? null,
      skipped: staged.skipped,
    });
    return importResult(importId, scope.code, format, rows, totals, { skipped: staged.skipped, sameFileAs, warnings });
  }

  /**
   * A later page of a paginated camt message (MsgPgntn/PgNb > 1) is appended to the statement its
   * first page began: the same message and statement id, in this file or stored before. Its
   * balances are then checked with the earlier pages': the first page's opening balance plus every
   * page's lines must give this page's closing balance.
   */
  private async firstPage(
    m: EntityManager,
    scope: BankScope,
    s: PendingStatement,
    earlier: readonly StatementRow[],
    warnings: string[],
  ): Promise<string | null> {
    const name = statementName(s);
    if (s.messageId === null || s.pageNumber === null || s.pageNumber <= 1 || s.statementRef === null) return null;
    const inFile = earlier.find(
      (r) => r.messageId === s.messageId && r.statementRef === s.statementRef && r.continuesStatementId === null,
    );
    const first = inFile
      ? {
          id: inFile.id,
          openingBalance: inFile.openingBalance,
          linesNet: earlier
            .filter((r) => r.id === inFile.id || r.continuesStatementId === inFile.id)
            .reduce((sum, r) => sum.plus(r.linesNet ?? 0), new Dec(0))
            .toFixed(),
        }
      : await this.statements.firstPageOf(m, scope.code, s.messageId, s.statementRef);
    if (!first) {
      warnings.push(
        `${name}: page ${s.pageNumber} of message ${s.messageId}, whose first page has not been imported: stored as a statement of its own`,
      );
      return null;
    }
    if (first.openingBalance !== null && first.linesNet !== null && s.closing !== undefined) {
      const expected = new Dec(first.openingBalance).plus(first.linesNet).plus(s.tally.net);
      if (!expected.equals(s.closing)) {
        warnings.push(
          `${name}: with its earlier pages, opening balance ${amount(new Dec(first.openingBalance), scope.currency)} + lines ` +
            `${amount(new Dec(first.linesNet).plus(s.tally.net), scope.currency)} ≠ closing balance ${amount(s.closing, scope.currency)}`,
        );
      }
    }
    return first.id;
  }
}

/** The bank account's settings that decide how a file is read and which of its statements are the account's. */
function settingsOf(scope: BankScope): string {
  return JSON.stringify([scope.currency, scope.accountNumber, scope.csvProfile]);
}

/** What an XLSX unpacks to, checked before it is read (the check of the opening-position import). */
async function checkWorkbook(path: string): Promise<void> {
  const problem = await checkZipLimits(await readFile(path), XLSX_ZIP_LIMITS);
  if (problem?.kind === 'too_large') {
    throw new DomainError(ErrorCode.PayloadTooLarge, `file: the workbook is refused: ${problem.detail}`, [
      { field: 'file', message: problem.detail },
    ]);
  }
  if (problem) throw statementMalformed('file', `not a readable XLSX workbook (${problem.detail})`);
}

function checkSize(format: StatementFormat, bytes: number): void {
  const limit = format === 'camt053' ? MAX_CAMT_BYTES : format === 'xlsx' ? MAX_XLSX_BYTES : MAX_STATEMENT_BYTES;
  if (bytes > limit) {
    throw new DomainError(
      ErrorCode.PayloadTooLarge,
      `a ${format} statement may be at most ${limit} bytes; this one has ${bytes}`,
    );
  }
}

/** Which options go with which format, and with a bank account that has a CSV profile. */
function checkOptions(scope: BankScope, format: StatementFormat, options: ImportOptions): void {
  const tabular = format === 'csv' || format === 'xlsx';
  if (
    !tabular &&
    (options.openingBalance !== undefined ||
      options.closingBalance !== undefined ||
      options.columns !== undefined ||
      options.dateFormat !== undefined ||
      options.statementRef !== undefined)
  ) {
    throw validationError(
      'format',
      `columns, date format, balances and statement id are options of a CSV or XLSX import; a ${format} file carries its own`,
    );
  }
  if (scope.csvProfile && (options.columns !== undefined || options.dateFormat !== undefined)) {
    throw validationError(
      'columns',
      `bank account '${scope.code}' reads its bank's export with its csvProfile; change the profile rather than sending columns or a date format`,
    );
  }
  if (format === 'xlsx' && !scope.csvProfile) {
    throw validationError(
      'format',
      `an XLSX export is read with the bank account's csvProfile (its columns, date format, rows to skip): set it first (PATCH /v1/bank-accounts/${scope.code})`,
    );
  }
}

/** The lines of a plain CSV as one statement's events, a batch per chunk of the file. */
async function* asEvents(
  batches: AsyncIterable<readonly ParsedStatementLine[]>,
  currency: string,
): AsyncGenerator<StagingEvent> {
  yield { kind: 'start', where: 'file', header: { currency } };
  for await (const lines of batches) yield { kind: 'lines', lines };
  yield { kind: 'end', header: {} };
}

/** A CSV or XLSX statement: its id and the balances typed by the user, on its start. */
async function* withTypedBalances(
  events: AsyncIterable<StagingEvent>,
  scope: BankScope,
  options: ImportOptions,
): AsyncGenerator<StagingEvent> {
  for await (const event of events) {
    if (event.kind === 'start') {
      const header = { ...event.header };
      const opening = optionalBalance(options.openingBalance, scope.currency, 'openingBalance');
      const closing = optionalBalance(options.closingBalance, scope.currency, 'closingBalance');
      if (opening !== undefined) header.openingBalance = opening;
      if (closing !== undefined) header.closingBalance = closing;
      if (options.statementRef !== undefined) header.statementId = options.statementRef;
      yield { ...event, header };
    } else {
      yield event;
    }
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
