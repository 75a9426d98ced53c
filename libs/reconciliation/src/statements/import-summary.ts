import { Decimal } from 'decimal.js';
import { Dec, formatAmount } from '@app/common';
import { balanceAtScale, balancesAgree, StatementFormat, statementPeriod } from './statement-line';
import { PendingStatement, SkippedAccount } from './statement-staging';
import { StatementRow } from './statements.repository';

/**
 * What an import stores and answers about each statement and about the whole file, from the
 * statements read and the lines found new: pure, so the import's transaction does only the writes.
 */

export interface ImportedStatement {
  id: string;
  statementId: string | null;
  accountIdentifier: string | null;
  fromDate: string | null;
  toDate: string | null;
  openingBalance: string | null;
  closingBalance: string | null;
  linesRead: number;
  lines: number;
  duplicates: number;
  balancesAgree: boolean | null;
  /** A later page of a paginated camt message: the statement (its first page) it was appended to. */
  continuesStatement: string | null;
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
  /** Statements of other accounts in the file, by account: not stored. */
  skipped: SkippedAccount[];
  /** The first import of a byte-identical file into this account, when there was one. */
  sameFileAs: string | null;
  warnings: string[];
}

/** How a statement is named in warnings: where it was in the file, and the bank's number of it. */
export function statementName(s: PendingStatement): string {
  return `${s.where}${s.statementRef ? ` (${s.statementRef})` : ''}`;
}

/** What the user is told about one statement: balances that do not add up, lines in another currency. */
export function statementWarnings(s: PendingStatement, currency: string): string[] {
  const warnings: string[] = [];
  if (balancesAgree(s.opening, s.closing, s.tally.net) === false && s.opening && s.closing) {
    warnings.push(
      `${statementName(s)}: opening balance ${amount(s.opening, currency)} + lines ` +
        `${amount(s.tally.net, currency)} ≠ closing balance ${amount(s.closing, currency)}: the reconciliation will show the difference`,
    );
  }
  if (s.tally.foreignCurrencyLines > 0) {
    warnings.push(
      `${s.where}: ${s.tally.foreignCurrencyLines} line(s) not in ${currency} were stored and flagged (foreignCurrency): ` +
        'they are left out of the statement balance and of auto-matching; match them by hand',
    );
  }
  return warnings;
}

/** The row of bank_statements for a statement read, with the lines of it found new. */
export function statementRow(
  s: PendingStatement,
  at: { importId: string; bankAccount: string; currency: string },
  linesStored: number,
  continuesStatementId: string | null,
): StatementRow {
  const period = statementPeriod(s.fromDate, s.toDate, s.tally);
  return {
    id: s.id,
    importId: at.importId,
    bankAccount: at.bankAccount,
    position: s.position,
    statementRef: s.statementRef,
    accountIdentifier: s.accountIdentifier,
    currency: at.currency,
    fromDate: s.fromDate ?? null,
    toDate: s.toDate ?? null,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    openingBalance: s.opening ? balanceAtScale(s.opening, at.currency, `${s.where} opening balance`) : null,
    closingBalance: s.closing ? balanceAtScale(s.closing, at.currency, `${s.where} closing balance`) : null,
    linesRead: s.tally.linesRead,
    linesStored,
    balancesAgree: balancesAgree(s.opening, s.closing, s.tally.net),
    messageId: s.messageId,
    pageNumber: s.pageNumber,
    continuesStatementId,
    linesNet: s.tally.net.toFixed(),
  };
}

/** The warning that the file held statements of other accounts, which were not imported. */
export function skippedWarning(skipped: readonly SkippedAccount[]): string | null {
  if (skipped.length === 0) return null;
  return `statements of other accounts were not imported: ${skipped
    .map((k) => `${k.accountIdentifier} (${k.statements} statement(s), ${k.lines} line(s))`)
    .join(', ')}`;
}

/** The lines of the whole file: read, stored (the rest were duplicates), in another currency. */
export function importTotals(
  rows: readonly StatementRow[],
  pending: readonly PendingStatement[],
): { linesRead: number; linesStored: number; duplicates: number; foreignCurrencyLines: number } {
  const linesRead = rows.reduce((n, r) => n + r.linesRead, 0);
  const linesStored = rows.reduce((n, r) => n + r.linesStored, 0);
  return {
    linesRead,
    linesStored,
    duplicates: linesRead - linesStored,
    foreignCurrencyLines: pending.reduce((n, s) => n + s.tally.foreignCurrencyLines, 0),
  };
}

/** The answer of an import, from the rows it stored. */
export function importResult(
  importId: string,
  bankAccount: string,
  format: StatementFormat,
  rows: readonly StatementRow[],
  totals: ReturnType<typeof importTotals>,
  file: { skipped: SkippedAccount[]; sameFileAs: string | null; warnings: string[] },
): ImportResult {
  return {
    id: importId,
    bankAccount,
    format,
    lines: totals.linesStored,
    duplicates: totals.duplicates,
    linesRead: totals.linesRead,
    foreignCurrencyLines: totals.foreignCurrencyLines,
    statements: rows.map((r) => ({
      id: r.id,
      statementId: r.statementRef,
      accountIdentifier: r.accountIdentifier,
      fromDate: r.startsOn,
      toDate: r.endsOn,
      openingBalance: r.openingBalance,
      closingBalance: r.closingBalance,
      linesRead: r.linesRead,
      lines: r.linesStored,
      duplicates: r.linesRead - r.linesStored,
      balancesAgree: r.balancesAgree,
      continuesStatement: r.continuesStatementId,
    })),
    skipped: file.skipped,
    sameFileAs: file.sameFileAs,
    warnings: file.warnings,
  };
}

/** An amount in a warning, with its currency. */
export function amount(d: Decimal, currency: string): string {
  return formatAmount(new Dec(d), currency);
}
