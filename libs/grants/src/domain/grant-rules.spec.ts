import { Dec, DomainError } from '@app/common';
import {
  assertBudgetLine,
  assertNotOverspent,
  assertReceiptWithinPledge,
  assertRefundWithinUnspent,
  assertSpendingCovered,
  assertWithinPeriod,
  budgetLinesProblem,
  outsidePeriod,
  rateFor,
  spendingAllowed,
} from './grant-rules';

/** The code and rule a check refuses with, or null when it passes. */
function refusal(check: () => void): [string, string | null] | null {
  try {
    check();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return [error.code, (error.extensions?.rule as string | undefined) ?? null];
  }
}

describe('rateFor', () => {
  it.each([
    ['base currency, no rate', 'USD', undefined, undefined],
    ['base currency, rate 1', 'USD', '1.0', undefined],
    ['other currency, its rate', 'EUR', '1.30', '1.3'],
  ])('%s', (_case, currency, rate, expected) => {
    expect(rateFor(currency, rate, 'USD')?.toFixed()).toBe(expected);
  });

  it.each([
    ['base currency with another rate', 'USD', '1.1', /must be 1/],
    ['other currency without a rate', 'EUR', undefined, /is required/],
    ['other currency with a zero rate', 'EUR', '0', /rate/],
  ])('refuses %s with a 400', (_case, currency, rate, message) => {
    expect(() => rateFor(currency, rate, 'USD')).toThrow(message);
  });
});

describe('outsidePeriod', () => {
  it.each([
    ['2005-03-01', null, null, false],
    ['2004-12-31', '2005-01-01', '2005-12-31', true],
    ['2005-01-01', '2005-01-01', '2005-12-31', false],
    ['2005-12-31', '2005-01-01', '2005-12-31', false],
    ['2006-01-01', '2005-01-01', '2005-12-31', true],
    ['2006-01-01', '2005-01-01', null, false],
    ['2004-06-30', null, '2005-12-31', false],
  ])('%s in [%s, %s] → outside %s', (date, from, to, outside) => {
    expect(outsidePeriod(date, from, to)).toBe(outside);
  });
});

describe('spendingAllowed', () => {
  it.each([
    ['spends exactly what is left', '10000.00', '10000.00', false, true],
    ['one cent too much', '10000.00', '10000.01', false, false],
    ['nothing received yet', '0', '0.01', false, false],
    ['nothing received, pre-financing allowed', '0', '50000.00', true, true],
    ['already overspent, pre-financing allowed', '-100.00', '1.00', true, true],
  ])('%s', (_case, cash, amount, preFinance, allowed) => {
    expect(spendingAllowed(new Dec(cash), new Dec(amount), preFinance)).toBe(allowed);
  });
});

describe('budgetLinesProblem', () => {
  const lines = (...xs: [string, string][]) => xs.map(([code, amount]) => ({ code, amount: new Dec(amount) }));
  it.each([
    ['no lines', '250000.00', lines(), null],
    ['lines add up', '250000.00', lines(['MEDIA', '150000.00'], ['PRINT', '60000.00'], ['EVAL', '40000.00']), null],
    [
      'lines short by a cent',
      '250000.00',
      lines(['MEDIA', '150000.00'], ['PRINT', '99999.99']),
      'budget lines add up to 249999.99, not to the grant amount 250000',
    ],
    ['duplicate code', '200.00', lines(['A', '100.00'], ['A', '100.00']), 'budget line codes must be unique'],
  ])('%s', (_case, amount, ls, problem) => {
    expect(budgetLinesProblem(new Dec(amount), ls)).toBe(problem);
  });
});

