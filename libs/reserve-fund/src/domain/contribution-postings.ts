import { Decimal } from 'decimal.js';
import { bankLine, BankAccountRow, PostingLine } from '@app/ledger';
import { ACCOUNTS, ContributionSource, RESERVE_FUND } from '../reserve-fund.repository';

export interface ContributionFacts {
  source: ContributionSource;
  member?: string;
  donor?: string;
  decision?: string;
  /** The fund a transfer comes from (source `general_fund`); null otherwise. */
  fromFund: string | null;
  bank: Pick<BankAccountRow, 'code' | 'currency' | 'ledgerAccount'>;
  amount: Decimal;
  currency: string;
  rate: Decimal | undefined;
  amountBase: Decimal;
  base: string;
}

/**
 * The lines of a contribution to the reserve fund. From a member or a donor: Dr bank / Cr member
 * contributions (4300) in RES, in the money received. From another fund: a transfer in the base
 * currency — Dr transfers out (5800) / Cr bank in that fund, Dr bank / Cr transfers in (4800) in RES.
 */
export function contributionLines(c: ContributionFacts): PostingLine[] {
  if (c.fromFund !== null) {
    const inBase = { amount: c.amountBase, currency: c.base, amountBase: c.amountBase };
    return [
      { account: ACCOUNTS.transfersOut, fund: c.fromFund, side: 'debit', amount: c.amountBase },
      bankLine(c.bank, c.fromFund, 'credit', inBase, c.base),
      bankLine(c.bank, RESERVE_FUND, 'debit', inBase, c.base),
      { account: ACCOUNTS.transfersIn, fund: RESERVE_FUND, side: 'credit', amount: c.amountBase },
    ];
  }
  const money = { amount: c.amount, currency: c.currency, rate: c.rate };
  return [
    bankLine(c.bank, RESERVE_FUND, 'debit', { ...money, amountBase: c.amountBase }, c.base, { member: c.member }),
    { ...money, account: ACCOUNTS.memberContributions, fund: RESERVE_FUND, side: 'credit', member: c.member },
  ];
}

/** The journal entry's description: who contributed, and the decision when one is named. */
export function contributionDescription(
  c: Pick<ContributionFacts, 'source' | 'member' | 'donor' | 'decision' | 'fromFund'>,
): string {
  const who =
    c.source === 'member'
      ? `member ${c.member ?? ''}`
      : c.source === 'donor'
        ? `donor ${c.donor ?? ''}`.trim()
        : `fund ${c.fromFund ?? ''}`;
  return `Contribution to the reserve fund from ${who}${c.decision ? ` (${c.decision})` : ''}`.slice(0, 500);
}
