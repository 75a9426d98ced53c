import type { Decimal } from 'decimal.js';
import { Dec, validationError } from '@app/common';
import {
  AmountReader,
  amountReader,
  CsvProfile,
  csvProfileProblems,
  DateReader,
  dateReader,
  ProfileColumnKey,
} from './csv-profile';
import type { ParsedStatementHeader, ParsedStatementLine } from './statement.types';
import { formatIsoDate, quoteValue, statementMalformed } from './statement-parse.util';

/** A cell as a reader gives it: text from a CSV; text, a number or a date from a spreadsheet. */
export type Cell = string | number | Date | null | undefined;

export interface ProfiledStatementOptions {
  /** ISO 4217 code of the account; every line gets it. */
  currency: string;
  /** Decimal places the currency allows; amounts may not have more. */
  minorUnits: number;
  profile: CsvProfile;
}

/** How rows are named in messages: CSV by file line, XLSX by sheet row. */
export type RowUnit = 'line' | 'row';

interface Sample {
  rowNumber: number;
  date: string;
  signed: Decimal;
  balance: Decimal;
}

/**
 * Reads the rows of a bank's own export with its profile: the rows before the header are skipped,
 * the header is found by the profile's column names, then every row is one statement line. Rows
 * after the first blank row are the export's footer (totals...) and are not read — unless one has
 * a date in the date column, which is a row out of place and an error. With a balance column, the
 * statement's opening and closing balances are read from it, whichever order the rows are in.
 */
export class ProfiledRowReader {
  private readonly readDate: DateReader;
  private readonly readAmount: AmountReader;
  private readonly skipRows: number;
  private rowsSeen = 0;
  private index: Partial<Record<ProfileColumnKey, number>> | undefined;
  private headerNames: string[] = [];
  private blankRow: number | undefined;
  private footerRows = 0;
  private first: Sample | undefined;
  private last: Sample | undefined;
  /** The balance column runs: previous + amount = balance (oldest first) / previous − its amount = balance (newest first). */
  private runsAscending = true;
  private runsDescending = true;
  private lines = 0;

  constructor(
    private readonly opts: ProfiledStatementOptions,
    private readonly unit: RowUnit,
  ) {
    const problems = csvProfileProblems(opts.profile);
    if (problems.length > 0) throw validationError(problems[0].field, problems[0].message);
    this.readDate = dateReader(opts.profile.dateFormat);
    this.readAmount = amountReader(opts.profile.decimalSeparator, opts.profile.thousandsSeparator);
    this.skipRows = opts.profile.skipRows ?? 0;
  }

  /** One row of the file, in order; returns the statement line it holds, if any. */
  row(cells: readonly Cell[], rowNumber: number): ParsedStatementLine | undefined {
    this.rowsSeen++;
    // Rows are skipped by number: a spreadsheet leaves empty rows out, a CSV line is a row.
    if (rowNumber <= this.skipRows) return undefined;
    if (this.index === undefined) {
      if (cells.every(isBlank)) return undefined; // blank lines between the bank's title and the header
      this.readHeader(cells, rowNumber);
      return undefined;
    }
    if (cells.every(isBlank)) {
      this.blankRow ??= rowNumber;
      return undefined;
    }
    if (this.blankRow !== undefined) {
      const dateCell = cells[this.index.date as number];
      if (!isBlank(dateCell) && this.dateOf(dateCell) !== undefined) {
        throw statementMalformed(
          this.where(rowNumber),
          `a statement row after the blank ${this.unit} ${this.blankRow}: remove the blank ${this.unit}`,
        );
      }
      this.footerRows++;
      return undefined;
    }
    return this.readLine(cells, rowNumber);
  }

