import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode, formatAmount, parseRate, validationError } from '@app/common';

/** Stable names of the grant rules, sent as `rule` in the problem+json of a 409. */
export const GRANT_RULES = {
  closed: 'grant.closed',
  receiptExceedsPledge: 'grant.receipt_exceeds_pledge',
  spendingExceedsReceived: 'grant.spending_exceeds_received',
  outsidePeriod: 'grant.outside_period',
  refundExceedsAvailable: 'grant.refund_exceeds_available',
  closeWhileOverspent: 'grant.close_while_overspent',
} as const;

export const ruleBroken = (rule: string, message: string, facts: Record<string, string> = {}): DomainError =>
  new DomainError(ErrorCode.Conflict, message, undefined, { rule, ...facts });

/**
 * The rate of a line: none for the base currency (a stated rate must then be 1), required and
 * positive otherwise. Checked here so the 400 names the request's field, not a ledger line.
 */
export function rateFor(
  currency: string,
  rate: string | undefined,
  baseCurrency: string,
  field = 'rate',
): Decimal | undefined {
  if (currency === baseCurrency) {
    if (rate !== undefined && !new Dec(rate).equals(1))
      throw validationError(field, `must be 1 (or absent) for the base currency ${baseCurrency}`);
    return undefined;
  }
  if (rate === undefined)
    throw validationError(field, `is required: ${currency} is not the base currency ${baseCurrency}`);
  return parseRate(rate, field);
}

/** Spending is eligible only within the agreement's period, when it has one. */
export function outsidePeriod(date: string, from: string | null, to: string | null): boolean {
  return (from !== null && date < from) || (to !== null && date > to);
}

/**
 * May `amountBase` leave the grant's cash, whose lowest balance from the spending date on is
 * `lowestCashBase`? Only what was received can be spent, unless the policy lets grants pre-finance.
 */
export function spendingAllowed(lowestCashBase: Decimal, amountBase: Decimal, preFinance: boolean): boolean {
  return preFinance || lowestCashBase.minus(amountBase).gte(0);
}

/** Budget lines, when given, have unique codes and add up to the agreement's amount exactly. */
export function budgetLinesProblem(
  amount: Decimal,
  lines: readonly { code: string; amount: Decimal }[],
): string | null {
  if (lines.length === 0) return null;
  const codes = new Set(lines.map((l) => l.code));
  if (codes.size !== lines.length) return 'budget line codes must be unique';
  const total = lines.reduce((s, l) => s.plus(l.amount), new Dec(0));
  if (!total.equals(amount))
    return `budget lines add up to ${total.toFixed()}, not to the grant amount ${amount.toFixed()}`;
  return null;
}

/** The checks of a spending from a grant: in the agreement's period, on one of its budget lines, from money received. */
export interface SpendingFacts {
  grant: string;
  date: string;
  periodFrom: string | null;
  periodTo: string | null;
}

/** Spending outside the agreement's period is refused (409, rule `grant.outside_period`). */
export function assertWithinPeriod(f: SpendingFacts): void {
  if (outsidePeriod(f.date, f.periodFrom, f.periodTo)) {
    throw ruleBroken(
      GRANT_RULES.outsidePeriod,
      `grant ${f.grant}: spending on ${f.date} is outside the agreement's period ${f.periodFrom ?? '…'} to ${f.periodTo ?? '…'}`,
    );
  }
}

/** A grant with budget lines is spent on one of them (400 naming `budgetLine`); without, on any. */
export function assertBudgetLine(grant: string, lineCodes: readonly string[], budgetLine: string): void {
  if (lineCodes.length > 0 && !lineCodes.includes(budgetLine)) {
    throw validationError(
      'budgetLine',
      `'${budgetLine}' is not a budget line of grant ${grant}; use one of ${lineCodes.join(', ')}`,
    );
  }
}

/**
 * Only what was received can be spent, at every date from the spending on, unless the policy lets
 * grants pre-finance (409, rule `grant.spending_exceeds_received`, with what is available).
 */
export function assertSpendingCovered(
  f: { grant: string; date: string; lowestCashBase: Decimal; amountBase: Decimal; preFinance: boolean },
  base: string,
): void {
  if (spendingAllowed(f.lowestCashBase, f.amountBase, f.preFinance)) return;
  const available = Dec.max(f.lowestCashBase, 0);
  throw ruleBroken(
    GRANT_RULES.spendingExceedsReceived,
    `grant ${f.grant}: spending ${formatAmount(f.amountBase, base)} ${base} on ${f.date} would exceed what the grant has received; ` +
      `${formatAmount(available, base)} ${base} received and not yet spent is available from that date ` +
      `(the policy does not let grants pre-finance spending)`,
    { available: formatAmount(available, base), currency: base },
  );
}

/**
 * A grant that has spent more than it received (pre-financed: its lowest cash from the closing
 * date on is below zero) is not closed until the outstanding receipts are recorded.
 */
export function assertNotOverspent(f: { grant: string; lowestCashBase: Decimal }, base: string): void {
  if (!f.lowestCashBase.lt(0)) return;
  const overspent = formatAmount(f.lowestCashBase.abs(), base);
  throw ruleBroken(
    GRANT_RULES.closeWhileOverspent,
    `grant ${f.grant}: it has spent ${overspent} ${base} more than it received (pre-financed); ` +
      'record the outstanding receipts before closing it',
    { overspent, currency: base },
  );
}

/** No more than what the grant holds unspent from the refund's date on goes back to the donor. */
export function assertRefundWithinUnspent(
  f: { grant: string; date: string; lowestCashBase: Decimal; refundBase: Decimal },
  base: string,
): void {
  if (!f.refundBase.gt(f.lowestCashBase)) return;
  const available = formatAmount(f.lowestCashBase, base);
  throw ruleBroken(
    GRANT_RULES.refundExceedsAvailable,
    `grant ${f.grant}: a refund of ${formatAmount(f.refundBase, base)} ${base} exceeds the ${available} ${base} ` +
      `the grant holds unspent on ${f.date}`,
    { available, currency: base },
  );
}

/** A receipt settles no more of the pledge than is still to be received (in the grant's currency). */
export function assertReceiptWithinPledge(f: {
  grant: string;
  currency: string;
  pledged: Decimal;
  outstandingBefore: Decimal;
  settles: Decimal;
}): void {
  if (!f.settles.gt(f.outstandingBefore)) return;
  const cur = f.currency;
  throw ruleBroken(
    GRANT_RULES.receiptExceedsPledge,
    `grant ${f.grant}: this receipt settles ${formatAmount(f.settles, cur)} ${cur} of the pledge, but only ` +
      `${formatAmount(f.outstandingBefore, cur)} ${cur} of the ${formatAmount(f.pledged, cur)} pledged is still to be received`,
    { outstanding: formatAmount(f.outstandingBefore, cur), currency: cur },
  );
}
