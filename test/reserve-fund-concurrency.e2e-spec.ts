import { Client } from 'pg';
import { Dec } from '@app/common';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Approvals racing for the same available balance: each decision locks the reserve fund's row
 * before it counts the balance and the other cases' commitments, so together they never commit
 * more than the fund holds. Disbursements racing for the floor likewise.
 */
describe('reserve fund: concurrent decisions and disbursements', () => {
  let t: TestApp;
  let db: Client;
  const sec = () => t.as('secretariat');

  /** A case consulted with its only country, ready for IOM's decision. */
  const consultedCase = async (requestedAmount: string, n: number): Promise<string> => {
    const c = await sec()
      .post('/v1/reserve-fund/cases', {
        title: `Return ${n}`,
        countriesInvolved: ['PAN'],
        requestedAmount,
        people: 5,
        requestedOn: '2005-03-01',
      })
      .expect(201);
    await sec()
      .post(`/v1/reserve-fund/cases/${c.body.id}/consultations`, {
        country: 'PAN',
        date: '2005-03-02',
        response: 'Agrees',
      })
      .expect(201);
    return c.body.id as string;
  };

  const approve = (id: string, approvedAmount: string) =>
    sec().post(`/v1/reserve-fund/cases/${id}/decision`, {
      decidedBy: 'IOM',
      date: '2005-03-10',
      outcome: 'approved',
      approvedAmount,
    });

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await sec().post('/v1/donors', { code: 'NOR', name: 'Norway' }).expect(201);
    await sec()
      .post('/v1/reserve-fund/contributions', {
        amount: '100000.00',
        date: '2005-01-15',
        source: 'donor',
        donor: 'NOR',
      })
      .expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('two cases of 60,000.00 approved at the same time against 100,000.00: one is approved, the other refused', async () => {
    const [a, b] = [await consultedCase('60000.00', 1), await consultedCase('60000.00', 2)];
    const results = await Promise.all([approve(a, '60000.00'), approve(b, '60000.00')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.body).toMatchObject({
      code: 'conflict',
      rule: 'reserve.available_balance',
      available: '40000.00',
      committed: '60000.00',
    });
    const position = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-12-31').expect(200);
    expect(position.body).toMatchObject({ balance: '100000.00', committed: '60000.00', available: '40000.00' });
  });

  it('five cases of 15,000.00 at once against the 40,000.00 left: exactly two fit', async () => {
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await consultedCase('15000.00', 10 + i));
    const results = await Promise.all(cases.map((id) => approve(id, '15000.00')));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    const committed = await db.query(
      `SELECT sum(approved_amount)::text AS total, count(*)::int AS n FROM reserve_cases WHERE status = 'approved'`,
    );
    expect(committed.rows[0]).toEqual({ total: '90000.00', n: 3 });
    const position = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-12-31').expect(200);
    expect(position.body).toMatchObject({ committed: '90000.00', available: '10000.00' });
  });

  it('disbursements on two cases racing for the floor: the fund never goes below it', async () => {
    // Close every open case to release its commitment; approve two of 30,000 each; then set a floor of 55,000.
    const open = await db.query(`SELECT id FROM reserve_cases WHERE status <> 'closed' ORDER BY id`);
    for (const row of open.rows as { id: string }[])
      await sec().post(`/v1/reserve-fund/cases/${row.id}/close`, { date: '2005-03-20' }).expect(201);
    const policies = await t.as('admin').get('/v1/policies').expect(200);
    const ids = [await consultedCase('30000.00', 98), await consultedCase('30000.00', 99)];
    for (const id of ids) {
      await approve(id, '30000.00').expect(201);
      await sec()
        .post(`/v1/reserve-fund/cases/${id}/notification`, { date: '2005-03-11', reference: 'PPT' })
        .expect(201);
    }
    await t
      .as('admin')
      .put('/v1/policies', { ...policies.body, reserveFund: { perCaseCap: null, floor: '55000.00' } })
      .expect(200);
    // 100,000 − 55,000 = 45,000 may leave: of six 10,000 payments (three per case), four pass.
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        sec().post(`/v1/reserve-fund/cases/${ids[i % 2]}/disbursements`, {
          amount: '10000.00',
          date: '2005-03-15',
          reference: `ticket ${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.rule).toBe('reserve.balance_floor');
    const balance = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-12-31').expect(200);
    expect(new Dec(balance.body.balance).gte(new Dec('55000.00'))).toBe(true);
    expect(balance.body).toMatchObject({ balance: '60000.00', committed: '20000.00' });
    await expectLedgerSound(t);
  });
});
