import { Decimal } from 'decimal.js';
import { Dec } from './dec';
import * as money from './index';

describe('Dec', () => {
  it.each<[string, unknown, unknown]>([
    ['precision', Dec.precision, 64],
    ['rounding', Dec.rounding, Decimal.ROUND_HALF_EVEN],
    ['global precision is untouched', Decimal.precision, 20],
    ['global rounding is untouched', Decimal.rounding, Decimal.ROUND_HALF_UP],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ['1e21', '1000000000000000000000'],
    ['1e-7', '0.0000001'],
    ['123456789012345678901234567890.5', '123456789012345678901234567890.5'],
  ])('prints %s as %p in toString and JSON', (value, expected) => {
    expect(new Dec(value).toString()).toBe(expected);
    expect(JSON.stringify({ v: new Dec(value) })).toBe(`{"v":"${expected}"}`);
  });

  it('adds 20-digit amounts exactly, where the global Decimal would round', () => {
    expect(new Dec('12345678901234567890.01').plus('1.01').toFixed()).toBe('12345678901234567891.02');
    expect(new Decimal('12345678901234567890.01').plus('1.01').toFixed()).toBe('12345678901234567891');
  });

  it('makes values that are still Decimals to type guards and instanceof', () => {
    expect(new Dec('1')).toBeInstanceOf(Decimal);
    expect(Decimal.isDecimal(new Dec('1'))).toBe(true);
  });
});

describe('public API of the money folder', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(money).sort()).toEqual(
      [
        'AMOUNT_MAX_INTEGER_DIGITS',
        'DECIMAL_STRING',
        'Dec',
        'IsCurrencyCode',
        'IsDecimalAmount',
        'IsRate',
        'MAX_MINOR_UNITS',
        'OptionalRate',
        'RATE_MAX_DECIMALS',
        'RATE_MAX_INTEGER_DIGITS',
        'decimalTransformer',
        'formatAmount',
        'isCurrencyCode',
        'minorUnits',
        'parseAmount',
        'parsePositiveAmount',
        'parseRate',
        'roundHalfEven',
        'splitLargestRemainder',
        'toBase',
      ].sort(),
    );
  });
});
