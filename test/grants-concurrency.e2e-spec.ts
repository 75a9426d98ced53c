import { Client } from 'pg';
import { Dec } from '@app/common';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Expenditures racing on one grant: each locks the grant row, so each sees what the others
 * posted, and together they never spend more than the grant has received.
 */
describe('grants: concurrent expenditures', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t.as('secretariat').post('/v1/donors', { code: 'USA', name: 'United States of America' }).expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const grant = (code: string, amount: string) =>
    t
      .as('secretariat')
      .post('/v1/grants', {
        code,
        donor: 'USA',
        title: 'Awareness campaign on the risks of migrant smuggling and trafficking in persons',
        amount,
        currency: 'USD',
        signedOn: '2004-12-03',
        purpose: 'Awareness campaign',
        implementingPartner: 'IOM',
        kind: 'restricted',
      })
      .expect(201);

  it('10 expenditures of 1,500.00 in parallel against 10,000.00 received: exactly 6 pass, 4 are refused, 1,000.00 is left', async () => {
    await grant('RACE-1', '250000.00');
    await t
      .as('secretariat')
      .post('/v1/grants/RACE-1/receipts', {
        amount: '10000.00',
        currency: 'USD',
        receivedOn: '2005-01-20',
        reference: 'T1',
      })
      .expect(201);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_v, i) =>
        t.as('secretariat').post('/v1/grants/RACE-1/expenditures', {
          amount: '1500.00',
          budgetLine: 'MEDIA',
          date: '2005-02-10',
          description: `spot ${i + 1}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.rule).toBe('grant.spending_exceeds_received');
    const report = await t.as('viewer').get('/v1/grants/RACE-1/report').expect(200);
    expect(report.body).toMatchObject({ received: '10000.00', spent: '9000.00', available: '1000.00' });
    const rows = await db.query(
      `SELECT count(*)::int AS n, sum(amount_base)::text AS total FROM grant_expenditures WHERE grant_code = 'RACE-1'`,
    );
    expect(rows.rows[0]).toEqual({ n: 6, total: '9000.00' });
    await expectLedgerSound(t);
  });

  it('a refund racing with expenditures: the grant never goes below zero and closes once', async () => {
    await grant('RACE-2', '5000.00');
    await t
      .as('secretariat')
      .post('/v1/grants/RACE-2/receipts', {
        amount: '5000.00',
        currency: 'USD',
        receivedOn: '2005-01-20',
        reference: 'T1',
      })
      .expect(201);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, (_v, i) =>
        t.as('secretariat').post('/v1/grants/RACE-2/expenditures', {
          amount: '1000.00',
          budgetLine: 'MEDIA',
          date: '2005-02-10',
          description: `spot ${i + 1}`,
        }),
      ),
      t.as('secretariat').post('/v1/grants/RACE-2/refund', { date: '2005-03-01', reference: 'close' }),
    ]);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const spentOk = results.slice(0, 4).filter((r) => r.status === 201).length;
    const refund = results[4];
    expect(refund.status).toBe(201);
    // Whatever the order, spent + refunded = received, and the fund's cash is zero.
    const spent = new Dec('1000.00').times(spentOk);
    expect(refund.body.refunded).toBe(new Dec('5000.00').minus(spent).toFixed(2));
    const report = await t.as('viewer').get('/v1/grants/RACE-2/report').expect(200);
    expect(report.body).toMatchObject({ received: '5000.00', available: '0.00', spent: spent.toFixed(2) });
    await expectLedgerSound(t);
  });
});