  /** After the last row: the balances the balance column gives, and what was read leniently. */
  finish(): ParsedStatementHeader {
    if (this.index === undefined) {
      throw statementMalformed(
        `${this.unit} ${this.skipRows + 1}`,
        this.rowsSeen === 0
          ? 'the file is empty'
          : `no header row after the ${this.skipRows} ${this.unit}(s) the profile skips`,
      );
    }
    const header: ParsedStatementHeader = { currency: this.opts.currency };
    const warnings: string[] = [];
    if (this.footerRows > 0) {
      warnings.push(
        `${this.footerRows} ${this.unit}(s) after the blank ${this.unit} ${this.blankRow} were taken as the export's footer and not read`,
      );
    }
    if (this.first && this.last) {
      // Newest first when the dates say so, or (one day) when only the reverse reading runs.
      const descending =
        this.first.date > this.last.date ||
        (this.first.date === this.last.date && !this.runsAscending && this.runsDescending);
      const [oldest, newest] = descending ? [this.last, this.first] : [this.first, this.last];
      header.openingBalance = oldest.balance.minus(oldest.signed);
      header.closingBalance = newest.balance;
      if (descending ? !this.runsDescending : !this.runsAscending) {
        warnings.push(
          `the balance column does not follow the amounts from ${this.unit} to ${this.unit}: the opening balance is taken from ${this.unit} ${oldest.rowNumber} and the closing balance from ${this.unit} ${newest.rowNumber}`,
        );
      }
    }
    if (warnings.length > 0) header.warnings = warnings;
    return header;
  }

  get linesRead(): number {
    return this.lines;
  }

  private readHeader(cells: readonly Cell[], rowNumber: number): void {
    const names = cells.map((cell) =>
      textOf(cell)
        .trim()
        .replace(/^\ufeff/, ''),
    );
    const columns = this.opts.profile.columns;
    const index: Partial<Record<ProfileColumnKey, number>> = {};
    for (const key of Object.keys(columns) as ProfileColumnKey[]) {
      const wanted = (columns[key] as string).trim();
      const positions = names.flatMap((name, i) => (name === wanted ? [i] : []));
      if (positions.length !== 1) {
        const found = names
          .filter((n) => n !== '')
          .map((n) => quoteValue(n))
          .join(', ');
        throw statementMalformed(
          `${this.unit} ${rowNumber}`,
          positions.length === 0
            ? `the header has no column '${wanted}' (the profile's ${key}); it holds ${found || 'nothing'}` +
                (this.skipRows > 0 ? ` (after skipping ${this.skipRows} ${this.unit}(s))` : '')
            : `the header has the column '${wanted}' ${positions.length} times`,
          `${this.unit} ${rowNumber}/${wanted}`,
        );
      }
      index[key] = positions[0];
    }
    this.index = index;
    this.headerNames = names;
  }

  private readLine(cells: readonly Cell[], rowNumber: number): ParsedStatementLine {
    const index = this.index as Partial<Record<ProfileColumnKey, number>>;
    const cell = (key: ProfileColumnKey): Cell => (index[key] === undefined ? undefined : cells[index[key]]);
    const dateCell = cell('date');
    if (isBlank(dateCell)) this.fail(rowNumber, 'date', 'the date is empty');
    const bookingDate = this.dateOf(dateCell);
    if (bookingDate === undefined) {
      this.fail(
        rowNumber,
        'date',
        `${quoteValue(textOf(dateCell))} is not a date in the format ${this.opts.profile.dateFormat}`,
      );
    }
    let signed: Decimal;
    if (index.amount !== undefined) {
      const amount = this.amountOf(rowNumber, 'amount', cell('amount'));
      if (amount === undefined) return this.fail(rowNumber, 'amount', 'the amount is empty');
      signed = amount;
    } else {
      const debit = this.amountOf(rowNumber, 'debit', cell('debit'));
      const credit = this.amountOf(rowNumber, 'credit', cell('credit'));
      const out = debit === undefined || debit.isZero() ? undefined : debit.abs();
      const into = credit === undefined || credit.isZero() ? undefined : credit;
      if (out !== undefined && into !== undefined) {
        this.fail(
          rowNumber,
          'debit',
          `both '${this.opts.profile.columns.debit}' and '${this.opts.profile.columns.credit}' hold an amount`,
        );
      }
      if (out === undefined && into === undefined) {
        this.fail(
          rowNumber,
          'debit',
          `neither '${this.opts.profile.columns.debit}' nor '${this.opts.profile.columns.credit}' holds an amount`,
        );
      }
      signed = out !== undefined ? out.neg() : (into as Decimal);
    }
    if (signed.isZero()) this.fail(rowNumber, index.amount !== undefined ? 'amount' : 'debit', 'the amount is zero');
    if (index.balance !== undefined) this.sample(rowNumber, bookingDate, signed, cell('balance'));
    this.lines++;
    return {
      lineNumber: rowNumber,
      bookingDate: bookingDate,
      amount: signed.abs(),
      direction: signed.isNegative() ? 'debit' : 'credit',
      currency: this.opts.currency,
      reference: textOf(cell('reference')).trim(),
      description: textOf(cell('description')).trim().replace(/\s+/g, ' '),
      reversal: false,
    };
  }

