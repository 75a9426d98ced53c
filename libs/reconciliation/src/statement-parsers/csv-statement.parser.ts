import type { Decimal } from 'decimal.js';
import { TextDecoder } from 'node:util';
import { Dec, validationError } from '@app/common';
import { CsvRecord, CsvTokenizer } from './csv-tokenizer';
import type { ParsedStatement, ParsedStatementLine } from './statement.types';
import { formatIsoDate, isCalendarDate, quoteValue, statementMalformed } from './statement-parse.util';

/** The header names, in the file, of the four columns the parser reads. */
export interface CsvColumnMapping {
  date: string;
  amount: string;
  reference: string;
  description: string;
}

export type CsvDateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY';

export interface CsvStatementOptions {
  /** ISO 4217 code of the account; every line gets it. */
  currency: string;
  /** Decimal places the currency allows (2 for USD/EUR, 0 for JPY, 3 for KWD); amounts may not have more. */
  minorUnits: number;
  /**
   * Header names for banks whose headers differ. Without it the header must be exactly
   * `date,amount,reference,description`. With it, each mapped name must appear exactly once in the
   * header, in any order, and other columns are ignored.
   */
  columns?: CsvColumnMapping;
  /** Defaults to 'YYYY-MM-DD'. */
  dateFormat?: CsvDateFormat;
  /** Longest record accepted, in characters (guards against an unterminated quote). Defaults to 65,536. */
  maxRecordLength?: number;
}

export const DEFAULT_CSV_COLUMNS: Readonly<CsvColumnMapping> = Object.freeze({
  date: 'date',
  amount: 'amount',
  reference: 'reference',
  description: 'description',
});

const DEFAULT_MAX_RECORD_LENGTH = 65_536;
const COLUMN_KEYS = ['date', 'amount', 'reference', 'description'] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];

const AMOUNT_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY_DATE_PATTERN = /^(\d{2})\/(\d{2})\/(\d{4})$/;

interface ResolvedOptions {
  currency: string;
  minorUnits: number;
  columns: CsvColumnMapping;
  strictHeader: boolean;
  dateFormat: CsvDateFormat;
  maxRecordLength: number;
}

function resolveOptions(opts: CsvStatementOptions): ResolvedOptions {
  if (!/^[A-Z]{3}$/.test(opts.currency)) {
    throw validationError('currency', `'${opts.currency}' is not an ISO 4217 code`);
  }
  if (!Number.isInteger(opts.minorUnits) || opts.minorUnits < 0 || opts.minorUnits > 4) {
    throw validationError('minorUnits', 'must be an integer from 0 to 4');
  }
  const dateFormat = opts.dateFormat ?? 'YYYY-MM-DD';
  if (dateFormat !== 'YYYY-MM-DD' && dateFormat !== 'DD/MM/YYYY') {
    throw validationError('dateFormat', `must be 'YYYY-MM-DD' or 'DD/MM/YYYY'`);
  }
  const maxRecordLength = opts.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  if (!Number.isInteger(maxRecordLength) || maxRecordLength < 1) {
    throw validationError('maxRecordLength', 'must be a positive integer');
  }
  const columns = opts.columns ?? DEFAULT_CSV_COLUMNS;
  const names = COLUMN_KEYS.map((key) => columns[key].trim());
  if (names.some((name) => name === '')) throw validationError('columns', 'a column name is empty');
  if (new Set(names).size !== names.length) throw validationError('columns', 'two columns have the same name');
  return {
    currency: opts.currency,
    minorUnits: opts.minorUnits,
    columns,
    strictHeader: opts.columns === undefined,
    dateFormat,
    maxRecordLength,
  };
}

/**
 * Turns pushed text into statement lines. Synchronous and incremental: the string parser pushes the
 * whole text at once, the stream parser one chunk at a time.
 */
class CsvStatementReader {
  private readonly tokenizer: CsvTokenizer;
  private readonly records: CsvRecord[] = [];
  private columnIndex: Record<ColumnKey, number> | undefined;
  private fieldCount = 0;
  /** First blank line not yet known to be trailing. */
  private pendingBlankLine: number | undefined;
  private started = false;
  private lastDate = { raw: '\u0000', iso: '' };

  constructor(private readonly opts: ResolvedOptions) {
    this.tokenizer = new CsvTokenizer(opts.maxRecordLength);
  }

  push(text: string): ParsedStatementLine[] {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.tokenizer.push(text, this.records);
    return this.drain();
  }

  end(): ParsedStatementLine[] {
    this.tokenizer.end(this.records);
    const lines = this.drain();
    if (this.columnIndex === undefined) throw statementMalformed('line 1', 'the file is empty: no header line');
    return lines;
  }

  private drain(): ParsedStatementLine[] {
    const lines: ParsedStatementLine[] = [];
    for (const record of this.records) {
      if (this.columnIndex === undefined) {
        this.readHeader(record);
      } else if (record.blank) {
        this.pendingBlankLine ??= record.lineNumber;
      } else {
        if (this.pendingBlankLine !== undefined) {
          throw statementMalformed(`line ${this.pendingBlankLine}`, 'empty line inside the statement');
        }
        lines.push(this.readLine(record));
      }
    }
    this.records.length = 0;
    return lines;
  }

