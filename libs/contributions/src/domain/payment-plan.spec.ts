import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { MemberBook } from './member-book';
import { PaymentPlan, planPayment } from './payment-allocation';
import { assertPaymentAddsUp, laterApplications, receiptLines } from './payment-plan';

const d = (s: string): Decimal => new Dec(s);

/** A payment of `amount` on `date` into a book with the given assessments (year → [date, amount]). */
function planned(assessed: [number, string, string][], date: string, amount: string): PaymentPlan {
  const book = new MemberBook('MEX');
  for (const [fiscalYear, on, delta] of assessed) book.addAssessment({ fiscalYear, date: on, delta: d(delta) });
  return planPayment(book, { id: 'p1', seq: 1, date, amountBase: d(amount) });
}

const show = (lines: ReturnType<typeof receiptLines>) =>
  lines.map((l) => [l.account, l.side, l.amount.toFixed(2), l.member ?? null]);

describe('what a payment posts', () => {
  it.each([
    // [case, assessments, date, amount, receipt lines, later applications by date]
    [
      'all to one year',
      [[2005, '2005-01-01', '100.00']],
      '2005-03-01',
      '100.00',
      [['1100', 'credit', '100.00', 'MEX']],
      [],
    ],
    [
      'two years and an advance',
      [
        [2004, '2004-01-01', '50.00'],
        [2005, '2005-01-01', '30.00'],
      ],
      '2005-03-01',
      '100.00',
      [
        ['1100', 'credit', '50.00', 'MEX'],
        ['1100', 'credit', '30.00', 'MEX'],
        ['2100', 'credit', '20.00', 'MEX'],
      ],
      [],
    ],
    [
      'recorded late: the advance meets two later assessments, one entry per date',
      [
        [2006, '2006-01-01', '30.00'],
        [2006, '2006-07-01', '30.00'],
      ],
      '2005-12-01',
      '100.00',
      [['2100', 'credit', '100.00', 'MEX']],
      [
        [
          '2006-01-01',
          [
            ['2100', 'debit', '30.00', 'MEX'],
            ['1100', 'credit', '30.00', 'MEX'],
          ],
        ],
        [
          '2006-07-01',
          [
            ['2100', 'debit', '30.00', 'MEX'],
            ['1100', 'credit', '30.00', 'MEX'],
          ],
        ],
      ],
    ],
  ] as const)('%s', (_name, assessed, date, amount, receipt, later) => {
    const plan = planned(
      assessed.map(([y, on, a]) => [y, on, a]),
      date,
      amount,
    );
    expect(show(receiptLines(plan, 'MEX'))).toEqual(receipt);
    expect(laterApplications(plan, 'MEX').map((g) => [g.date, show(g.lines)])).toEqual(later);
    assertPaymentAddsUp(plan, 'p1', d(amount));
  });

  it('groups the later applications of one date into one entry', () => {
    const plan = planned(
      [
        [2006, '2006-01-01', '30.00'],
        [2007, '2006-01-01', '20.00'],
      ],
      '2005-12-01',
      '100.00',
    );
    const groups = laterApplications(plan, 'MEX');
    expect(groups.map((g) => [g.date, g.allocations.length, show(g.lines)])).toEqual([
      [
        '2006-01-01',
        2,
        [
          ['2100', 'debit', '50.00', 'MEX'],
          ['1100', 'credit', '50.00', 'MEX'],
        ],
      ],
    ]);
  });

  it.each([
    ['a cent short', '99.99'],
    ['a cent over', '100.01'],
  ])('refuses a plan that does not add up to the payment (%s)', (_name, amountBase) => {
    const plan = planned([[2005, '2005-01-01', '60.00']], '2005-03-01', '100.00');
    expect(() => assertPaymentAddsUp(plan, 'p1', d(amountBase))).toThrow(/post-condition failed/);
  });
});