  private sample(rowNumber: number, date: string, signed: Decimal, cell: Cell): void {
    const balance = this.amountOf(rowNumber, 'balance', cell);
    if (balance === undefined) this.fail(rowNumber, 'balance', 'the balance is empty');
    const sample: Sample = { rowNumber, date, signed, balance: balance };
    const previous = this.last;
    if (previous) {
      if (!previous.balance.plus(sample.signed).equals(sample.balance)) this.runsAscending = false;
      if (!previous.balance.minus(previous.signed).equals(sample.balance)) this.runsDescending = false;
    }
    this.first ??= sample;
    this.last = sample;
  }

  private dateOf(cell: Cell): string | undefined {
    if (cell instanceof Date) {
      if (Number.isNaN(cell.getTime())) return undefined;
      // Spreadsheet dates are day numbers, read as midnight UTC.
      return formatIsoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    }
    if (typeof cell === 'number') return undefined;
    return this.readDate(textOf(cell).trim());
  }

  /** The amount in a cell, signed as written; undefined when the cell is empty. */
  private amountOf(rowNumber: number, key: ProfileColumnKey, cell: Cell): Decimal | undefined {
    if (isBlank(cell)) return undefined;
    let value: Decimal | undefined;
    if (typeof cell === 'number') {
      // A spreadsheet keeps 15 significant digits: read the number as the sheet shows it.
      value = Number.isFinite(cell) ? new Dec(cell.toPrecision(15)) : undefined;
    } else if (!(cell instanceof Date)) {
      value = this.readAmount(
        textOf(cell)
          .trim()
          .replace(/\u00a0/g, ' '),
      );
    }
    if (value === undefined) {
      const { decimalSeparator, thousandsSeparator } = this.opts.profile;
      this.fail(
        rowNumber,
        key,
        `${quoteValue(textOf(cell))} is not an amount written with decimal separator '${decimalSeparator}'` +
          (thousandsSeparator ? ` and thousands separator '${thousandsSeparator}'` : ' and no thousands separator'),
      );
    }
    const decimals = value.decimalPlaces();
    if (decimals > this.opts.minorUnits) {
      this.fail(
        rowNumber,
        key,
        `${quoteValue(textOf(cell))} has ${decimals} decimal places, ${this.opts.currency} allows at most ${this.opts.minorUnits}`,
      );
    }
    return value;
  }

  private where(rowNumber: number): string {
    return `${this.unit} ${rowNumber}`;
  }

  private fail(rowNumber: number, key: ProfileColumnKey, message: string): never {
    const name = this.opts.profile.columns[key] ?? key;
    const position = (this.index as Partial<Record<ProfileColumnKey, number>>)[key];
    const column = position === undefined ? `'${name}'` : `'${this.headerNames[position]}' (${columnLetter(position)})`;
    throw statementMalformed(`${this.where(rowNumber)}, column ${column}`, message, `${this.where(rowNumber)}/${name}`);
  }
}

function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function textOf(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}

/** A, B, … Z, AA, AB …: how spreadsheets (and people counting CSV columns) name the n-th column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}