describe('the checks of a spending', () => {
  it.each([
    ['within the period', '2005-06-01', '2005-01-01', '2005-12-31', null],
    ['on its first day', '2005-01-01', '2005-01-01', '2005-12-31', null],
    ['on its last day', '2005-12-31', '2005-01-01', '2005-12-31', null],
    ['the day before', '2004-12-31', '2005-01-01', '2005-12-31', ['conflict', 'grant.outside_period']],
    ['the day after', '2006-01-01', '2005-01-01', '2005-12-31', ['conflict', 'grant.outside_period']],
    ['no period', '1999-01-01', null, null, null],
  ] as const)('period: %s', (_case, date, periodFrom, periodTo, expected) => {
    expect(refusal(() => assertWithinPeriod({ grant: 'G1', date, periodFrom, periodTo }))).toEqual(expected);
  });

  it.each([
    ['one of its lines', ['TRAVEL', 'STAFF'], 'STAFF', null],
    ['not one of its lines', ['TRAVEL', 'STAFF'], 'RENT', ['validation_failed', null]],
    ['a grant without lines takes any', [], 'RENT', null],
  ] as const)('budget line: %s', (_case, lines, line, expected) => {
    expect(refusal(() => assertBudgetLine('G1', lines, line))).toEqual(expected);
  });

  it.each([
    ['within what was received', '100.00', '100.00', false, null],
    ['a cent over', '100.00', '100.01', false, ['conflict', 'grant.spending_exceeds_received']],
    ['nothing received', '0.00', '0.01', false, ['conflict', 'grant.spending_exceeds_received']],
    ['pre-financed by policy', '0.00', '500.00', true, null],
  ] as const)('cash: %s', (_case, lowest, amount, preFinance, expected) => {
    const check = () =>
      assertSpendingCovered(
        { grant: 'G1', date: '2005-06-01', lowestCashBase: new Dec(lowest), amountBase: new Dec(amount), preFinance },
        'USD',
      );
    expect(refusal(check)).toEqual(expected);
  });

  it('says what is available, never below zero', () => {
    expect(() =>
      assertSpendingCovered(
        {
          grant: 'G1',
          date: '2005-06-01',
          lowestCashBase: new Dec('-20.00'),
          amountBase: new Dec('1.00'),
          preFinance: false,
        },
        'USD',
      ),
    ).toThrow(/0\.00 USD received and not yet spent/);
  });
});

describe('the checks of a refund and close', () => {
  it.each([
    ['holds cash', '100.00', null],
    ['holds nothing', '0.00', null],
    ['spent a cent more than it received', '-0.01', ['conflict', 'grant.close_while_overspent']],
  ] as const)('overspent: %s', (_case, lowest, expected) => {
    expect(refusal(() => assertNotOverspent({ grant: 'G1', lowestCashBase: new Dec(lowest) }, 'USD'))).toEqual(
      expected,
    );
  });

  it('names what was overspent', () => {
    expect(() => assertNotOverspent({ grant: 'G1', lowestCashBase: new Dec('-20.5') }, 'USD')).toThrow(
      /grant G1: it has spent 20\.50 USD more than it received/,
    );
  });

  it.each([
    ['all of what it holds', '100.00', '100.00', null],
    ['less', '100.00', '40.00', null],
    ['nothing, from nothing', '0.00', '0.00', null],
    ['a cent more', '100.00', '100.01', ['conflict', 'grant.refund_exceeds_available']],
  ] as const)('refund: %s', (_case, lowest, refund, expected) => {
    const check = () =>
      assertRefundWithinUnspent(
        { grant: 'G1', date: '2005-12-31', lowestCashBase: new Dec(lowest), refundBase: new Dec(refund) },
        'USD',
      );
    expect(refusal(check)).toEqual(expected);
  });
});

describe('the check of a receipt', () => {
  it.each([
    ['settles what is outstanding', '250000.00', '250000.00', '250000.00', null],
    ['settles part of it', '250000.00', '125000.00', '100000.00', null],
    [
      'a cent more than outstanding',
      '250000.00',
      '125000.00',
      '125000.01',
      ['conflict', 'grant.receipt_exceeds_pledge'],
    ],
    ['anything once fully received', '250000.00', '0.00', '0.01', ['conflict', 'grant.receipt_exceeds_pledge']],
  ] as const)('pledge: %s', (_case, pledged, outstanding, settles, expected) => {
    const check = () =>
      assertReceiptWithinPledge({
        grant: 'G1',
        currency: 'EUR',
        pledged: new Dec(pledged),
        outstandingBefore: new Dec(outstanding),
        settles: new Dec(settles),
      });
    expect(refusal(check)).toEqual(expected);
  });
});
