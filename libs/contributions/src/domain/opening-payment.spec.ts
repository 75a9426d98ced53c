import { Dec } from '@app/common';
import {
  amountProblem,
  effectiveRate,
  ExistingPayment,
  paymentDifferences,
  rateProblem,
  receivingBankAccount,
  storedPaymentOf,
} from './opening-payment';

const d = (s: string) => new Dec(s);

describe('rateProblem', () => {
  it.each([
    ['base currency without a rate', 'USD', undefined, false, undefined],
    ['base currency at rate 1', 'USD', '1', true, undefined],
    ['base currency at another rate', 'USD', '1.1', true, 'must be 1 or empty for the base currency USD'],
    ['another currency with its rate', 'EUR', '1.1', true, undefined],
    ['another currency without a rate', 'EUR', undefined, false, 'required: EUR is not the base currency USD'],
    // a rate cell that did not read as a rate is reported by the reader, not again here
    ['another currency whose rate cell has a problem', 'EUR', undefined, true, undefined],
  ] as const)('%s', (_name, currency, rate, given, message) => {
    const problem = rateProblem(currency, rate === undefined ? undefined : d(rate), given, 'USD');
    expect(problem).toEqual(message === undefined ? undefined : { field: 'rate', message });
  });
});

describe('effectiveRate', () => {
  it.each([
    ['the base currency is priced at 1 whatever the cell says', 'USD', '2', '1'],
    ['another currency at its own rate', 'EUR', '1.25', '1.25'],
    ['another currency without a rate: none', 'EUR', undefined, undefined],
    ['no currency: the rate given', undefined, '1.5', '1.5'],
  ] as const)('%s', (_name, currency, rate, expected) => {
    expect(effectiveRate(currency, rate === undefined ? undefined : d(rate), 'USD')?.toFixed()).toBe(expected);
  });
});

describe('amountProblem', () => {
  it.each([
    ['worth a cent', '0.01', '1', true],
    ['worth less than a cent at its rate', '0.01', '0.4', false],
    ['rounds up to a cent (half-even above the half)', '0.01', '0.51', true],
    ['a large amount', '1000000.00', '0.001', true],
  ])('%s', (_name, amount, rate, ok) => {
    const problem = amountProblem(d(amount), d(rate), 'USD');
    expect(problem).toEqual(
      ok ? undefined : { field: 'amount', message: 'worth less than one minor unit of USD at this rate' },
    );
  });
});

describe('receivingBankAccount', () => {
  const accounts = new Map([
    ['MAIN', { currency: 'USD', active: true }],
    ['EURO', { currency: 'EUR', active: true }],
    ['OLD', { currency: 'USD', active: false }],
  ]);
  it.each([
    ['the one named', 'EURO', 'MAIN', 'EUR', 'EURO', undefined],
    ['the default when none is named', undefined, 'MAIN', 'USD', 'MAIN', undefined],
    ['an account in the base currency receives any currency', 'MAIN', null, 'GBP', 'MAIN', undefined],
    [
      'a code that cannot be one',
      'no spaces',
      'MAIN',
      'USD',
      'no spaces',
      ['bank_account', "'no spaces' is not a bank account code"],
    ],
    [
      'none named and no default',
      undefined,
      null,
      'USD',
      undefined,
      ['bank_account', 'required: no default bank account is set in the policies'],
    ],
    ['unknown', 'NOPE', 'MAIN', 'USD', 'NOPE', ['bank_account', "unknown bank account 'NOPE'"]],
    ['inactive', 'OLD', 'MAIN', 'USD', 'OLD', ['bank_account', "bank account 'OLD' is inactive"]],
    [
      'a foreign account cannot receive a third currency',
      'EURO',
      'MAIN',
      'GBP',
      'EURO',
      ['currency', "bank account 'EURO' holds EUR: it cannot receive GBP"],
    ],
    ['a currency not read is not compared', 'EURO', 'MAIN', undefined, 'EURO', undefined],
  ] as const)('%s', (_name, named, defaultCode, currency, code, problem) => {
    const result = receivingBankAccount(named, defaultCode, accounts, currency, 'USD');
    expect(result.code).toBe(code);
    expect(result.problem).toEqual(problem === undefined ? undefined : { field: problem[0], message: problem[1] });
  });
});

const stored = (over: Partial<ExistingPayment> = {}): ExistingPayment => ({
  member: 'MEX',
  reference: 'R1',
  receivedOn: '2005-03-01',
  amount: '100.00',
  currency: 'USD',
  rate: '1',
  designatedFiscalYear: null,
  bankAccount: 'MAIN',
  importKey: 'opening-position/MEX/R1',
  ...over,
});

describe('storedPaymentOf', () => {
  it.each([
    ['by its import key', [stored({ reference: 'OTHER' })], 'OTHER'],
    ['without an import key: by member and reference', [stored({ importKey: null })], 'R1'],
    ['the import key first', [stored({ importKey: null, amount: '1.00' }), stored({ reference: 'KEYED' })], 'KEYED'],
    ['another member with the same reference is not it', [stored({ member: 'ARG', importKey: null })], undefined],
  ] as const)('%s', (_name, payments, reference) => {
    expect(storedPaymentOf(payments, 'opening-position/MEX/R1', 'MEX', 'R1')?.reference).toBe(reference);
  });
});

describe('paymentDifferences', () => {
  const figures = { receivedOn: '2005-03-01', amount: '100', currency: 'USD' };
  it.each([
    ['the same figures (amounts compared as numbers)', stored(), figures, 'MAIN', '1', []],
    ['another date', stored(), { ...figures, receivedOn: '2005-03-02' }, 'MAIN', '1', ['received on 2005-03-01']],
    ['another amount', stored(), { ...figures, amount: '100.01' }, 'MAIN', '1', ['amount 100.00 USD']],
    ['another currency', stored(), { ...figures, currency: 'EUR' }, 'MAIN', '1', ['amount 100.00 USD']],
    ['another rate', stored(), figures, 'MAIN', '1.0001', ['rate 1']],
    [
      'a designated year where none was',
      stored(),
      { ...figures, designatedFiscalYear: 2005 },
      'MAIN',
      '1',
      ['designated fiscal year none'],
    ],
    [
      'no designated year where one was',
      stored({ designatedFiscalYear: 2004 }),
      figures,
      'MAIN',
      '1',
      ['designated fiscal year 2004'],
    ],
    ['another bank account', stored(), figures, 'EURO', '1', ['bank account MAIN']],
    [
      'every difference, in order',
      stored({ designatedFiscalYear: 2004 }),
      { receivedOn: '2006-01-01', amount: '5', currency: 'EUR' },
      'EURO',
      '2',
      ['received on 2005-03-01', 'amount 100.00 USD', 'rate 1', 'designated fiscal year 2004', 'bank account MAIN'],
    ],
  ] as const)('%s', (_name, payment, input, bankCode, rate, expected) => {
    expect(paymentDifferences(payment, input, bankCode, d(rate))).toEqual(expected);
  });
});
