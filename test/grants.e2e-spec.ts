import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { newKey, startTestApp, TestApp } from './support/test-app';

/**
 * Grants, with the seed's main fixture: US$250,000 from the United States to IOM for an awareness
 * campaign on the risks of migrant smuggling and trafficking in persons (GRCM, Panama, December
 * 2004, point 12). Every figure below is worked out by hand in the comments.
 */
const GRANT = 'USA-2004-CAMPAIGN';
const CAMPAIGN = {
  code: GRANT,
  donor: 'USA',
  title: 'Awareness campaign on the risks of migrant smuggling and trafficking in persons',
  amount: '250000.00',
  currency: 'USD',
  signedOn: '2004-12-03',
  purpose: 'Inform migrants and the public of the risks of migrant smuggling and trafficking in persons',
  implementingPartner: 'IOM',
  kind: 'restricted',
  periodFrom: '2005-01-01',
  periodTo: '2005-12-31',
  budgetLines: [
    { code: 'MEDIA', name: 'Radio and television spots', amount: '150000.00' },
    { code: 'PRINT', name: 'Posters and leaflets', amount: '60000.00' },
    { code: 'EVAL', name: 'Communication strategy and evaluation (IOM consultants)', amount: '40000.00' },
  ],
};

interface LedgerState {
  entries: number;
  postings: number;
  receipts: number;
  expenditures: number;
  refunds: number;
  grants: number;
  funds: number;
  trialBalance: unknown;
}

