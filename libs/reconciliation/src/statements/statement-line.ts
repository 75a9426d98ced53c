import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode, isCurrencyCode, minorUnits } from '@app/common';
import type { ParsedStatementLine } from '../statement-parsers';

/** The files a statement can be imported from. */
export const STATEMENT_FORMATS = ['csv', 'camt053', 'mt940', 'xlsx'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** Longest texts kept; longer ones are cut (deterministically, so the natural key still dedups). */
export const MAX_REFERENCE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 2000;

/** A statement line as it is stored: amounts at the currency's scale, texts bounded. */
export interface StatementLineRow {
  lineNumber: number;
  bookingDate: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  /** Decimal string at the currency's minor units. */
  amount: string;
  currency: string;
  reference: string;
  bankReference: string | null;
  description: string;
  reversal: boolean;
  /** The line's currency is not the bank account's: kept, flagged, left out of balances. */
  foreignCurrency: boolean;
  /** The reference part of the natural key: the bank's own id of the line when it gives one. */
  dedupReference: string;
  /** A batch entry: how many transactions the line stands for; null for a single one. */
  batchCount: number | null;
}

function statementMalformed(where: string, message: string): DomainError {
  return new DomainError(ErrorCode.StatementMalformed, `${where}: ${message}`, [{ field: where, message }]);
}

/** Where a line is in its file, for error messages: CSV and MT940 by file line, XLSX by row, camt by entry ordinal. */
export function lineLocation(format: StatementFormat, lineNumber: number): string {
  if (format === 'camt053') return `Ntry #${lineNumber}`;
  return format === 'xlsx' ? `row ${lineNumber}` : `line ${lineNumber}`;
}

/**
 * Checks a parsed line against the bank account and turns it into a storable row. An amount finer
 * than its currency allows is a malformed file (never rounded); an unknown currency too.
 */
export function toStatementLineRow(
  line: ParsedStatementLine,
  accountCurrency: string,
  format: StatementFormat,
): StatementLineRow {
  const where = lineLocation(format, line.lineNumber);
  if (!isCurrencyCode(line.currency)) {
    throw statementMalformed(`${where}/currency`, `'${line.currency}' is not a currency this ledger accepts`);
  }
  const scale = minorUnits(line.currency);
  // Read as it is (a copy would change nothing: it is never rounded, only checked and formatted).
  const amount: Decimal = line.amount;
  if (!amount.isFinite() || amount.lte(0))
    throw statementMalformed(`${where}/amount`, 'amount must be greater than zero');
  if (amount.decimalPlaces() > scale) {
    throw statementMalformed(
      `${where}/amount`,
      `amount ${amount.toFixed()} has ${amount.decimalPlaces()} decimal places, ${line.currency} allows ${scale}`,
    );
  }
  const reference = cut(line.reference, MAX_REFERENCE_LENGTH);
  const bankReference = line.bankReference ? cut(line.bankReference, MAX_REFERENCE_LENGTH) : null;
  return {
    lineNumber: line.lineNumber,
    bookingDate: line.bookingDate,
    valueDate: line.valueDate ?? null,
    direction: line.direction,
    amount: amount.toFixed(scale),
    currency: line.currency,
    reference,
    bankReference,
    description: cut(line.description, MAX_DESCRIPTION_LENGTH),
    reversal: line.reversal,
    foreignCurrency: line.currency !== accountCurrency,
    dedupReference: bankReference ?? reference,
    batchCount: line.batchCount ?? null,
  };
}

/**
 * Checks a statement balance (signed) against the account currency's scale. Returns its string at
 * that scale.
 */
export function balanceAtScale(value: Decimal, currency: string, where: string): string {
  const d = new Dec(value);
  const scale = minorUnits(currency);
  if (d.decimalPlaces() > scale) {
    throw statementMalformed(
      where,
      `balance ${d.toFixed()} has more decimal places than ${currency} allows (${scale})`,
    );
  }
  return d.toFixed(scale);
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** Signed effect on the bank balance: credit (money in) positive. */
export function signedAmount(row: Pick<StatementLineRow, 'direction' | 'amount'>): Decimal {
  const d = new Dec(row.amount);
  return row.direction === 'credit' ? d : d.negated();
}

/**
 * Running facts of one statement while its lines are read: the count, the signed sum in the
 * account currency (foreign-currency lines are not part of the account's balance) and the date
 * range of its lines.
 */
export class StatementTally {
  linesRead = 0;
  foreignCurrencyLines = 0;
  net: Decimal = new Dec(0);
  firstDate: string | undefined;
  lastDate: string | undefined;

  /** `amount`: the row's amount as a Decimal, when the caller has it (saves reading the string again). */
  add(row: StatementLineRow, amount?: Decimal): void {
    this.linesRead++;
    if (row.foreignCurrency) {
      this.foreignCurrencyLines++;
      return;
    }
    const value = amount ?? new Dec(row.amount);
    this.net = row.direction === 'credit' ? this.net.plus(value) : this.net.minus(value);
    if (this.firstDate === undefined || row.bookingDate < this.firstDate) this.firstDate = row.bookingDate;
    if (this.lastDate === undefined || row.bookingDate > this.lastDate) this.lastDate = row.bookingDate;
  }
}

/** The period a statement's balances belong to: its own period widened to its lines' dates. */
export function statementPeriod(
  fromDate: string | undefined,
  toDate: string | undefined,
  tally: StatementTally,
): { startsOn: string | null; endsOn: string | null } {
  const starts = [fromDate, tally.firstDate].filter((d): d is string => d !== undefined).sort();
  const ends = [toDate, tally.lastDate].filter((d): d is string => d !== undefined).sort();
  let startsOn = starts[0] ?? null;
  let endsOn = ends[ends.length - 1] ?? null;
  // A period given only at one end is closed by the other.
  startsOn ??= endsOn;
  endsOn ??= startsOn;
  return { startsOn, endsOn };
}

/** opening + Σ lines = closing, when the statement gives both balances; null otherwise. */
export function balancesAgree(
  opening: Decimal | undefined,
  closing: Decimal | undefined,
  net: Decimal,
): boolean | null {
  if (opening === undefined || closing === undefined) return null;
  return new Dec(opening).plus(net).equals(closing);
}