  private readHeader(record: CsvRecord): void {
    const where = `line ${record.lineNumber}`;
    const header = record.fields.map((name) => name.trim());
    const { columns } = this.opts;
    if (this.opts.strictHeader) {
      const expected = COLUMN_KEYS.map((key) => columns[key]);
      if (header.length !== expected.length || header.some((name, i) => name !== expected[i])) {
        throw statementMalformed(
          where,
          `header must be exactly '${expected.join(',')}', found ${quoteValue(record.fields.join(','))}`,
          `${where}/header`,
        );
      }
    }
    const index = {} as Record<ColumnKey, number>;
    for (const key of COLUMN_KEYS) {
      const name = columns[key].trim();
      const positions = header.flatMap((h, i) => (h === name ? [i] : []));
      if (positions.length !== 1) {
        throw statementMalformed(
          where,
          positions.length === 0
            ? `header has no column '${name}' (for ${key})`
            : `header has the column '${name}' ${positions.length} times`,
          `${where}/header`,
        );
      }
      index[key] = positions[0];
    }
    this.columnIndex = index;
    this.fieldCount = header.length;
  }

  private readLine(record: CsvRecord): ParsedStatementLine {
    const where = `line ${record.lineNumber}`;
    if (record.fields.length !== this.fieldCount) {
      throw statementMalformed(where, `expected ${this.fieldCount} fields, found ${record.fields.length}`);
    }
    const index = this.columnIndex as Record<ColumnKey, number>;
    const { fields } = record;
    const bookingDate = this.parseDate(fields[index.date].trim(), where);
    const { amount, direction } = this.parseAmount(fields[index.amount].trim(), where);
    return {
      lineNumber: record.lineNumber,
      bookingDate,
      amount,
      direction,
      currency: this.opts.currency,
      reference: fields[index.reference].trim(),
      description: fields[index.description].trim(),
      reversal: false,
    };
  }

  private parseDate(raw: string, where: string): string {
    // Statement lines come in date order: most lines repeat the previous line's date.
    if (raw === this.lastDate.raw) return this.lastDate.iso;
    if (raw === '') fail(where, 'date', 'date is empty');
    let iso: string;
    if (this.opts.dateFormat === 'YYYY-MM-DD') {
      const m = ISO_DATE_PATTERN.exec(raw);
      if (!m) return fail(where, 'date', `date ${quoteValue(raw)} is not in the format YYYY-MM-DD`);
      if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        fail(where, 'date', `date ${quoteValue(raw)} is not a real calendar date`);
      }
      iso = raw;
    } else {
      const m = DMY_DATE_PATTERN.exec(raw);
      if (!m) return fail(where, 'date', `date ${quoteValue(raw)} is not in the format DD/MM/YYYY`);
      const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isCalendarDate(year, month, day)) fail(where, 'date', `date ${quoteValue(raw)} is not a real calendar date`);
      iso = formatIsoDate(year, month, day);
    }
    this.lastDate = { raw, iso };
    return iso;
  }

  private parseAmount(raw: string, where: string): { amount: Decimal; direction: 'credit' | 'debit' } {
    if (raw === '') fail(where, 'amount', 'amount is empty');
    const m = AMOUNT_PATTERN.exec(raw);
    if (!m) return fail(where, 'amount', `amount ${quoteValue(raw)} is not a decimal`);
    const decimals = m[3]?.length ?? 0;
    if (decimals > this.opts.minorUnits) {
      fail(
        where,
        'amount',
        `amount ${quoteValue(raw)} has ${decimals} decimal places, ${this.opts.currency} allows at most ${this.opts.minorUnits}`,
      );
    }
    const amount = new Dec(m[3] === undefined ? m[2] : `${m[2]}.${m[3]}`);
    if (amount.isZero()) fail(where, 'amount', `amount ${quoteValue(raw)} is zero`);
    return { amount, direction: m[1] === '-' ? 'debit' : 'credit' };
  }
}

function fail(where: string, column: ColumnKey, message: string): never {
  throw statementMalformed(where, message, `${where}/${column}`);
}

/**
 * Parses a whole CSV statement held in memory. Throws StatementMalformed (naming the line) on the
 * first problem; no partial result. The CSV carries no statement id, account or balances: only
 * `currency` and `lines` are set.
 */
export function parseCsvStatement(text: string, opts: CsvStatementOptions): ParsedStatement {
  const reader = new CsvStatementReader(resolveOptions(opts));
  const lines = reader.push(text);
  for (const line of reader.end()) lines.push(line);
  return { currency: opts.currency, lines };
}

/**
 * Parses a CSV statement from chunks (Buffers are read as UTF-8; a chunk may end anywhere, even
 * inside a character, a line or a quoted field) and yields its lines one by one, so a file of any
 * length is never held whole. A malformed record throws StatementMalformed when it is reached:
 * lines yielded before it belong to a file that is rejected, so a consumer must discard them (e.g.
 * by importing inside a transaction it rolls back).
 */
export async function* parseCsvStatementStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: CsvStatementOptions,
): AsyncGenerator<ParsedStatementLine, void, undefined> {
  for await (const lines of parseCsvStatementBatches(input, opts)) yield* lines;
}

/**
 * parseCsvStatementStream's lines a batch at a time: those completed by each chunk read (none
 * when a chunk completes no record), so a consumer pays one step per chunk rather than per line.
 */
export async function* parseCsvStatementBatches(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: CsvStatementOptions,
): AsyncGenerator<ParsedStatementLine[], void, undefined> {
  const reader = new CsvStatementReader(resolveOptions(opts));
  // Non-fatal: an invalid byte becomes U+FFFD, which the tokenizer rejects naming its line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let decoderHasBytes = false;
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') {
      text = decoderHasBytes ? decoder.decode() + chunk : chunk;
      decoderHasBytes = false;
    } else {
      text = decoder.decode(chunk, { stream: true });
      decoderHasBytes = true;
    }
    const lines = reader.push(text);
    if (lines.length > 0) yield lines;
  }
  if (decoderHasBytes) {
    const lines = reader.push(decoder.decode());
    if (lines.length > 0) yield lines;
  }
  const last = reader.end();
  if (last.length > 0) yield last;
}
