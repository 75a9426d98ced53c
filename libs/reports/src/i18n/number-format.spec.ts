import fc from 'fast-check';
import { Dec } from '@app/common';
import {
  NUMBER_STYLES,
  SI_STYLE,
  SPAIN_STYLE,
  formatDecimal,
  formatInteger,
  formatMoney,
  formatMoneyWithCode,
  formatPercent,
  groupDigits,
  toDecimal,
} from './number-format';

const NBSP = '\u00a0';

describe('groupDigits', () => {
  it.each<[string, string]>([
    ['0', '0'],
    ['12', '12'],
    ['123', '123'],
    ['1234', '1,234'],
    ['123456', '123,456'],
    ['1250000', '1,250,000'],
    ['12345678901234567890', '12,345,678,901,234,567,890'],
  ])('%s → %s', (digits, expected) => {
    expect(groupDigits(digits, ',')).toBe(expected);
  });

  it('refuses anything but digits', () => {
    expect(() => groupDigits('-12', ',')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each<[string, string, 'es' | 'en', string]>([
    ['1250000.50', 'USD', 'es', '1,250,000.50'],
    ['1250000.50', 'USD', 'en', '1,250,000.50'],
    ['1250000.5', 'USD', 'en', '1,250,000.50'],
    ['0', 'USD', 'es', '0.00'],
    ['0.00', 'USD', 'en', '0.00'],
    ['-0.00', 'USD', 'en', '0.00'],
    ['-1250.75', 'USD', 'es', '-1,250.75'],
    ['-0.01', 'USD', 'en', '-0.01'],
    ['999.99', 'USD', 'en', '999.99'],
    ['1000', 'USD', 'en', '1,000.00'],
    ['12345678901234567890.12', 'USD', 'es', '12,345,678,901,234,567,890.12'],
    ['1250000', 'JPY', 'es', '1,250,000'],
    ['-1500', 'JPY', 'en', '-1,500'],
    ['0', 'JPY', 'en', '0'],
    ['1250.5', 'BHD', 'en', '1,250.500'],
    ['1250000.125', 'BHD', 'es', '1,250,000.125'],
    ['0.001', 'BHD', 'es', '0.001'],
    ['1250.500', 'USD', 'en', '1,250.50'],
    ['1250.0', 'JPY', 'en', '1,250'],
    ['-0.000', 'BHD', 'en', '0.000'],
  ])('%s %s (%s) → %s', (value, currency, lang, expected) => {
    expect(formatMoney(value, currency, lang)).toBe(expected);
    expect(formatMoney(new Dec(value), currency, lang)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['1250000.50', 'Spain', '1.250.000,50'],
    ['-1250000.50', 'Spain', '-1.250.000,50'],
    ['1250000.50', 'SI', `1${NBSP}250${NBSP}000,50`],
  ])('%s in the %s style → %s', (value, style, expected) => {
    expect(formatMoney(value, 'USD', 'es', { style: style === 'Spain' ? SPAIN_STYLE : SI_STYLE })).toBe(expected);
  });

  it.each<[string, string]>([
    ['-1250.75', '(1,250.75)'],
    ['1250.75', '1,250.75'],
    ['-0.00', '0.00'],
  ])('parentheses: %s → %s', (value, expected) => {
    expect(formatMoney(value, 'USD', 'en', { negative: 'parentheses' })).toBe(expected);
  });

  it('prefixes the ISO code with a no-break space', () => {
    expect(formatMoneyWithCode('250000', 'USD', 'es')).toBe(`USD${NBSP}250,000.00`);
  });

  it.each<[string, string, string]>([
    ['1250.505', 'USD', 'more decimal places than USD allows (2)'],
    ['10.5', 'JPY', 'more decimal places than JPY allows (0)'],
    ['1.0001', 'BHD', 'more decimal places than BHD allows (3)'],
    ['1.00010', 'BHD', 'more decimal places than BHD allows (3)'],
  ])('never rounds money: %s %s', (value, currency, message) => {
    expect(() => formatMoney(value, currency, 'es')).toThrow(message);
  });

  it.each<[unknown, string]>([
    [1250.5, 'must be a decimal string or a Decimal, got number'],
    ['1e6', 'plain decimal string'],
    ['1,250.00', 'plain decimal string'],
    [' 12', 'plain decimal string'],
    ['+12', 'plain decimal string'],
    ['.5', 'plain decimal string'],
    ['NaN', 'plain decimal string'],
  ])('refuses %p', (value, message) => {
    expect(() => formatMoney(value as string, 'USD', 'en')).toThrow(message);
  });

  it('refuses an unknown currency', () => {
    expect(() => formatMoney('1', 'XYZ', 'en')).toThrow('currency');
  });

  it('keeps every digit: without separators it is exactly toFixed(scale) (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }),
        fc.constantFrom<[string, number]>(['USD', 2], ['JPY', 0], ['BHD', 3]),
        fc.constantFrom<'es' | 'en'>('es', 'en'),
        (minor, [currency, scale], lang) => {
          const value = new Dec(minor.toString()).div(new Dec(10).pow(scale));
          const formatted = formatMoney(value, currency, lang);
          expect(formatted.replace(/,/g, '')).toBe(value.isZero() ? new Dec(0).toFixed(scale) : value.toFixed(scale));
          expect(formatted).toMatch(/^-?\d{1,3}(,\d{3})*(\.\d+)?$/);
        },
      ),
    );
  });
});

describe('formatPercent', () => {
  it.each<[string, 'es' | 'en', number | undefined, string]>([
    ['87.5', 'es', undefined, `87.5${NBSP}%`],
    ['87.5', 'en', undefined, '87.5%'],
    ['80.875075', 'en', undefined, '80.9%'],
    ['0.25', 'en', 1, '0.2%'], // half-even: ties go to the even digit
    ['0.35', 'en', 1, '0.4%'],
    ['100', 'es', 2, `100.00${NBSP}%`],
    ['-3.14159', 'en', 3, '-3.142%'],
    ['1234.5', 'en', 0, '1,234%'],
  ])('%s (%s, %p decimals) → %s', (value, lang, decimals, expected) => {
    expect(formatPercent(value, lang, decimals)).toBe(expected);
  });
});

describe('formatInteger and formatDecimal', () => {
  it.each<[string | number, string]>([
    [11, '11'],
    ['1250000', '1,250,000'],
    [-4000, '-4,000'],
    [0, '0'],
  ])('integer %p → %s', (value, expected) => {
    expect(formatInteger(value, 'es')).toBe(expected);
  });

  it.each<[string | number]>([['1.5'], [1.5], [Number.MAX_SAFE_INTEGER + 2]])('refuses %p as a count', (value) => {
    expect(() => formatInteger(value, 'en')).toThrow(RangeError);
  });

  it.each<[string, number, string]>([
    ['250000', 0, '250,000'],
    ['2.5', 1, '2.5'],
    ['2.25', 1, '2.2'],
    ['-0.04', 1, '0.0'],
  ])('decimal %s at %d → %s', (value, scale, expected) => {
    expect(formatDecimal(value, scale, 'en')).toBe(expected);
  });
});

describe('styles and strict reading', () => {
  it('uses one convention for both languages (see NUMBER_STYLES)', () => {
    expect(NUMBER_STYLES.es.group).toBe(',');
    expect(NUMBER_STYLES.es.decimal).toBe('.');
    expect(NUMBER_STYLES.en.group).toBe(',');
    expect(NUMBER_STYLES.en.decimal).toBe('.');
  });

  it('accepts Decimal instances and refuses infinities', () => {
    expect(toDecimal(new Dec('1.5')).toFixed()).toBe('1.5');
    expect(() => toDecimal(new Dec(Infinity))).toThrow('finite');
  });
});
