import { Client } from 'pg';
import { createBudget, createMember } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

type Side = 'debit' | 'credit';
const line = (account: string, fund: string, side: Side, amount: string, extra: Record<string, string> = {}) => ({
  account,
  fund,
  side,
  amount,
  ...extra,
});
/** A two-line entry: debit `dr`, credit `cr`, the same amount, one fund. */
const simple = (date: string, fund: string, dr: string, cr: string, amount: string) => ({
  date,
  description: `${dr}/${cr} ${amount}`,
  lines: [line(dr, fund, 'debit', amount), line(cr, fund, 'credit', amount)],
});

interface EntryBody {
  id: string;
  sequence: number;
  date: string;
  source: string;
  sourceId: string | null;
  lines: { account: string; fund: string; side: Side; amount: string; currency: string; amountBase: string }[];
}

describe('ledger: year-end close and closed periods', () => {
  let t: TestApp;
  let db: Client;
  const ids: Record<string, string> = {};

  const footprint = async (): Promise<Record<string, string>> => {
    const { rows } = await db.query(`SELECT
        (SELECT count(*) FROM journal_entries)::text AS entries,
        (SELECT count(*) FROM postings)::text AS postings,
        (SELECT last_sequence || ':' || last_hash FROM ledger_chain) AS head,
        (SELECT count(*) || ':' || coalesce(sum(debit_base), 0) || ':' || coalesce(sum(credit_base), 0) FROM balance_rollups) AS rollups,
        (SELECT string_agg(year || status, ',' ORDER BY year) FROM fiscal_years) AS years`);
    return rows[0];
  };
  const post = async (name: string, body: object): Promise<EntryBody> => {
    const res = await t.as('secretariat').post('/v1/journal-entries', body).expect(201);
    ids[name] = res.body.id;
    return res.body;
  };
  const trialBalance = async (asOf: string) => (await t.as('viewer').get(`/v1/reports/trial-balance?asOf=${asOf}`).expect(200)).body;
  const compact = (entry: EntryBody) => entry.lines.map((l) => `${l.account} ${l.side} ${l.amountBase}`);

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t.as('admin').post('/v1/funds', { code: 'TRF-2004', name: 'Anti-trafficking grant 2004', kind: 'restricted' }).expect(201);

    // Fiscal year 2004 (calendar year), worked out by hand below.
    await post('e1', simple('2004-02-01', 'GEN', '1100', '4100', '1000.00')); // assessed
    await post('e2', simple('2004-03-10', 'GEN', '1010', '1100', '700.00')); // paid
    await post('e3', simple('2004-04-15', 'GEN', '5200', '1010', '250.00')); // meeting
    await post('e4', simple('2004-05-31', 'GEN', '5500', '1010', '12.35')); // bank charges
    await post('e5', simple('2004-06-30', 'GEN', '1010', '4400', '3.10')); // interest
    await post('e6', simple('2004-07-01', 'GEN', '5900', '1010', '99.99')); // a mistake...
    await t.as('secretariat').post(`/v1/journal-entries/${ids.e6}/reversal`, { date: '2004-07-02', reason: 'duplicate' }).expect(201);
    await post('e7', simple('2004-11-30', 'GEN', '5100', '1010', '300.00')); // reversed in 2005, below
    await post('e8', simple('2004-08-01', 'RES', '1010', '4300', '500.00'));
    await post('e9', simple('2004-09-01', 'RES', '5400', '1010', '700.00'));
    await post('e10', {
      date: '2004-10-01',
      description: 'grant receipt, EUR 1000 at 1.25',
      lines: [line('1010', 'TRF-2004', 'debit', '1000.00', { currency: 'EUR', rate: '1.25' }), line('4200', 'TRF-2004', 'credit', '1250.00')],
    });
    await post('e11', simple('2004-12-31', 'TRF-2004', '5300', '1010', '400.00'));
    await post('e13', {
      date: '2004-12-15',
      description: 'transfer GEN → RES',
      lines: [
        line('5800', 'GEN', 'debit', '50.00'),
        line('1010', 'GEN', 'credit', '50.00'),
        line('1010', 'RES', 'debit', '50.00'),
        line('4800', 'RES', 'credit', '50.00'),
      ],
    });
    // Fiscal year 2005: untouched by the 2004 close.
    await post('e12', simple('2005-01-05', 'GEN', '1010', '4900', '77.00'));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('closes 2004: one closing entry per fund moves revenue and expenses to that fund’s net assets', async () => {
    // A deactivated account still has to be closed: the close must not depend on the chart's flags.
    await t.as('admin').put('/v1/accounts/5500', { active: false }).expect(200);
    const res = await t.as('secretariat').post('/v1/fiscal-years/2004/close').expect(200);
    await t.as('admin').put('/v1/accounts/5500', { active: true }).expect(200);
    expect(res.body).toMatchObject({ fiscalYear: 2004, closedOn: '2004-12-31', status: 'closed' });
    const closing = res.body.closingEntries as EntryBody[];
    const byFund = Object.fromEntries(closing.map((e) => [e.lines[0].fund, e]));
    expect(Object.keys(byFund).sort()).toEqual(['GEN', 'RES', 'TRF-2004']);
    for (const e of closing) {
      expect(e).toMatchObject({ date: '2004-12-31', source: 'closing', sourceId: '2004' });
      expect(new Set(e.lines.map((l) => l.fund)).size).toBe(1);
      expect(e.lines.every((l) => l.currency === 'USD')).toBe(true);
    }
    // GEN: revenue 1000.00 + 3.10 = 1003.10; expenses 300.00 + 250.00 + 12.35 + 50.00 = 612.35
    // (5900 was reversed within the year: nothing to close); surplus 390.75 to 3100.
    expect(compact(byFund.GEN)).toEqual([
      '4100 debit 1000.00',
      '4400 debit 3.10',
      '5100 credit 300.00',
      '5200 credit 250.00',
      '5500 credit 12.35',
      '5800 credit 50.00',
      '3100 credit 390.75',
    ]);
    // RES: revenue 500.00 + 50.00 = 550.00; expenses 700.00; deficit 150.00 from 3200.
    expect(compact(byFund.RES)).toEqual(['4300 debit 500.00', '4800 debit 50.00', '5400 credit 700.00', '3200 debit 150.00']);
    // TRF-2004: revenue 1250.00 (EUR 1000.00 at 1.25); expenses 400.00; surplus 850.00 to 3300.
    expect(compact(byFund['TRF-2004'])).toEqual(['4200 debit 1250.00', '5300 credit 400.00', '3300 credit 850.00']);

    // As at year end: no revenue or expense balance is left in any fund; the surplus sits in net assets.
    const tb = await trialBalance('2004-12-31');
    expect(tb.rows).toEqual([
      { account: '1010', fund: 'GEN', debit: '90.75', credit: '0.00' },
      { account: '1010', fund: 'RES', debit: '0.00', credit: '150.00' },
      { account: '1010', fund: 'TRF-2004', debit: '850.00', credit: '0.00' },
      { account: '1100', fund: 'GEN', debit: '300.00', credit: '0.00' },
      { account: '3100', fund: 'GEN', debit: '0.00', credit: '390.75' },
      { account: '3200', fund: 'RES', debit: '150.00', credit: '0.00' },
      { account: '3300', fund: 'TRF-2004', debit: '0.00', credit: '850.00' },
    ]);
    expect(tb.totals).toEqual({ debit: '1390.75', credit: '1390.75' });
    // The day before, the year's revenue is still there (the closing entries are dated 31 December).
    const dayBefore = await trialBalance('2004-12-30');
    expect(dayBefore.rows).toContainEqual({ account: '4100', fund: 'GEN', debit: '0.00', credit: '1000.00' });

    const years = await t.as('viewer').get('/v1/fiscal-years').expect(200);
    expect(years.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2004, status: 'closed' }),
        expect.objectContaining({ year: 2005, status: 'open' }),
      ]),
    );
  });

  it('refuses a posting dated in the closed year with 409 period_closed, and writes nothing', async () => {
    const before = await footprint();
    const res = await t.as('secretariat').post('/v1/journal-entries', simple('2004-06-01', 'GEN', '1010', '4900', '5.00')).expect(409);
    expect(res.body.code).toBe('period_closed');
    // Even a dry run says so.
    const dry = await t.as('secretariat').post('/v1/journal-entries?dryRun=true', simple('2004-12-31', 'GEN', '1010', '4900', '5.00')).expect(409);
    expect(dry.body.code).toBe('period_closed');
    expect(await footprint()).toEqual(before);
  });

  it('refuses a posting dated in any year before the closed one (2003, never used) with 409, and writes nothing', async () => {
    const before = await footprint();
    const res = await t.as('secretariat').post('/v1/journal-entries', simple('2003-06-01', 'GEN', '1010', '4900', '5.00')).expect(409);
    expect(res.body.code).toBe('period_closed');
    expect(res.body.detail).toMatch(/fiscal year 2004 is closed/);
    await t.as('secretariat').post('/v1/journal-entries?dryRun=true', simple('1999-12-31', 'GEN', '1010', '4900', '5.00')).expect(409);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a reversal dated in the closed year with 409, and accepts it dated in the open one', async () => {
    const before = await footprint();
    const res = await t.as('secretariat').post(`/v1/journal-entries/${ids.e7}/reversal`, { date: '2004-12-31', reason: 'wrong year' }).expect(409);
    expect(res.body.code).toBe('period_closed');
    // An entry of 2005 reversed into 2004 would also be dated before itself.
    const of2005 = await t.as('secretariat').post(`/v1/journal-entries/${ids.e12}/reversal`, { date: '2004-12-31', reason: 'x' }).expect(422);
    expect(of2005.body.code).toBe('business_rule_violated');
    expect(await footprint()).toEqual(before);

    // An entry of a closed year is corrected in the open one.
    const reversal = await t.as('secretariat').post(`/v1/journal-entries/${ids.e7}/reversal`, { date: '2005-01-10', reason: 'salary refunded' }).expect(201);
    expect(reversal.body).toMatchObject({ fiscalYear: 2005, reverses: ids.e7 });
  });

  it('refuses closing the same year twice with 409, and writes nothing', async () => {
    const before = await footprint();
    const res = await t.as('secretariat').post('/v1/fiscal-years/2004/close').expect(409);
    expect(res.body.code).toBe('period_closed');
    expect(await footprint()).toEqual(before);
  });

  it('refuses, in the database itself, an entry inserted into the closed year', async () => {
    await expect(
      db.query(
        `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, posted_at, prev_hash, hash)
         VALUES (gen_random_uuid(), 999999, '2004-06-01', 2004, 6, 'sneaked in', 'manual', now(), repeat('0', 64), repeat('1', 64))`,
      ),
    ).rejects.toThrow(/fiscal year 2004 is closed/);
    await expect(
      db.query(
        `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, posted_at, prev_hash, hash)
         VALUES (gen_random_uuid(), 999999, '2003-06-01', 2003, 6, 'sneaked in before', 'manual', now(), repeat('0', 64), repeat('1', 64))`,
      ),
    ).rejects.toThrow(/fiscal year 2004 is closed, so fiscal year 2003 before it is closed too/);
  });

  it('closes 2005, where an expense account has a credit balance (a refund), with the opposite sides', async () => {
    // 2005: 4900 credit 77.00 (e12); 5100 credit 300.00 (the reversal of e7). Net: 377.00 to 3100.
    const res = await t.as('secretariat').post('/v1/fiscal-years/2005/close').expect(200);
    expect(res.body.closingEntries.map(compact)).toEqual([['4900 debit 77.00', '5100 debit 300.00', '3100 credit 377.00']]);
    const tb = await trialBalance('2005-12-31');
    expect(tb.rows.filter((r: { account: string }) => r.account >= '4000')).toEqual([]);
    expect(tb.rows).toContainEqual({ account: '3100', fund: 'GEN', debit: '0.00', credit: '767.75' });
  });

  it('refuses closing a year the ledger does not know (no entry, no budget) with 404, and creates nothing', async () => {
    const before = await footprint();
    for (const year of ['1901', '2003', '2010']) {
      const res = await t.as('secretariat').post(`/v1/fiscal-years/${year}/close`).expect(404);
      expect(res.body).toMatchObject({ code: 'not_found', detail: expect.stringContaining(`fiscal year ${year}`) });
    }
    expect(await footprint()).toEqual(before);
    // 2003 stays closed all the same, being before the closed 2004.
    await t.as('secretariat').post('/v1/journal-entries', simple('2003-05-05', 'GEN', '1010', '4900', '1.00')).expect(409);
  });

  it('refuses closing a year that has not ended yet with 422, even one with a budget, and writes nothing', async () => {
    const current = new Date().getUTCFullYear();
    await createMember(t, 'MEX');
    await createBudget(t, current + 1, { MEX: '100.00' });
    const before = await footprint();
    for (const year of [current, current + 1, 2999]) {
      const res = await t.as('secretariat').post(`/v1/fiscal-years/${year}/close`).expect(422);
      expect(res.body).toMatchObject({ code: 'business_rule_violated', detail: expect.stringContaining(`fiscal year ${year} ends on ${year}-12-31`) });
    }
    expect(await footprint()).toEqual(before);
  });

  it('closes years in order: 2007 waits while 2006 (posted into) is open', async () => {
    await post('e2007', simple('2007-02-01', 'GEN', '1010', '4900', '7.00'));
    await post('e2006', simple('2006-02-01', 'GEN', '1010', '4900', '6.00'));
    const before = await footprint();
    const res = await t.as('secretariat').post('/v1/fiscal-years/2007/close').expect(422);
    expect(res.body).toMatchObject({ code: 'business_rule_violated', detail: expect.stringMatching(/fiscal year 2006 is still open/) });
    expect(await footprint()).toEqual(before);
    const y2006 = await t.as('secretariat').post('/v1/fiscal-years/2006/close').expect(200);
    expect(y2006.body.closingEntries.map(compact)).toEqual([['4900 debit 6.00', '3100 credit 6.00']]);
    const y2007 = await t.as('secretariat').post('/v1/fiscal-years/2007/close').expect(200);
    expect(y2007.body.closingEntries.map(compact)).toEqual([['4900 debit 7.00', '3100 credit 7.00']]);
  });

  it('closes a year that has a budget and no postings: no closing entry, and the year is locked', async () => {
    await createBudget(t, 2008, { MEX: '100.00' });
    const res = await t.as('secretariat').post('/v1/fiscal-years/2008/close').expect(200);
    expect(res.body).toMatchObject({ fiscalYear: 2008, closingEntries: [], status: 'closed' });
    await t.as('secretariat').post('/v1/journal-entries', simple('2008-05-05', 'GEN', '1010', '4900', '1.00')).expect(409);
  });

  it.each([
    ['abc', 400],
    ['1800', 400],
    ['2004.5', 400],
  ])('refuses closing year %s with %i', async (year, status) => {
    const before = await footprint();
    await t.as('secretariat').post(`/v1/fiscal-years/${year}/close`).expect(status);
    expect(await footprint()).toEqual(before);
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
    await expectLedgerSound(t, '2004-12-31');
  });
});
