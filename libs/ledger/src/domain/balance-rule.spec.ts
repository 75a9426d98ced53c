import { Dec } from '@app/common';
import { fundImbalances } from './balance-rule';
import { PricedLine, Side } from './posting';

/** [fund, side, amountBase, amount?, currency?] — `amount` differs from amountBase for foreign lines. */
type Row = [string, Side, string, string?, string?];

const lines = (rows: Row[]): PricedLine[] =>
  rows.map(([fund, side, amountBase, amount, currency], i) => ({
    lineNo: i + 1,
    account: side === 'debit' ? '1010' : '4900',
    fund,
    side,
    amount: new Dec(amount ?? amountBase),
    currency: currency ?? 'USD',
    rate: new Dec(amount === undefined ? 1 : new Dec(amountBase).div(amount)),
    amountBase: new Dec(amountBase),
  }));

const shown = (rows: Row[]): [string, string, string][] =>
  fundImbalances(lines(rows)).map((i) => [i.fund, i.debitBase.toFixed(2), i.creditBase.toFixed(2)]);

describe('per-fund balance rule (fundImbalances)', () => {
  it.each<[string, Row[]]>([
    ['one fund, one debit, one credit', [['GEN', 'debit', '100.00'], ['GEN', 'credit', '100.00']]],
    ['written differently, equal in value', [['GEN', 'debit', '100'], ['GEN', 'credit', '100.00']]],
    [
      'a three-way split that adds up exactly',
      [['GEN', 'debit', '33.33'], ['GEN', 'debit', '33.33'], ['GEN', 'debit', '33.34'], ['GEN', 'credit', '100.00']],
    ],
    [
      'two funds, each balanced on its own',
      [['GEN', 'debit', '10.00'], ['RES', 'debit', '25.50'], ['GEN', 'credit', '10.00'], ['RES', 'credit', '25.50']],
    ],
    [
      // 91.00 EUR at 1.1 = 100.10 USD: the base amounts balance although the amounts do not.
      'a foreign line balanced in the base currency',
      [['GEN', 'debit', '100.10', '91.00', 'EUR'], ['GEN', 'credit', '100.10']],
    ],
    [
      'twenty-digit amounts, no float rounding',
      [['GEN', 'debit', '99999999999999999999.99'], ['GEN', 'credit', '99999999999999999999.98'], ['GEN', 'credit', '0.01']],
    ],
  ])('accepts %s', (_case, rows) => {
    expect(shown(rows)).toEqual([]);
  });

  it.each<[string, Row[], [string, string, string][]]>([
    ['one cent short', [['GEN', 'debit', '100.00'], ['GEN', 'credit', '99.99']], [['GEN', '100.00', '99.99']]],
    [
      'a total that balances while the funds do not (GEN debit / RES credit)',
      [['GEN', 'debit', '100.00'], ['RES', 'credit', '100.00']],
      [
        ['GEN', '100.00', '0.00'],
        ['RES', '0.00', '100.00'],
      ],
    ],
    [
      'the foreign amounts agree but the base amounts do not',
      [['GEN', 'debit', '110.00', '100.00', 'EUR'], ['GEN', 'credit', '100.00']],
      [['GEN', '110.00', '100.00']],
    ],
    [
      'only the broken fund is named, in code order',
      [
        ['ZED', 'debit', '5.00'],
        ['GEN', 'debit', '1.00'],
        ['GEN', 'credit', '1.00'],
        ['ZED', 'credit', '4.00'],
        ['RES', 'credit', '1.00'],
      ],
      [
        ['RES', '0.00', '1.00'],
        ['ZED', '5.00', '4.00'],
      ],
    ],
    [
      'two debits and no credit',
      [['GEN', 'debit', '1.00'], ['GEN', 'debit', '1.00']],
      [['GEN', '2.00', '0.00']],
    ],
  ])('refuses %s', (_case, rows, expected) => {
    expect(shown(rows)).toEqual(expected);
  });

  it('says nothing about an empty list (the line count is checked elsewhere)', () => {
    expect(fundImbalances([])).toEqual([]);
  });
});
