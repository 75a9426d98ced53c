import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { DomainError, ErrorCode } from '../errors';
import { Dec } from './dec';
import { formatAmount, parseAmount, parsePositiveAmount, parseRate, roundHalfEven, toBase } from './money';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

const d = (s: string): Decimal => new Dec(s);

describe('parseAmount', () => {
  it.each([
    ['0', 'USD', '0'],
    ['0.00', 'USD', '0'],
    ['250000.00', 'USD', '250000'],
    ['1250.5', 'USD', '1250.5'],
    ['0.01', 'EUR', '0.01'],
    ['1500', 'JPY', '1500'],
    ['10.123', 'BHD', '10.123'],
    ['0.0001', 'UYW', '0.0001'],
    ['400.00', 'BZD', '400'],
    ['99999999999999999999.99', 'USD', '99999999999999999999.99'],
    ['12345678901234567890', 'JPY', '12345678901234567890'],
  ])('accepts %p in %s as %s, exactly', (input, currency, expected) => {
    const parsed = parseAmount(input, currency);
    expect(parsed.toFixed()).toBe(expected);
    expect(parsed.eq(input)).toBe(true);
  });

  it.each<[unknown, string, string]>([
    [1250.5, 'USD', 'must be a decimal string such as "1250.50", not a number'],
    [100, 'USD', 'not a number'],
    [100, 'JPY', 'must be a decimal string such as "1250", not a number'],
    [BigInt(100), 'USD', 'not a number'],
    [null, 'USD', 'must be a decimal string such as "1250.50"'],
    [undefined, 'USD', 'must be a decimal string'],
    [{ value: '1.00' }, 'USD', 'must be a decimal string'],
    [true, 'USD', 'must be a decimal string'],
    ['1e3', 'USD', 'must be a plain decimal string'],
    ['-1', 'USD', 'no sign'],
    ['+1', 'USD', 'no sign'],
    ['1.', 'USD', 'must be a plain decimal string'],
    ['.5', 'USD', 'must be a plain decimal string'],
    ['01', 'USD', 'leading zeros'],
    ['00', 'USD', 'leading zeros'],
    ['00.50', 'USD', 'leading zeros'],
    [' 1', 'USD', 'spaces'],
    ['1 ', 'USD', 'spaces'],
    ['1\n', 'USD', 'must be a plain decimal string'],
    ['1,000.00', 'USD', 'thousands separators'],
    ['1000,00', 'USD', 'must be a plain decimal string'],
    ['1_000', 'USD', 'must be a plain decimal string'],
    ['', 'USD', 'must be a plain decimal string'],
    ['NaN', 'USD', 'must be a plain decimal string'],
    ['Infinity', 'USD', 'must be a plain decimal string'],
    ['0x10', 'USD', 'must be a plain decimal string'],
    ['١٢', 'USD', 'must be a plain decimal string'],
    ['10.001', 'USD', 'must have at most 2 decimal places for USD'],
    ['10.500', 'USD', 'must have at most 2 decimal places for USD'],
    ['10.5', 'JPY', 'must be a whole number for JPY, which has no minor unit'],
    ['10.1234', 'BHD', 'must have at most 3 decimal places for BHD'],
    ['123456789012345678901', 'USD', 'must have at most 20 digits before the decimal point'],
    ['9'.repeat(400), 'USD', 'must have at most 20 digits before the decimal point'],
    ['1.' + '0'.repeat(400), 'USD', 'must have at most 2 decimal places'],
  ])('rejects %p in %s: %s', (input, currency, message) => {
    const err = thrown(() => parseAmount(input, currency));
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((err as DomainError).errors).toEqual([{ field: 'amount', message: expect.stringContaining(message) }]);
    expect((err as DomainError).message).toMatch(/^amount: /);
  });

  it('names the field it was given', () => {
    const err = thrown(() => parseAmount('1.001', 'USD', 'lines[2].amount'));
    expect((err as DomainError).errors?.[0].field).toBe('lines[2].amount');
  });

  it.each(['XAU', 'usd', 'ABC'])('rejects the unusable currency %p with a ValidationFailed DomainError', (currency) => {
    const err = thrown(() => parseAmount('1.00', currency));
    expect((err as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((err as DomainError).errors?.[0].field).toBe('currency');
  });

  it('returns values that keep 64-digit precision in later arithmetic', () => {
    const sum = parseAmount('12345678901234567890.01', 'USD').plus(parseAmount('1.01', 'USD'));
    expect(sum.toFixed()).toBe('12345678901234567891.02');
  });
});

describe('parsePositiveAmount', () => {
  it.each([
    ['0.01', 'USD', true],
    ['1', 'JPY', true],
    ['0.001', 'BHD', true],
    ['0', 'USD', false],
    ['0.00', 'USD', false],
    ['0', 'JPY', false],
  ])('%p in %s accepted: %p', (input, currency, ok) => {
    if (ok) expect(parsePositiveAmount(input, currency).eq(input)).toBe(true);
    else expect(() => parsePositiveAmount(input, currency)).toThrow('amount: must be greater than zero');
  });
});

describe('parseRate', () => {
  it.each([
    ['1', '1'],
    ['0.5', '0.5'],
    ['1.0825', '1.0825'],
    ['0.000000000001', '0.000000000001'],
    ['1.234567890123', '1.234567890123'],
    ['999999999999.999999999999', '999999999999.999999999999'],
  ])('accepts %p', (input, expected) => {
    expect(parseRate(input).toFixed()).toBe(expected);
  });

  it.each<[unknown, string]>([
    ['0', 'rate: must be greater than zero'],
    ['0.000000000000', 'rate: must be greater than zero'],
    ['1.2345678901234', 'rate: must have at most 12 decimal places'],
    ['1234567890123', 'rate: must have at most 12 digits before the decimal point'],
    ['-1', 'rate: must be a plain decimal string'],
    ['1e-3', 'rate: must be a plain decimal string'],
    [1.5, 'rate: must be a decimal string such as "0.912345", not a number'],
    [null, 'rate: must be a decimal string'],
  ])('rejects %p', (input, message) => {
    expect(() => parseRate(input)).toThrow(message);
  });

  it('names the field it was given', () => {
    expect(() => parseRate('0', 'fxRate')).toThrow('fxRate: must be greater than zero');
  });
});

describe('formatAmount', () => {
  it.each([
    ['250000', 'USD', '250000.00'],
    ['250000.5', 'USD', '250000.50'],
    ['1500', 'JPY', '1500'],
    ['10.123', 'BHD', '10.123'],
    ['10.1', 'BHD', '10.100'],
    ['-12.5', 'USD', '-12.50'],
    ['0', 'USD', '0.00'],
    ['-0', 'USD', '0.00'],
    ['99999999999999999999.99', 'USD', '99999999999999999999.99'],
    ['1e21', 'USD', '1000000000000000000000.00'],
    ['1e-2', 'EUR', '0.01'],
  ])('%s %s → %p', (value, currency, expected) => {
    expect(formatAmount(d(value), currency)).toBe(expected);
  });

  it.each([
    ['10.001', 'USD'],
    ['10.5', 'JPY'],
    ['0.0001', 'BHD'],
    ['NaN', 'USD'],
    ['Infinity', 'USD'],
  ])('refuses to round %s for %s', (value, currency) => {
    expect(() => formatAmount(d(value), currency)).toThrow(RangeError);
  });

  it('formats a global-Decimal value too, without depending on its precision', () => {
    expect(formatAmount(new Decimal('12345678901234567890.12'), 'USD')).toBe('12345678901234567890.12');
  });

  it('rejects a currency without minor units', () => {
    expect(() => formatAmount(d('1'), 'XAU')).toThrow(DomainError);
  });
});

describe('roundHalfEven', () => {
  it.each([
    ['2.345', 2, '2.34'],
    ['2.355', 2, '2.36'],
    ['-2.345', 2, '-2.34'],
    ['-2.355', 2, '-2.36'],
    ['2.3450000001', 2, '2.35'],
    ['2.3449999999', 2, '2.34'],
    ['1.005', 2, '1'],
    ['1.015', 2, '1.02'],
    ['0.125', 2, '0.12'],
    ['0.135', 2, '0.14'],
    ['2.5', 0, '2'],
    ['3.5', 0, '4'],
    ['-2.5', 0, '-2'],
    ['0.0005', 3, '0'],
    ['0.0015', 3, '0.002'],
    ['12345678901234567890.125', 2, '12345678901234567890.12'],
    ['12345678901234567890.135', 2, '12345678901234567890.14'],
    ['7', 2, '7'],
    ['1.23', 4, '1.23'],
  ])('%s at scale %i → %s', (value, scale, expected) => {
    expect(roundHalfEven(d(value), scale).toFixed()).toBe(expected);
  });

  it.each(['-0.5', '-0.001', '-0'])('never returns negative zero (%s)', (value) => {
    const r = roundHalfEven(d(value), 0);
    expect(r.isZero()).toBe(true);
    expect(r.isNeg()).toBe(false);
  });

  it.each([-1, 1.5, Number.NaN])('rejects scale %p', (scale) => {
    expect(() => roundHalfEven(d('1'), scale)).toThrow(RangeError);
  });

  it('rejects non-finite values', () => {
    expect(() => roundHalfEven(d('NaN'), 2)).toThrow(RangeError);
  });
});

describe('toBase', () => {
  it.each([
    ['400.00', '0.5', 'USD', '200.00', 'BZD at its peg'],
    ['100.00', '1.0825', 'USD', '108.25', 'exact'],
    ['0.05', '0.5', 'USD', '0.02', 'half-even tie rounds down to even'],
    ['0.15', '0.5', 'USD', '0.08', 'half-even tie rounds up to even'],
    ['10.00', '0.1234565', 'USD', '1.23', 'below the tie'],
    ['1000', '0.0067', 'USD', '6.70', 'JPY to USD'],
    ['1.00', '150.5', 'JPY', '150', 'tie to even in a 0-decimal base'],
    ['1.00', '151.5', 'JPY', '152', 'tie to even in a 0-decimal base'],
    ['1.000', '2.655', 'USD', '2.66', 'BHD to USD, tie'],
    ['100.00', '0.376', 'BHD', '37.600', '3-decimal base'],
    ['-400.00', '0.5', 'USD', '-200.00', 'reversal mirrors'],
    ['-0.05', '0.5', 'USD', '-0.02', 'reversal mirrors the tie'],
    ['-0.001', '1', 'USD', '0.00', 'no negative zero'],
    ['0', '1.2', 'USD', '0.00', 'zero'],
    ['12345678901234567890.01', '1.000000000001', 'USD', '12345678901246913568.91', 'beyond 20 digits'],
    // Exact product ...010000000.00500000000005: at precision 40 it would be cut to a tie and rounded to .00.
    [
      '10000000000000000000.05',
      '100000000000.100000000001',
      'USD',
      '1000000000001000000005010000000.01',
      'single rounding',
    ],
  ])('%s × %s in %s = %s (%s)', (amount, rate, base, expected) => {
    expect(formatAmount(toBase(d(amount), d(rate), base), base)).toBe(expected);
  });

  it('gives the same result for global-Decimal inputs as for Dec ones', () => {
    const viaGlobal = toBase(new Decimal('10000000000000000000.05'), new Decimal('100000000000.100000000001'), 'USD');
    expect(viaGlobal.toFixed()).toBe('1000000000001000000005010000000.01');
  });

  it.each([
    ['1', '0', RangeError],
    ['1', '-1', RangeError],
    ['NaN', '1', RangeError],
    ['1', 'Infinity', RangeError],
  ])('rejects amount %s at rate %s', (amount, rate, error) => {
    expect(() => toBase(d(amount), d(rate), 'USD')).toThrow(error);
  });

  it('rejects a base currency without minor units, naming baseCurrency', () => {
    const err = thrown(() => toBase(d('1'), d('1'), 'XDR'));
    expect((err as DomainError).errors?.[0].field).toBe('baseCurrency');
  });

  it('refuses a product too wide to compute exactly rather than rounding it twice', () => {
    const wide = d(`1.${'3'.repeat(40)}`);
    expect(() => toBase(wide, wide, 'USD')).toThrow(RangeError);
  });
});

describe('toBase properties', () => {
  // Exact reference product: far more precision than any input can need.
  const Exact = Decimal.clone({ precision: 200 });
  const baseCurrency = fc.constantFrom('USD', 'JPY', 'BHD');
  const amount = fc
    .tuple(fc.bigInt({ min: -(10n ** 22n) + 1n, max: 10n ** 22n - 1n }), fc.integer({ min: 0, max: 4 }))
    .map(([units, scale]) => new Dec(`${units}e-${scale}`));
  const rate = fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** 24n - 1n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, scale]) => new Dec(`${units}e-${scale}`));

  it('is deterministic, lands on the base scale and is within half a minor unit of the exact product', () => {
    fc.assert(
      fc.property(amount, rate, baseCurrency, (a, r, base) => {
        const scale = base === 'JPY' ? 0 : base === 'BHD' ? 3 : 2;
        const first = toBase(a, r, base);
        const second = toBase(new Dec(a.toFixed()), new Dec(r.toFixed()), base);
        expect(first.eq(second)).toBe(true);
        expect(first.decimalPlaces()).toBeLessThanOrEqual(scale);
        const error = new Exact(first).minus(new Exact(a).times(r)).abs();
        expect(error.lte(new Exact(`5e-${scale + 1}`))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
