import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { dayNumber } from '../matching/auto-match';

/** What the report needs to know of each imported statement of a bank account. */
export interface StatementBalanceFacts {
  id: string;
  statementRef: string | null;
  /** Order of import, then position in the file: later wins a tie. */
  importedAt: string;
  position: number;
  startsOn: string | null;
  endsOn: string | null;
  openingBalance: Decimal | null;
  closingBalance: Decimal | null;
  /** A later page of a paginated message: the statement (its first page) it continues. */
  continuesStatementId?: string | null;
}

/**
 * Where the statement balance as at a date comes from:
 * - `closing`: the closing balance of the latest statement that ends on or before asOf, plus the
 *   lines booked after that statement's end up to asOf (e.g. a later CSV without balances);
 * - `opening`: no closing balance yet — the opening balance of the account's first statement plus
 *   the lines booked from that statement's start up to asOf;
 * - `lines`: the first statement gives no opening balance — the lines up to asOf, from zero;
 * - `none`: no statement starts on or before asOf.
 */
export type StatementBalanceBasis =
  | { kind: 'closing'; statementId: string; statementRef: string | null; date: string; balance: Decimal }
  | { kind: 'opening'; statementId: string; statementRef: string | null; date: string; balance: Decimal }
  | { kind: 'lines' }
  | { kind: 'none' };

/** Which lines are added to the basis balance: booked in (after, asOf] or [from, asOf]. */
export interface LineRange {
  afterExclusive?: string;
  fromInclusive?: string;
}

const later = (a: StatementBalanceFacts, b: StatementBalanceFacts): number =>
  (a.endsOn ?? '').localeCompare(b.endsOn ?? '') || a.importedAt.localeCompare(b.importedAt) || a.position - b.position;

const earlier = (a: StatementBalanceFacts, b: StatementBalanceFacts): number =>
  (a.startsOn ?? '').localeCompare(b.startsOn ?? '') ||
  a.importedAt.localeCompare(b.importedAt) ||
  a.position - b.position;

/** The account's first statement (by start, then import order): where reconciliation starts. */
export function firstStatement(statements: readonly StatementBalanceFacts[]): StatementBalanceFacts | undefined {
  return [...statements].filter((s) => s.startsOn !== null).sort(earlier)[0];
}

/**
 * The first day ledger items are expected on the statements. When the account's first statement
 * gives an opening balance, that balance stands for everything before it: ledger items dated
 * earlier are brought forward in it and are not listed as unmatched (they may still be matched —
 * a cheque written before the first statement that clears during it). Without an opening balance
 * the account is taken to start from zero and every ledger item counts (null: no cut-off).
 */
export function reconciliationStart(statements: readonly StatementBalanceFacts[]): string | null {
  const first = firstStatement(statements);
  return first && first.openingBalance !== null ? first.startsOn : null;
}

export function chooseBasis(
  statements: readonly StatementBalanceFacts[],
  asOf: string,
): { basis: StatementBalanceBasis; lines: LineRange } {
  const closed = statements
    .filter((s) => s.closingBalance !== null && s.endsOn !== null && s.endsOn <= asOf)
    .sort(later);
  const latest = closed[closed.length - 1];
  if (latest && latest.closingBalance !== null && latest.endsOn !== null) {
    return {
      basis: {
        kind: 'closing',
        statementId: latest.id,
        statementRef: latest.statementRef,
        date: latest.endsOn,
        balance: latest.closingBalance,
      },
      lines: { afterExclusive: latest.endsOn },
    };
  }
  const first = firstStatement(statements);
  if (!first || first.startsOn === null || first.startsOn > asOf) return { basis: { kind: 'none' }, lines: {} };
  if (first.openingBalance !== null) {
    return {
      basis: {
        kind: 'opening',
        statementId: first.id,
        statementRef: first.statementRef,
        date: first.startsOn,
        balance: first.openingBalance,
      },
      lines: { fromInclusive: first.startsOn },
    };
  }
  return { basis: { kind: 'lines' }, lines: {} };
}

export function basisBalance(basis: StatementBalanceBasis): Decimal {
  return basis.kind === 'closing' || basis.kind === 'opening' ? new Dec(basis.balance) : new Dec(0);
}

/**
 * difference = statementBalance − (ledgerBalance + Σ unmatched statement lines − Σ unmatched ledger items)
 *
 * Signs: statement lines are + for money in (credit), ledger items + for a debit of the bank
 * account. The bracket is the ledger balance adjusted to what the bank should show: items the
 * bank booked that the ledger has not (charges, interest, receipts not yet recorded) are added;
 * items the ledger booked that the bank has not yet (deposits in transit, outstanding payments)
 * are taken out. Matched items are in both balances and cancel, so any difference left is
 * unexplained: lines missing from an import, balances that do not add up, an amount changed.
 */
