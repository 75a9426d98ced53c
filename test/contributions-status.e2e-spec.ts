import { createBudget, createMember, memberBalances, pay, statusOf } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * One history, read as at three dates; every figure below was worked out by hand.
 *
 *   FY2010 assessed 2010-01-01: NIC 600.00, HND 400.00
 *   2010-01-15 NIC pays 600.00          → 2010 paid in full within 30 days (honour roll)
 *   2010-05-10 HND pays 150.00          → 2010
 *   2010-11-30 NIC pays 250.00          → advance
 *   FY2011 assessed 2011-01-01: NIC 660.00, HND 440.00; NIC's 250.00 advance applied to 2011
 *   2011-02-01 HND pays 300.00          → 2010: 250.00, 2011: 50.00
 *   2011-03-01 that payment is reversed → 2010: 250.00 and 2011: 50.00 outstanding again
 *   2011-04-15 HND's 2010 waived 100.00 by decision
 *   2011-06-30 NIC pays 410.00          → 2011 paid in full (late for the honour roll)
 */
describe('contributions: status of contributions at three dates of one history', () => {
  let t: TestApp;
  let reversed = '';

  beforeAll(async () => {
    t = await startTestApp();
    await createMember(t, 'NIC', '1996-03-13');
    await createMember(t, 'HND', '1996-03-13');
    await createBudget(t, 2010, { NIC: '600.00', HND: '400.00' });
    await t.as('secretariat').post('/v1/budgets/2010/assessments', {}).expect(201);
    await pay(t, 'NIC', '600.00', '2010-01-15');
    await pay(t, 'HND', '150.00', '2010-05-10');
    await pay(t, 'NIC', '250.00', '2010-11-30');
    await createBudget(t, 2011, { NIC: '660.00', HND: '440.00' });
    const a2011 = await t.as('secretariat').post('/v1/budgets/2011/assessments', {}).expect(201);
    expect(a2011.body.advancesApplied).toEqual([{ member: 'NIC', amount: '250.00' }]);
    reversed = (await pay(t, 'HND', '300.00', '2011-02-01')).id;
    await t
      .as('secretariat')
      .post(`/v1/payments/${reversed}/reversal`, { date: '2011-03-01', reason: 'cheque returned' })
      .expect(201);
    await t
      .as('secretariat')
      .post('/v1/members/HND/write-offs', {
        fiscalYear: 2010,
        amount: '100.00',
        date: '2011-04-15',
        kind: 'waiver',
        decision: { meeting: 'XVI CRM', date: '2011-04-14', reference: 'CRM-XVI/2011/4' },
      })
      .expect(201);
    await pay(t, 'NIC', '410.00', '2011-06-30');
  });
  afterAll(async () => {
    await t.close();
  });

  const figures = (m: {
    years: { fiscalYear: number; assessed: string; paid: string; writtenOff: string; outstanding: string }[];
  }) => m.years.map((y) => [y.fiscalYear, y.assessed, y.paid, y.writtenOff, y.outstanding]);

  it('as at 2010-12-31: NIC paid in full with an advance, HND partly', async () => {
    const s = await statusOf(t, '2010-12-31');
    const [hnd, nic] = s.members;
    expect(nic).toMatchObject({
      member: 'NIC',
      assessed: '600.00',
      paid: '600.00',
      writtenOff: '0.00',
      outstanding: '0.00',
      advance: '250.00',
      arrears: '0.00',
      standing: 'good',
      collectionRate: '1.0000',
    });
    expect(hnd).toMatchObject({
      member: 'HND',
      assessed: '400.00',
      paid: '150.00',
      writtenOff: '0.00',
      outstanding: '250.00',
      advance: '0.00',
      arrears: '0.00',
      standing: 'good',
      collectionRate: '0.3750',
    });
    expect(figures(hnd)).toEqual([[2010, '400.00', '150.00', '0.00', '250.00']]);
    expect(s.totals).toEqual({
      assessed: '1000.00',
      paid: '750.00',
      writtenOff: '0.00',
      outstanding: '250.00',
      advance: '250.00',
      arrears: '0.00',
      collectionRate: '0.7500',
    });
    expect(s.honourRoll).toEqual([{ member: 'NIC', fiscalYear: 2010, paidInFullOn: '2010-01-15' }]);
    expect(Object.fromEntries(await memberBalances(t, '1100', '2010-12-31'))).toEqual({ HND: '250.00', NIC: '0.00' });
    expect(Object.fromEntries(await memberBalances(t, '2100', '2010-12-31'))).toEqual({ NIC: '-250.00' });
  });

  it('as at 2011-02-15: the advance applied to 2011, HND has paid 2010 (the cheque has not bounced yet)', async () => {
    const s = await statusOf(t, '2011-02-15');
    const [hnd, nic] = s.members;
    expect(figures(nic)).toEqual([
      [2010, '600.00', '600.00', '0.00', '0.00'],
      [2011, '660.00', '250.00', '0.00', '410.00'],
    ]);
    expect(nic).toMatchObject({
      assessed: '1260.00',
      paid: '850.00',
      outstanding: '410.00',
      advance: '0.00',
      arrears: '0.00',
      collectionRate: '0.6746',
    });
    expect(figures(hnd)).toEqual([
      [2010, '400.00', '400.00', '0.00', '0.00'],
      [2011, '440.00', '50.00', '0.00', '390.00'],
    ]);
    expect(hnd).toMatchObject({
      assessed: '840.00',
      paid: '450.00',
      outstanding: '390.00',
      advance: '0.00',
      arrears: '0.00',
      collectionRate: '0.5357',
    });
    expect(s.totals).toEqual({
      assessed: '2100.00',
      paid: '1300.00',
      writtenOff: '0.00',
      outstanding: '800.00',
      advance: '0.00',
      arrears: '0.00',
      collectionRate: '0.6190',
    });
    expect(s.honourRoll).toEqual([{ member: 'NIC', fiscalYear: 2010, paidInFullOn: '2010-01-15' }]);
    expect(Object.fromEntries(await memberBalances(t, '1100', '2011-02-15'))).toEqual({ HND: '390.00', NIC: '410.00' });
  });

  it('as at 2011-12-31: the reversal reopened HND 2010, partly waived; arrears are what is left of 2010', async () => {
    const s = await statusOf(t, '2011-12-31');
    const [hnd, nic] = s.members;
    expect(figures(nic)).toEqual([
      [2010, '600.00', '600.00', '0.00', '0.00'],
      [2011, '660.00', '660.00', '0.00', '0.00'],
    ]);
    expect(nic).toMatchObject({
      assessed: '1260.00',
      paid: '1260.00',
      outstanding: '0.00',
      advance: '0.00',
      arrears: '0.00',
      collectionRate: '1.0000',
    });
    expect(figures(hnd)).toEqual([
      [2010, '400.00', '150.00', '100.00', '150.00'],
      [2011, '440.00', '0.00', '0.00', '440.00'],
    ]);
    expect(hnd).toMatchObject({
      assessed: '840.00',
      paid: '150.00',
      writtenOff: '100.00',
      outstanding: '590.00',
      advance: '0.00',
      arrears: '150.00',
      collectionRate: '0.1786',
    });
    expect(s.totals).toEqual({
      assessed: '2100.00',
      paid: '1410.00',
      writtenOff: '100.00',
      outstanding: '590.00',
      advance: '0.00',
      arrears: '150.00',
      collectionRate: '0.6714',
    });
    expect(s.honourRoll).toEqual([{ member: 'NIC', fiscalYear: 2010, paidInFullOn: '2010-01-15' }]);
    expect(Object.fromEntries(await memberBalances(t, '1100', '2011-12-31'))).toEqual({ HND: '590.00', NIC: '0.00' });
    await expectLedgerSound(t);
  });

  it("shows the reversal on HND's statement and the payment's history", async () => {
    const res = await t.as('viewer').get('/v1/members/HND/statement?asOf=2011-12-31').expect(200);
    expect(res.body.lines.map((l: Record<string, unknown>) => [l.date, l.type, l.debit, l.credit, l.balance])).toEqual([
      ['2010-01-01', 'assessment', '400.00', '0.00', '400.00'],
      ['2010-05-10', 'payment', '0.00', '150.00', '250.00'],
      ['2011-01-01', 'assessment', '440.00', '0.00', '690.00'],
      ['2011-02-01', 'payment', '0.00', '300.00', '390.00'],
      ['2011-03-01', 'payment_reversal', '300.00', '0.00', '690.00'],
      ['2011-04-15', 'waiver', '0.00', '100.00', '590.00'],
    ]);
    expect(res.body.lines[4].allocations).toEqual([
      { fiscalYear: 2010, amount: '250.00' },
      { fiscalYear: 2011, amount: '50.00' },
    ]);
    const payment = await t.as('viewer').get(`/v1/payments/${reversed}`).expect(200);
    expect(payment.body).toMatchObject({
      allocations: [],
      advance: '0.00',
      reversal: { date: '2011-03-01', reason: 'cheque returned' },
    });
    expect(
      payment.body.history.map((h: { kind: string; fiscalYear: number; amount: string }) => [
        h.kind,
        h.fiscalYear,
        h.amount,
      ]),
    ).toEqual([
      ['payment', 2010, '250.00'],
      ['payment', 2011, '50.00'],
      ['reversal', 2010, '250.00'],
      ['reversal', 2011, '50.00'],
    ]);
  });
});
