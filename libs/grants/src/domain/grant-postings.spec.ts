import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { Dec, toBase } from '@app/common';
import { fundImbalances, PostingLine, priceLines } from '@app/ledger';
import { closePlan, expenditurePlan, pledgeLines, receiptPlan, ReceiptInput } from './grant-postings';

const d = (s: string): Decimal => new Dec(s);

/** Lines as `account side amount` strings (amount at 2 decimals) for compact expectations. */
const show = (lines: readonly PostingLine[]): string[] =>
  lines.map((l) => `${l.account} ${l.side} ${l.amount.toFixed(2)}`);

const balanced = (lines: readonly PostingLine[]): boolean =>
  fundImbalances(priceLines(lines, { baseCurrency: 'USD' })).length === 0;

const bank = { bank: { code: 'OPERATING', ledgerAccount: '1010', currency: 'USD' } };

describe('pledgeLines', () => {
  it.each([
    ['restricted', ['1200 debit 250000.00', '4200 credit 250000.00']],
    ['conditional', ['1200 debit 250000.00', '2200 credit 250000.00']],
  ] as const)('%s grant: Dr 1200 / Cr its revenue or deferral', (kind, expected) => {
    const lines = pledgeLines('G1', kind, { amount: d('250000.00'), currency: 'USD' });
    expect(show(lines)).toEqual(expected);
    expect(lines.every((l) => l.fund === 'G1' && l.grant === 'G1')).toBe(true);
    expect(balanced(lines)).toBe(true);
  });
});