export function reconciliationDifference(
  statementBalance: Decimal,
  ledgerBalance: Decimal,
  unmatchedStatementTotal: Decimal,
  unmatchedLedgerTotal: Decimal,
): Decimal {
  return new Dec(statementBalance).minus(
    new Dec(ledgerBalance).plus(unmatchedStatementTotal).minus(unmatchedLedgerTotal),
  );
}

/** Whole days from `date` to `asOf`. */
export function ageInDays(date: string, asOf: string): number {
  return dayNumber(asOf) - dayNumber(date);
}

/**
 * An unmatched item is stale when it is older than the matching window at asOf: its counterpart
 * should have appeared by then (a payment in transit clears within days; a bank charge should
 * have been recorded). Items inside the window are timing differences.
 */
export function isStale(date: string, asOf: string, windowDays: number): boolean {
  return ageInDays(date, asOf) > windowDays;
}

/**
 * Reconciled: nothing unexplained (difference zero), nothing left unmatched beyond the window, and
 * no statement missing between the first and `asOf` (a gap: the statements do not account for
 * every movement of the bank, whatever the difference says).
 */
export function isReconciled(difference: Decimal, staleItems: number, gaps = 0): boolean {
  return difference.isZero() && staleItems === 0 && gaps === 0;
}

/**
 * The pages of a paginated statement as the one statement they are: the first page's start and
 * opening balance, the last page's end and closing balance (pages in the order imported).
 */
export function mergePages(statements: readonly StatementBalanceFacts[]): StatementBalanceFacts[] {
  const byId = new Map(statements.map((s) => [s.id, { ...s }]));
  const pages = statements
    .filter((s) => s.continuesStatementId && byId.has(s.continuesStatementId))
    .sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.position - b.position);
  for (const page of pages) {
    const first = byId.get(page.continuesStatementId as string) as StatementBalanceFacts;
    if (page.startsOn !== null && (first.startsOn === null || page.startsOn < first.startsOn))
      first.startsOn = page.startsOn;
    if (page.endsOn !== null && (first.endsOn === null || page.endsOn > first.endsOn)) first.endsOn = page.endsOn;
    if (page.closingBalance !== null) first.closingBalance = page.closingBalance;
    byId.delete(page.id);
  }
  return [...byId.values()];
}

/** Consecutive statements whose balances do not follow: a statement (a day, a page) is missing between them. */
export interface StatementGap {
  /** The last day of the statement before the gap. */
  after: string;
  /** The first day of the statement after it. */
  before: string;
  /** Where the statement before the gap closed… */
  closingBalance: Decimal;
  /** …and where the next one opens. */
  openingBalance: Decimal;
  afterStatement: { id: string; statementRef: string | null };
  beforeStatement: { id: string; statementRef: string | null };
}

/**
 * Continuity of the account's statements starting by `asOf`: each statement's opening balance
 * against the closing balance of the statement before it. Statements are taken in order of their
 * period; one that repeats another (same period, same balances: the same statement sent twice) is
 * taken once; one that starts before the previous ends overlaps it and is not compared (the later
 * ending of the two goes on); a statement without balances is passed over (a CSV of lines: its
 * neighbours are compared with each other).
 */
export function statementGaps(statements: readonly StatementBalanceFacts[], asOf: string): StatementGap[] {
  const same = (a: Decimal | null, b: Decimal | null): boolean => (a === null ? b === null : b !== null && a.equals(b));
  const ordered = statements
    .filter((s) => s.startsOn !== null && s.endsOn !== null && s.startsOn <= asOf)
    .filter((s) => s.openingBalance !== null || s.closingBalance !== null)
    .sort(
      (a, b) =>
        (a.startsOn as string).localeCompare(b.startsOn as string) ||
        (a.endsOn as string).localeCompare(b.endsOn as string) ||
        a.importedAt.localeCompare(b.importedAt) ||
        a.position - b.position,
    );
  const gaps: StatementGap[] = [];
  const seen: StatementBalanceFacts[] = [];
  let previous: StatementBalanceFacts | undefined;
  for (const s of ordered) {
    const repeat = seen.some(
      (k) =>
        k.startsOn === s.startsOn &&
        k.endsOn === s.endsOn &&
        same(k.openingBalance, s.openingBalance) &&
        same(k.closingBalance, s.closingBalance),
    );
    if (repeat) continue;
    seen.push(s);
    if (previous === undefined) {
      previous = s;
      continue;
    }
    const previousEnd = previous.endsOn as string;
    if ((s.startsOn as string) < previousEnd) {
      if ((s.endsOn as string) > previousEnd) previous = s;
      continue;
    }
    if (
      previous.closingBalance !== null &&
      s.openingBalance !== null &&
      !previous.closingBalance.equals(s.openingBalance)
    ) {
      gaps.push({
        after: previousEnd,
        before: s.startsOn as string,
        closingBalance: previous.closingBalance,
        openingBalance: s.openingBalance,
        afterStatement: { id: previous.id, statementRef: previous.statementRef },
        beforeStatement: { id: s.id, statementRef: s.statementRef },
      });
    }
    previous = s;
  }
  return gaps;
}
