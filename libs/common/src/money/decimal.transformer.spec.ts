import { Decimal } from 'decimal.js';
import { Dec } from './dec';
import { decimalTransformer } from './decimal.transformer';

describe('decimalTransformer', () => {
  it.each([
    ['0', '0'],
    ['0.10', '0.1'],
    ['250000.00', '250000'],
    ['-12.50', '-12.5'],
    ['10.123', '10.123'],
    ['0.0000001', '0.0000001'],
    ['12345678901234567890', '12345678901234567890'],
    ['99999999999999999999.9999', '99999999999999999999.9999'],
    ['-99999999999999999999.99', '-99999999999999999999.99'],
    ['123456789012345678901234567890.123456789012', '123456789012345678901234567890.123456789012'],
  ])('round-trips the column value %p (stored back as %p) without loss', (column, canonical) => {
    const value = decimalTransformer.from(column);
    expect(value).not.toBeNull();
    expect(value?.eq(column)).toBe(true);
    expect(decimalTransformer.to(value)).toBe(canonical);
    expect(decimalTransformer.from(decimalTransformer.to(value) ?? null)?.eq(column)).toBe(true);
  });

  it.each([
    ['1e21', '1000000000000000000000'],
    ['1e-7', '0.0000001'],
    ['-0', '0'],
  ])('writes %s in plain notation as %p, which PostgreSQL parses exactly', (value, expected) => {
    expect(decimalTransformer.to(new Dec(value))).toBe(expected);
  });

  it('accepts a value built with the global Decimal as well', () => {
    expect(decimalTransformer.to(new Decimal('12345678901234567890.12'))).toBe('12345678901234567890.12');
  });

  it('reads into Dec, so arithmetic on loaded values keeps full precision', () => {
    const loaded = decimalTransformer.from('12345678901234567890.01');
    expect(loaded?.plus('1.01').toFixed()).toBe('12345678901234567891.02');
  });

  it.each([
    [null, null],
    [undefined, undefined],
  ])('passes %p through to the database as %p', (value, expected) => {
    expect(decimalTransformer.to(value)).toBe(expected);
  });

  it('maps a NULL column to null', () => {
    expect(decimalTransformer.from(null)).toBeNull();
  });

  it.each<[unknown, ErrorConstructor]>([
    [1.5, TypeError],
    ['1.5', TypeError],
    [{ value: '1.5' }, TypeError],
  ])('refuses to write %p, which is not a Decimal', (value, error) => {
    expect(() => decimalTransformer.to(value as Decimal)).toThrow(error);
  });

  it.each(['NaN', 'Infinity', '-Infinity'])('refuses to write %s', (value) => {
    expect(() => decimalTransformer.to(new Dec(value))).toThrow(RangeError);
  });

  it.each<[unknown, ErrorConstructor]>([
    [1.5, TypeError],
    ['NaN', RangeError],
    ['Infinity', RangeError],
  ])('refuses to read %p from a numeric column', (value, error) => {
    expect(() => decimalTransformer.from(value as string)).toThrow(error);
  });

  it('refuses to read text that is not a number', () => {
    expect(() => decimalTransformer.from('abc')).toThrow();
  });
});
