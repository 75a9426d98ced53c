import Decimal from 'decimal.js';
import { DomainError, ErrorCode } from '@app/common';
import type { ParsedStatementLine } from '../statement-parsers';
import { balancesAgree, StatementTally, statementPeriod, toStatementLineRow } from './statement-line';
import { Dec } from '@app/common';

const parsed = (over: Partial<ParsedStatementLine> = {}): ParsedStatementLine => ({
  lineNumber: 7,
  bookingDate: '2024-03-04',
  amount: new Decimal('1250.50'),
  direction: 'debit',
  currency: 'USD',
  reference: 'PO-7781',
  description: 'Acme',
  reversal: false,
  ...over,
});

function malformed(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.StatementMalformed);
    return error as DomainError;
  }
  throw new Error('expected StatementMalformed');
}

describe('toStatementLineRow', () => {
  it.each([
    ['USD at its scale', parsed(), 'USD', { amount: '1250.50', foreignCurrency: false, dedupReference: 'PO-7781' }],
    [
      'trailing zeros beyond the scale are not decimals (8.850 EUR)',
      parsed({ amount: new Decimal('8.850'), currency: 'EUR' }),
      'EUR',
      { amount: '8.85' },
    ],
    ['JPY has no minor unit', parsed({ amount: new Decimal('1500'), currency: 'JPY' }), 'JPY', { amount: '1500' }],
    [
      'a line in another currency is flagged',
      parsed({ currency: 'EUR' }),
      'USD',
      { currency: 'EUR', foreignCurrency: true },
    ],
    [
      'the bank reference keys the line when given',
      parsed({ bankReference: 'UBS-1' }),
      'USD',
      { bankReference: 'UBS-1', dedupReference: 'UBS-1' },
    ],
    ['no value date', parsed(), 'USD', { valueDate: null }],
  ])('%s', (_what, line, accountCurrency, expected) => {
    expect(toStatementLineRow(line, accountCurrency, 'camt053')).toMatchObject(expected);
  });

  it('cuts a long reference and description (the cut is deterministic, so the key still dedups)', () => {
    const row = toStatementLineRow(parsed({ reference: 'R'.repeat(600), description: 'D'.repeat(2500) }), 'USD', 'csv');
    expect([row.reference.length, row.description.length, row.dedupReference.length]).toEqual([500, 2000, 500]);
  });

  it.each([
    ['more decimals than the currency', parsed({ amount: new Decimal('1.005') }), 'csv', 'line 7/amount'],
    ['JPY with decimals', parsed({ amount: new Decimal('1.5'), currency: 'JPY' }), 'camt053', 'Ntry #7/amount'],
    ['an unknown currency', parsed({ currency: 'XXX' }), 'camt053', 'Ntry #7/currency'],
  ] as const)('refuses %s, naming the line', (_what, line, format, field) => {
    expect(malformed(() => toStatementLineRow(line, 'USD', format)).errors?.[0].field).toBe(field);
  });
});

describe('statement period and balances', () => {
  const tally = (...rows: [string, 'credit' | 'debit', string, string?][]) => {
    const t = new StatementTally();
    for (const [date, direction, amount, currency] of rows) {
      t.add(
        toStatementLineRow(
          parsed({ bookingDate: date, direction, amount: new Decimal(amount), currency: currency ?? 'USD' }),
          'USD',
          'csv',
        ),
      );
    }
    return t;
  };

  it.each([
    [
      'the file period',
      '2024-03-01',
      '2024-03-31',
      tally(['2024-03-04', 'credit', '1.00']),
      { startsOn: '2024-03-01', endsOn: '2024-03-31' },
    ],
    [
      'widened by a line booked after it',
      '2024-03-01',
      '2024-03-31',
      tally(['2024-04-01', 'credit', '1.00']),
      { startsOn: '2024-03-01', endsOn: '2024-04-01' },
    ],
    [
      'from the lines (CSV)',
      undefined,
      undefined,
      tally(['2024-03-04', 'credit', '1.00'], ['2024-03-02', 'debit', '1.00']),
      { startsOn: '2024-03-02', endsOn: '2024-03-04' },
    ],
    [
      'foreign-currency lines do not set it',
      undefined,
      undefined,
      tally(['2024-03-09', 'credit', '1.00', 'EUR']),
      { startsOn: null, endsOn: null },
    ],
    ['one end only', '2024-03-01', undefined, tally(), { startsOn: '2024-03-01', endsOn: '2024-03-01' }],
  ])('period: %s', (_what, from, to, t, expected) => {
    expect(statementPeriod(from, to, t)).toEqual(expected);
  });

  it('tallies the net in the account currency only', () => {
    const t = tally(
      ['2024-03-01', 'credit', '5000.00'],
      ['2024-03-06', 'debit', '1234.56'],
      ['2024-03-08', 'credit', '250.00', 'EUR'],
    );
    expect([t.linesRead, t.foreignCurrencyLines, t.net.toFixed(2)]).toEqual([3, 1, '3765.44']);
    expect(balancesAgree(new Dec('10000.00'), new Dec('13765.44'), t.net)).toBe(true);
    expect(balancesAgree(new Dec('10000.00'), new Dec('13765.45'), t.net)).toBe(false);
    expect(balancesAgree(undefined, new Dec('13765.44'), t.net)).toBeNull();
  });
});
