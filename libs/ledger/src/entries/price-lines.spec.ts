import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { PostingLine } from '../domain/posting';
import { priceLines } from './ledger.service';

const USD = { baseCurrency: 'USD' };

const line = (amount: Decimal | string, currency?: string, rate?: string, side: 'debit' | 'credit' = 'debit'): PostingLine => ({
  account: '1010',
  fund: 'GEN',
  side,
  amount: typeof amount === 'string' ? new Dec(amount) : amount,
  ...(currency !== undefined ? { currency } : {}),
  ...(rate !== undefined ? { rate: new Dec(rate) } : {}),
});

/** The error priceLines throws, as {code, fields}; fails the test if it does not throw. */
function refusal(lines: PostingLine[], policies = USD): { code: ErrorCode; fields: string[] } {
  try {
    priceLines(lines, policies);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, fields: (error.errors ?? []).map((e) => e.field) };
  }
  throw new Error('expected priceLines to refuse the lines');
}

describe('priceLines: every line in the base currency', () => {
  it('defaults the currency to the base currency, at rate 1, and numbers the lines', () => {
    const [a, b] = priceLines([line('250000.00'), line('250000.00', undefined, undefined, 'credit')], USD);
    expect({ ...a, amount: a.amount.toFixed(), rate: a.rate.toFixed(), amountBase: a.amountBase.toFixed() }).toEqual({
      lineNo: 1,
      account: '1010',
      fund: 'GEN',
      side: 'debit',
      amount: '250000',
      currency: 'USD',
      rate: '1',
      amountBase: '250000',
    });
    expect(b.lineNo).toBe(2);
    expect(b.side).toBe('credit');
  });

  it('keeps the dimensions that were given and adds none that were not', () => {
    const [priced] = priceLines([{ ...line('1.00'), member: 'MEX', budgetLine: 'MEETINGS' }], USD);
    expect(priced.member).toBe('MEX');
    expect(priced.budgetLine).toBe('MEETINGS');
    expect(Object.keys(priced)).not.toContain('grant');
    expect(Object.keys(priced)).not.toContain('bankAccount');
  });

  it.each([
    ['USD', '1'],
    ['USD', '1.000000'],
  ])('accepts the base currency %s given explicitly with rate %s', (currency, rate) => {
    const [priced] = priceLines([line('10.00', currency, rate)], USD);
    expect(priced.rate.toFixed()).toBe('1');
    expect(priced.amountBase.toFixed(2)).toBe('10.00');
  });

  it.each([
    ['a base-currency line with rate 2', line('10.00', undefined, '2'), 'lines[0].rate'],
    ['a base-currency line with rate 0.5, given explicitly', line('10.00', 'USD', '0.5'), 'lines[0].rate'],
    ['a foreign line without a rate', line('10.00', 'EUR'), 'lines[0].rate'],
    ['a foreign line at rate 0', line('10.00', 'EUR', '0'), 'lines[0].rate'],
    ['a foreign line at a negative rate', line('10.00', 'EUR', '-1.1'), 'lines[0].rate'],
    ['USD 10.001 (three decimals)', line('10.001'), 'lines[0].amount'],
    ['USD 10.001 given explicitly', line('10.001', 'USD'), 'lines[0].amount'],
    ['JPY 10.5 (JPY has no minor unit)', line('10.5', 'JPY', '0.0091'), 'lines[0].amount'],
    ['BHD 1.2345 (four decimals, BHD has three)', line('1.2345', 'BHD', '2.65'), 'lines[0].amount'],
    ['a zero amount', line('0'), 'lines[0].amount'],
    ['a negative amount', line('-5.00'), 'lines[0].amount'],
    ['an infinite amount', line(new Dec(Infinity)), 'lines[0].amount'],
    ['a NaN amount', line(new Dec(NaN)), 'lines[0].amount'],
    ['an unknown currency', line('1.00', 'ZZZ', '1'), 'lines[0].currency'],
    ['a metal', line('1.00', 'XAU', '2000'), 'lines[0].currency'],
    ['a lower-case currency', line('1.00', 'eur', '1.1'), 'lines[0].currency'],
  ])('refuses %s with a 400 naming %s', (_case, bad, field) => {
    expect(refusal([bad], USD)).toEqual({ code: ErrorCode.ValidationFailed, fields: [field] });
  });

  it('names the index of the line at fault', () => {
    const lines = [line('1.00'), line('2.00'), line('3.001', undefined, undefined, 'credit')];
    expect(refusal(lines)).toEqual({ code: ErrorCode.ValidationFailed, fields: ['lines[2].amount'] });
  });

  it.each([
    // API.md's example: BZD at 0.5, 400.00 BZD = 200.00 USD.
    ['400.00', 'BZD', '0.5', '200.00'],
    ['91.00', 'EUR', '1.1', '100.10'],
    ['1234', 'JPY', '0.0091', '11.23'], // 11.2294
    ['1000', 'JPY', '0.00925', '9.25'], // exact
    ['1.00', 'EUR', '1.2345', '1.23'], // 1.2345 → down
    ['1.00', 'EUR', '1.2355', '1.24'], // 1.2355 → up (above the tie)
    // Ties go to the even cent:
    ['1.00', 'EUR', '0.125', '0.12'], // 0.125 → 0.12 (2 is even)
    ['1.00', 'EUR', '0.135', '0.14'], // 0.135 → 0.14 (3 is odd)
    ['3.00', 'EUR', '0.005', '0.02'], // 0.015 → 0.02
    ['5.00', 'EUR', '0.005', '0.02'], // 0.025 → 0.02
    ['7.00', 'EUR', '0.005', '0.04'], // 0.035 → 0.04
    ['150', 'JPY', '0.0091', '1.36'], // 1.365 → 1.36
    ['250', 'JPY', '0.0091', '2.28'], // 2.275 → 2.28
    ['2.005', 'BHD', '1', '2.00'], // 2.005 → 2.00
    ['2.015', 'BHD', '1', '2.02'], // 2.015 → 2.02
    ['99999999999999999999.99', 'EUR', '1.000000000001', '100000000000099999999.99'], // exact product …999.98999999999999999999 → .99
  ])('converts %s %s at %s to %s USD (half-even)', (amount, currency, rate, base) => {
    const [priced] = priceLines([line(amount, currency, rate)], USD);
    expect(priced.amountBase.toFixed()).toBe(new Dec(base).toFixed());
    expect(priced.amount.toFixed()).toBe(new Dec(amount).toFixed());
    expect(priced.rate.toFixed()).toBe(new Dec(rate).toFixed());
    expect(priced.currency).toBe(currency);
  });

  it.each([
    ['0.01', 'USD', '150', '2'], // 1.5 → 2
    ['0.03', 'USD', '150', '4'], // 4.5 → 4
    ['10.50', 'USD', '150', '1575'],
  ])('with JPY as the base currency, %s %s at %s is %s JPY', (amount, currency, rate, base) => {
    const [priced] = priceLines([line(amount, currency, rate)], { baseCurrency: 'JPY' });
    expect(priced.amountBase.toFixed()).toBe(base);
  });

  it.each([
    ['1.00', 'EUR', '0.005'], // 0.005 → 0.00
    ['1', 'JPY', '0.00125'], // 0.00125 → 0.00
  ])('refuses %s %s at %s: worth less than one cent', (amount, currency, rate) => {
    expect(refusal([line(amount, currency, rate)])).toEqual({ code: ErrorCode.ValidationFailed, fields: ['lines[0].amount'] });
  });
});
