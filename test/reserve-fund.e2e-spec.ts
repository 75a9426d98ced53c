import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The reserve fund under its Protocol (GRCM, Panama, December 2004, point 6): "decisions on the
 * cases will be taken by IOM, in consultation with the countries involved in the return, and IOM
 * will notify the Pro-Tempore Presidency". A full walk-through with hand-worked figures:
 *
 *   contributions  MEX 40,000 + CAN 30,000 (members) + 20,000 from GEN (decision) + 10,000 NOR (donor) = 100,000
 *   case A (PAN, ECU) requested 18,000, approved 15,000 (cap 15,000), disbursed 9,000 + 5,000, closed: 1,000 released
 *   case B (MEX, CHN) requested 90,000: 90,000 does not fit the 86,000 left; approved 80,000; with a floor of
 *                     10,000, 80,000 cannot leave (86,000 − 80,000 < 10,000), 76,000 can; closed: 4,000 released
 *   case C (GTM) rejected: no notification, no money
 *   balance 100,000 − 14,000 − 76,000 = 10,000 = the floor; available 0
 */
interface State {
  entries: number;
  postings: number;
  cases: string;
  history: number;
  consultations: number;
  disbursements: number;
  contributions: number;
  trialBalance: unknown;
}

describe('reserve fund: the Protocol, walked through', () => {
  let t: TestApp;
  let db: Client;
  const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

  const state = async (): Promise<State> => {
    const count = async (table: string): Promise<number> =>
      Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const cases = await db.query(
      `SELECT id, status, approved_amount::text, decided_on::text, notified_on::text, closed_on::text FROM reserve_cases ORDER BY id`,
    );
    return {
      entries: await count('journal_entries'),
      postings: await count('postings'),
      cases: JSON.stringify(cases.rows),
      history: await count('reserve_case_history'),
      consultations: await count('reserve_case_consultations'),
      disbursements: await count('reserve_case_disbursements'),
      contributions: await count('reserve_contributions'),
      trialBalance: (await t.as('auditor').get('/v1/reports/trial-balance?asOf=2999-12-31').expect(200)).body,
    };
  };

  /** Refused with `status` (and `rule`); nothing at all was written. */
  const refused = async (
    request: () => Promise<{ status: number; body: { rule?: string; detail?: string; code?: string } }>,
    status: number,
    rule?: string,
  ): Promise<{ rule?: string; detail?: string; code?: string }> => {
    const before = await state();
    const res = await request();
    expect({ status: res.status, rule: res.body.rule }).toEqual({ status, rule });
    expect(await state()).toEqual(before);
    return res.body;
  };

  const setPolicy = async (reserveFund: { perCaseCap: string | null; floor: string }) => {
    const current = await t.as('admin').get('/v1/policies').expect(200);
    await t
      .as('admin')
      .put('/v1/policies', { ...current.body, reserveFund })
      .expect(200);
  };

  const sec = () => t.as('secretariat');
  const caseUrl = (k: 'A' | 'B' | 'C', what = '') => `/v1/reserve-fund/cases/${ids[k]}${what}`;
  const fundRows = async (fund: string): Promise<Record<string, string>> => {
    const tb = await t.as('auditor').get(`/v1/reports/trial-balance?asOf=2999-12-31&fund=${fund}`).expect(200);
    const out: Record<string, string> = {};
    for (const r of tb.body.rows as { account: string; debit: string; credit: string }[]) {
      out[r.account] = r.debit !== '0.00' ? `Dr ${r.debit}` : `Cr ${r.credit}`;
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    for (const [code, name] of [
      ['MEX', 'Mexico'],
      ['CAN', 'Canada'],
      ['PAN', 'Panama'],
    ]) {
      await t.as('admin').post('/v1/members', { code, name, joinedOn: '1996-03-13' }).expect(201);
    }
    await sec().post('/v1/donors', { code: 'NOR', name: 'Norway' }).expect(201);
    // The general fund's cash, from dues (a manual entry keeps this spec independent of assessments).
    await sec()
      .post('/v1/journal-entries', {
        date: '2005-01-05',
        description: 'Dues received 2005',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '100000.00' },
          { account: '4100', fund: 'GEN', side: 'credit', amount: '100000.00' },
        ],
      })
      .expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('contributions', () => {
    it('from members: Dr 1010 / Cr 4300 in RES, with the member', async () => {
      const res = await sec()
        .post('/v1/reserve-fund/contributions', {
          amount: '40000.00',
          date: '2005-01-15',
          source: 'member',
          member: 'MEX',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        source: 'member',
        member: 'MEX',
        amountBase: '40000.00',
        bankAccount: 'OPERATING',
      });
      expect(res.body.entry.lines).toEqual([
        expect.objectContaining({
          account: '1010',
          fund: 'RES',
          side: 'debit',
          amount: '40000.00',
          member: 'MEX',
          bankAccount: 'OPERATING',
        }),
        expect.objectContaining({ account: '4300', fund: 'RES', side: 'credit', amount: '40000.00', member: 'MEX' }),
      ]);
      await sec()
        .post('/v1/reserve-fund/contributions', {
          amount: '30000.00',
          date: '2005-01-20',
          source: 'member',
          member: 'CAN',
        })
        .expect(201);
      await expectLedgerSound(t);
    });

    it('from the general fund by decision: two balanced halves, GEN Dr 5800 / Cr 1010 and RES Dr 1010 / Cr 4800', async () => {
      const res = await sec()
        .post('/v1/reserve-fund/contributions', {
          amount: '20000.00',
          date: '2005-02-01',
          source: 'general_fund',
          decision: 'IX CRM, decision 3',
        })
        .expect(201);
      expect(res.body).toMatchObject({ fromFund: 'GEN', decision: 'IX CRM, decision 3' });
      expect(
        res.body.entry.lines.map(
          (l: { fund: string; account: string; side: string; amount: string }) =>
            `${l.fund} ${l.account} ${l.side} ${l.amount}`,
        ),
      ).toEqual([
        'GEN 5800 debit 20000.00',
        'GEN 1010 credit 20000.00',
        'RES 1010 debit 20000.00',
        'RES 4800 credit 20000.00',
      ]);
      expect(await fundRows('GEN')).toEqual({ '1010': 'Dr 80000.00', '4100': 'Cr 100000.00', '5800': 'Dr 20000.00' });
      await expectLedgerSound(t);
    });

    it('from a donor: Dr 1010 / Cr 4300', async () => {
      await sec()
        .post('/v1/reserve-fund/contributions', {
          amount: '10000.00',
          date: '2005-02-15',
          source: 'donor',
          donor: 'NOR',
          reference: 'NOR-2005-RF',
        })
        .expect(201);
      expect(await fundRows('RES')).toEqual({ '1010': 'Dr 100000.00', '4300': 'Cr 80000.00', '4800': 'Cr 20000.00' });
    });

    it('refuses a transfer without its decision (400), beyond what the general fund holds (409), a member contribution without a member (400)', async () => {
      await refused(
        () =>
          sec().post('/v1/reserve-fund/contributions', { amount: '1.00', date: '2005-02-01', source: 'general_fund' }),
        400,
      );
      const body = await refused(
        () =>
          sec().post('/v1/reserve-fund/contributions', {
            amount: '80000.01',
            date: '2005-03-01',
            source: 'general_fund',
            decision: 'd',
          }),
        409,
        'reserve.transfer_exceeds_source_cash',
      );
      expect(body.detail).toBe(
        'fund GEN holds 80000.00 USD of cash from 2005-03-01 on; it cannot transfer 80000.01 USD to the reserve fund',
      );
      await refused(
        () => sec().post('/v1/reserve-fund/contributions', { amount: '1.00', date: '2005-02-01', source: 'member' }),
        400,
      );
      await refused(
        () =>
          sec().post('/v1/reserve-fund/contributions', {
            amount: '1.00',
            date: '2005-02-01',
            source: 'member',
            member: 'ZZZ',
          }),
        400,
      );
      await refused(
        () =>
          sec().post('/v1/reserve-fund/contributions', {
            amount: '1.00',
            date: '2005-02-01',
            source: 'general_fund',
            decision: 'd',
            fromFund: 'RES',
          }),
        400,
      );
      await refused(
        () =>
          sec().post('/v1/reserve-fund/contributions', {
            amount: '1.00',
            date: '2005-02-01',
            source: 'donor',
            donor: 'NOBODY',
          }),
        400,
      );
      await t
        .as('viewer')
        .post('/v1/reserve-fund/contributions', { amount: '1.00', date: '2005-02-01', source: 'donor' })
        .expect(403);
    });
  });

  describe('case A: consult every country, IOM decides, the PPT is notified, then money leaves', () => {
    it('opens the case', async () => {
      const res = await sec()
        .post('/v1/reserve-fund/cases', {
          title: 'Assisted return of 12 extra-regional migrants stranded in Panama',
          countriesInvolved: ['PAN', 'ECU'],
          requestedAmount: '18000.00',
          people: 12,
          requestedOn: '2005-03-01',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'requested',
        requestedAmount: '18000.00',
        commitment: '0.00',
        disbursed: '0.00',
      });
      expect(res.body.history).toEqual([
        expect.objectContaining({ event: 'requested', status: 'requested', date: '2005-03-01' }),
      ]);
      ids.A = res.body.id;
    });

    it('refuses a country code that does not exist (400)', async () => {
      await refused(
        () =>
          sec().post('/v1/reserve-fund/cases', {
            title: 'x',
            countriesInvolved: ['PAN', 'XYZ'],
            requestedAmount: '1.00',
            people: 1,
            requestedOn: '2005-03-01',
          }),
        400,
      );
    });

    it('refuses a decision before any consultation, and after consulting only some of the countries', async () => {
      const decision = { decidedBy: 'IOM', date: '2005-03-10', outcome: 'approved', approvedAmount: '15000.00' };
      let body = await refused(
        () => sec().post(caseUrl('A', '/decision'), decision),
        409,
        'reserve.consult_every_country',
      );
      expect(body.detail).toBe(
        'IOM decides after consulting every country involved in the return; not yet consulted: PAN, ECU',
      );
      const consulted = await sec()
        .post(caseUrl('A', '/consultations'), {
          country: 'PAN',
          date: '2005-03-04',
          response: 'Agrees; exit permits will be issued',
        })
        .expect(201);
      expect(consulted.body.status).toBe('consulting');
      body = await refused(() => sec().post(caseUrl('A', '/decision'), decision), 409, 'reserve.consult_every_country');
      expect(body.detail).toMatch(/not yet consulted: ECU$/);
    });

    it('refuses to consult a country not involved, or before the request', async () => {
      const body = await refused(
        () => sec().post(caseUrl('A', '/consultations'), { country: 'MEX', date: '2005-03-04', response: 'x' }),
        409,
        'reserve.country_not_involved',
      );
      expect(body.detail).toBe(
        'MEX is not one of the countries involved in this return (PAN, ECU); only they are consulted',
      );
      await refused(
        () => sec().post(caseUrl('A', '/consultations'), { country: 'ECU', date: '2005-02-28', response: 'x' }),
        409,
        'reserve.date_order',
      );
      await sec()
        .post(caseUrl('A', '/consultations'), {
          country: 'ECU',
          date: '2005-03-05',
          response: 'Will receive its nationals',
        })
        .expect(201);
    });

    it('refuses a decision not taken by IOM, one for more than requested, one above the per-case cap, and money before the decision', async () => {
      const decision = { decidedBy: 'IOM', date: '2005-03-10', outcome: 'approved', approvedAmount: '15000.00' };
      const byPpt = await refused(
        () => sec().post(caseUrl('A', '/decision'), { ...decision, decidedBy: 'PPT' }),
        409,
        'reserve.decided_by_iom',
      );
      expect(byPpt.detail).toBe(
        "decisions on reserve-fund cases are taken by IOM (Protocol, addendum to section III); not by 'PPT'",
      );
      await refused(
        () => sec().post(caseUrl('A', '/decision'), { ...decision, approvedAmount: '18000.01' }),
        409,
        'reserve.approved_over_requested',
      );
      await setPolicy({ perCaseCap: '15000.00', floor: '0.00' });
      await refused(
        () => sec().post(caseUrl('A', '/decision'), { ...decision, approvedAmount: '15000.01' }),
        409,
        'reserve.per_case_cap',
      );
      await refused(
        () => sec().post(caseUrl('A', '/decision'), { ...decision, date: '2005-03-04' }),
        409,
        'reserve.date_order',
      );
      await refused(() => sec().post(caseUrl('A', '/decision'), { ...decision, approvedAmount: undefined }), 400);
      await refused(
        () => sec().post(caseUrl('A', '/disbursements'), { amount: '1.00', date: '2005-03-10', reference: 'early' }),
        409,
        'reserve.disburse_after_approval_and_notification',
      );
      await refused(
        () => sec().post(caseUrl('A', '/notification'), { date: '2005-03-10', reference: 'early' }),
        409,
        'reserve.notify_after_approval',
      );
    });

    it('IOM approves 15,000.00: a commitment, no money moves yet', async () => {
      const before = await state();
      const res = await sec()
        .post(caseUrl('A', '/decision'), {
          decidedBy: 'IOM',
          date: '2005-03-10',
          outcome: 'approved',
          approvedAmount: '15000.00',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'approved',
        decidedBy: 'IOM',
        approvedAmount: '15000.00',
        commitment: '15000.00',
        disbursed: '0.00',
      });
      const after = await state();
      expect({ entries: after.entries, postings: after.postings }).toEqual({
        entries: before.entries,
        postings: before.postings,
      });
      await refused(
        () => sec().post(caseUrl('A', '/decision'), { decidedBy: 'IOM', date: '2005-03-10', outcome: 'rejected' }),
        409,
        'reserve.invalid_transition',
      );
    });

    it('refuses money before the notification to the Pro-Tempore Presidency', async () => {
      const body = await refused(
        () =>
          sec().post(caseUrl('A', '/disbursements'), { amount: '9000.00', date: '2005-03-15', reference: 'tickets' }),
        409,
        'reserve.disburse_after_approval_and_notification',
      );
      expect(body.detail).toBe(
        'the case is approved but the Pro-Tempore Presidency has not been notified: no money leaves the fund before the notification',
      );
    });

    it('notifies the PPT, then disburses 9,000.00: Dr 5400 / Cr 1010 in RES', async () => {
      await refused(
        () => sec().post(caseUrl('A', '/notification'), { date: '2005-03-09', reference: 'OIM/PPT/2005/031' }),
        409,
        'reserve.date_order',
      );
      const notified = await sec()
        .post(caseUrl('A', '/notification'), { date: '2005-03-11', reference: 'OIM/PPT/2005/031' })
        .expect(201);
      expect(notified.body).toMatchObject({
        status: 'notified',
        notifiedOn: '2005-03-11',
        notificationReference: 'OIM/PPT/2005/031',
      });
      await refused(
        () => sec().post(caseUrl('A', '/notification'), { date: '2005-03-12', reference: 'again' }),
        409,
        'reserve.notify_after_approval',
      );
      const res = await sec()
        .post(caseUrl('A', '/disbursements'), {
          amount: '9000.00',
          date: '2005-03-15',
          reference: 'Air tickets PTY-UIO',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        case: ids.A,
        amount: '9000.00',
        disbursedTotal: '9000.00',
        commitment: '6000.00',
        status: 'disbursed',
      });
      expect(res.body.entry).toMatchObject({ source: 'reserve_disbursement', sourceId: ids.A });
      expect(res.body.entry.lines).toEqual([
        expect.objectContaining({ account: '5400', fund: 'RES', side: 'debit', amount: '9000.00' }),
        expect.objectContaining({
          account: '1010',
          fund: 'RES',
          side: 'credit',
          amount: '9000.00',
          bankAccount: 'OPERATING',
        }),
      ]);
      await expectLedgerSound(t);
    });

    it('refuses more than approved in total, then pays the rest it needs and closes, releasing 1,000.00', async () => {
      const body = await refused(
        () =>
          sec().post(caseUrl('A', '/disbursements'), { amount: '6000.01', date: '2005-04-02', reference: 'too much' }),
        409,
        'reserve.disbursed_over_approved',
      );
      expect(body.detail).toBe(
        'the case was approved for 15000.00 USD and 9000.00 has been disbursed; 6000.01 more would exceed the approval',
      );
      await refused(
        () =>
          sec().post(caseUrl('A', '/disbursements'), {
            amount: '1.00',
            date: '2005-03-10',
            reference: 'before notification',
          }),
        409,
        'reserve.date_order',
      );
      await sec()
        .post(caseUrl('A', '/disbursements'), {
          amount: '5000.00',
          date: '2005-04-02',
          reference: 'Reception and transport',
        })
        .expect(201);
      const march = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-03-31').expect(200);
      // 31 March: 100,000 − 9,000 = 91,000; A still awaits 6,000.
      expect(march.body).toMatchObject({
        balance: '91000.00',
        committed: '6000.00',
        floor: '0.00',
        available: '85000.00',
      });
      expect(march.body.cases).toEqual([
        expect.objectContaining({ id: ids.A, status: 'disbursed', disbursed: '9000.00', commitment: '6000.00' }),
      ]);
      const closed = await sec()
        .post(caseUrl('A', '/close'), { date: '2005-04-30', reason: 'All 12 returned' })
        .expect(201);
      expect(closed.body).toMatchObject({ status: 'closed', disbursed: '14000.00', commitment: '0.00' });
      expect(
        closed.body.history.map(
          (h: { event: string; status: string; date: string }) => `${h.date} ${h.event} → ${h.status}`,
        ),
      ).toEqual([
        '2005-03-01 requested → requested',
        '2005-03-04 consulted → consulting',
        '2005-03-05 consulted → consulting',
        '2005-03-10 approved → approved',
        '2005-03-11 notified → notified',
        '2005-03-15 disbursed → disbursed',
        '2005-04-02 disbursed → disbursed',
        '2005-04-30 closed → closed',
      ]);
      expect(closed.body.history[7].detail).toEqual({ released: '1000.00', reason: 'All 12 returned' });
      await refused(
        () =>
          sec().post(caseUrl('A', '/disbursements'), { amount: '1.00', date: '2005-05-01', reference: 'after close' }),
        409,
        'reserve.disburse_after_approval_and_notification',
      );
      await refused(
        () => sec().post(caseUrl('A', '/close'), { date: '2005-05-01' }),
        409,
        'reserve.invalid_transition',
      );
      await expectLedgerSound(t);
    });
  });

  describe('case B: the available balance and the floor', () => {
    it('refuses an approval larger than balance − commitments, approves what fits', async () => {
      await setPolicy({ perCaseCap: null, floor: '0.00' });
      const opened = await sec()
        .post('/v1/reserve-fund/cases', {
          title: 'Assisted return of 40 extra-regional migrants stranded in Mexico',
          countriesInvolved: ['MEX', 'CHN'],
          requestedAmount: '90000.00',
          people: 40,
          requestedOn: '2005-05-02',
        })
        .expect(201);
      ids.B = opened.body.id;
      await sec()
        .post(caseUrl('B', '/consultations'), { country: 'MEX', date: '2005-05-03', response: 'Agrees' })
        .expect(201);
      await sec()
        .post(caseUrl('B', '/consultations'), {
          country: 'CHN',
          date: '2005-05-06',
          response: 'Travel documents issued',
        })
        .expect(201);
      // 100,000 − 14,000 = 86,000; A is closed, nothing else committed.
      const body = await refused(
        () =>
          sec().post(caseUrl('B', '/decision'), {
            decidedBy: 'IOM',
            date: '2005-05-10',
            outcome: 'approved',
            approvedAmount: '90000.00',
          }),
        409,
        'reserve.available_balance',
      );
      expect(body.detail).toBe(
        'the reserve fund can approve 86000.00 USD: balance 86000.00 − commitments of approved, undisbursed cases 0.00 − floor 0.00; 90000.00 does not fit',
      );
      await sec()
        .post(caseUrl('B', '/decision'), {
          decidedBy: 'IOM',
          date: '2005-05-10',
          outcome: 'approved',
          approvedAmount: '80000.00',
        })
        .expect(201);
      await sec()
        .post(caseUrl('B', '/notification'), { date: '2005-05-11', reference: 'OIM/PPT/2005/044' })
        .expect(201);
    });

    it('keeps the floor: with a floor of 10,000.00, 80,000.00 cannot leave, 76,000.00 can', async () => {
      await setPolicy({ perCaseCap: null, floor: '10000.00' });
      const body = await refused(
        () =>
          sec().post(caseUrl('B', '/disbursements'), { amount: '80000.00', date: '2005-05-20', reference: 'charter' }),
        409,
        'reserve.balance_floor',
      );
      expect(body.detail).toBe(
        'the reserve fund holds 86000.00 USD from 2005-05-20 on; disbursing 80000.00 would take it below its floor of 10000.00 USD',
      );
      await sec()
        .post(caseUrl('B', '/disbursements'), { amount: '76000.00', date: '2005-05-20', reference: 'charter' })
        .expect(201);
      const june = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-06-01').expect(200);
      // 86,000 − 76,000 = 10,000; B awaits 4,000, which the floor does not let out: available 10,000 − 4,000 − 10,000 = −4,000.
      expect(june.body).toMatchObject({
        balance: '10000.00',
        committed: '4000.00',
        floor: '10000.00',
        available: '-4000.00',
      });
      await sec().post(caseUrl('B', '/close'), { date: '2005-06-30', reason: '38 returned; 2 stayed' }).expect(201);
      await expectLedgerSound(t);
    });
  });

  describe('case C: rejected', () => {
    it('is rejected by IOM after consulting Guatemala; no notification and no money follow', async () => {
      const opened = await sec()
        .post('/v1/reserve-fund/cases', {
          title: 'Return request outside the Protocol',
          countriesInvolved: ['GTM'],
          requestedAmount: '5000.00',
          people: 3,
          requestedOn: '2005-07-01',
        })
        .expect(201);
      ids.C = opened.body.id;
      await sec()
        .post(caseUrl('C', '/consultations'), {
          country: 'GTM',
          date: '2005-07-02',
          response: 'Not a stranded extra-regional case',
        })
        .expect(201);
      await refused(
        () =>
          sec().post(caseUrl('C', '/decision'), {
            decidedBy: 'IOM',
            date: '2005-07-05',
            outcome: 'rejected',
            approvedAmount: '1.00',
          }),
        400,
      );
      const res = await sec()
        .post(caseUrl('C', '/decision'), { decidedBy: 'IOM', date: '2005-07-05', outcome: 'rejected' })
        .expect(201);
      expect(res.body).toMatchObject({ status: 'rejected', approvedAmount: null, commitment: '0.00' });
      await refused(
        () => sec().post(caseUrl('C', '/notification'), { date: '2005-07-06', reference: 'x' }),
        409,
        'reserve.notify_after_approval',
      );
      await refused(
        () => sec().post(caseUrl('C', '/disbursements'), { amount: '1.00', date: '2005-07-06', reference: 'x' }),
        409,
        'reserve.disburse_after_approval_and_notification',
      );
      await sec().post(caseUrl('C', '/close'), { date: '2005-07-06' }).expect(201);
    });
  });

  describe('position and report', () => {
    it('GET /v1/reserve-fund: balance 10,000.00 = the floor, nothing committed, nothing available', async () => {
      const res = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-12-31').expect(200);
      expect(res.body).toMatchObject({
        asOf: '2005-12-31',
        currency: 'USD',
        balance: '10000.00',
        committed: '0.00',
        floor: '10000.00',
        available: '0.00',
      });
      expect(
        res.body.cases.map(
          (c: {
            title: string;
            status: string;
            approvedAmount: string | null;
            disbursed: string;
            commitment: string;
          }) => [c.status, c.approvedAmount, c.disbursed, c.commitment],
        ),
      ).toEqual([
        ['closed', '15000.00', '14000.00', '0.00'],
        ['closed', '80000.00', '76000.00', '0.00'],
        ['closed', null, '0.00', '0.00'],
      ]);
      // As at a date before case B existed, it is not listed; as at the day A was approved, A is approved.
      const tenth = await t.as('viewer').get('/v1/reserve-fund?asOf=2005-03-10').expect(200);
      // Policies are not dated: the floor is today's 10,000. 100,000 − 15,000 − 10,000 = 75,000.
      expect(tenth.body).toMatchObject({
        balance: '100000.00',
        committed: '15000.00',
        floor: '10000.00',
        available: '75000.00',
      });
      expect(tenth.body.cases).toEqual([
        expect.objectContaining({ status: 'approved', notifiedOn: null, history: expect.any(Array) }),
      ]);
      expect(tenth.body.cases[0].history).toHaveLength(4);
    });

    it('the report adds up: opening + contributions − disbursements + other = closing', async () => {
      const res = await t.as('viewer').get('/v1/reserve-fund/report?from=2005-01-01&asOf=2005-12-31').expect(200);
      expect(res.body).toMatchObject({
        from: '2005-01-01',
        asOf: '2005-12-31',
        openingBalance: '0.00',
        contributions: { member: '70000.00', generalFund: '20000.00', donor: '10000.00', total: '100000.00' },
        disbursements: '90000.00',
        otherMovements: '0.00',
        closingBalance: '10000.00',
        committed: '0.00',
        floor: '10000.00',
        available: '0.00',
      });
      expect(res.body.disbursementsByCase).toEqual([
        { case: ids.A, title: 'Assisted return of 12 extra-regional migrants stranded in Panama', amount: '14000.00' },
        { case: ids.B, title: 'Assisted return of 40 extra-regional migrants stranded in Mexico', amount: '76000.00' },
      ]);
      expect(res.body.balanceByMonth.slice(0, 6)).toEqual([
        { month: '2005-01', balance: '70000.00' },
        { month: '2005-02', balance: '100000.00' },
        { month: '2005-03', balance: '91000.00' },
        { month: '2005-04', balance: '86000.00' },
        { month: '2005-05', balance: '10000.00' },
        { month: '2005-06', balance: '10000.00' },
      ]);
      expect(res.body.balanceByMonth).toHaveLength(12);
      // From April: opening 91,000 (after the March disbursement), 5,000 + 76,000 out.
      const april = await t.as('viewer').get('/v1/reserve-fund/report?from=2005-04-01&asOf=2005-12-31').expect(200);
      expect(april.body).toMatchObject({
        openingBalance: '91000.00',
        contributions: { total: '0.00' },
        disbursements: '81000.00',
        closingBalance: '10000.00',
      });
      // The ledger agrees: RES holds 10,000 of cash; 4300 80,000, 4800 20,000, 5400 90,000.
      expect(await fundRows('RES')).toEqual({
        '1010': 'Dr 10000.00',
        '4300': 'Cr 80000.00',
        '4800': 'Cr 20000.00',
        '5400': 'Dr 90000.00',
      });
      await t.as('viewer').get('/v1/reserve-fund/report?from=2006-01-01&asOf=2005-12-31').expect(400);
      await t.as('viewer').get('/v1/reserve-fund/report?format=docx').expect(400);
    });

    it('keeps the case history append-only and every transition in the audit log', async () => {
      await expect(db.query('UPDATE reserve_case_history SET event_date = now()')).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM reserve_case_disbursements')).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE reserve_cases SET approved_amount = 1 WHERE id = $1`, [ids.B])).rejects.toThrow(
        /do not change/,
      );
      const audit = await db.query(
        `SELECT action, outcome, status_code FROM audit_log WHERE action LIKE 'POST /v1/reserve-fund/cases/:id/%' AND target LIKE $1 ORDER BY id`,
        [`id=${ids.A}%`],
      );
      const successes = audit.rows
        .filter((r: { outcome: string }) => r.outcome === 'success')
        .map((r: { action: string }) => r.action.replace('POST /v1/reserve-fund/cases/:id/', ''));
      expect(successes).toEqual([
        'consultations',
        'consultations',
        'decision',
        'notification',
        'disbursements',
        'disbursements',
        'close',
      ]);
      expect(
        audit.rows.some(
          (r: { outcome: string; status_code: number }) => r.outcome === 'failure' && r.status_code === 409,
        ),
      ).toBe(true);
    });

    it('answers 404 for an unknown case', async () => {
      await t.as('viewer').get('/v1/reserve-fund/cases/00000000-0000-0000-0000-000000000000').expect(404);
      await t.as('viewer').get('/v1/reserve-fund/cases/not-a-uuid').expect(404);
      await sec()
        .post('/v1/reserve-fund/cases/00000000-0000-0000-0000-000000000000/close', { date: '2005-01-01' })
        .expect(404);
    });
  });
});
