import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { DON, postEntry, seedMembersAndBudgets } from './support/statements-scenario';
import { newKey, startTestApp, TestApp } from './support/test-app';

describe('POST /v1/expenditures and budget execution', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await seedMembersAndBudgets(t);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const valid = {
    fund: 'GEN',
    budgetLine: 'MEETINGS',
    account: '5200',
    amount: '1250.00',
    currency: 'USD',
    date: '2005-03-15',
    payee: 'Hotel El Panamá',
    description: 'Venue of the vice-ministerial meeting',
    metadata: { invoice: 'F-0042' },
  };
  const entries = async (): Promise<number> => Number((await db.query('SELECT count(*) AS n FROM journal_entries')).rows[0].n);

  it('records Dr expense (with its budget line) / Cr bank, keeping payee and description', async () => {
    const res = await t.as('secretariat').post('/v1/expenditures', valid).expect(201);
    expect(res.body).toMatchObject({
      fund: 'GEN',
      budgetLine: 'MEETINGS',
      account: '5200',
      amount: '1250.00',
      currency: 'USD',
      rate: '1',
      amountBase: '1250.00',
      date: '2005-03-15',
      fiscalYear: 2005,
      payee: 'Hotel El Panamá',
      description: 'Venue of the vice-ministerial meeting',
      bankAccount: 'OPERATING',
      metadata: { invoice: 'F-0042', payee: 'Hotel El Panamá' },
      reversedBy: null,
    });
    const entry = await t.as('auditor').get(`/v1/journal-entries/${res.body.id}`).expect(200);
    expect(entry.body).toMatchObject({ source: 'expenditure', description: 'Venue of the vice-ministerial meeting', hash: res.body.hash });
    expect(entry.body.lines).toEqual([
      { line: 1, account: '5200', fund: 'GEN', side: 'debit', amount: '1250.00', currency: 'USD', rate: '1', amountBase: '1250.00', budgetLine: 'MEETINGS' },
      { line: 2, account: '1010', fund: 'GEN', side: 'credit', amount: '1250.00', currency: 'USD', rate: '1', amountBase: '1250.00', bankAccount: 'OPERATING' },
    ]);
    await expectLedgerSound(t);
  });

  it('answers a replay with the first answer and posts once; a dry run writes nothing', async () => {
    const key = newKey();
    const body = { ...valid, budgetLine: 'PERSONNEL', account: '5100', amount: '700.00', date: '2005-04-30', payee: 'Staff', description: 'Salaries' };
    const first = await t.as('secretariat').post('/v1/expenditures', body, key).expect(201);
    const count = await entries();
    const again = await t.as('secretariat').post('/v1/expenditures', body, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await entries()).toBe(count);
    const dry = await t.as('secretariat').post('/v1/expenditures?dryRun=true', { ...body, amount: '1.00' }).expect(200);
    expect(dry.body.wouldRespond.body).toMatchObject({ amount: '1.00', budgetLine: 'PERSONNEL' });
    expect(await entries()).toBe(count);
    await expectLedgerSound(t);
  });

  it('lets the reserve fund spend under a budget line of its own', async () => {
    await postEntry(t, '2005-01-10', 'Contribution to the reserve fund', [
      { account: '1010', fund: 'RES', side: 'debit', amount: '900.00' },
      { account: '4300', fund: 'RES', side: 'credit', amount: '900.00' },
    ]);
    const res = await t
      .as('secretariat')
      .post('/v1/expenditures', { ...valid, fund: 'RES', budgetLine: 'RETURNS', account: '5400', amount: '300.00', payee: 'IOM', description: 'Assisted return' })
      .expect(201);
    expect(res.body).toMatchObject({ fund: 'RES', budgetLine: 'RETURNS', account: '5400' });
    await expectLedgerSound(t);
  });

  it.each<[string, number, string, Record<string, unknown>, RegExp]>([
    ['a budget line not in the approved budget', 400, 'budgetLine', { budgetLine: 'BANQUETS' }, /not a line of the approved budget of fiscal year 2005/],
    ['a line of another year (COMMS is in 2005, not 2004)', 400, 'budgetLine', { budgetLine: 'COMMS', date: '2004-06-01' }, /fiscal year 2004/],
    ['a year with no approved budget', 400, 'budgetLine', { date: '2006-02-01' }, /no budget has been approved for fiscal year 2006/],
    ['a grant fund', 409, 'fund', { fund: DON }, /use POST \/v1\/grants\/DON-CAMPAIGN\/expenditures/],
    ['an asset account', 400, 'account', { account: '1010' }, /not an expense account/],
    ['a revenue account', 400, 'account', { account: '4100' }, /not an expense account/],
    ['an unknown account', 400, 'account', { account: '5999' }, /unknown account/],
    ['an unknown fund', 400, 'fund', { fund: 'NOPE' }, /unknown fund/],
    ['a JSON number as the amount', 400, 'amount', { amount: 1250 }, /./],
    ['more decimals than the currency has', 400, 'amount', { amount: '10.001' }, /./],
    ['a zero amount', 400, 'amount', { amount: '0.00' }, /./],
    ['a currency the bank account does not hold', 400, 'currency', { currency: 'EUR', rate: '1.2' }, /holds USD/],
    ['an unknown bank account', 400, 'bankAccount', { currency: 'EUR', bankAccount: 'EURACC' }, /unknown bank account/],
    ['an unknown field', 400, 'vat', { vat: '0.00' }, /./],
    ['a missing payee', 400, 'payee', { payee: undefined }, /./],
    ['an impossible date', 400, 'date', { date: '2005-02-30' }, /./],
    ['a reserved metadata key', 400, 'metadata.payee', { metadata: { payee: 'someone else' } }, /reserved/],
  ])('refuses %s (%i, names %s) and posts nothing', async (_case, status, field, change, message) => {
    const count = await entries();
    const res = await t.as('secretariat').post('/v1/expenditures', { ...valid, ...change }).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body.errors ?? [])).toContain(field);
    expect(res.body.detail).toMatch(message);
    expect(await entries()).toBe(count);
  });

  it('needs an Idempotency-Key and the secretariat or admin role', async () => {
    await t.as('secretariat').post('/v1/expenditures', valid, null).expect(400);
    await t.as('viewer').post('/v1/expenditures', valid).expect(403);
    await t.as('auditor').post('/v1/expenditures', valid).expect(403);
    await t.as('admin').post('/v1/expenditures', { ...valid, amount: '50.00' }).expect(201);
    await expectLedgerSound(t);
  });

  it('budget execution: approved, spent, available and execution % per line, at any date', async () => {
    await t.as('secretariat').post('/v1/expenditures', { ...valid, budgetLine: 'COMMS', account: '5300', amount: '400.00', date: '2005-08-01' }).expect(201);
    // Untagged general-fund expense (bank charges): outside the budget lines.
    await postEntry(t, '2005-06-30', 'Bank charges', [
      { account: '5500', fund: 'GEN', side: 'debit', amount: '25.00' },
      { account: '1010', fund: 'GEN', side: 'credit', amount: '25.00' },
    ]);
    // MEETINGS: 1,250 (03-15) + 50 (admin, 03-15); PERSONNEL 700 (04-30); COMMS 400 (08-01).
    const mid = await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=2005&asOf=2005-06-30').expect(200);
    expect(mid.body).toEqual({
      fiscalYear: 2005,
      asOf: '2005-06-30',
      currency: 'USD',
      budget: { version: 1, approval: { meeting: 'IX CRM, Panamá', date: '2004-12-10', reference: 'GRCM-2004-12/21' } },
      lines: [
        { code: 'PERSONNEL', name: 'Personnel', approved: '7000.00', spent: '700.00', available: '6300.00', executionPercent: '10.0000' },
        { code: 'MEETINGS', name: 'Meetings and travel', approved: '3000.00', spent: '1300.00', available: '1700.00', executionPercent: '43.3333' },
        { code: 'COMMS', name: 'Communications', approved: '2000.00', spent: '0.00', available: '2000.00', executionPercent: '0.0000' },
      ],
      outsideBudget: { lines: [], unallocated: '25.00', total: '25.00' },
      totals: { approved: '12000.00', spent: '2000.00', available: '10000.00', executionPercent: '16.6667' },
    });
    const year = await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=2005').expect(200);
    expect(year.body.asOf).toBe('2005-12-31');
    expect(year.body.totals).toEqual({ approved: '12000.00', spent: '2400.00', available: '9600.00', executionPercent: '20.0000' });

    // A reversal gives the money back to its line.
    const list = await t.as('viewer').get('/v1/expenditures?fiscalYear=2005&budgetLine=COMMS').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ budgetLine: 'COMMS', amount: '400.00', payee: 'Hotel El Panamá', bankAccount: 'OPERATING' });
    await t.as('secretariat').post(`/v1/journal-entries/${list.body.items[0].id}/reversal`, { date: '2005-08-02', reason: 'wrong line' }).expect(201);
    const after = await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=2005').expect(200);
    expect(after.body.lines[2]).toEqual({ code: 'COMMS', name: 'Communications', approved: '2000.00', spent: '0.00', available: '2000.00', executionPercent: '0.0000' });
    expect((await t.as('viewer').get('/v1/expenditures?fiscalYear=2005&budgetLine=COMMS').expect(200)).body.items[0].reversedBy).not.toBeNull();

    // Before the budget was approved there is none in force.
    const early = await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=2005&asOf=2004-11-30').expect(200);
    expect(early.body).toMatchObject({ budget: null, lines: [], totals: { approved: '0.00', spent: '0.00', executionPercent: null } });
    await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=2005&asOf=2005-02-30').expect(400);
    await t.as('viewer').get('/v1/reports/budget-execution?fiscalYear=x').expect(400);
    await expectLedgerSound(t);
  });

  it('refuses an expenditure dated in a closed year (409)', async () => {
    await t.as('secretariat').post('/v1/expenditures', { ...valid, date: '2004-06-01', budgetLine: 'MEETINGS' }).expect(201);
    await t.as('secretariat').post('/v1/fiscal-years/2004/close', {}).expect(200);
    const res = await t.as('secretariat').post('/v1/expenditures', { ...valid, date: '2004-06-02' }).expect(409);
    expect(res.body.code).toBe('period_closed');
    await expectLedgerSound(t);
  });
});
