import { createBudget, createMember, pay } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The TS reconciliation report over the contributions register. By hand, FY2010:
 * assessed NIC 600.00, HND 400.00; NIC pays 850.00 (250.00 in advance), HND pays 150.00.
 * Receivable 1100 = 250.00 (HND) = Σ outstanding; advances 2100 = 250.00 (NIC) = Σ advances.
 */
describe('reconciliation: register checks over contributions, and payments matched to the bank', () => {
  let t: TestApp;
  type Check = {
    name: string;
    ledger: string | null;
    register: string | null;
    difference: string | null;
    ok: boolean;
    explanation?: unknown[];
  };
  const checks = async (asOf: string): Promise<{ ok: boolean; checks: Check[] }> =>
    (await t.as('auditor').get(`/v1/reports/reconciliation?asOf=${asOf}`).expect(200)).body;
  const named = (body: { checks: Check[] }, name: string): Check | undefined =>
    body.checks.find((c) => c.name === name);

  beforeAll(async () => {
    t = await startTestApp();
    await createMember(t, 'NIC', '1996-03-13');
    await createMember(t, 'HND', '1996-03-13');
    await createBudget(t, 2010, { NIC: '600.00', HND: '400.00' });
    await t.as('secretariat').post('/v1/budgets/2010/assessments', {}).expect(201);
    await pay(t, 'NIC', '850.00', '2010-01-15', { reference: 'NIC-2010-DUES' });
    await pay(t, 'HND', '150.00', '2010-05-10', { reference: 'HND-2010-PART' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the contributions register agrees with 1100 and 2100', async () => {
    const body = await checks('2010-12-31');
    expect(named(body, 'contributions:receivable')).toEqual({
      name: 'contributions:receivable',
      ledger: '250.00',
      register: '250.00',
      difference: '0.00',
      ok: true,
    });
    expect(named(body, 'contributions:advances')).toEqual({
      name: 'contributions:advances',
      ledger: '250.00',
      register: '250.00',
      difference: '0.00',
      ok: true,
    });
    expect(body.ok).toBe(true);
  });

  it('the payments are matched to the bank statement by their reference', async () => {
    const csv =
      'date,amount,reference,description\n2010-01-18,850.00,NIC-2010-DUES,Transfer Nicaragua\n2010-05-10,150.00,HND-2010-PART,Transferencia Honduras\n';
    await uploadStatement(t, 'OPERATING', Buffer.from(csv), 'bank-2010.csv', {
      format: 'csv',
      openingBalance: '0.00',
      closingBalance: '1000.00',
    }).expect(201);
    const res = await t.as('secretariat').post('/v1/bank-accounts/OPERATING/auto-match', undefined, null).expect(200);
    expect(res.body).toMatchObject({ matched: 2, byRule: { reference: 2 } });
    const report = (await t.as('viewer').get('/v1/reports/bank-reconciliation?asOf=2010-12-31').expect(200)).body;
    expect(report).toMatchObject({
      bankAccount: 'OPERATING',
      statementBalance: '1000.00',
      ledgerBalance: '1000.00',
      difference: '0.00',
      reconciled: true,
    });
    expect(named(await checks('2010-12-31'), 'bank:OPERATING')).toMatchObject({
      ok: true,
      ledger: '1000.00',
      register: '1000.00',
    });
  });

  it('catches a receivable posted behind the register (a journal entry on 1100), naming the member; a reversal puts it right', async () => {
    const entry = await t
      .as('secretariat')
      .post('/v1/journal-entries', {
        date: '2010-06-01',
        description: 'Receivable posted outside the contributions module',
        lines: [
          { account: '1100', fund: 'GEN', side: 'debit', amount: '40.00', member: 'HND' },
          { account: '4900', fund: 'GEN', side: 'credit', amount: '40.00' },
        ],
      })
      .expect(201);
    const body = await checks('2010-12-31');
    expect(body.ok).toBe(false);
    expect(named(body, 'contributions:receivable')).toEqual({
      name: 'contributions:receivable',
      ledger: '290.00',
      register: '250.00',
      difference: '-40.00',
      ok: false,
      explanation: [{ member: 'HND', ledger: '290.00', register: '250.00', difference: '-40.00' }],
    });
    expect(named(body, 'contributions:advances')).toMatchObject({ ok: true });
    // Before the entry's date the register and the ledger still agree.
    expect(named(await checks('2010-05-31'), 'contributions:receivable')).toMatchObject({ ok: true, ledger: '250.00' });

    await t
      .as('secretariat')
      .post(`/v1/journal-entries/${entry.body.id}/reversal`, {
        date: '2010-06-02',
        reason: 'posted outside the register',
      })
      .expect(201);
    expect((await checks('2010-12-31')).ok).toBe(true);
    await expectLedgerSound(t);
  });
});
