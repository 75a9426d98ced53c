import { Client } from 'pg';
import { assess, createMember, memberBalances, pay, statusOf } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { newKey, startTestApp, TestApp } from './support/test-app';

const budget2005 = (extra: Record<string, unknown> = {}) => ({
  fiscalYear: 2005,
  total: '1000.00',
  currency: 'USD',
  approval: { meeting: 'IX CRM, Vancouver', date: '2004-05-20', reference: 'CRM-IX/2004/7' },
  lines: [
    { code: 'PERSONNEL', name: 'Personnel', amount: '600.00' },
    { code: 'MEETINGS', name: 'Meetings', amount: '400.00' },
  ],
  scale: [
    { member: 'MEX', share: '50' },
    { member: 'GTM', share: '30' },
    { member: 'BLZ', share: '20' },
  ],
  ...extra,
});

describe('contributions: members, budgets, assessments, payments, arrears, reports', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('members', () => {
    it('creates members by ISO alpha-3 code, naming them in Spanish by default', async () => {
      const res = await t
        .as('admin')
        .post('/v1/members', { code: 'MEX', name: 'Mexico', joinedOn: '1996-03-13' })
        .expect(201);
      expect(res.body).toEqual({ code: 'MEX', name: 'Mexico', nameEs: 'México', joinedOn: '1996-03-13', leftOn: null });
      await createMember(t, 'GTM', '1996-03-13');
      await createMember(t, 'BLZ', '1996-03-13', { nameEs: 'Belice' });
      await createMember(t, 'PAN', '2010-01-01');
      const list = await t.as('viewer').get('/v1/members').expect(200);
      expect(list.body.map((m: { code: string }) => m.code)).toEqual(['BLZ', 'GTM', 'MEX', 'PAN']);
      expect((await t.as('auditor').get('/v1/members/BLZ').expect(200)).body.nameEs).toBe('Belice');
    });

    it.each([
      ['an unassigned code', { code: 'XXX', name: 'Nowhere', joinedOn: '2000-01-01' }, 'code'],
      ['lower case', { code: 'mex', name: 'Mexico', joinedOn: '2000-01-01' }, 'code'],
      ['an impossible date', { code: 'CRI', name: 'Costa Rica', joinedOn: '2000-02-30' }, 'joinedOn'],
      [
        'leaving before joining',
        { code: 'CRI', name: 'Costa Rica', joinedOn: '2000-01-01', leftOn: '1999-01-01' },
        'leftOn',
      ],
      ['an unknown field', { code: 'CRI', name: 'Costa Rica', joinedOn: '2000-01-01', isAdmin: true }, 'isAdmin'],
    ])('refuses %s with 400 naming the field', async (_case, body, field) => {
      const res = await t.as('admin').post('/v1/members', body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 409 for a second member with the same code, 404 for an unknown one, 403 to a viewer', async () => {
      await t.as('admin').post('/v1/members', { code: 'MEX', name: 'Mexico', joinedOn: '1996-03-13' }).expect(409);
      await t.as('viewer').get('/v1/members/CRI').expect(404);
      await t.as('viewer').get('/v1/members/nope').expect(404);
      await t.as('viewer').post('/v1/members', { code: 'CRI', name: 'Costa Rica', joinedOn: '1996-03-13' }).expect(403);
    });

    it('renames a member and records when it left', async () => {
      const res = await t
        .as('admin')
        .put('/v1/members/PAN', { name: 'Panama', nameEs: 'Panamá', leftOn: '2012-12-31' })
        .expect(200);
      expect(res.body).toEqual({
        code: 'PAN',
        name: 'Panama',
        nameEs: 'Panamá',
        joinedOn: '2010-01-01',
        leftOn: '2012-12-31',
      });
      await t.as('admin').put('/v1/members/CRI', { name: 'x' }).expect(404);
    });
  });

  describe('budgets', () => {
    it.each([
      [
        'shares adding up to 99.9999',
        budget2005({
          scale: [
            { member: 'MEX', share: '50' },
            { member: 'GTM', share: '49.9999' },
          ],
        }),
        'scale',
      ],
      [
        'a share with 5 decimals',
        budget2005({
          scale: [
            { member: 'MEX', share: '50.00001' },
            { member: 'GTM', share: '49.99999' },
          ],
        }),
        'scale[0].share',
      ],
      ['a JSON number as the total', budget2005({ total: 1000 }), 'total'],
      [
        'a JSON number as a line amount',
        budget2005({ lines: [{ code: 'ALL', name: 'All', amount: 1000 }] }),
        'lines[0].amount',
      ],
      ['a JSON number as a share', budget2005({ scale: [{ member: 'MEX', share: 100 }] }), 'scale[0].share'],
      [
        'lines not adding up to the total',
        budget2005({ lines: [{ code: 'ALL', name: 'All', amount: '999.99' }] }),
        'lines',
      ],
      [
        'an unknown member',
        budget2005({
          scale: [
            { member: 'MEX', share: '50' },
            { member: 'CRI', share: '50' },
          ],
        }),
        'scale[1].member',
      ],
      ['an invalid member code', budget2005({ scale: [{ member: 'Mexico', share: '100' }] }), 'scale[0].member'],
      ['a currency other than the base', budget2005({ currency: 'EUR' }), 'currency'],
      [
        'shares and amounts mixed',
        budget2005({
          scale: [
            { member: 'MEX', share: '50' },
            { member: 'GTM', amount: '500.00' },
          ],
        }),
        'scale[1]',
      ],
      ['too many decimals for USD', budget2005({ total: '1000.001' }), 'total'],
    ])('refuses %s with 400', async (_case, body, field) => {
      const res = await t.as('secretariat').post('/v1/budgets', body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (field === 'currency') expect(res.body.detail).toMatch(/base currency USD/);
    });

    it('refuses to assess a member for a year it was not a member (422)', async () => {
      const res = await t
        .as('secretariat')
        .post(
          '/v1/budgets',
          budget2005({
            scale: [
              { member: 'MEX', share: '90' },
              { member: 'PAN', share: '10' },
            ],
          }),
        )
        .expect(422);
      expect(res.body.detail).toMatch(/PAN/);
    });

    it('records a budget (version 1) and answers it with the assessments it gives', async () => {
      const res = await t.as('secretariat').post('/v1/budgets', budget2005()).expect(201);
      expect(res.body).toMatchObject({
        fiscalYear: 2005,
        version: 1,
        total: '1000.00',
        currency: 'USD',
        scaleKind: 'share',
        assessed: null,
      });
      expect(res.body.scale).toEqual([
        { member: 'BLZ', share: '20', assessment: '200.00' },
        { member: 'GTM', share: '30', assessment: '300.00' },
        { member: 'MEX', share: '50', assessment: '500.00' },
      ]);
      const year = await t.as('viewer').get('/v1/budgets/2005').expect(200);
      expect(year.body.current.version).toBe(1);
      expect(year.body.history).toHaveLength(1);
      await t.as('viewer').get('/v1/budgets/1999').expect(404);
      await t.as('viewer').get('/v1/budgets/abc').expect(400);
    });
  });

  describe('assessments and payments', () => {
    it('assesses a budget: Σ = total exactly, Dr 1100 per member / Cr 4100; a second time is 409', async () => {
      const dry = await t.as('secretariat').post('/v1/budgets/2005/assessments?dryRun=true', {}, null).expect(200);
      expect(dry.body.wouldRespond.status).toBe(201);
      expect((await db.query('SELECT count(*)::int AS n FROM assessment_runs')).rows[0].n).toBe(0);

      const res = await t.as('secretariat').post('/v1/budgets/2005/assessments', {}).expect(201);
      expect(res.body).toMatchObject({ fiscalYear: 2005, version: 1, assessedOn: '2005-01-01', advancesApplied: [] });
      expect(res.body.assessments).toEqual([
        { member: 'BLZ', amount: '200.00', difference: '200.00' },
        { member: 'GTM', amount: '300.00', difference: '300.00' },
        { member: 'MEX', amount: '500.00', difference: '500.00' },
      ]);
      const again = await t.as('secretariat').post('/v1/budgets/2005/assessments', {}).expect(409);
      expect(again.body.detail).toMatch(/already assessed/);
      const receivable = await memberBalances(t, '1100', '2005-01-01');
      expect(Object.fromEntries(receivable)).toEqual({ BLZ: '200.00', GTM: '300.00', MEX: '500.00' });
      const tb = await t.as('auditor').get('/v1/reports/trial-balance?asOf=2005-01-01&fund=GEN').expect(200);
      expect(tb.body.rows).toEqual([
        { account: '1100', fund: 'GEN', debit: '1000.00', credit: '0.00' },
        { account: '4100', fund: 'GEN', debit: '0.00', credit: '1000.00' },
      ]);
      await expectLedgerSound(t);
    });

    it('refuses payments with bad input (400) and for unknown members', async () => {
      const base = { member: 'MEX', amount: '10.00', currency: 'USD', receivedOn: '2005-03-01', reference: 'x' };
      for (const [body, field] of [
        [{ ...base, amount: 10 }, 'amount'],
        [{ ...base, member: 'CRI' }, 'member'],
        [{ ...base, member: 'XXXX' }, 'member'],
        [{ ...base, currency: 'BZD' }, 'rate'],
        [{ ...base, rate: '2' }, 'rate'],
        [{ ...base, amount: '10.005' }, 'amount'],
        [{ ...base, bankAccount: 'NOPE' }, 'bankAccount'],
      ] as const) {
        const res = await t.as('secretariat').post('/v1/payments', body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      await t.as('secretariat').post('/v1/payments', base, null).expect(400); // no Idempotency-Key
      await t.as('viewer').post('/v1/payments', base).expect(403);
      await expectLedgerSound(t);
    });

    it('applies an advance to the next assessment, and a revision posts only the difference', async () => {
      const mex = await pay(t, 'MEX', '600.00', '2005-03-01');
      expect(mex).toMatchObject({
        amountBase: '600.00',
        advance: '100.00',
        allocations: [{ fiscalYear: 2005, amount: '500.00', appliedOn: '2005-03-01' }],
      });

      await t
        .as('secretariat')
        .post(
          '/v1/budgets',
          budget2005({ fiscalYear: 2006, total: '2000.00', lines: [{ code: 'ALL', name: 'All', amount: '2000.00' }] }),
        )
        .expect(201);
      const a2006 = await assess(t, 2006);
      expect(a2006.advancesApplied).toEqual([{ member: 'MEX', amount: '100.00' }]);

      // BLZ pays its 2005 arrears and all of 2006 early in the year.
      const blz = await pay(t, 'BLZ', '600.00', '2006-01-20');
      expect(blz.allocations.map((a) => [a.fiscalYear, a.amount])).toEqual([
        [2005, '200.00'],
        [2006, '400.00'],
      ]);

      // Revision approved in June: 2006 total 1500.00 → MEX 750, GTM 450, BLZ 300.
      const v2 = await t
        .as('secretariat')
        .post(
          '/v1/budgets',
          budget2005({
            fiscalYear: 2006,
            total: '1500.00',
            approval: { meeting: 'GRCM extraordinary', date: '2006-06-01', reference: 'GRCM-2006/3' },
            lines: [{ code: 'ALL', name: 'All', amount: '1500.00' }],
          }),
        )
        .expect(201);
      expect(v2.body.version).toBe(2);
      const revised = await t.as('secretariat').post('/v1/budgets/2006/assessments', {}).expect(201);
      expect(revised.body).toMatchObject({
        version: 2,
        assessedOn: '2006-06-01',
        advancesApplied: [],
        releasedToAdvance: [{ member: 'BLZ', amount: '100.00' }],
      });
      expect(revised.body.assessments).toEqual([
        { member: 'BLZ', amount: '300.00', difference: '-100.00' },
        { member: 'GTM', amount: '450.00', difference: '-150.00' },
        { member: 'MEX', amount: '750.00', difference: '-250.00' },
      ]);
      const year = await t.as('viewer').get('/v1/budgets/2006').expect(200);
      expect(
        year.body.history.map((v: { version: number; assessed: { assessedOn: string } }) => [
          v.version,
          v.assessed.assessedOn,
        ]),
      ).toEqual([
        [1, '2006-01-01'],
        [2, '2006-06-01'],
      ]);
      await expectLedgerSound(t);
    });

    it('write-offs and waivers need a decision and at most what is owed; they settle without paying', async () => {
      const body = {
        fiscalYear: 2005,
        amount: '100.00',
        date: '2006-07-01',
        kind: 'waiver',
        decision: { meeting: 'GRCM', date: '2006-06-30', reference: 'GRCM-2006/5' },
      };
      const noDecision = await t
        .as('secretariat')
        .post('/v1/members/GTM/write-offs', { ...body, decision: undefined })
        .expect(400);
      expect(noDecision.body.errors.map((e: { field: string }) => e.field)).toContain('decision');
      await t
        .as('secretariat')
        .post('/v1/members/GTM/write-offs', { ...body, amount: '300.01' })
        .expect(422);
      await t
        .as('secretariat')
        .post('/v1/members/GTM/write-offs', { ...body, fiscalYear: 2004 })
        .expect(422);
      await t
        .as('secretariat')
        .post('/v1/members/GTM/write-offs', { ...body, date: '2006-06-29' })
        .expect(422);
      const res = await t.as('secretariat').post('/v1/members/GTM/write-offs', body).expect(201);
      expect(res.body).toMatchObject({
        member: 'GTM',
        fiscalYear: 2005,
        kind: 'waiver',
        amount: '100.00',
        outstanding: '200.00',
      });
      await expectLedgerSound(t);
    });

    it('reports the status of contributions as at a date, agreeing with the ledger', async () => {
      const status = await statusOf(t, '2006-12-31');
      const byMember = Object.fromEntries(status.members.map((m) => [m.member, m]));
      expect(byMember.MEX).toMatchObject({
        assessed: '1250.00',
        paid: '600.00',
        writtenOff: '0.00',
        outstanding: '650.00',
        advance: '0.00',
        arrears: '0.00',
        standing: 'good',
        collectionRate: '0.4800',
      });
      expect(byMember.MEX.years).toEqual([
        { fiscalYear: 2005, assessed: '500.00', paid: '500.00', writtenOff: '0.00', outstanding: '0.00' },
        { fiscalYear: 2006, assessed: '750.00', paid: '100.00', writtenOff: '0.00', outstanding: '650.00' },
      ]);
      expect(byMember.GTM).toMatchObject({
        assessed: '750.00',
        paid: '0.00',
        writtenOff: '100.00',
        outstanding: '650.00',
        advance: '0.00',
        arrears: '200.00',
        collectionRate: '0.0000',
      });
      expect(byMember.BLZ).toMatchObject({
        assessed: '500.00',
        paid: '500.00',
        outstanding: '0.00',
        advance: '100.00',
        arrears: '0.00',
        collectionRate: '1.0000',
      });
      expect(byMember.PAN).toBeUndefined(); // joined 2010
      expect(status.totals).toEqual({
        assessed: '2500.00',
        paid: '1100.00',
        writtenOff: '100.00',
        outstanding: '1300.00',
        advance: '100.00',
        arrears: '200.00',
        collectionRate: '0.4400',
      });
      // Paid in full within 30 days of the assessment: BLZ 2006 (assessed 1 January, paid 20 January).
      expect(status.honourRoll).toEqual([{ member: 'BLZ', fiscalYear: 2006, paidInFullOn: '2006-01-20' }]);
      expect(Object.fromEntries(await memberBalances(t, '1100', '2006-12-31'))).toEqual({
        BLZ: '0.00',
        GTM: '650.00',
        MEX: '650.00',
      });
      expect(Object.fromEntries(await memberBalances(t, '2100', '2006-12-31'))).toEqual({
        BLZ: '-100.00',
        MEX: '0.00',
      });
    });

    it('applies the standing policy, and an exemption recorded against a decision', async () => {
      const policies = (await t.as('admin').get('/v1/policies').expect(200)).body;
      await t
        .as('admin')
        .put('/v1/policies', { ...policies, standing: { rule: 'arrears_years', years: 1 } })
        .expect(200);
      // As at mid-2007 (no 2007 budget): GTM owes 200 + 450 = 650 ≥ its 2006 assessment 450.
      const standing = async () =>
        Object.fromEntries((await statusOf(t, '2007-06-30')).members.map((m) => [m.member, [m.arrears, m.standing]]));
      expect(await standing()).toEqual({
        BLZ: ['0.00', 'good'],
        GTM: ['650.00', 'in_arrears'],
        MEX: ['650.00', 'good'],
      });
      const exemption = await t
        .as('secretariat')
        .post('/v1/members/GTM/standing-exemptions', {
          fromYear: 2007,
          decision: { meeting: 'XII CRM', date: '2007-05-10', reference: 'CRM-XII/2007/2' },
        })
        .expect(201);
      expect(exemption.body).toMatchObject({ member: 'GTM', fromYear: 2007, toYear: null });
      expect(await standing()).toEqual({ BLZ: ['0.00', 'good'], GTM: ['650.00', 'exempt'], MEX: ['650.00', 'good'] });
      await t
        .as('secretariat')
        .post('/v1/members/GTM/standing-exemptions', {
          fromYear: 2007,
          toYear: 2006,
          decision: exemption.body.decision,
        })
        .expect(400);
      await t.as('admin').put('/v1/policies', policies).expect(200);
    });

    it("gives a member's statement of account with a running balance", async () => {
      const res = await t.as('viewer').get('/v1/members/MEX/statement?asOf=2006-12-31').expect(200);
      expect(
        res.body.lines.map((l: Record<string, unknown>) => [l.date, l.type, l.amount, l.debit, l.credit, l.balance]),
      ).toEqual([
        ['2005-01-01', 'assessment', '500.00', '500.00', '0.00', '500.00'],
        ['2005-03-01', 'payment', '600.00', '0.00', '600.00', '-100.00'],
        ['2006-01-01', 'assessment', '1000.00', '1000.00', '0.00', '900.00'],
        ['2006-01-01', 'advance_applied', '100.00', '0.00', '0.00', '900.00'],
        ['2006-06-01', 'assessment_reduction', '250.00', '0.00', '250.00', '650.00'],
      ]);
      expect(res.body.lines[1].allocations).toEqual([{ fiscalYear: 2005, amount: '500.00' }]);
      expect(res.body.opening).toEqual({ date: null, balance: '0.00' });
      expect(res.body.closing).toMatchObject({ balance: '650.00', outstanding: '650.00', advance: '0.00' });
      const fromJan = await t
        .as('viewer')
        .get('/v1/members/MEX/statement?asOf=2006-12-31&from=2006-01-01&lang=es')
        .expect(200);
      expect(fromJan.body.opening).toEqual({ date: '2006-01-01', balance: '-100.00' });
      expect(fromJan.body.lines).toHaveLength(3);
      expect(fromJan.body.lines[0].description).toMatch(/^Contribución señalada/);
      await t.as('viewer').get('/v1/members/CRI/statement?asOf=2006-12-31').expect(404);
      await t.as('viewer').get('/v1/members/MEX/statement?asOf=2006-13-01').expect(400);
    });

    it('renders other formats from the contributions lib\'s own report documents', async () => {
      await t.as('viewer').get('/v1/reports/status-of-contributions?asOf=2006-12-31&format=docx').expect(400);
      const csv = await t
        .as('viewer')
        .get('/v1/reports/status-of-contributions?asOf=2006-12-31&format=csv&lang=es')
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="status-of-contributions-2006-12-31-es.csv"',
      );
      const lines = csv.text.split(/\r?\n/);
      for (const member of ['BLZ', 'GTM', 'MEX']) expect(lines.some((l) => l.includes(member))).toBe(true);
    });

    it('refuses to record a member as having left before a year it is assessed for', async () => {
      const res = await t.as('admin').put('/v1/members/BLZ', { leftOn: '2005-12-31' }).expect(422);
      expect(res.body.detail).toMatch(/2006/);
      await t.as('admin').put('/v1/members/BLZ', { leftOn: '2006-12-31' }).expect(200);
      await t.as('admin').put('/v1/members/BLZ', { leftOn: null }).expect(200);
    });

    it('lists payments of a member with their allocations, and shows one', async () => {
      const list = await t.as('viewer').get('/v1/payments?member=BLZ').expect(200);
      expect(list.body.items).toHaveLength(1);
      const [p] = list.body.items;
      expect(p).toMatchObject({ member: 'BLZ', amountBase: '600.00', advance: '100.00', reversal: null });
      expect(p.allocations).toEqual([
        { fiscalYear: 2005, amount: '200.00' },
        { fiscalYear: 2006, amount: '300.00' },
      ]);
      expect(p.history.map((h: { kind: string; amount: string }) => [h.kind, h.amount])).toEqual([
        ['payment', '200.00'],
        ['payment', '400.00'],
        ['release', '100.00'],
      ]);
      const one = await t.as('viewer').get(`/v1/payments/${p.id}`).expect(200);
      expect(one.body).toEqual(p);
      await t.as('viewer').get('/v1/payments/00000000-0000-0000-0000-000000000000').expect(404);
    });

    it('answers a replayed payment (same Idempotency-Key) with the first answer and records it once', async () => {
      const body = { member: 'GTM', amount: '50.00', currency: 'USD', receivedOn: '2006-08-01', reference: 'replay' };
      const key = newKey();
      const first = await t.as('secretariat').post('/v1/payments', body, key).expect(201);
      const again = await t.as('secretariat').post('/v1/payments', body, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      await t
        .as('secretariat')
        .post('/v1/payments', { ...body, amount: '51.00' }, key)
        .expect(409);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM payments WHERE reference = 'replay'`);
      expect(rows[0].n).toBe(1);
      expect(first.body.allocations).toEqual([{ fiscalYear: 2005, amount: '50.00', appliedOn: '2006-08-01' }]);
      await expectLedgerSound(t);
    });

    it('keeps the register append-only', async () => {
      await expect(db.query('UPDATE allocations SET amount = 1')).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM payments')).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM members')).rejects.toThrow(/append-only/);
      await expectLedgerSound(t);
    });
  });
});
