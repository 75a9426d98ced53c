import { Dec } from '@app/common';
import { LedgerService } from '@app/ledger';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The TS reconciliation report over the grant and reserve-fund registers. By hand, 2005:
 *   grant CAMPAIGN (USD 10,000, restricted): received 6,000 (02-01); spent 2,500 (03-01) → available 3,500
 *   grant RETURNS (EUR 1,000 at 1.30, conditional): EUR 400 at 1.35 = 540.00 (02-10), EUR 600 at 1.25 =
 *     750.00 (04-10); spent 1,000.00 (05-01); refund of the 290.00 left on 2006-01-15
 *   RES: MEX 5,000 (01-15) + 2,000 from GEN (02-01) = 7,000; case approved 3,000, disbursed 1,000 (04-01)
 *     → balance 6,000, commitments 2,000
 */
describe('reconciliation: register checks over grants and the reserve fund', () => {
  let t: TestApp;
  type Check = {
    name: string;
    ledger: string | null;
    register: string | null;
    difference: string | null;
    ok: boolean;
    explanation?: Record<string, unknown>[];
  };
  const checks = async (asOf: string): Promise<{ ok: boolean; checks: Check[] }> =>
    (await t.as('auditor').get(`/v1/reports/reconciliation?asOf=${asOf}`).expect(200)).body;
  const named = (body: { checks: Check[] }, name: string): Check => {
    const check = body.checks.find((c) => c.name === name);
    if (check === undefined) throw new Error(`no check ${name} in ${body.checks.map((c) => c.name).join(', ')}`);
    return check;
  };
  const clean = (ledger: string): Partial<Check> => ({ ledger, register: ledger, difference: '0.00', ok: true });
  const sec = () => t.as('secretariat');
  let disbursementEntry = '';

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('admin').post('/v1/members', { code: 'MEX', name: 'Mexico', joinedOn: '1996-03-13' }).expect(201);
    await t.as('admin').post('/v1/members', { code: 'PAN', name: 'Panama', joinedOn: '1996-03-13' }).expect(201);
    await sec().post('/v1/donors', { code: 'USA', name: 'United States of America' }).expect(201);
    await sec().post('/v1/donors', { code: 'EU', name: 'European Union' }).expect(201);
    const grant = {
      donor: 'USA',
      title: 'Awareness campaign',
      signedOn: '2005-01-10',
      purpose: 'Inform migrants of the risks of smuggling',
      implementingPartner: 'IOM',
    };
    await sec()
      .post('/v1/grants', { ...grant, code: 'CAMPAIGN', amount: '10000.00', currency: 'USD', kind: 'restricted' })
      .expect(201);
    await sec()
      .post('/v1/grants', {
        ...grant,
        code: 'RETURNS',
        donor: 'EU',
        amount: '1000.00',
        currency: 'EUR',
        rate: '1.30',
        kind: 'conditional',
      })
      .expect(201);
    await sec()
      .post('/v1/grants/CAMPAIGN/receipts', {
        amount: '6000.00',
        currency: 'USD',
        receivedOn: '2005-02-01',
        reference: 'C-1',
      })
      .expect(201);
    await sec()
      .post('/v1/grants/CAMPAIGN/expenditures', {
        amount: '2500.00',
        budgetLine: 'MEDIA',
        date: '2005-03-01',
        description: 'Radio spots',
      })
      .expect(201);
    for (const [amount, rate, receivedOn, reference] of [
      ['400.00', '1.35', '2005-02-10', 'R-1'],
      ['600.00', '1.25', '2005-04-10', 'R-2'],
    ]) {
      await sec()
        .post('/v1/grants/RETURNS/receipts', { amount, currency: 'EUR', rate, receivedOn, reference })
        .expect(201);
    }
    await sec()
      .post('/v1/grants/RETURNS/expenditures', {
        amount: '1000.00',
        budgetLine: 'RETURNS',
        date: '2005-05-01',
        description: 'Assisted returns',
      })
      .expect(201);
    await sec().post('/v1/grants/RETURNS/refund', { date: '2006-01-15', reference: 'EU-REFUND' }).expect(201);

    await sec()
      .post('/v1/journal-entries', {
        date: '2005-01-05',
        description: 'Dues received 2005',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '10000.00' },
          { account: '4100', fund: 'GEN', side: 'credit', amount: '10000.00' },
        ],
      })
      .expect(201);
    await sec()
      .post('/v1/reserve-fund/contributions', {
        amount: '5000.00',
        date: '2005-01-15',
        source: 'member',
        member: 'MEX',
      })
      .expect(201);
    await sec()
      .post('/v1/reserve-fund/contributions', {
        amount: '2000.00',
        date: '2005-02-01',
        source: 'general_fund',
        decision: 'IX CRM, decision 3',
      })
      .expect(201);
    const created = await sec()
      .post('/v1/reserve-fund/cases', {
        title: 'Assisted return of migrants stranded in Panama',
        countriesInvolved: ['PAN'],
        requestedAmount: '3000.00',
        people: 4,
        requestedOn: '2005-03-01',
      })
      .expect(201);
    const url = `/v1/reserve-fund/cases/${created.body.id}`;
    await sec().post(`${url}/consultations`, { country: 'PAN', date: '2005-03-02', response: 'Agrees' }).expect(201);
    await sec()
      .post(`${url}/decision`, { decidedBy: 'IOM', date: '2005-03-05', outcome: 'approved', approvedAmount: '3000.00' })
      .expect(201);
    await sec().post(`${url}/notification`, { date: '2005-03-06', reference: 'OIM/PPT/2005/1' }).expect(201);
    const paid = await sec()
      .post(`${url}/disbursements`, { amount: '1000.00', date: '2005-04-01', reference: 'tickets' })
      .expect(201);
    disbursementEntry = paid.body.entry.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a clean year: every grant and the reserve fund agree with their funds', async () => {
    const body = await checks('2005-12-31');
    expect(named(body, 'grant:CAMPAIGN:received')).toEqual({ name: 'grant:CAMPAIGN:received', ...clean('6000.00') });
    expect(named(body, 'grant:CAMPAIGN:spent')).toMatchObject(clean('2500.00'));
    expect(named(body, 'grant:CAMPAIGN:available')).toMatchObject(clean('3500.00'));
    // 540.00 + 750.00 received in the bank (the exchange differences are not receipts), 1,000 spent.
    expect(named(body, 'grant:RETURNS:received')).toMatchObject(clean('1290.00'));
    expect(named(body, 'grant:RETURNS:spent')).toMatchObject(clean('1000.00'));
    expect(named(body, 'grant:RETURNS:available')).toMatchObject(clean('290.00'));
    expect(named(body, 'reserve-fund:contributions')).toMatchObject(clean('7000.00'));
    expect(named(body, 'reserve-fund:disbursements')).toMatchObject(clean('1000.00'));
    expect(named(body, 'reserve-fund:balance')).toEqual({ name: 'reserve-fund:balance', ...clean('6000.00') });
    expect(named(body, 'reserve-fund:commitments')).toMatchObject(clean('2000.00'));
    expect(body.checks.filter((c) => !c.ok)).toEqual([]);
    expect(body.ok).toBe(true);
    // After the refund the grant's cash is nil on both sides; before the year, nothing at all.
    expect(named(await checks('2006-12-31'), 'grant:RETURNS:available')).toMatchObject(clean('0.00'));
    expect(named(await checks('2005-01-31'), 'grant:CAMPAIGN:received')).toMatchObject(clean('0.00'));
    expect((await checks('2006-12-31')).ok).toBe(true);
  });

  it('an expense posted straight into a grant fund fails that grant, by its amount, naming the entry', async () => {
    const entry = await sec()
      .post('/v1/journal-entries', {
        date: '2005-06-01',
        description: 'Consultant paid outside the grant register',
        lines: [
          { account: '5300', fund: 'CAMPAIGN', side: 'debit', amount: '300.00', grant: 'CAMPAIGN' },
          { account: '1010', fund: 'CAMPAIGN', side: 'credit', amount: '300.00', grant: 'CAMPAIGN' },
        ],
      })
      .expect(201);
    const body = await checks('2005-12-31');
    expect(body.ok).toBe(false);
    const listed = {
      kind: 'entry-without-register-row',
      entryId: entry.body.id,
      sequence: entry.body.sequence,
      date: '2005-06-01',
      source: 'manual',
      description: 'Consultant paid outside the grant register',
    };
    expect(named(body, 'grant:CAMPAIGN:spent')).toEqual({
      name: 'grant:CAMPAIGN:spent',
      ledger: '2800.00',
      register: '2500.00',
      difference: '-300.00',
      ok: false,
      explanation: [{ ...listed, ledger: '300.00', difference: '-300.00' }],
    });
    expect(named(body, 'grant:CAMPAIGN:available')).toEqual({
      name: 'grant:CAMPAIGN:available',
      ledger: '3200.00',
      register: '3500.00',
      difference: '300.00',
      ok: false,
      explanation: [{ ...listed, ledger: '-300.00', difference: '300.00' }],
    });
    expect(named(body, 'grant:CAMPAIGN:received')).toMatchObject({ ok: true });
    expect(body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'grant:CAMPAIGN:spent',
      'grant:CAMPAIGN:available',
    ]);
    // Before the entry's date both still agree; a reversal puts it right.
    expect((await checks('2005-05-31')).ok).toBe(true);
    await sec()
      .post(`/v1/journal-entries/${entry.body.id}/reversal`, { date: '2005-06-02', reason: 'outside the register' })
      .expect(201);
    expect((await checks('2005-12-31')).ok).toBe(true);
  });

  it('money put straight into RES fails the reserve fund, by its amount, naming the entry', async () => {
    const entry = await sec()
      .post('/v1/journal-entries', {
        date: '2005-07-01',
        description: 'Interest credited to the reserve fund',
        lines: [
          { account: '1010', fund: 'RES', side: 'debit', amount: '150.00' },
          { account: '4900', fund: 'RES', side: 'credit', amount: '150.00' },
        ],
      })
      .expect(201);
    const body = await checks('2005-12-31');
    expect(body.ok).toBe(false);
    for (const [name, register] of [
      ['reserve-fund:contributions', '7000.00'],
      ['reserve-fund:balance', '6000.00'],
    ]) {
      expect(named(body, name)).toEqual({
        name,
        ledger: new Dec(register).plus('150.00').toFixed(2),
        register,
        difference: '-150.00',
        ok: false,
        explanation: [
          expect.objectContaining({
            kind: 'entry-without-register-row',
            entryId: entry.body.id,
            sequence: entry.body.sequence,
            ledger: '150.00',
            difference: '-150.00',
          }),
        ],
      });
    }
    expect(named(body, 'reserve-fund:balance').ledger).toBe('6150.00');
    expect(body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'reserve-fund:contributions',
      'reserve-fund:balance',
    ]);
    await sec()
      .post(`/v1/journal-entries/${entry.body.id}/reversal`, { date: '2005-07-02', reason: 'outside the register' })
      .expect(201);
    expect((await checks('2005-12-31')).ok).toBe(true);
  });

  it('the generic reversal refuses an entry the reserve-fund register stands behind, and changes nothing', async () => {
    const before = await checks('2005-12-31');
    const refused = await sec()
      .post(`/v1/journal-entries/${disbursementEntry}/reversal`, { date: '2005-08-01', reason: 'returned by the airline' })
      .expect(409);
    expect(refused.body.detail).toContain("source 'reserve_disbursement'");
    expect(await checks('2005-12-31')).toEqual(before);
    expect(before.ok).toBe(true);
  });

  it('a disbursement whose entry was reversed behind the register (a ledger kept before that rule): the register row and the reversal are listed', async () => {
    // LedgerService.reverse without a source restriction: what the generic route did before it
    // refused register entries, so a ledger from then may hold such a reversal.
    const reversed = await t.app.get(LedgerService).reverse(disbursementEntry, '2005-08-01', 'returned by the airline');
    const reversal = { body: { id: reversed.id, sequence: reversed.sequence } };
    const body = await checks('2005-12-31');
    const disbursements = named(body, 'reserve-fund:disbursements');
    expect(disbursements).toMatchObject({ ledger: '0.00', register: '1000.00', difference: '1000.00', ok: false });
    expect(disbursements.explanation).toEqual([
      expect.objectContaining({
        kind: 'entry-without-register-row',
        entryId: reversal.body.id,
        reverses: disbursementEntry,
        ledger: '-1000.00',
        difference: '1000.00',
      }),
      expect.objectContaining({
        kind: 'register-row-entry-reversed',
        table: 'reserve_case_disbursements',
        register: '1000.00',
        entryId: disbursementEntry,
        reversedBy: { entryId: reversal.body.id, sequence: reversal.body.sequence, date: '2005-08-01' },
        difference: '0.00',
      }),
    ]);
    // The ledger now has the case awaiting all 3,000; the register says 2,000.
    expect(named(body, 'reserve-fund:commitments')).toMatchObject({
      ledger: '3000.00',
      register: '2000.00',
      difference: '-1000.00',
      ok: false,
      explanation: [expect.objectContaining({ disbursedPerLedger: '0.00', disbursedPerRegister: '1000.00' })],
    });
    expect(named(body, 'reserve-fund:balance')).toMatchObject({ difference: '-1000.00', ok: false });
    await expectLedgerSound(t);
  });
});
