import { validate } from 'class-validator';
import { IsCurrencyCode } from './is-currency-code.validator';
import { IsDecimalAmount } from './is-decimal-amount.validator';
import { IsRate } from './is-rate.validator';

class PaymentDto {
  @IsCurrencyCode()
  currency: unknown;

  @IsDecimalAmount({ currencyField: 'currency' })
  amount: unknown;
}

class AdjustmentDto {
  @IsDecimalAmount({ allowZero: true })
  amount: unknown;
}

class RateDto {
  @IsRate()
  rate: unknown;
}

class LinesDto {
  @IsDecimalAmount({}, { each: true })
  amounts: unknown;
}

/** Messages per property, so a table row can say exactly what the client would read. */
async function messages(dto: object): Promise<Record<string, string[]>> {
  const errors = await validate(dto);
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

function payment(currency: unknown, amount: unknown): PaymentDto {
  return Object.assign(new PaymentDto(), { currency, amount });
}

describe('@IsDecimalAmount with a currency field', () => {
  it.each<[unknown, unknown]>([
    ['USD', '1250.50'],
    ['USD', '0.01'],
    ['JPY', '1500'],
    ['BHD', '10.123'],
    ['EUR', '99999999999999999999.99'],
  ])('accepts %p %p', async (currency, amount) => {
    expect(await messages(payment(currency, amount))).toEqual({});
  });

  it.each<[unknown, unknown, string]>([
    ['USD', 1250.5, 'amount must be a decimal string such as "1250.50", not a number'],
    ['JPY', 1500, 'amount must be a decimal string such as "1250", not a number'],
    ['USD', undefined, 'amount must be a decimal string such as "1250.50"'],
    [
      'USD',
      '1e3',
      'amount must be a plain decimal string such as "1250.50": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
    ],
    ['USD', '-1', 'amount must be a plain decimal string'],
    ['USD', '1.', 'amount must be a plain decimal string'],
    ['USD', '.5', 'amount must be a plain decimal string'],
    ['USD', '01', 'amount must be a plain decimal string'],
    ['USD', ' 1', 'amount must be a plain decimal string'],
    ['USD', '1,000.00', 'amount must be a plain decimal string'],
    ['USD', '0', 'amount must be greater than zero'],
    ['USD', '0.00', 'amount must be greater than zero'],
    ['USD', '10.001', 'amount must have at most 2 decimal places for USD'],
    ['JPY', '10.5', 'amount must be a whole number for JPY, which has no minor unit'],
    ['BHD', '10.1234', 'amount must have at most 3 decimal places for BHD'],
    ['USD', '123456789012345678901', 'amount must have at most 20 digits before the decimal point'],
  ])('rejects %p %p: %s', async (currency, amount, message) => {
    const found = await messages(payment(currency, amount));
    expect(Object.keys(found)).toEqual(['amount']);
    expect(found.amount).toEqual([expect.stringContaining(message)]);
  });

  it.each<[unknown, unknown, string[]]>([
    // Without a usable currency only the generic rule (at most 4 decimals, the widest any currency has) applies.
    [undefined, '10.001', []],
    [undefined, '10.0001', []],
    [undefined, '10.00001', ['amount must have at most 4 decimal places']],
    ['usd', '10.001', []],
    ['XAU', '10.5', []],
    [undefined, 10, ['amount must be a decimal string such as "1250.50", not a number']],
  ])('with currency %p, %p gives amount errors %j', async (currency, amount, expected) => {
    expect((await messages(payment(currency, amount))).amount ?? []).toEqual(expected);
  });
});

describe('@IsDecimalAmount({ allowZero: true })', () => {
  it.each<[unknown, string[]]>([
    ['0', []],
    ['0.00', []],
    ['12.5', []],
    ['12.12345', ['amount must have at most 4 decimal places']],
    [0, ['amount must be a decimal string such as "1250.50", not a number']],
    [
      '-0',
      [
        'amount must be a plain decimal string such as "1250.50": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
      ],
    ],
  ])('%p → %j', async (amount, expected) => {
    expect((await messages(Object.assign(new AdjustmentDto(), { amount }))).amount ?? []).toEqual(expected);
  });
});

describe('@IsDecimalAmount({}, { each: true })', () => {
  it.each<[unknown, number]>([
    [['1.00', '2.50'], 0],
    [['1.00', 2.5], 1],
  ])('%p → %i error(s)', async (amounts, count) => {
    expect((await messages(Object.assign(new LinesDto(), { amounts }))).amounts ?? []).toHaveLength(count);
  });
});

describe('@IsCurrencyCode', () => {
  it.each<[unknown, string[]]>([
    ['USD', []],
    ['JPY', []],
    ['BHD', []],
    ['usd', ['currency must be an ISO 4217 currency code of three uppercase letters, such as "USD"']],
    ['US', ['currency must be an ISO 4217 currency code of three uppercase letters, such as "USD"']],
    [840, ['currency must be an ISO 4217 currency code of three uppercase letters, such as "USD"']],
    [undefined, ['currency must be an ISO 4217 currency code of three uppercase letters, such as "USD"']],
    ['ABC', ['currency must be a currency code listed in ISO 4217; "ABC" is not']],
    [
      'XAU',
      [
        'currency must be a currency with minor units; ISO 4217 code "XAU" is a metal, fund or unit of account and cannot be booked',
      ],
    ],
    [
      'CLF',
      [
        'currency must be a currency with minor units; ISO 4217 code "CLF" is a metal, fund or unit of account and cannot be booked',
      ],
    ],
  ])('%p → %j', async (currency, expected) => {
    expect((await messages(payment(currency, '1'))).currency ?? []).toEqual(expected);
  });
});

describe('@IsRate', () => {
  it.each<[unknown, string[]]>([
    ['1', []],
    ['0.5', []],
    ['1.234567890123', []],
    ['999999999999.999999999999', []],
    ['0', ['rate must be greater than zero']],
    ['0.000000000000', ['rate must be greater than zero']],
    ['1.2345678901234', ['rate must have at most 12 decimal places']],
    ['1234567890123', ['rate must have at most 12 digits before the decimal point']],
    [
      '-1',
      [
        'rate must be a plain decimal string such as "0.912345": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
      ],
    ],
    [
      '1e-3',
      [
        'rate must be a plain decimal string such as "0.912345": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
      ],
    ],
    [1.5, ['rate must be a decimal string such as "0.912345", not a number']],
    [null, ['rate must be a decimal string such as "0.912345"']],
  ])('%p → %j', async (rate, expected) => {
    expect((await messages(Object.assign(new RateDto(), { rate }))).rate ?? []).toEqual(expected);
  });
});
