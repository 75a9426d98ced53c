import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { fixture, postEntry, postingIdOf, uploadStatement } from './support/reconciliation-fixtures';
import { UsersService } from '@app/auth';
import { cookieClient, PASSWORD, signIn } from './support/sessions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The operating account in March 2024, reconciled from start to sign-off. Figures by hand:
 * statement (operating-2024-03.csv): opening 5,000.00; +15,000.00 −1,250.50 −42.10 +3,200.00
 * −15.00 −15.00 +0.37 = closing 21,877.77.
 * ledger (1010): 5,000.00 brought forward (02-29) +15,000.00 −1,250.50 +2,000.00 +1,200.00 −30.00
 * +7,000.25 (deposit in transit, 03-30) = 28,919.75 before the bank items are recorded.
 */
describe('reconciliation: the bank reconciliation report, sign-off and register checks', () => {
  let t: TestApp;
  let db: Client;
  const report = async (asOf: string, bankAccount = 'OPERATING') =>
    (await t.as('viewer').get(`/v1/reports/bank-reconciliation?bankAccount=${bankAccount}&asOf=${asOf}`).expect(200))
      .body;
  const lineIdOf = async (reference: string, description?: string): Promise<string> => {
    const { rows } = await db.query(
      `SELECT id::text FROM statement_lines WHERE bank_account = 'OPERATING' AND reference = $1 AND ($2::text IS NULL OR description = $2) ORDER BY id`,
      [reference, description ?? null],
    );
    return rows[0].id as string;
  };
  let wireFeePosting = '';
  let inTransit = '';

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const bank = (side: 'debit' | 'credit', amount: string) => ({ account: '1010', side, amount });
    await postEntry(t, '2024-02-29', 'Opening balance', [
      bank('debit', '5000.00'),
      { account: '3100', side: 'credit', amount: '5000.00' },
    ]);
    await postEntry(t, '2024-03-01', 'Assessed contribution 2024 France CONTRIB-2024-FR', [
      bank('debit', '15000.00'),
      { account: '4100', side: 'credit', amount: '15000.00' },
    ]);
    await postEntry(
      t,
      '2024-03-05',
      'Acme invoice 2024/118',
      [bank('credit', '1250.50'), { account: '5300', side: 'debit', amount: '1250.50' }],
      {
        invoice: 'PO-7781',
      },
    );
    await postEntry(t, '2024-03-10', 'Grant tranche, part 1', [
      bank('debit', '2000.00'),
      { account: '4200', side: 'credit', amount: '2000.00' },
    ]);
    await postEntry(t, '2024-03-11', 'Grant tranche, part 2', [
      bank('debit', '1200.00'),
      { account: '4200', side: 'credit', amount: '1200.00' },
    ]);
    const fees = await postEntry(t, '2024-03-20', 'Wire fees, two transfers', [
      bank('credit', '30.00'),
      { account: '5500', side: 'debit', amount: '30.00' },
    ]);
    wireFeePosting = await postingIdOf(db, fees.id, '1010');
    const transit = await postEntry(t, '2024-03-30', 'Contribution Germany', [
      bank('debit', '7000.25'),
      { account: '4100', side: 'credit', amount: '7000.25' },
    ]);
    inTransit = await postingIdOf(db, transit.id, '1010');
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('with no statement yet: every ledger item is unmatched and stale, difference 0, not reconciled', async () => {
    const r = await report('2024-03-31');
    expect(r).toMatchObject({
      bankAccount: 'OPERATING',
      currency: 'USD',
      statementBalance: '0.00',
      statementBalanceBasis: { kind: 'none' },
      ledgerBalance: '28919.75',
      unmatchedLedgerTotal: '28919.75',
      difference: '0.00',
      reconciled: false,
      reconciliationStart: null,
      counts: { unmatchedStatementLines: 0, unmatchedLedgerItems: 7 },
      staleItems: 6,
    });
  });

  it('after import and auto-match: the difference is 0 but stale bank items keep it unreconciled', async () => {
    await uploadStatement(t, 'OPERATING', fixture('operating-2024-03.csv'), 'march.csv', {
      format: 'csv',
      openingBalance: '5000.00',
      closingBalance: '21877.77',
    }).expect(201);
    const matched = await t
      .as('secretariat')
      .post('/v1/bank-accounts/OPERATING/auto-match', undefined, null)
      .expect(200);
    expect(matched.body).toEqual({
      matched: 3,
      statementLines: 3,
      postings: 4,
      byRule: { reference: 2, 'amount-date': 0, 'one-to-many': 1, 'reversal-pair': 0 },
    });
    const r = await report('2024-03-31');
    expect(r).toMatchObject({
      statementBalance: '21877.77',
      statementBalanceBasis: { kind: 'closing', date: '2024-03-22', balance: '21877.77' },
      ledgerBalance: '28919.75',
      // −42.10 −15.00 −15.00 +0.37
      unmatchedStatementTotal: '-71.73',
      // −30.00 (wire fees) +7,000.25 (in transit)
      unmatchedLedgerTotal: '6970.25',
      adjustedLedgerBalance: '21877.77',
      difference: '0.00',
      reconciled: false,
      reconciliationStart: '2024-03-01',
      staleItems: 5,
      counts: { unmatchedStatementLines: 4, unmatchedLedgerItems: 2 },
      truncated: false,
    });
    expect(
      r.unmatchedStatementLines.map((l: Record<string, unknown>) => [
        l.date,
        l.direction,
        l.amount,
        l.reference,
        l.ageDays,
        l.stale,
      ]),
    ).toEqual([
      ['2024-03-11', 'debit', '42.10', 'FEE-03', 20, true],
      ['2024-03-20', 'debit', '15.00', '', 11, true],
      ['2024-03-20', 'debit', '15.00', '', 11, true],
      ['2024-03-22', 'credit', '0.37', '', 9, true],
    ]);
    expect(
      r.unmatchedLedgerItems.map((p: Record<string, unknown>) => [p.postingId, p.date, p.side, p.amount, p.stale]),
    ).toEqual([
      [wireFeePosting, '2024-03-20', 'credit', '30.00', true],
      [inTransit, '2024-03-30', 'debit', '7000.25', false],
    ]);
  });

  it('as at 03-11 the split receipt is in transit (its bank line is booked on 03-12), and the report still ties', async () => {
    const r = await report('2024-03-11');
    expect(r).toMatchObject({
      statementBalanceBasis: { kind: 'opening', date: '2024-03-01', balance: '5000.00' },
      // 5,000 + 15,000 − 1,250.50 − 42.10
      statementBalance: '18707.40',
      // 5,000 + 15,000 − 1,250.50 + 2,000 + 1,200
      ledgerBalance: '21949.50',
      unmatchedStatementTotal: '-42.10',
      unmatchedLedgerTotal: '3200.00',
      difference: '0.00',
      staleItems: 0,
      reconciled: true,
    });
  });

  it('matching the two wire fees by hand with the one ledger posting', async () => {
    const fees = await db.query(
      `SELECT id::text FROM statement_lines WHERE bank_account = 'OPERATING' AND description = 'Wire fee' ORDER BY id`,
    );
    await t
      .as('secretariat')
      .post(
        '/v1/bank-accounts/OPERATING/matches',
        { statementLineIds: fees.rows.map((r) => r.id), postingIds: [wireFeePosting] },
        null,
      )
      .expect(201);
    const r = await report('2024-03-31');
    expect(r).toMatchObject({
      unmatchedStatementTotal: '-41.73',
      unmatchedLedgerTotal: '7000.25',
      difference: '0.00',
      staleItems: 2,
      reconciled: false,
    });
  });

  it('records the interest through its statement line (Dr bank / Cr 4400): still not reconciled, the charge is stale', async () => {
    const interest = await db.query(
      `SELECT id::text FROM statement_lines WHERE bank_account = 'OPERATING' AND description = 'Interest March'`,
    );
    const res = await t
      .as('secretariat')
      .post(`/v1/bank-accounts/OPERATING/statement-lines/${interest.rows[0].id}/entry`, {
        account: '4400',
        fund: 'GEN',
        description: 'Bank interest, March 2024',
      })
      .expect(201);
    expect(res.body.entry).toMatchObject({
      date: '2024-03-22',
      source: 'bank',
      lines: [
        { account: '1010', side: 'debit', amount: '0.37', bankAccount: 'OPERATING' },
        { account: '4400', side: 'credit', amount: '0.37' },
      ],
    });
    expect(res.body.match).toMatchObject({ method: 'entry', rule: 'entry', statementLineIds: [interest.rows[0].id] });
    const r = await report('2024-03-31');
    expect(r).toMatchObject({
      ledgerBalance: '28920.12',
      unmatchedStatementTotal: '-42.10',
      difference: '0.00',
      staleItems: 1,
      reconciled: false,
    });
    await expectLedgerSound(t);
  });

  it('a dry run of the bank charge answers the entry and writes nothing; the same line twice is a 409', async () => {
    const charge = await lineIdOf('FEE-03');
    const dry = await t
      .as('secretariat')
      .post(
        `/v1/bank-accounts/OPERATING/statement-lines/${charge}/entry?dryRun=true`,
        { account: '5500', fund: 'GEN', description: 'Bank charges' },
        null,
      )
      .expect(200);
    expect(dry.body.wouldRespond.body.entry.lines[0]).toMatchObject({
      account: '1010',
      side: 'credit',
      amount: '42.10',
    });
    expect((await report('2024-03-31')).staleItems).toBe(1);
    await t
      .as('secretariat')
      .post(
        `/v1/bank-accounts/OPERATING/statement-lines/${charge}/entry`,
        { account: '5500', fund: 'GEN', description: 'Bank charges' },
        null,
      )
      .expect(400); // posting to the ledger needs an Idempotency-Key
    const interest = await db.query(
      `SELECT id::text FROM statement_lines WHERE bank_account = 'OPERATING' AND description = 'Interest March'`,
    );
    const again = await t
      .as('secretariat')
      .post(`/v1/bank-accounts/OPERATING/statement-lines/${interest.rows[0].id}/entry`, {
        account: '4400',
        fund: 'GEN',
        description: 'again',
      })
      .expect(409);
    expect(again.body.code).toBe('conflict');
  });

  it.each([
    ['the bank ledger account itself', { account: '1010', fund: 'GEN', description: 'x' }, 400],
    ['an unknown account', { account: '9999', fund: 'GEN', description: 'x' }, 400],
    ['an unknown fund', { account: '5500', fund: 'NOPE', description: 'x' }, 400],
  ])('refuses to record the charge against %s', async (_what, body, status) => {
    const charge = await lineIdOf('FEE-03');
    await t.as('secretariat').post(`/v1/bank-accounts/OPERATING/statement-lines/${charge}/entry`, body).expect(status);
  });

  it('reconciles once the bank charge is recorded through its statement line (Dr 5500 / Cr bank)', async () => {
    const charge = await lineIdOf('FEE-03');
    await t
      .as('secretariat')
      .post(`/v1/bank-accounts/OPERATING/statement-lines/${charge}/entry`, {
        account: '5500',
        fund: 'GEN',
        description: 'Bank charges, March 2024',
      })
      .expect(201);
    const r = await report('2024-03-31');
    expect(r).toMatchObject({
      statementBalance: '21877.77',
      ledgerBalance: '28878.02',
      unmatchedStatementTotal: '0.00',
      unmatchedLedgerTotal: '7000.25',
      adjustedLedgerBalance: '21877.77',
      difference: '0.00',
      staleItems: 0,
      reconciled: true,
      unmatchedStatementLines: [],
    });
    expect(r.unmatchedLedgerItems).toHaveLength(1);
    await expectLedgerSound(t);
  });

  describe('sign-off: prepared by one signed-in person, reviewed by another', () => {
    const PREPARE = '/v1/reports/bank-reconciliation/preparations';
    const people = {} as Record<'rojas' | 'castillo', ReturnType<typeof cookieClient>>;
    const signOffs = async () =>
      (await t.as('auditor').get('/v1/reports/bank-reconciliation/sign-offs?bankAccount=OPERATING').expect(200)).body as unknown[];

    beforeAll(async () => {
      const users = t.app.get(UsersService);
      for (const [username, displayName] of [
        ['rojas', 'M. Rojas'],
        ['castillo', 'A. Castillo'],
      ] as const) {
        await users.create({ username, displayName, role: 'secretariat', password: PASSWORD }, { role: 'system' });
        people[username] = cookieClient(t.http, await signIn(t.http, username));
      }
    });

    it('records the signed-in preparer and reviewer, never names typed in the request', async () => {
      await people.rojas
        .post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31', preparedBy: 'Someone Else', reviewedBy: 'Another' }, null)
        .expect(400);
      const prepared = await people.rojas.post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31' }, null).expect(201);
      expect(prepared.body).toMatchObject({ preparedBy: 'M. Rojas', reconciled: true, difference: '0.00', signOffId: null });
      const awaiting = await t.as('viewer').get(`${PREPARE}?bankAccount=OPERATING&awaitingReview=true`).expect(200);
      expect(awaiting.body.map((p: { id: string }) => p.id)).toEqual([prepared.body.id]);

      const res = await people.castillo.post(`${PREPARE}/${prepared.body.id}/review`, undefined, null).expect(201);
      expect(res.body).toMatchObject({
        bankAccount: 'OPERATING',
        asOf: '2024-03-31',
        preparedBy: 'M. Rojas',
        reviewedBy: 'A. Castillo',
        preparationId: prepared.body.id,
        reconciled: true,
        difference: '0.00',
        figures: { statementBalance: '21877.77', ledgerBalance: '28878.02', reconciled: true },
      });
      const list = await signOffs();
      expect(list).toHaveLength(1);
      expect((list[0] as { figures: { unmatchedLedgerItems: { amount: string }[] } }).figures.unmatchedLedgerItems[0].amount).toBe(
        '7000.25',
      );
      const after = await t.as('viewer').get(`${PREPARE}?bankAccount=OPERATING&awaitingReview=true`).expect(200);
      expect(after.body).toEqual([]);
      await t.as('admin').post(`${PREPARE}/${prepared.body.id}/review`, undefined, null).expect(409);
      await expect(db.query(`UPDATE bank_reconciliation_sign_offs SET reviewed_by = 'someone else'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query(`UPDATE bank_reconciliation_preparations SET prepared_by = 'someone else'`)).rejects.toThrow(
        /append-only/,
      );
    });

    it('refuses the preparer as reviewer of their own preparation, and writes nothing', async () => {
      const before = (await signOffs()).length;
      const prepared = await people.castillo.post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31' }, null).expect(201);
      const res = await people.castillo.post(`${PREPARE}/${prepared.body.id}/review`, undefined, null).expect(422);
      expect(res.body).toMatchObject({ code: 'business_rule_violated', rule: 'sign-off.reviewer-is-preparer', preparedBy: 'A. Castillo' });
      expect(await signOffs()).toHaveLength(before);
      // A machine is its token: the same token cannot review what it prepared either.
      const byToken = await t.as('secretariat').post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31' }, null).expect(201);
      expect(byToken.body.preparedBy).toBe('test secretariat');
      await t.as('secretariat').post(`${PREPARE}/${byToken.body.id}/review`, undefined, null).expect(422);
      await t.as('admin').post(`${PREPARE}/${byToken.body.id}/review`, undefined, null).expect(201);
    });

    it.each([
      ['an impossible date', { bankAccount: 'OPERATING', asOf: '2024-02-30' }, 400],
      ['an unknown bank account', { bankAccount: 'NOPE', asOf: '2024-03-31' }, 404],
    ])('refuses to prepare %s', async (_what, body, status) => {
      await people.rojas.post(PREPARE, body, null).expect(status);
    });

    it('refuses a review of nothing, and the old typed-names route is gone', async () => {
      await people.rojas.post(`${PREPARE}/00000000-0000-4000-8000-000000000000/review`, undefined, null).expect(404);
      await people.rojas.post(`${PREPARE}/nope/review`, undefined, null).expect(404);
      await t
        .as('secretariat')
        .post('/v1/reports/bank-reconciliation/sign-offs', { bankAccount: 'OPERATING', asOf: '2024-03-31', preparedBy: 'a', reviewedBy: 'b' }, null)
        .expect(404);
    });

    it('a viewer may read but neither prepare nor review', async () => {
      await t.as('viewer').post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31' }, null).expect(403);
      const prepared = await people.rojas.post(PREPARE, { bankAccount: 'OPERATING', asOf: '2024-03-31' }, null).expect(201);
      await t.as('viewer').post(`${PREPARE}/${prepared.body.id}/review`, undefined, null).expect(403);
    });
  });

  describe('register checks', () => {
    const checks = async (asOf = '2024-03-31') =>
      (await t.as('auditor').get(`/v1/reports/reconciliation?asOf=${asOf}`).expect(200)).body;
    const named = (body: { checks: { name: string; explanation?: unknown[] }[] }, name: string) =>
      body.checks.find((c) => c.name === name);

    it('all pass on a sound ledger: trial balance per fund, roll-ups, hash chain, the bank', async () => {
      const body = await checks();
      expect(body.ok).toBe(true);
      expect(named(body, 'trial-balance:GEN')).toMatchObject({ ok: true, difference: '0.00' });
      expect(named(body, 'balance-rollups')).toMatchObject({ ok: true, difference: '0.00' });
      expect(named(body, 'hash-chain')).toMatchObject({ ok: true, ledger: '9', register: '9', difference: '0' });
      expect(named(body, 'bank:OPERATING')).toMatchObject({
        ok: true,
        ledger: '28878.02',
        register: '28878.02',
        difference: '0.00',
      });
    });

    it('catches a statement line slipped in with SQL behind the API (inside a closed statement)', async () => {
      await db.query(
        `INSERT INTO statement_lines (bank_account, statement_id, line_number, booking_date, direction, amount, currency, reference,
           description, reversal, foreign_currency, dedup_reference, occurrence)
         SELECT 'OPERATING', statement_id, 99, '2024-03-15', 'credit', 100.00, 'USD', 'SNEAKY', 'not from the bank', false, false, 'SNEAKY', 1
           FROM statement_lines WHERE bank_account = 'OPERATING' LIMIT 1`,
      );
      const body = await checks();
      expect(body.ok).toBe(false);
      // The closing balance does not include it, so it is an unexplained item: register − ledger = −100.00.
      expect(named(body, 'bank:OPERATING')).toMatchObject({
        ok: false,
        ledger: '28878.02',
        register: '28778.02',
        difference: '-100.00',
      });
      expect((await report('2024-03-31')).difference).toBe('-100.00');
      await db.query('BEGIN');
      await db.query('ALTER TABLE statement_lines DISABLE TRIGGER USER');
      await db.query(`DELETE FROM statement_lines WHERE reference = 'SNEAKY'`);
      await db.query('ALTER TABLE statement_lines ENABLE TRIGGER USER');
      await db.query('COMMIT');
      expect((await checks()).ok).toBe(true);
    });

    it('catches a posting altered with the triggers off (hash chain), and passes again once it is put back', async () => {
      const tamper = async (amount: string) => {
        await db.query('BEGIN');
        await db.query('ALTER TABLE postings DISABLE TRIGGER USER');
        await db.query(`UPDATE postings SET amount = $1, amount_base = $1 WHERE id = $2`, [amount, inTransit]);
        await db.query('ALTER TABLE postings ENABLE TRIGGER USER');
        await db.query('COMMIT');
      };
      await tamper('7000.52');
      const body = await checks();
      expect(body.ok).toBe(false);
      expect(named(body, 'hash-chain')).toMatchObject({ ok: false, ledger: '9', register: '6', difference: '-3' });
      expect(named(body, 'hash-chain')?.explanation).toEqual([
        { firstBrokenSequence: 7, problem: 'the stored entry does not match its hash' },
      ]);
      // The fund no longer balances. (The bank check cannot tell: the altered posting is in transit, so it
      // explains itself as an unmatched ledger item.)
      expect(named(body, 'trial-balance:GEN')).toMatchObject({ ok: false, difference: '-0.27' });
      expect(named(body, 'bank:OPERATING')).toMatchObject({ ok: true });
      // Once March is a whole month behind asOf, its roll-up (untouched) disagrees with its postings.
      expect(named(await checks('2024-04-30'), 'balance-rollups')).toMatchObject({ ok: false, difference: '-0.27' });
      await tamper('7000.25');
      expect((await checks()).ok).toBe(true);
      await expectLedgerSound(t);
    });

    it('a viewer may not run them; asOf is required', async () => {
      await t.as('viewer').get('/v1/reports/reconciliation?asOf=2024-03-31').expect(403);
      await t.as('auditor').get('/v1/reports/reconciliation').expect(400);
    });
  });
});
