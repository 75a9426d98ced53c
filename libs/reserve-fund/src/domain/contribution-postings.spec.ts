import { Dec } from '@app/common';
import { ContributionFacts, contributionDescription, contributionLines } from './contribution-postings';

const USD_BANK = { code: 'BANK-USD', currency: 'USD', ledgerAccount: '1010' };
const EUR_BANK = { code: 'BANK-EUR', currency: 'EUR', ledgerAccount: '1011' };

const facts = (over: Partial<ContributionFacts>): ContributionFacts => ({
  source: 'member',
  member: 'MEX',
  fromFund: null,
  bank: USD_BANK,
  amount: new Dec('40000.00'),
  currency: 'USD',
  rate: undefined,
  amountBase: new Dec('40000.00'),
  base: 'USD',
  ...over,
});

/** account fund side amount currency (member) — one string a line. */
const shown = (c: ContributionFacts): string[] =>
  contributionLines(c).map((l) =>
    [l.account, l.fund, l.side, l.amount.toFixed(2), l.currency ?? 'base', l.member ?? '-'].join(' '),
  );

describe('contribution postings', () => {
  it.each<[string, Partial<ContributionFacts>, string[]]>([
    ['a member, in the base currency', {}, ['1010 RES debit 40000.00 USD MEX', '4300 RES credit 40000.00 USD MEX']],
    [
      'a member, in euros through a euro account',
      {
        bank: EUR_BANK,
        amount: new Dec('1000.00'),
        currency: 'EUR',
        rate: new Dec('1.1'),
        amountBase: new Dec('1100.00'),
      },
      ['1011 RES debit 1000.00 EUR MEX', '4300 RES credit 1000.00 EUR MEX'],
    ],
    [
      'a member, in euros through the base-currency account',
      { amount: new Dec('1000.00'), currency: 'EUR', rate: new Dec('1.1'), amountBase: new Dec('1100.00') },
      ['1010 RES debit 1100.00 USD MEX', '4300 RES credit 1000.00 EUR MEX'],
    ],
    [
      'a donor',
      { source: 'donor', member: undefined, donor: 'OIM' },
      ['1010 RES debit 40000.00 USD -', '4300 RES credit 40000.00 USD -'],
    ],
    [
      'a transfer from the general fund',
      {
        source: 'general_fund',
        member: undefined,
        fromFund: 'GEN',
        amount: new Dec('1000.00'),
        amountBase: new Dec('1000.00'),
      },
      [
        '5800 GEN debit 1000.00 base -',
        '1010 GEN credit 1000.00 USD -',
        '1010 RES debit 1000.00 USD -',
        '4800 RES credit 1000.00 base -',
      ],
    ],
  ])('%s', (_case, over, lines) => {
    expect(shown(facts(over))).toEqual(lines);
  });

  it.each<[string, Partial<ContributionFacts>, string]>([
    ['a member', {}, 'Contribution to the reserve fund from member MEX'],
    [
      'a donor, by decision',
      { source: 'donor', donor: 'OIM', decision: 'CRM-X/7' },
      'Contribution to the reserve fund from donor OIM (CRM-X/7)',
    ],
    ['a donor not named', { source: 'donor', donor: undefined }, 'Contribution to the reserve fund from donor'],
    ['a fund', { source: 'general_fund', fromFund: 'GEN' }, 'Contribution to the reserve fund from fund GEN'],
  ])('description: %s', (_case, over, text) => {
    expect(contributionDescription(facts(over))).toBe(text);
  });
});
