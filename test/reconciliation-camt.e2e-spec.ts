import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { fixture, postEntry, postingIdOf, uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A USD account reconciled from a two-page camt.053 (camt053.ts-usd-2024-04.xml): page balances,
 * a reversal, a line in EUR, bank items recorded from their lines. Figures by hand:
 * page 1: 8,000.00 + 2,500.00 − 600.00 + 900.00 = 10,800.00; page 2: − 900.00 − 25.00 + 12.45 = 9,887.45.
 * ledger (1020): 8,000.00 brought forward + 2,500.00 − 600.00 (+ −25.00 + 12.45 once recorded).
 */
describe('reconciliation: a camt.053 month end to end', () => {
  let t: TestApp;
  let db: Client;
  const report = async (asOf: string) =>
    (await t.as('viewer').get(`/v1/reports/bank-reconciliation?bankAccount=TS-USD&asOf=${asOf}`).expect(200)).body;
  const lineId = async (bankReference: string): Promise<string> =>
    (await db.query('SELECT id::text FROM statement_lines WHERE bank_reference = $1', [bankReference])).rows[0]
      .id as string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t
      .as('admin')
      .post('/v1/accounts', { code: '1020', name: 'Bank — TS USD account', type: 'asset' })
      .expect(201);
    await t
      .as('admin')
      .post('/v1/bank-accounts', { code: 'TS-USD', name: 'TS USD account', currency: 'USD', ledgerAccount: '1020' })
      .expect(201);
    const bank = (side: 'debit' | 'credit', amount: string) => ({ account: '1020', side, amount });
    await postEntry(t, '2024-03-31', 'Balance brought forward', [
      bank('debit', '8000.00'),
      { account: '3100', side: 'credit', amount: '8000.00' },
    ]);
    await postEntry(t, '2024-04-02', 'Contribution Panama CONTRIB-2024-PA', [
      bank('debit', '2500.00'),
      { account: '4100', side: 'credit', amount: '2500.00' },
    ]);
    await postEntry(
      t,
      '2024-04-07',
      'Travel advance',
      [bank('credit', '600.00'), { account: '5200', side: 'debit', amount: '600.00' }],
      {
        ref: 'TRAVEL-0408',
      },
    );
    await uploadStatement(t, 'TS-USD', fixture('camt053.ts-usd-2024-04.xml'), 'april.xml', {
      format: 'camt053',
    }).expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('auto-match: two by reference, and the 900.00 credit paired with its reversal (no ledger posting)', async () => {
    const res = await t.as('secretariat').post('/v1/bank-accounts/TS-USD/auto-match', undefined, null).expect(200);
    expect(res.body).toEqual({
      matched: 3,
      statementLines: 4,
      postings: 2,
      byRule: { reference: 2, 'amount-date': 0, 'one-to-many': 0, 'reversal-pair': 1 },
    });
    const matches = (await t.as('viewer').get('/v1/bank-accounts/TS-USD/matches').expect(200)).body;
    const pair = matches.find((m: { rule: string }) => m.rule === 'reversal-pair');
    expect(pair.statementLineIds).toEqual([await lineId('BNK-0409-3'), await lineId('BNK-0417-9')]);
    expect(pair.postingIds).toEqual([]);
  });

  it.each([
    // Page 1 not closed yet at 04-10: its opening balance plus the lines booked since 04-01. The 900.00
    // credit counts as unmatched: the reversal it is paired with is booked after that date.
    ['2024-04-10', 'opening', '8000.00', '10800.00', '9900.00', '900.00', '0.00'],
    // Page 1's closing balance, then nothing after 04-15 up to 04-16.
    ['2024-04-16', 'closing', '10800.00', '10800.00', '9900.00', '900.00', '0.00'],
    // At 04-20 page 2 has not closed: page 1's closing plus the reversal of 04-17 (its pair is complete).
    ['2024-04-20', 'closing', '10800.00', '9900.00', '9900.00', '0.00', '0.00'],
    // Page 2's closing; the fee and the interest are not in the ledger yet.
    ['2024-04-30', 'closing', '9887.45', '9887.45', '9900.00', '-12.55', '0.00'],
  ])(
    'as at %s the statement balance comes from the %s balance %s',
    async (asOf, kind, basis, statement, ledger, unmatchedBank, difference) => {
      const r = await report(asOf);
      expect(r).toMatchObject({
        statementBalanceBasis: { kind, balance: basis },
        statementBalance: statement,
        ledgerBalance: ledger,
        unmatchedStatementTotal: unmatchedBank,
        unmatchedLedgerTotal: '0.00',
        difference,
        reconciliationStart: '2024-04-01',
      });
    },
  );

  it('lists the EUR line as unmatched and stale, but leaves it out of the USD totals', async () => {
    const r = await report('2024-04-30');
    expect(
      r.unmatchedStatementLines.map((l: Record<string, unknown>) => [
        l.date,
        l.amount,
        l.currency,
        l.foreignCurrency,
        l.stale,
      ]),
    ).toEqual([
      ['2024-04-03', '250.00', 'EUR', true, true],
      ['2024-04-22', '25.00', 'USD', false, true],
      ['2024-04-29', '12.45', 'USD', false, false],
    ]);
    expect(r).toMatchObject({ staleItems: 2, reconciled: false });
  });

  it('records the fee (Dr 5500) and the interest (Cr 4400) from their lines', async () => {
    await t
      .as('secretariat')
      .post(`/v1/bank-accounts/TS-USD/statement-lines/${await lineId('BNK-0422-1')}/entry`, {
        account: '5500',
        fund: 'GEN',
        description: 'Account maintenance fee, April 2024',
      })
      .expect(201);
    const interest = await t
      .as('secretariat')
      .post(`/v1/bank-accounts/TS-USD/statement-lines/${await lineId('BNK-0429-5')}/entry`, {
        account: '4400',
        fund: 'GEN',
        description: 'Interest April 2024',
      })
      .expect(201);
    expect(interest.body.entry.metadata).toEqual({
      statementLine: await lineId('BNK-0429-5'),
      bankAccount: 'TS-USD',
      reference: 'BNK-0429-5',
      bankReference: 'BNK-0429-5',
    });
    const r = await report('2024-04-30');
    expect(r).toMatchObject({
      ledgerBalance: '9887.45',
      unmatchedStatementTotal: '0.00',
      difference: '0.00',
      staleItems: 1,
      reconciled: false,
    });
    await expectLedgerSound(t);
  });

  it('the EUR line cannot be recorded from its line (422); matched by hand with a EUR posting, the month reconciles', async () => {
    const eurLine = await lineId('BNK-0403-7');
    const refused = await t
      .as('secretariat')
      .post(`/v1/bank-accounts/TS-USD/statement-lines/${eurLine}/entry`, {
        account: '4200',
        fund: 'GEN',
        description: 'x',
        rate: '1.08',
      })
      .expect(422);
    expect(refused.body.detail).toMatch(/is in EUR, not in the account's USD/);
    const entry = await postEntry(t, '2024-04-03', 'Donation received in EUR', [
      { account: '1020', side: 'debit', amount: '250.00', currency: 'EUR', rate: '1.08' },
      { account: '4200', side: 'credit', amount: '270.00' },
    ]);
    const eurPosting = await postingIdOf(db, entry.id, '1020');
    // A USD posting cannot join it: one currency per match.
    const broughtForward = (
      await db.query(`SELECT p.id::text FROM postings p JOIN journal_entries e ON e.id = p.entry_id
                       WHERE e.description = 'Balance brought forward' AND p.account_code = '1020'`)
    ).rows[0].id as string;
    const mixed = await t
      .as('secretariat')
      .post(
        '/v1/bank-accounts/TS-USD/matches',
        { statementLineIds: [eurLine], postingIds: [eurPosting, broughtForward] },
        null,
      )
      .expect(422);
    expect(mixed.body.detail).toMatch(/several currencies \(EUR, USD\)/);
    await t
      .as('secretariat')
      .post('/v1/bank-accounts/TS-USD/matches', { statementLineIds: [eurLine], postingIds: [eurPosting] }, null)
      .expect(201);
    const r = await report('2024-04-30');
    expect(r).toMatchObject({
      statementBalance: '9887.45',
      // The EUR posting is not part of the USD balance.
      ledgerBalance: '9887.45',
      difference: '0.00',
      staleItems: 0,
      reconciled: true,
      unmatchedStatementLines: [],
      unmatchedLedgerItems: [],
    });
    const checks = (await t.as('auditor').get('/v1/reports/reconciliation?asOf=2024-04-30').expect(200)).body;
    expect(checks.checks.find((c: { name: string }) => c.name === 'bank:TS-USD')).toMatchObject({
      ok: true,
      ledger: '9887.45',
      register: '9887.45',
    });
    await expectLedgerSound(t);
  });
});
