import { Decimal } from 'decimal.js';
import { PostingLine, Side } from '@app/ledger';

/** Accounts of the default chart the contributions domain posts to, all in the general fund. */
export const RECEIVABLE = '1100';
export const ADVANCES = '2100';
export const ASSESSED_REVENUE = '4100';
export const WRITTEN_OFF = '5700';
export const GENERAL_FUND = 'GEN';

/** Members per journal entry when one use case touches many (keeps an entry under the ledger's 500 lines). */
export const MEMBERS_PER_ENTRY = 200;

export function line(account: string, side: Side, amount: Decimal, member?: string): PostingLine {
  return { account, fund: GENERAL_FUND, side, amount, ...(member !== undefined ? { member } : {}) };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
