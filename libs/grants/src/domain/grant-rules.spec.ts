import { Dec } from '@app/common';
import { budgetLinesProblem, outsidePeriod, rateFor, spendingAllowed } from './grant-rules';

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
