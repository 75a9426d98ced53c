import { Dec } from '@app/common';
import { executionPercent } from './percent';

describe('executionPercent', () => {
  it.each([
    ['750.00', '2000.00', '37.5000'],
    ['0.00', '2000.00', '0.0000'],
    ['2000.00', '2000.00', '100.0000'],
    ['2500.00', '2000.00', '125.0000'],
    ['1.00', '3.00', '33.3333'],
    ['2.00', '3.00', '66.6667'],
    // half-even at the 4th decimal: 1/160000 = 0.000625% → 0.0006
    ['0.01', '1600.00', '0.0006'],
    ['-100.00', '1000.00', '-10.0000'],
    ['100.00', '0.00', null],
  ])('%s of %s → %s', (actual, budget, expected) => {
    expect(executionPercent(new Dec(actual), new Dec(budget))).toBe(expected);
  });
});
