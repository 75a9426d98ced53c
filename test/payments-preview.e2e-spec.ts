import { assess, createBudget, createMember, statusOf } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A payment's preview (`?dryRun=true`) answers the entries it would post, read before the dry
 * run is undone, so a treasurer sees the journal entry before recording; nothing is written.
 */
describe('payments: the preview of a payment', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createMember(t, 'CRI', '1996-03-13');
    await createBudget(t, 2005, { CRI: '300.00' });
    await assess(t, 2005);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a dry run answers the allocations, the advance and the entry it would post; nothing is written', async () => {
    const body = { member: 'CRI', amount: '500.00', currency: 'EUR', rate: '1.1', receivedOn: '2006-02-10', reference: 'TR-1' };
    const dry = await t.as('secretariat').post('/v1/payments?dryRun=true', body, null).expect(200);
    const preview = dry.body.wouldRespond.body;
    expect(dry.body.wouldRespond.status).toBe(201);
    expect(preview).toMatchObject({ amountBase: '550.00', advance: '250.00', allocations: [{ fiscalYear: 2005, amount: '300.00' }] });
    expect(preview.entries).toHaveLength(1);
    expect(preview.entries[0].id).toBe(preview.entryIds[0]);
    const lines = (preview.entries[0].lines as { account: string; side: string; amount: string; currency: string; amountBase: string; member?: string }[]).map(
      (l) => [l.side, l.account, l.amount, l.currency, l.amountBase, l.member ?? null],
    );
    expect(lines).toEqual([
      ['debit', expect.any(String), expect.any(String), expect.any(String), '550.00', null],
      ['credit', '1100', '300.00', 'USD', '300.00', 'CRI'],
      ['credit', expect.any(String), '250.00', 'USD', '250.00', 'CRI'],
    ]);

    expect((await t.as('viewer').get('/v1/payments?member=CRI').expect(200)).body.items).toEqual([]);
    expect((await t.as('auditor').get(`/v1/journal-entries/${preview.entryIds[0]}`)).status).toBe(404);
    expect((await statusOf(t, '2006-12-31')).members.find((m) => m.member === 'CRI')).toMatchObject({ paid: '0.00', advance: '0.00' });

    // Recorded for real, the answer keeps its documented shape (no entries) and posts once.
    const real = await t.as('secretariat').post('/v1/payments', body).expect(201);
    expect(real.body.entries).toBeUndefined();
    expect(real.body).toMatchObject({ amountBase: '550.00', advance: '250.00' });
    await expectLedgerSound(t);
  });
});
