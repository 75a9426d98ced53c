import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError, ErrorCode } from '../errors';
import { isCurrencyCode, MAX_MINOR_UNITS, minorUnits } from './currency';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

describe('minorUnits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['BZD', 2],
    ['CRC', 2],
    ['MXN', 2],
    ['CHF', 2],
    ['XOF', 0],
    ['UYW', 4],
  ])('%s has %i decimals', (code, digits) => {
    expect(minorUnits(code)).toBe(digits);
  });

  it.each([
    ['XAU', 'metal: ISO says N.A., currency-codes says 0'],
    ['XAG', 'metal'],
    ['XDR', 'SDR: no minor unit in ISO 4217'],
    ['XXX', 'no currency'],
    ['XTS', 'testing code'],
    ['CLF', 'fund code'],
    ['USN', 'fund code'],
    ['usd', 'lower case'],
    ['Usd', 'mixed case'],
    ['US', 'too short'],
    ['USDX', 'too long'],
    [' USD', 'padded'],
    ['ABC', 'not assigned'],
    ['', 'empty'],
  ])('rejects %p (%s) with a ValidationFailed DomainError naming the field', (code) => {
    const err = thrown(() => minorUnits(code, 'baseCurrency'));
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((err as DomainError).errors?.[0].field).toBe('baseCurrency');
  });

  it.each([
    ['usd', 'must be an ISO 4217 currency code of three uppercase letters, such as "USD"'],
    [
      'XAU',
      'must be a currency with minor units; ISO 4217 code "XAU" is a metal, fund or unit of account and cannot be booked',
    ],
    ['ABC', 'must be a currency code listed in ISO 4217; "ABC" is not'],
  ])('explains why %p is refused', (code, message) => {
    expect(() => minorUnits(code)).toThrow(`currency: ${message}`);
  });
});

describe('isCurrencyCode', () => {
  it.each([
    ['USD', true],
    ['JPY', true],
    ['BHD', true],
    ['ZWG', true],
    ['XAU', false],
    ['XDR', false],
    ['CHE', false],
    ['usd', false],
    ['ABC', false],
    ['US', false],
    ['', false],
  ])('%p → %p', (code, expected) => {
    expect(isCurrencyCode(code)).toBe(expected);
  });

  it('is false for values that are not strings at all', () => {
    expect(isCurrencyCode(undefined as unknown as string)).toBe(false);
  });
});

/**
 * currency-codes flattens ISO's "N.A." minor units to 0, so currency.ts names those codes itself.
 * This cross-checks every code against the ISO XML the package ships, so a package upgrade that
 * adds a metal or fund code (or changes a currency's decimals) fails here rather than in the books.
 */
describe('agreement with the ISO 4217 list shipped in currency-codes', () => {
  const xml = readFileSync(
    join(dirname(require.resolve('currency-codes/package.json')), 'iso-4217-list-one.xml'),
    'utf8',
  );
  const entries = new Map<string, { minorUnits: string; fund: boolean }>();
  for (const block of xml.split('<CcyNtry>').slice(1)) {
    const code = /<Ccy>([A-Z]{3})<\/Ccy>/.exec(block)?.[1];
    const units = /<CcyMnrUnts>([^<]*)<\/CcyMnrUnts>/.exec(block)?.[1];
    if (code === undefined || units === undefined) continue; // territories without a currency
    entries.set(code, { minorUnits: units, fund: /IsFund="true"/.test(block) });
  }

  it('parsed the list', () => {
    expect(entries.size).toBeGreaterThan(150);
  });

  it('accepts exactly the codes with numeric minor units that are not funds, with ISO decimals', () => {
    const mismatches: string[] = [];
    for (const [code, { minorUnits: units, fund }] of entries) {
      const bookable = !fund && /^\d+$/.test(units);
      if (isCurrencyCode(code) !== bookable) mismatches.push(`${code}: accepted=${isCurrencyCode(code)}`);
      else if (bookable && String(minorUnits(code)) !== units)
        mismatches.push(`${code}: ${minorUnits(code)} vs ISO ${units}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('MAX_MINOR_UNITS is the largest of them', () => {
    const max = Math.max(
      ...[...entries.values()].filter((e) => !e.fund && /^\d+$/.test(e.minorUnits)).map((e) => Number(e.minorUnits)),
    );
    expect(MAX_MINOR_UNITS).toBe(max);
  });
});