describe('grants: the US$250,000 awareness campaign', () => {
  let t: TestApp;
  let db: Client;

  const state = async (): Promise<LedgerState> => {
    const count = async (table: string): Promise<number> =>
      Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return {
      entries: await count('journal_entries'),
      postings: await count('postings'),
      receipts: await count('grant_receipts'),
      expenditures: await count('grant_expenditures'),
      refunds: await count('grant_refunds'),
      grants: await count('grants'),
      funds: await count('funds'),
      trialBalance: (await t.as('auditor').get('/v1/reports/trial-balance?asOf=2999-12-31').expect(200)).body,
    };
  };

  /** The request is refused with `status` (and `rule`), and nothing at all was written. */
  const refused = async (
    request: () => Promise<{ status: number; body: { code?: string; rule?: string; detail?: string } }>,
    status: number,
    rule?: string,
  ): Promise<{ code?: string; rule?: string; detail?: string }> => {
    const before = await state();
    const res = await request();
    expect({ status: res.status, rule: res.body.rule }).toEqual({ status, rule });
    expect(await state()).toEqual(before);
    return res.body;
  };

  const fundRows = async (fund: string): Promise<Record<string, string>> => {
    const tb = await t.as('auditor').get(`/v1/reports/trial-balance?asOf=2999-12-31&fund=${fund}`).expect(200);
    const out: Record<string, string> = {};
    for (const r of tb.body.rows as { account: string; debit: string; credit: string }[]) {
      out[r.account] = r.debit !== '0.00' ? `Dr ${r.debit}` : `Cr ${r.credit}`;
    }
    return out;
  };

  const spend = (amount: string, budgetLine: string, date: string, description = 'spending', grant = GRANT) =>
    t.as('secretariat').post(`/v1/grants/${grant}/expenditures`, { amount, budgetLine, date, description });
  const receive = (amount: string, receivedOn: string, reference: string, grant = GRANT, extra: object = {}) =>
    t
      .as('secretariat')
      .post(`/v1/grants/${grant}/receipts`, { amount, currency: 'USD', receivedOn, reference, ...extra });

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t
      .as('admin')
      .post('/v1/members', { code: 'USA', name: 'United States of America', joinedOn: '1996-03-13' })
      .expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('donors', () => {
    it('registers a donor that is a member state, and lists it', async () => {
      const res = await t
        .as('secretariat')
        .post('/v1/donors', { code: 'USA', name: 'United States of America', member: 'USA' })
        .expect(201);
      expect(res.body).toEqual({ code: 'USA', name: 'United States of America', member: 'USA' });
      await t.as('secretariat').post('/v1/donors', { code: 'EU', name: 'European Union' }).expect(201);
      const list = await t.as('viewer').get('/v1/donors').expect(200);
      expect(list.body).toEqual([
        { code: 'EU', name: 'European Union', member: null },
        { code: 'USA', name: 'United States of America', member: 'USA' },
      ]);
    });

    it('refuses an unknown member (400), a duplicate (409) and a viewer (403)', async () => {
      const bad = await t.as('secretariat').post('/v1/donors', { code: 'XX', name: 'X', member: 'ZZZ' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'member', message: "unknown member 'ZZZ'" }]);
      expect((await t.as('secretariat').post('/v1/donors', { code: 'USA', name: 'again' }).expect(409)).body.code).toBe(
        'already_exists',
      );
      await t.as('viewer').post('/v1/donors', { code: 'V', name: 'V' }).expect(403);
    });
  });

  describe('the campaign, from pledge to refund', () => {
    it('creates the grant, its restricted fund and recognises the pledge: Dr 1200 / Cr 4200 250,000.00', async () => {
      const res = await t.as('secretariat').post('/v1/grants', CAMPAIGN).expect(201);
      expect(res.body).toMatchObject({
        code: GRANT,
        donor: 'USA',
        implementingPartner: 'IOM',
        kind: 'restricted',
        amount: '250000.00',
        amountBase: '250000.00',
        status: 'active',
        fund: GRANT,
        budgetLines: CAMPAIGN.budgetLines,
      });
      expect(res.body.entry).toMatchObject({ date: '2004-12-03', source: 'grant_pledge', sourceId: GRANT });
      expect(res.body.entry.lines).toEqual([
        expect.objectContaining({ account: '1200', fund: GRANT, side: 'debit', amount: '250000.00', grant: GRANT }),
        expect.objectContaining({ account: '4200', fund: GRANT, side: 'credit', amount: '250000.00', grant: GRANT }),
      ]);
      const funds = await t.as('viewer').get('/v1/funds').expect(200);
      expect(funds.body).toContainEqual({
        code: GRANT,
        name: expect.stringContaining('Awareness campaign'),
        kind: 'restricted',
        netAssetsAccount: '3300',
        active: true,
      });
      expect(await fundRows(GRANT)).toEqual({ '1200': 'Dr 250000.00', '4200': 'Cr 250000.00' });
      await expectLedgerSound(t);
    });

    it('refuses spending before any money arrived: 409 and nothing posted', async () => {
      const body = await refused(() => spend('0.01', 'MEDIA', '2005-02-01'), 409, 'grant.spending_exceeds_received');
      expect(body.detail).toContain('0.00 USD received and not yet spent');
    });

    it('records the first tranche: Dr 1010 / Cr 1200 125,000.00', async () => {
      const res = await receive('125000.00', '2005-01-20', 'FED-WIRE-0120').expect(201);
      expect(res.body).toMatchObject({
        amountBase: '125000.00',
        grantCurrencyAmount: '125000.00',
        fxDifference: '0.00',
        outstandingPledgeInGrantCurrency: '125000.00',
        bankAccount: 'OPERATING',
      });
      expect(res.body.entry.lines).toEqual([
        expect.objectContaining({
          account: '1010',
          fund: GRANT,
          side: 'debit',
          amount: '125000.00',
          bankAccount: 'OPERATING',
        }),
        expect.objectContaining({ account: '1200', fund: GRANT, side: 'credit', amount: '125000.00' }),
      ]);
      await expectLedgerSound(t);
    });

    it('refuses a payment dated before the money arrived (it would have been pre-financed)', async () => {
      await refused(() => spend('1000.00', 'MEDIA', '2005-01-10'), 409, 'grant.spending_exceeds_received');
    });

    it('spends on budget lines, tagged with grant and budget line; then exactly what is left, then not a cent more', async () => {
      const media = await spend('80000.00', 'MEDIA', '2005-02-10', 'Radio and TV spots, first wave').expect(201);
      expect(media.body.entry.lines).toEqual([
        expect.objectContaining({
          account: '5300',
          fund: GRANT,
          side: 'debit',
          amount: '80000.00',
          grant: GRANT,
          budgetLine: 'MEDIA',
        }),
        expect.objectContaining({
          account: '1010',
          fund: GRANT,
          side: 'credit',
          amount: '80000.00',
          grant: GRANT,
          budgetLine: 'MEDIA',
        }),
      ]);
      expect(media.body.revenueRecognised).toBe('0.00');
      // 125,000 − 80,000 = 45,000 left: spending all of it is allowed ...
      await spend('45000.00', 'PRINT', '2005-03-05', 'Posters and leaflets').expect(201);
      // ... one cent more is not.
      const body = await refused(() => spend('0.01', 'EVAL', '2005-03-20'), 409, 'grant.spending_exceeds_received');
      expect(body.detail).toMatch(
        /grant USA-2004-CAMPAIGN: spending 0\.01 USD on 2005-03-20 would exceed what the grant has received/,
      );
      await expectLedgerSound(t);
    });

    it('refuses spending outside the agreement period, on an unknown budget line, or on a non-expense account', async () => {
      await refused(() => spend('1.00', 'MEDIA', '2006-01-05'), 409, 'grant.outside_period');
      await refused(() => spend('1.00', 'MEDIA', '2004-12-31'), 409, 'grant.outside_period');
      const line = await refused(() => spend('1.00', 'TRAVEL', '2005-03-21'), 400);
      expect(line.detail).toContain(
        "'TRAVEL' is not a budget line of grant USA-2004-CAMPAIGN; use one of MEDIA, PRINT, EVAL",
      );
      await refused(
        () =>
          t.as('secretariat').post(`/v1/grants/${GRANT}/expenditures`, {
            amount: '1.00',
            budgetLine: 'MEDIA',
            date: '2005-03-21',
            description: 'x',
            account: '1010',
          }),
        400,
      );
    });

    it('takes the second tranche, and refuses a receipt beyond the pledge', async () => {
      const res = await receive('125000.00', '2005-06-15', 'FED-WIRE-0615').expect(201);
      expect(res.body.outstandingPledgeInGrantCurrency).toBe('0.00');
      const body = await refused(() => receive('0.01', '2005-06-16', 'EXTRA'), 409, 'grant.receipt_exceeds_pledge');
      expect(body.detail).toContain('only 0.00 USD of the 250000.00 pledged is still to be received');
      await spend('60000.00', 'MEDIA', '2005-07-01', 'Radio and TV spots, second wave').expect(201);
      await spend('38500.00', 'EVAL', '2005-09-30', 'Evaluation of the campaign').expect(201);
      await expectLedgerSound(t);
    });

    it('reports figures that equal the ledger balances of the grant fund', async () => {
      // received 125,000 + 125,000 = 250,000; spent 80,000 + 45,000 + 60,000 + 38,500 = 223,500; left 26,500.
      const report = await t.as('viewer').get(`/v1/grants/${GRANT}/report?format=json`).expect(200);
      expect(report.body).toMatchObject({
        asOf: null,
        currency: 'USD',
        pledged: '250000.00',
        received: '250000.00',
        spent: '223500.00',
        refunded: '0.00',
        available: '26500.00',
        receivable: '0.00',
        deferredRevenue: '0.00',
        fxDifference: '0.00',
        pledgedInGrantCurrency: '250000.00',
        receivedInGrantCurrency: '250000.00',
        outstandingPledgeInGrantCurrency: '0.00',
      });
      expect(report.body.byBudgetLine).toEqual([
        {
          code: 'MEDIA',
          name: 'Radio and television spots',
          budget: '150000.00',
          spent: '140000.00',
          available: '10000.00',
        },
        { code: 'PRINT', name: 'Posters and leaflets', budget: '60000.00', spent: '45000.00', available: '15000.00' },
        {
          code: 'EVAL',
          name: 'Communication strategy and evaluation (IOM consultants)',
          budget: '40000.00',
          spent: '38500.00',
          available: '1500.00',
        },
      ]);
      expect(report.body.byPeriod).toEqual([
        { period: '2004-12', received: '0.00', spent: '0.00', refunded: '0.00' },
        { period: '2005-01', received: '125000.00', spent: '0.00', refunded: '0.00' },
        { period: '2005-02', received: '0.00', spent: '80000.00', refunded: '0.00' },
        { period: '2005-03', received: '0.00', spent: '45000.00', refunded: '0.00' },
        { period: '2005-06', received: '125000.00', spent: '0.00', refunded: '0.00' },
        { period: '2005-07', received: '0.00', spent: '60000.00', refunded: '0.00' },
        { period: '2005-09', received: '0.00', spent: '38500.00', refunded: '0.00' },
      ]);
      expect(report.body.entries.map((e: { source: string; amount: string }) => `${e.source} ${e.amount}`)).toEqual([
        'grant_pledge 250000.00',
        'grant_receipt 125000.00',
        'grant_expenditure 80000.00',
        'grant_expenditure 45000.00',
        'grant_receipt 125000.00',
        'grant_expenditure 60000.00',
        'grant_expenditure 38500.00',
      ]);
      // The register and the ledger say the same: cash = available, expenses = spent, revenue = pledged.
      expect(await fundRows(GRANT)).toEqual({ '1010': 'Dr 26500.00', '4200': 'Cr 250000.00', '5300': 'Dr 223500.00' });
      const register = await db.query(
        `SELECT (SELECT sum(amount_base) FROM grant_receipts WHERE grant_code = $1)::text AS received,
                (SELECT sum(amount_base) FROM grant_expenditures WHERE grant_code = $1)::text AS spent`,
        [GRANT],
      );
      expect(register.rows[0]).toEqual({ received: '250000.00', spent: '223500.00' });
      // As at 31 March 2005: one tranche in, 125,000 spent, nothing left.
      const march = await t.as('viewer').get(`/v1/grants/${GRANT}/report?asOf=2005-03-31`).expect(200);
      expect(march.body).toMatchObject({
        asOf: '2005-03-31',
        received: '125000.00',
        spent: '125000.00',
        available: '0.00',
        outstandingPledgeInGrantCurrency: '125000.00',
      });
      const detail = await t.as('viewer').get(`/v1/grants/${GRANT}`).expect(200);
      expect(detail.body.figures).toMatchObject({ received: '250000.00', spent: '223500.00', available: '26500.00' });
      expect(detail.body.pledgeEntryId).toEqual(report.body.entries[0].id);
    });

    it('refuses a refund larger than what is unspent', async () => {
      await refused(
        () =>
          t
            .as('secretariat')
            .post(`/v1/grants/${GRANT}/refund`, { amount: '26500.01', date: '2006-01-31', reference: 'TS/2006/012' }),
        409,
        'grant.refund_exceeds_available',
      );
    });

    it('refunds the unspent 26,500.00 (Dr 4200 / Cr 1010) and closes the grant', async () => {
      const res = await t
        .as('secretariat')
        .post(`/v1/grants/${GRANT}/refund`, { date: '2006-01-31', reference: 'TS/2006/012' })
        .expect(201);
      expect(res.body).toMatchObject({
        grant: GRANT,
        status: 'closed',
        closedOn: '2006-01-31',
        refunded: '26500.00',
        receivableCancelled: '0.00',
      });
      expect(res.body.entry.lines).toEqual([
        expect.objectContaining({ account: '4200', side: 'debit', amount: '26500.00' }),
        expect.objectContaining({ account: '1010', side: 'credit', amount: '26500.00', bankAccount: 'OPERATING' }),
      ]);
      // 4200: 250,000 − 26,500 = 223,500 = the expenses: the fund's net assets are zero.
      expect(await fundRows(GRANT)).toEqual({ '4200': 'Cr 223500.00', '5300': 'Dr 223500.00' });
      const report = await t.as('viewer').get(`/v1/grants/${GRANT}/report`).expect(200);
      expect(report.body).toMatchObject({
        received: '250000.00',
        spent: '223500.00',
        refunded: '26500.00',
        available: '0.00',
      });
      expect(report.body.grant).toMatchObject({ status: 'closed', closedOn: '2006-01-31' });
      await expectLedgerSound(t);
    });

    it('refuses spending, receiving or refunding again once closed', async () => {
      const body = await refused(() => spend('1.00', 'MEDIA', '2005-12-01'), 409, 'grant.closed');
      expect(body.detail).toBe('grant USA-2004-CAMPAIGN was closed on 2006-01-31; it is not possible to spend from it');
      await refused(() => receive('1.00', '2006-02-01', 'LATE'), 409, 'grant.closed');
      await refused(
        () => t.as('secretariat').post(`/v1/grants/${GRANT}/refund`, { date: '2006-02-01', reference: 'again' }),
        409,
        'grant.closed',
      );
      // The database refuses a change too: a closed grant stays closed.
      await expect(
        db.query(`UPDATE grants SET status = 'active', closed_on = NULL WHERE code = $1`, [GRANT]),
      ).rejects.toThrow(/only closing an active grant/);
      await expect(db.query(`DELETE FROM grant_expenditures`)).rejects.toThrow(/append-only/);
    });

    it('lists the grant', async () => {
      const list = await t.as('auditor').get('/v1/grants').expect(200);
      expect(list.body).toEqual([expect.objectContaining({ code: GRANT, status: 'closed', amount: '250000.00' })]);
      await t.as('viewer').get('/v1/grants/NOPE').expect(404);
      await t.as('viewer').get('/v1/grants/NOPE/report').expect(404);
      await t.as('viewer').get(`/v1/grants/${GRANT}/report?format=docx`).expect(400);
    });
  });

  describe('agreement rules', () => {
    it('refuses budget lines that do not add up, an unknown donor, a period that ends before it starts, a foreign currency without a rate', async () => {
      const base = { ...CAMPAIGN, code: 'G-BAD' };
      await refused(
        () =>
          t
            .as('secretariat')
            .post('/v1/grants', { ...base, budgetLines: [{ code: 'A', name: 'A', amount: '249999.99' }] }),
        400,
      );
      await refused(() => t.as('secretariat').post('/v1/grants', { ...base, donor: 'NOBODY' }), 400);
      await refused(() => t.as('secretariat').post('/v1/grants', { ...base, periodTo: '2004-12-31' }), 400);
      await refused(
        () => t.as('secretariat').post('/v1/grants', { ...base, currency: 'EUR', budgetLines: undefined }),
        400,
      );
      await refused(() => t.as('secretariat').post('/v1/grants', { ...base, amount: 250000 }), 400);
    });

    it('refuses a grant whose code is already a fund, leaving no grant row behind', async () => {
      const body = await refused(
        () => t.as('secretariat').post('/v1/grants', { ...CAMPAIGN, code: 'RES', budgetLines: undefined }),
        409,
      );
      expect(body.code).toBe('already_exists');
      await refused(() => t.as('secretariat').post('/v1/grants', CAMPAIGN), 409);
    });

    it('refuses a manual entry that names a grant that does not exist (postings_grant_fk)', async () => {
      await refused(
        () =>
          t.as('secretariat').post('/v1/journal-entries', {
            date: '2005-05-01',
            description: 'wrong grant',
            lines: [
              { account: '1010', fund: 'GEN', side: 'debit', amount: '1.00', grant: 'NO-SUCH-GRANT' },
              { account: '4900', fund: 'GEN', side: 'credit', amount: '1.00' },
            ],
          }),
        400,
      );
    });

    it('answers a replayed expenditure with the first answer and posts it once', async () => {
      await t
        .as('secretariat')
        .post('/v1/grants', { ...CAMPAIGN, code: 'G-IDEM', budgetLines: undefined })
        .expect(201);
      await receive('1000.00', '2005-01-05', 'R1', 'G-IDEM').expect(201);
      const key = newKey();
      const body = { amount: '400.00', budgetLine: 'ANY', date: '2005-02-01', description: 'once' };
      const first = await t.as('secretariat').post('/v1/grants/G-IDEM/expenditures', body, key).expect(201);
      const again = await t.as('secretariat').post('/v1/grants/G-IDEM/expenditures', body, key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const dry = await t
        .as('secretariat')
        .post('/v1/grants/G-IDEM/expenditures?dryRun=true', { ...body, amount: '600.00' })
        .expect(200);
      expect(dry.body.wouldRespond.status).toBe(201);
      const report = await t.as('viewer').get('/v1/grants/G-IDEM/report').expect(200);
      // No budget lines on this grant: the code spent on is listed without a budget.
      expect(report.body).toMatchObject({ spent: '400.00', available: '600.00' });
      expect(report.body.byBudgetLine).toEqual([
        { code: 'ANY', name: null, budget: null, spent: '400.00', available: null },
      ]);
      await expectLedgerSound(t);
    });
  });

  describe('a conditional grant (IPSAS 23)', () => {
    const CODE = 'EU-2005-RETURNS';
    it('defers the pledge, recognises revenue as spending meets the condition, and settles the deferral on closing', async () => {
      const res = await t
        .as('secretariat')
        .post('/v1/grants', {
          ...CAMPAIGN,
          code: CODE,
          donor: 'EU',
          title: 'Support to assisted voluntary returns',
          amount: '100000.00',
          kind: 'conditional',
          budgetLines: undefined,
        })
        .expect(201);
      expect(res.body.entry.lines.map((l: { account: string; side: string }) => `${l.account} ${l.side}`)).toEqual([
        '1200 debit',
        '2200 credit',
      ]);
      await receive('80000.00', '2005-02-01', 'EU-1', CODE).expect(201);
      const spent = await spend('70000.00', 'RETURNS', '2005-05-01', 'Returns', CODE).expect(201);
      expect(spent.body.revenueRecognised).toBe('70000.00');
      expect(
        spent.body.entry.lines.map(
          (l: { account: string; side: string; amount: string }) => `${l.account} ${l.side} ${l.amount}`,
        ),
      ).toEqual(['5300 debit 70000.00', '1010 credit 70000.00', '2200 debit 70000.00', '4200 credit 70000.00']);
      // Pledged 100,000, received 80,000, spent 70,000: 2200 holds 30,000, 1200 20,000, cash 10,000.
      expect(await fundRows(CODE)).toEqual({
        '1010': 'Dr 10000.00',
        '1200': 'Dr 20000.00',
        '2200': 'Cr 30000.00',
        '4200': 'Cr 70000.00',
        '5300': 'Dr 70000.00',
      });
      const report = await t.as('viewer').get(`/v1/grants/${CODE}/report`).expect(200);
      expect(report.body).toMatchObject({
        pledged: '100000.00',
        received: '80000.00',
        spent: '70000.00',
        available: '10000.00',
        receivable: '20000.00',
        deferredRevenue: '30000.00',
      });
      // Closing: refund 10,000 (Dr 2200), cancel the 20,000 never received (Dr 2200 / Cr 1200): 2200 ends at zero.
      const closed = await t
        .as('secretariat')
        .post(`/v1/grants/${CODE}/refund`, { date: '2006-01-15', reference: 'EU-REFUND' })
        .expect(201);
      expect(closed.body).toMatchObject({
        refunded: '10000.00',
        receivableCancelled: '20000.00',
        deferredRevenueSettled: '0.00',
      });
      expect(await fundRows(CODE)).toEqual({ '4200': 'Cr 70000.00', '5300': 'Dr 70000.00' });
      await expectLedgerSound(t);
    });
  });

  describe('a grant in euros, paid in tranches at other rates', () => {
    const CODE = 'EU-2005-EUR';
    it('clears the receivable exactly and books the exchange differences in the grant fund', async () => {
      // EUR 100,000 at 1.30 = USD 130,000 pledged.
      await t
        .as('secretariat')
        .post('/v1/grants', {
          ...CAMPAIGN,
          code: CODE,
          donor: 'EU',
          amount: '100000.00',
          currency: 'EUR',
          rate: '1.30',
          budgetLines: undefined,
        })
        .expect(201);
      // EUR 40,000 at 1.35 = 54,000; clears 40,000 × 1.30 = 52,000; gain 2,000.
      const first = await t
        .as('secretariat')
        .post(`/v1/grants/${CODE}/receipts`, {
          amount: '40000.00',
          currency: 'EUR',
          rate: '1.35',
          receivedOn: '2005-02-01',
          reference: 'T1',
        })
        .expect(201);
      expect(first.body).toMatchObject({ amountBase: '54000.00', clearedBase: '52000.00', fxDifference: '2000.00' });
      // The operating account holds USD: its line is what the bank credited (what its statement
      // shows), while the receipt keeps the euros and the rate.
      expect(first.body).toMatchObject({ amount: '40000.00', currency: 'EUR', rate: '1.35' });
      expect(first.body.entry.lines[0]).toMatchObject({ account: '1010', side: 'debit', amount: '54000.00', currency: 'USD', amountBase: '54000.00', bankAccount: 'OPERATING' });
      // A tranche in another currency must say how much of the pledge it settles.
      await refused(
        () =>
          t.as('secretariat').post(`/v1/grants/${CODE}/receipts`, {
            amount: '10.00',
            currency: 'USD',
            receivedOn: '2005-02-02',
            reference: 'T?',
          }),
        400,
      );
      // EUR 60,000 at 1.25 = 75,000; clears the 78,000 left; loss 3,000.
      const last = await t
        .as('secretariat')
        .post(`/v1/grants/${CODE}/receipts`, {
          amount: '60000.00',
          currency: 'EUR',
          rate: '1.25',
          receivedOn: '2005-06-01',
          reference: 'T2',
        })
        .expect(201);
      expect(last.body).toMatchObject({
        amountBase: '75000.00',
        clearedBase: '78000.00',
        fxDifference: '-3000.00',
        outstandingPledgeInGrantCurrency: '0.00',
      });
      // Cash 54,000 + 75,000 = 129,000; receivable 0; net FX −1,000.
      expect(await fundRows(CODE)).toEqual({
        '1010': 'Dr 129000.00',
        '4200': 'Cr 130000.00',
        '4500': 'Cr 2000.00',
        '5600': 'Dr 3000.00',
      });
      const report = await t.as('viewer').get(`/v1/grants/${CODE}/report`).expect(200);
      expect(report.body).toMatchObject({
        pledged: '130000.00',
        received: '129000.00',
        receivable: '0.00',
        fxDifference: '-1000.00',
        spent: '0.00',
        available: '129000.00',
      });
      await expectLedgerSound(t);
    });
  });

  describe('pre-financing by policy', () => {
    const CODE = 'G-PREFIN';
    const setPreFinance = async (on: boolean) => {
      const current = await t.as('admin').get('/v1/policies').expect(200);
      await t
        .as('admin')
        .put('/v1/policies', { ...current.body, grantsPreFinance: on })
        .expect(200);
    };
    afterAll(() => setPreFinance(false));

    it('lets a grant spend before receiving when the policy allows, but not close while overspent', async () => {
      await t
        .as('secretariat')
        .post('/v1/grants', { ...CAMPAIGN, code: CODE, amount: '5000.00', budgetLines: undefined })
        .expect(201);
      await refused(() => spend('3000.00', 'X', '2005-02-01', 'early', CODE), 409, 'grant.spending_exceeds_received');
      await setPreFinance(true);
      await spend('3000.00', 'X', '2005-02-01', 'early', CODE).expect(201);
      await refused(
        () => t.as('secretariat').post(`/v1/grants/${CODE}/refund`, { date: '2005-03-01', reference: 'close' }),
        409,
        'grant.close_while_overspent',
      );
      await receive('5000.00', '2005-03-15', 'late', CODE).expect(201);
      const closed = await t
        .as('secretariat')
        .post(`/v1/grants/${CODE}/refund`, { date: '2005-04-01', reference: 'close' })
        .expect(201);
      expect(closed.body).toMatchObject({ refunded: '2000.00', receivableCancelled: '0.00' });
      await expectLedgerSound(t);
    });
  });
});
