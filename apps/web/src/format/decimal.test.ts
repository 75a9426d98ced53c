import { describe, expect, it } from 'vitest';
import { compareDecimals, sumDecimals } from './decimal';

describe('sumDecimals: exact sums of decimal strings', () => {
  it.each<[string[], string]>([
    [[], '0'],
    [['0.10', '0.20'], '0.30'],
    [['0.1', '0.2'], '0.3'],
    [['1250000.50', '-1250000.50'], '0.00'],
    [['-5.00', '2.50'], '-2.50'],
    [['-0.01'], '-0.01'],
    [['9007199254740993.01', '1.00'], '9007199254740994.01'],
    [['100', '0.005'], '100.005'],
    [['38000.00', '22000.00', '15000.00', '6500.00'], '81500.00'],
  ])('Σ %j = %s', (values, expected) => {
    expect(sumDecimals(values)).toBe(expected);
  });

  it('refuses what is not a decimal string', () => {
    expect(() => sumDecimals(['1,000.00'])).toThrow(RangeError);
  });
});

describe('compareDecimals', () => {
  it.each<[string, string, number]>([
    ['1.00', '1', 0],
    ['0.10', '0.09', 1],
    ['-1', '0', -1],
    ['100000000000000000000.01', '100000000000000000000.00', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });
});
