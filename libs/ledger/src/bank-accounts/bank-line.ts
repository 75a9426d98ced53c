import { Decimal } from 'decimal.js';
import { validationError } from '@app/common';
import { PostingDimensions, PostingLine, Side } from '../domain/posting';

/** What a posting needs of a bank account. */
export interface BankLineAccount {
  code: string;
  ledgerAccount: string;
  currency: string;
}

/** Money as a request states it: its currency and rate, and its worth in the base currency. */
export interface BankLineMoney {
  amount: Decimal;
  currency: string;
  /** Base units per unit of `currency`; absent for the base currency. */
  rate?: Decimal;
  amountBase: Decimal;
}

/**
 * The line on a bank account's ledger account for money received into it or paid out of it, in
 * the account's own currency — what its statement will show, so the line can be matched:
 * - money in the account's currency: the line carries it as stated (amount, currency, rate);
 * - money in another currency into an account held in the base currency: the bank converted, so
 *   the line is the base amount (the caller's record keeps the original currency and rate);
 * - anything else (EUR into a GTQ account) cannot be booked truthfully: a 400 on `currency`.
 */
export function bankLine(
  bank: BankLineAccount,
  fund: string,
  side: Side,
  money: BankLineMoney,
  baseCurrency: string,
  dimensions: PostingDimensions = {},
): PostingLine {
  const common = { ...dimensions, account: bank.ledgerAccount, fund, side, bankAccount: bank.code };
  if (bank.currency === money.currency) return { ...common, amount: money.amount, currency: money.currency, rate: money.rate };
  if (bank.currency === baseCurrency) return { ...common, amount: money.amountBase, currency: baseCurrency };
  throw validationError(
    'currency',
    `bank account '${bank.code}' holds ${bank.currency}: ${money.currency} can go through it only when ${bank.currency} is the base currency; name a ${money.currency} account`,
  );
}
