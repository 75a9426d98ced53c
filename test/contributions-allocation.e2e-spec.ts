import { Dec } from '@app/common';
import {
  assess,
  createBudget,
  createMember,
  memberBalances,
  memberStatus,
  pay,
  PaymentBody,
} from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Allocation of payments, case by case. Each case has its own member and its own block of fiscal
 * years (budgets are per year for everybody), so the cases share one database without touching
 * each other. Year k of a case is `Y(k)`; `D(k, 'MM-DD')` a date in it.
 */
type Y = (k: number) => number;
type D = (k: number, monthDay: string) => string;

type Step =
  | { budget: number; amount: string }
  | { assess: number; on?: string; advancesApplied?: string }
  | {
      pay: string;
      on: string;
      designated?: number;
      currency?: string;
      rate?: string;
      allocations: [number, string, string?][];
      advance: string;
      amountBase?: string;
    }
  | { reverse: number; on: string; reopened: [number, string][]; advanceRemoved: string };

interface Expected {
  asOf: string;
  years: [number, string, string][]; // fiscal year, paid, outstanding
  advance: string;
}

interface Case {
  name: string;
  steps: Step[];
  expected: Expected[];
}

const CASES: ((Y: Y, D: D) => Case)[] = [
  (Y, D) => ({
    name: 'oldest outstanding year first',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { budget: 1, amount: '100.00' },
      { assess: 1 },
      {
        pay: '150.00',
        on: D(1, '03-01'),
        allocations: [
          [0, '100.00'],
          [1, '50.00'],
        ],
        advance: '0.00',
      },
    ],
    expected: [
      {
        asOf: D(1, '12-31'),
        years: [
          [0, '100.00', '0.00'],
          [1, '50.00', '50.00'],
        ],
        advance: '0.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'designated year first; the excess is an advance, not the older arrears',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { budget: 1, amount: '100.00' },
      { assess: 1 },
      { pay: '150.00', on: D(1, '03-01'), designated: 1, allocations: [[1, '100.00']], advance: '50.00' },
    ],
    expected: [
      {
        asOf: D(1, '12-31'),
        years: [
          [0, '0.00', '100.00'],
          [1, '100.00', '0.00'],
        ],
        advance: '50.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'partial payment',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { pay: '40.00', on: D(0, '03-01'), allocations: [[0, '40.00']], advance: '0.00' },
    ],
    expected: [{ asOf: D(0, '12-31'), years: [[0, '40.00', '60.00']], advance: '0.00' }],
  }),
  (Y, D) => ({
    name: 'exact payment of two years',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { budget: 1, amount: '250.50' },
      { assess: 1 },
      {
        pay: '350.50',
        on: D(1, '03-01'),
        allocations: [
          [0, '100.00'],
          [1, '250.50'],
        ],
        advance: '0.00',
      },
    ],
    expected: [
      {
        asOf: D(1, '12-31'),
        years: [
          [0, '100.00', '0.00'],
          [1, '250.50', '0.00'],
        ],
        advance: '0.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'overpayment becomes an advance',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { pay: '130.00', on: D(0, '03-01'), allocations: [[0, '100.00']], advance: '30.00' },
    ],
    expected: [{ asOf: D(0, '12-31'), years: [[0, '100.00', '0.00']], advance: '30.00' }],
  }),
  (Y, D) => ({
    name: 'an advance is applied at the next assessment',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { pay: '130.00', on: D(0, '06-01'), allocations: [[0, '100.00']], advance: '30.00' },
      { budget: 1, amount: '100.00' },
      { assess: 1, advancesApplied: '30.00' },
    ],
    expected: [
      { asOf: D(0, '12-31'), years: [[0, '100.00', '0.00']], advance: '30.00' },
      {
        asOf: D(1, '01-01'),
        years: [
          [0, '100.00', '0.00'],
          [1, '30.00', '70.00'],
        ],
        advance: '0.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'foreign currency payment: 400.00 BZD at 0.5 = 200.00 USD',
    steps: [
      { budget: 0, amount: '300.00' },
      { assess: 0 },
      {
        pay: '400.00',
        currency: 'BZD',
        rate: '0.5',
        on: D(0, '03-01'),
        amountBase: '200.00',
        allocations: [[0, '200.00']],
        advance: '0.00',
      },
    ],
    expected: [{ asOf: D(0, '12-31'), years: [[0, '200.00', '100.00']], advance: '0.00' }],
  }),
  (Y, D) => ({
    name: 'reversal in the middle of a history: what it paid is outstanding again, later payments stay',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { budget: 1, amount: '100.00' },
      { assess: 1 },
      {
        pay: '150.00',
        on: D(1, '02-01'),
        allocations: [
          [0, '100.00'],
          [1, '50.00'],
        ],
        advance: '0.00',
      },
      { pay: '80.00', on: D(1, '03-01'), allocations: [[1, '50.00']], advance: '30.00' },
      {
        reverse: 0,
        on: D(1, '04-01'),
        reopened: [
          [0, '100.00'],
          [1, '50.00'],
        ],
        advanceRemoved: '0.00',
      },
      { pay: '100.00', on: D(1, '05-01'), allocations: [[0, '100.00']], advance: '0.00' },
    ],
    expected: [
      {
        asOf: D(1, '03-15'),
        years: [
          [0, '100.00', '0.00'],
          [1, '100.00', '0.00'],
        ],
        advance: '30.00',
      },
      {
        asOf: D(1, '04-15'),
        years: [
          [0, '0.00', '100.00'],
          [1, '50.00', '50.00'],
        ],
        advance: '30.00',
      },
      {
        asOf: D(1, '12-31'),
        years: [
          [0, '100.00', '0.00'],
          [1, '50.00', '50.00'],
        ],
        advance: '30.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'reversal of a payment whose advance had been applied to a later assessment',
    steps: [
      { budget: 0, amount: '100.00' },
      { assess: 0 },
      { pay: '150.00', on: D(0, '06-01'), allocations: [[0, '100.00']], advance: '50.00' },
      { budget: 1, amount: '100.00' },
      { assess: 1, advancesApplied: '50.00' },
      {
        reverse: 0,
        on: D(1, '02-01'),
        reopened: [
          [0, '100.00'],
          [1, '50.00'],
        ],
        advanceRemoved: '0.00',
      },
    ],
    expected: [
      {
        asOf: D(1, '01-31'),
        years: [
          [0, '100.00', '0.00'],
          [1, '50.00', '50.00'],
        ],
        advance: '0.00',
      },
      {
        asOf: D(1, '12-31'),
        years: [
          [0, '0.00', '100.00'],
          [1, '0.00', '100.00'],
        ],
        advance: '0.00',
      },
    ],
  }),
  (Y, D) => ({
    name: 'a payment recorded late is applied to the assessment already posted after its date',
    steps: [
      { budget: 1, amount: '100.00' },
      { assess: 1 },
      { pay: '80.00', on: D(0, '12-01'), allocations: [[1, '80.00', D(1, '01-01')]], advance: '0.00' },
    ],
    expected: [
      { asOf: D(0, '12-31'), years: [], advance: '80.00' },
      { asOf: D(1, '01-01'), years: [[1, '80.00', '20.00']], advance: '0.00' },
    ],
  }),
];

const MEMBERS = ['ARG', 'BRA', 'CHL', 'COL', 'ECU', 'PER', 'URY', 'PRY', 'BOL', 'VEN', 'CUB', 'HTI'];

describe('contributions: allocation of payments', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(
    CASES.map((build, i) => [
      build(
        (k) => 1950 + 10 * i + k,
        (k, md) => `${1950 + 10 * i + k}-${md}`,
      ).name,
      i,
    ]),
  )('%s', async (_name, i) => {
    const base = 1950 + 10 * i;
    const c = CASES[i](
      (k) => base + k,
      (k, md) => `${base + k}-${md}`,
    );
    const member = MEMBERS[i];
    await createMember(t, member);
    const payments: PaymentBody[] = [];
    for (const step of c.steps) {
      if ('budget' in step) {
        await createBudget(t, base + step.budget, { [member]: step.amount });
      } else if ('assess' in step) {
        const res = await assess(t, base + step.assess, step.on);
        expect(res.advancesApplied).toEqual(step.advancesApplied ? [{ member, amount: step.advancesApplied }] : []);
      } else if ('pay' in step) {
        const p = await pay(t, member, step.pay, step.on, {
          ...(step.designated !== undefined ? { designatedFiscalYear: base + step.designated } : {}),
          ...(step.currency ? { currency: step.currency, rate: step.rate } : {}),
        });
        expect(p.allocations).toEqual(
          step.allocations.map(([k, amount, on]) => ({ fiscalYear: base + k, amount, appliedOn: on ?? step.on })),
        );
        expect(p.advance).toBe(step.advance);
        expect(p.amountBase).toBe(step.amountBase ?? step.pay);
        payments.push(p);
        if (step.currency) {
          const entry = await t
            .as('auditor')
            .get(`/v1/journal-entries/${(p as PaymentBody & { entryIds: string[] }).entryIds[0]}`)
            .expect(200);
          // The operating account holds USD: the bank converted, so its line is the base amount
          // (what its statement shows); the payment itself keeps the BZD amount and rate.
          expect(entry.body.lines[0]).toMatchObject({
            account: '1010',
            side: 'debit',
            amount: step.amountBase,
            currency: 'USD',
            rate: '1',
            amountBase: step.amountBase,
            bankAccount: 'OPERATING',
          });
          const recorded = await t.as('auditor').get(`/v1/payments/${(p as { id: string }).id}`).expect(200);
          expect(recorded.body).toMatchObject({ amount: step.pay, currency: step.currency, rate: step.rate });
          expect(entry.body.lines.slice(1)).toEqual([
            expect.objectContaining({ account: '1100', side: 'credit', amount: '200.00', currency: 'USD', member }),
          ]);
        }
      } else {
        // The payment's entry is not reversible on its own: its allocations would stay behind.
        const paymentEntry = (payments[step.reverse] as PaymentBody & { entryIds: string[] }).entryIds[0];
        const generic = await t
          .as('secretariat')
          .post(`/v1/journal-entries/${paymentEntry}/reversal`, { date: step.on, reason: 'cheque returned unpaid' })
          .expect(409);
        expect(generic.body.detail).toContain('POST /v1/payments/{id}/reversal');
        const res = await t
          .as('secretariat')
          .post(`/v1/payments/${payments[step.reverse].id}/reversal`, {
            date: step.on,
            reason: 'cheque returned unpaid',
          })
          .expect(201);
        expect(res.body.reopened).toEqual(step.reopened.map(([k, amount]) => ({ fiscalYear: base + k, amount })));
        expect(res.body.advanceRemoved).toBe(step.advanceRemoved);
        expect(res.body.payment.allocations).toEqual([]);
        expect(res.body.payment.advance).toBe('0.00');
        await t
          .as('secretariat')
          .post(`/v1/payments/${payments[step.reverse].id}/reversal`, { date: step.on, reason: 'again' })
          .expect(409);
      }
    }
    for (const e of c.expected) {
      const row = await memberStatus(t, member, e.asOf);
      expect(row?.years.map((y) => [y.fiscalYear - base, y.paid, y.outstanding]) ?? []).toEqual(e.years);
      expect(row?.advance ?? '0.00').toBe(e.advance);
      // The register agrees with the ledger: receivable 1100 = outstanding, 2100 = advance (credit).
      const outstanding = e.years.reduce((s, [, , o]) => s.plus(o), new Dec(0));
      expect((await memberBalances(t, '1100', e.asOf)).get(member) ?? '0.00').toBe(outstanding.toFixed(2));
      const advance = (await memberBalances(t, '2100', e.asOf)).get(member) ?? '0.00';
      expect(advance.replace('-', '')).toBe(e.advance);
    }
    await expectLedgerSound(t);
  });
});
