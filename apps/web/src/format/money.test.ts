import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, formatPercent, formatRate } from './money';

const NBSP = '\u00a0';

describe('formatAmount: the exact digits of the decimal string, laid out per language', () => {
  it.each<[string, string, 'es' | 'en', string]>([
    ['1250000.50', 'USD', 'es', '1,250,000.50'],
    ['1250000.50', 'USD', 'en', '1,250,000.50'],
    ['1250000.5', 'USD', 'en', '1,250,000.50'],
    ['1234.50', 'USD', 'es', '1,234.50'],
    ['999.99', 'USD', 'es', '999.99'],
    ['0', 'USD', 'es', '0.00'],
    ['0.00', 'USD', 'en', '0.00'],
    ['-0.00', 'USD', 'es', '0.00'],
    ['-1250.75', 'USD', 'es', '-1,250.75'],
    ['-0.01', 'USD', 'en', '-0.01'],
    // Beyond 2^53: a float would print 12,345,678,901,234,567,000.
    ['12345678901234567890.12', 'USD', 'es', '12,345,678,901,234,567,890.12'],
    ['9007199254740993.01', 'USD', 'en', '9,007,199,254,740,993.01'],
    // 0.1 + 0.2 style values stay as written.
    ['0.30', 'USD', 'en', '0.30'],
    ['1250000', 'JPY', 'es', '1,250,000'],
    ['-1500', 'JPY', 'en', '-1,500'],
    ['1250.5', 'BHD', 'en', '1,250.500'],
    ['0.001', 'BHD', 'es', '0.001'],
    // Finer than the currency: every digit shown, never rounded away.
    ['10.005', 'USD', 'es', '10.005'],
  ])('%s %s (%s) → %s', (value, currency, lang, expected) => {
    expect(formatAmount(value, lang, currency)).toBe(expected);
  });

  it.each([['1,250.00'], ['1e3'], [''], ['abc'], ['12.'], ['.5']])('refuses %j (not a plain decimal string)', (value) => {
    expect(() => formatAmount(value, 'es')).toThrow(RangeError);
  });

  it('refuses a JS number even when types are cast around', () => {
    expect(() => formatAmount(0.1 as unknown as string, 'en')).toThrow(RangeError);
  });
});

describe('formatMoney: the currency code in front', () => {
  it.each<[string, string, 'es' | 'en', string]>([
    ['250000.00', 'USD', 'es', `USD${NBSP}250,000.00`],
    ['250000.00', 'USD', 'en', `USD${NBSP}250,000.00`],
    ['-35.00', 'USD', 'en', `USD${NBSP}-35.00`],
    ['400.00', 'BZD', 'es', `BZD${NBSP}400.00`],
  ])('%s %s (%s) → %s', (value, currency, lang, expected) => {
    expect(formatMoney(value, lang, currency)).toBe(expected);
  });
});

describe('formatRate and formatPercent', () => {
  it.each<[string | null, 'es' | 'en', string]>([
    ['0.8750', 'es', `87.5${NBSP}%`],
    ['0.8750', 'en', '87.5%'],
    ['1.0000', 'en', '100.0%'],
    ['0', 'es', `0.0${NBSP}%`],
    // Half-even at one decimal, as the API's reports round ratios.
    ['0.12345', 'en', '12.3%'],
    ['0.12350', 'en', '12.4%'],
    ['0.12250', 'en', '12.2%'],
    [null, 'es', '—'],
  ])('rate %s (%s) → %s', (value, lang, expected) => {
    expect(formatRate(value, lang)).toBe(expected);
  });

  it.each<[string | null, 'es' | 'en', string]>([
    ['87.5', 'es', `87.5${NBSP}%`],
    ['87.5', 'en', '87.5%'],
    ['1234.56', 'en', '1,234.6%'],
    [null, 'en', '—'],
  ])('percent %s (%s) → %s', (value, lang, expected) => {
    expect(formatPercent(value, lang)).toBe(expected);
  });
});