describe('receiptPlan', () => {
  const eurGrant = (over: Partial<ReceiptInput>): ReceiptInput => ({
    grant: 'EU1',
    baseCurrency: 'USD',
    pledgeRate: d('1.30'),
    grantCurrency: 'EUR',
    received: { amount: d('40000.00'), currency: 'EUR', rate: d('1.35') },
    ...bank,
    settles: d('40000.00'),
    outstandingBefore: d('100000.00'),
    receivableBaseBefore: d('130000.00'),
    ...over,
  });

  // EUR 100,000 pledged at 1.30 = USD 130,000. Worked by hand:
  it.each([
    [
      'first EUR tranche at a better rate: gain 40,000 × (1.35 − 1.30) = 2,000',
      eurGrant({}),
      ['1010 debit 54000.00', '1200 credit 40000.00', '4500 credit 2000.00'],
      { receivedBase: '54000', clearedBase: '52000', fx: '2000', final: false },
    ],
    [
      'last EUR tranche at a worse rate: clears the 78,000 left, loss 60,000 × (1.30 − 1.25) = 3,000',
      eurGrant({
        received: { amount: d('60000.00'), currency: 'EUR', rate: d('1.25') },
        settles: d('60000.00'),
        outstandingBefore: d('60000.00'),
        receivableBaseBefore: d('78000.00'),
      }),
      ['1010 debit 75000.00', '1200 credit 60000.00', '5600 debit 3000.00'],
      { receivedBase: '75000', clearedBase: '78000', fx: '-3000', final: true },
    ],
    [
      'a tranche in another currency settles the EUR it states: CAD 50,000 at 0.80 = 40,000 for EUR 30,000 (39,000)',
      eurGrant({ received: { amount: d('50000.00'), currency: 'CAD', rate: d('0.80') }, settles: d('30000.00') }),
      ['1010 debit 40000.00', '1200 credit 30000.00', '4500 credit 1000.00'],
      { receivedBase: '40000', clearedBase: '39000', fx: '1000', final: false },
    ],
    [
      'USD grant, USD tranche: no difference at all',
      eurGrant({
        pledgeRate: undefined,
        grantCurrency: 'USD',
        received: { amount: d('125000.00'), currency: 'USD' },
        settles: d('125000.00'),
        outstandingBefore: d('250000.00'),
        receivableBaseBefore: d('250000.00'),
      }),
      ['1010 debit 125000.00', '1200 credit 125000.00'],
      { receivedBase: '125000', clearedBase: '125000', fx: '0', final: false },
    ],
    [
      // EUR 3.00 at 1.005 = 3.015 → 3.02 (half-even); each EUR 1.00 tranche clears 1.005 → 1.00.
      // After two tranches 1.02 is left: the last clears it all (a 0.02 base line) and the loss is 0.02.
      'rounding of earlier tranches is swept up by the last one',
      eurGrant({
        pledgeRate: d('1.005'),
        received: { amount: d('1.00'), currency: 'EUR', rate: d('1.005') },
        settles: d('1.00'),
        outstandingBefore: d('1.00'),
        receivableBaseBefore: d('1.02'),
      }),
      ['1010 debit 1.00', '1200 credit 1.00', '1200 credit 0.02', '5600 debit 0.02'],
      { receivedBase: '1', clearedBase: '1.02', fx: '-0.02', final: true },
    ],
  ])('%s', (_case, input, lines, figures) => {
    const plan = receiptPlan(input);
    expect(show(plan.lines)).toEqual(lines);
    expect({
      receivedBase: plan.receivedBase.toFixed(),
      clearedBase: plan.clearedBase.toFixed(),
      fx: plan.fxDifferenceBase.toFixed(),
      final: plan.final,
    }).toEqual(figures);
    expect(balanced(plan.lines)).toBe(true);
    expect(plan.lines.every((l) => l.fund === input.grant && l.grant === input.grant)).toBe(true);
  });

  it.each([
    ['more than outstanding', '60000.01'],
    ['zero', '0'],
  ])('refuses to settle %s (a precondition the service turns into a 409)', (_case, settles) => {
    expect(() => receiptPlan(eurGrant({ settles: d(settles), outstandingBefore: d('60000.00') }))).toThrow(RangeError);
  });

  it("books the bank line in the bank account's currency: as received into a EUR account, converted into the USD one, refused into a GTQ one", () => {
    const eurAccount = { code: 'EUROS', ledgerAccount: '1020', currency: 'EUR' };
    const intoEuros = receiptPlan(eurGrant({ bank: eurAccount }));
    expect(intoEuros.lines[0]).toMatchObject({ account: '1020', bankAccount: 'EUROS', amount: d('40000.00'), currency: 'EUR', rate: d('1.35') });
    expect(balanced(intoEuros.lines)).toBe(true);
    const intoDollars = receiptPlan(eurGrant({}));
    expect(intoDollars.lines[0]).toMatchObject({ account: '1010', bankAccount: 'OPERATING', amount: d('54000.00'), currency: 'USD' });
    expect(() => receiptPlan(eurGrant({ bank: { code: 'QUETZALES', ledgerAccount: '1030', currency: 'GTQ' } }))).toThrow(
      /holds GTQ: EUR can go through it only when GTQ is the base currency/,
    );
  });

  it('property: any split of a pledge into tranches, at any rates, leaves the receivable at exactly zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }), // pledge in cents
        fc.integer({ min: 600_000, max: 3_000_000 }), // pledge rate × 10^6 (≥ 0.6: a cent stays worth a cent)
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 600_000, max: 3_000_000 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (pledgeCents, pledgeRateMicro, tranches) => {
          const pledge = new Dec(pledgeCents).div(100);
          const pledgeRate = new Dec(pledgeRateMicro).div(1_000_000);
          const weights = tranches.map(([w]) => new Dec(w));
          const total = weights.reduce((s, w) => s.plus(w), new Dec(0));
          // Split the pledge in cents in proportion to the weights; the last part takes the remainder.
          let left = pledge;
          const parts = weights.map((w, i) => {
            const part =
              i === weights.length - 1 ? left : pledge.times(w).div(total).toDecimalPlaces(2, Decimal.ROUND_DOWN);
            left = left.minus(part);
            return part;
          });
          let receivable = toBase(pledge, pledgeRate, 'USD');
          let outstanding = pledge;
          parts.forEach((part, i) => {
            if (part.lte(0)) return;
            const received = { amount: part, currency: 'EUR', rate: new Dec(tranches[i][1]).div(1_000_000) };
            const plan = receiptPlan({
              grant: 'P',
              baseCurrency: 'USD',
              pledgeRate,
              grantCurrency: 'EUR',
              received,
              ...bank,
              settles: part,
              outstandingBefore: outstanding,
              receivableBaseBefore: receivable,
            });
            const priced = priceLines(plan.lines, { baseCurrency: 'USD' });
            expect(fundImbalances(priced)).toEqual([]);
            for (const l of priced.filter((x) => x.account === '1200')) {
              receivable = l.side === 'debit' ? receivable.plus(l.amountBase) : receivable.minus(l.amountBase);
            }
            outstanding = outstanding.minus(part);
          });
          expect(outstanding.toFixed()).toBe('0');
          expect(receivable.toFixed(2)).toBe('0.00');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('expenditurePlan', () => {
  const base = {
    grant: 'G1',
    baseCurrency: 'USD',
    paid: { amount: d('40000.00'), currency: 'USD' },
    expenseAccount: '5300',
    budgetLine: 'MEDIA',
    ...bank,
  };

  it.each([
    [
      'restricted: Dr expense / Cr bank only',
      'restricted',
      '250000.00',
      ['5300 debit 40000.00', '1010 credit 40000.00'],
      '0',
    ],
    [
      'conditional: spending meets the condition, 2200 → 4200 the same amount',
      'conditional',
      '250000.00',
      ['5300 debit 40000.00', '1010 credit 40000.00', '2200 debit 40000.00', '4200 credit 40000.00'],
      '40000',
    ],
    [
      'conditional: never recognises more than is still deferred',
      'conditional',
      '15000.00',
      ['5300 debit 40000.00', '1010 credit 40000.00', '2200 debit 15000.00', '4200 credit 15000.00'],
      '15000',
    ],
    [
      'conditional with nothing deferred left: expense only',
      'conditional',
      '0',
      ['5300 debit 40000.00', '1010 credit 40000.00'],
      '0',
    ],
  ] as const)('%s', (_case, kind, deferred, lines, recognised) => {
    const plan = expenditurePlan({ ...base, kind, deferredBaseBefore: d(deferred) });
    expect(show(plan.lines)).toEqual(lines);
    expect(plan.revenueRecognisedBase.toFixed()).toBe(recognised);
    expect(plan.spentBase.toFixed(2)).toBe('40000.00');
    expect(plan.lines.every((l) => l.budgetLine === 'MEDIA' && l.grant === 'G1')).toBe(true);
    expect(balanced(plan.lines)).toBe(true);
  });
});

describe('closePlan', () => {
  const input = { grant: 'G1', baseCurrency: 'USD', ...bank };
  it.each([
    [
      'restricted, all received, 5,000 unspent refunded',
      { kind: 'restricted', refund: '5000.00', receivable: '0', deferred: '0' },
      ['4200 debit 5000.00', '1010 credit 5000.00'],
      { refund: '5000', cancelled: '0', settled: '0' },
    ],
    [
      'restricted, 50,000 never received: pledge remainder cancelled, nothing refunded',
      { kind: 'restricted', refund: '0', receivable: '50000.00', deferred: '0' },
      ['4200 debit 50000.00', '1200 credit 50000.00'],
      { refund: '0', cancelled: '50000', settled: '0' },
    ],
    [
      // Pledged 100,000, received 80,000, spent 70,000 (recognised): deferred 30,000, cash 10,000.
      'conditional: refund 10,000 and cancel 20,000 against 2200, which ends at zero',
      { kind: 'conditional', refund: '10000.00', receivable: '20000.00', deferred: '30000.00' },
      ['2200 debit 10000.00', '1010 credit 10000.00', '2200 debit 20000.00', '1200 credit 20000.00'],
      { refund: '10000', cancelled: '20000', settled: '0' },
    ],
    [
      // As above but the donor lets the grant keep 4,000: those 4,000 of deferred revenue become revenue.
      'conditional: cash kept is recognised as revenue',
      { kind: 'conditional', refund: '6000.00', receivable: '20000.00', deferred: '30000.00' },
      [
        '2200 debit 6000.00',
        '1010 credit 6000.00',
        '2200 debit 20000.00',
        '1200 credit 20000.00',
        '2200 debit 4000.00',
        '4200 credit 4000.00',
      ],
      { refund: '6000', cancelled: '20000', settled: '4000' },
    ],
    [
      // An FX gain of 500 on receipts left cash 500 above the deferred revenue: 2200 would end at −500; 4200 gives it back.
      'conditional: FX gain refunded brings 2200 below zero, which 4200 corrects',
      { kind: 'conditional', refund: '10500.00', receivable: '0', deferred: '10000.00' },
      ['2200 debit 10500.00', '1010 credit 10500.00', '4200 debit 500.00', '2200 credit 500.00'],
      { refund: '10500', cancelled: '0', settled: '-500' },
    ],
    [
      'nothing to do: no lines',
      { kind: 'restricted', refund: '0', receivable: '0', deferred: '0' },
      [],
      { refund: '0', cancelled: '0', settled: '0' },
    ],
  ] as const)('%s', (_case, c, lines, figures) => {
    const plan = closePlan({
      ...input,
      kind: c.kind,
      refund: { amount: d(c.refund), currency: 'USD' },
      receivableBase: d(c.receivable),
      deferredBase: d(c.deferred),
    });
    expect(show(plan.lines)).toEqual(lines);
    expect({
      refund: plan.refundBase.toFixed(),
      cancelled: plan.receivableCancelledBase.toFixed(),
      settled: plan.deferredSettledBase.toFixed(),
    }).toEqual(figures);
    if (plan.lines.length > 0) expect(balanced(plan.lines)).toBe(true);
  });
});
