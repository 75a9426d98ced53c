import { Dec } from '@app/common';
import {
  assess,
  createBudget,
  createMember,
  memberBalances,
  memberStatus,
  PaymentBody,
} from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('contributions: concurrent payments for one member', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createMember(t, 'SUR');
    await createMember(t, 'GUY');
    for (const year of [2001, 2002, 2003]) {
      await createBudget(t, year, { SUR: '100.00', GUY: '50.00' });
      await assess(t, year);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('applies 20 concurrent payments one after the other: exact totals, no over-allocation', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.as('secretariat').post('/v1/payments', {
          member: 'SUR',
          amount: '20.00',
          currency: 'USD',
          receivedOn: '2003-06-01',
          reference: `concurrent ${i}`,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const payments = responses.map((r) => r.body as PaymentBody);
    // Each payment is wholly accounted for: its allocations plus its advance are its amount.
    for (const p of payments) {
      expect(p.allocations.reduce((s, a) => s.plus(a.amount), new Dec(p.advance)).toFixed(2)).toBe('20.00');
    }
    // 400.00 received against 300.00 assessed: every year paid exactly, 100.00 in advance.
    const perYear = new Map<number, InstanceType<typeof Dec>>();
    for (const a of payments.flatMap((p) => p.allocations))
      perYear.set(a.fiscalYear, (perYear.get(a.fiscalYear) ?? new Dec(0)).plus(a.amount));
    expect([...perYear].sort((a, b) => a[0] - b[0]).map(([y, v]) => [y, v.toFixed(2)])).toEqual([
      [2001, '100.00'],
      [2002, '100.00'],
      [2003, '100.00'],
    ]);
    expect(payments.reduce((s, p) => s.plus(p.advance), new Dec(0)).toFixed(2)).toBe('100.00');
    // Oldest first within each payment; a payment with an advance found every year already paid.
    for (const p of payments) {
      const years = p.allocations.map((a) => a.fiscalYear);
      expect(years).toEqual([...years].sort());
      if (p.advance !== '0.00') expect(p.allocations.map((a) => a.fiscalYear).every((y) => y === 2003)).toBe(true);
    }

    const row = await memberStatus(t, 'SUR', '2003-12-31');
    expect(row).toMatchObject({ assessed: '300.00', paid: '300.00', outstanding: '0.00', advance: '100.00' });
    expect((await memberBalances(t, '1100', '2003-12-31')).get('SUR')).toBe('0.00');
    expect((await memberBalances(t, '2100', '2003-12-31')).get('SUR')).toBe('-100.00');
    await expectLedgerSound(t);
  });

  it('keeps two members apart when they pay and are assessed at the same time', async () => {
    await createBudget(t, 2004, { SUR: '100.00', GUY: '50.00' });
    const work = [
      t.as('secretariat').post('/v1/budgets/2004/assessments', {}),
      ...Array.from({ length: 10 }, (_, i) =>
        t.as('secretariat').post('/v1/payments', {
          member: 'GUY',
          amount: '10.00',
          currency: 'USD',
          receivedOn: '2004-02-01',
          reference: `guy ${i}`,
        }),
      ),
    ];
    const results = await Promise.all(work);
    expect(results.map((r) => r.status)).toEqual(Array(11).fill(201));
    // SUR's 100.00 advance went to 2004 on 2004-01-01; GUY's 100.00 covered 2001–2002 in full.
    const sur = await memberStatus(t, 'SUR', '2004-12-31');
    expect(sur).toMatchObject({ assessed: '400.00', paid: '400.00', outstanding: '0.00', advance: '0.00' });
    const guy = await memberStatus(t, 'GUY', '2004-12-31');
    expect(guy).toMatchObject({ assessed: '200.00', paid: '100.00', outstanding: '100.00', advance: '0.00' });
    expect(guy?.years.map((y) => [y.fiscalYear, y.outstanding])).toEqual([
      [2001, '0.00'],
      [2002, '0.00'],
      [2003, '50.00'],
      [2004, '50.00'],
    ]);
    await expectLedgerSound(t);
  });
});
