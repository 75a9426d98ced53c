import { Client } from 'pg';
import { POOL_WAIT_MS } from '@app/database';
import { assess, createBudget, createMember } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { binary } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';

const entry = (amount: string) => ({
  date: '2005-05-05',
  description: `queued ${amount}`,
  lines: [
    { account: '1010', fund: 'GEN', side: 'debit', amount },
    { account: '4900', fund: 'GEN', side: 'credit', amount },
  ],
});

/** Longer than the pool wait this product once had (5 s), well within today's. */
const HOLD_MS = 7_000;

describe('a burst of writes larger than the connection pool', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    // Two connections: two posts hold them waiting for the chain, the rest wait for a connection.
    t = await startTestApp({ databasePoolSize: 2 });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t.as('secretariat').post('/v1/journal-entries', entry('1.00')).expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('waits its turn while the chain is held for seconds, and every request is posted: none fails with 503', async () => {
    expect(POOL_WAIT_MS).toBeGreaterThan(HOLD_MS);
    await db.query('BEGIN');
    await db.query('SELECT last_sequence FROM ledger_chain FOR UPDATE');
    const started = Date.now();
    const burst = Promise.all(
      ['2.00', '3.00', '4.00', '5.00', '6.00', '7.00'].map((amount) =>
        t.as('secretariat').post('/v1/journal-entries', entry(amount)),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    await db.query('COMMIT');
    const responses = await burst;
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_MS);
    expect(responses.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([201, undefined]));
    expect(responses.map((r) => r.body.sequence as number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    await expectLedgerSound(t);
  }, 60_000);
});

describe('requests that each need one connection, never two at once', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ databasePoolSize: 2 });
    for (const m of ['ARG', 'BRA']) await createMember(t, m);
    await createBudget(t, 2005, { ARG: '1000.00', BRA: '1000.00' });
    await assess(t, 2005);
  });
  afterAll(async () => {
    await t.close();
  });

  it('payments, entries, reversals and reports, nine at once on a pool of two: every one answered, none 503', async () => {
    const manual = await Promise.all(
      ['8.00', '9.00'].map(async (amount) => {
        const res = await t.as('admin').post('/v1/journal-entries', entry(amount)).expect(201);
        return res.body.id as string;
      }),
    );
    const responses = await Promise.all([
      ...['ARG', 'BRA', 'ARG', 'BRA'].map((member, i) =>
        t.as('secretariat').post('/v1/payments', {
          member,
          amount: '10.00',
          currency: 'USD',
          receivedOn: '2005-06-01',
          reference: `BURST-${i}`,
        }),
      ),
      ...manual.map((id) =>
        t.as('secretariat').post(`/v1/journal-entries/${id}/reversal`, { date: '2005-06-02', reason: 'Posted twice' }),
      ),
      t.as('secretariat').post('/v1/journal-entries', entry('11.00')),
      t.as('viewer').get('/v1/reports/status-of-contributions?asOf=2005-12-31'),
      t.as('viewer').get('/v1/reports/trial-balance?asOf=2005-12-31'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 200, 200]);
    await expectLedgerSound(t);
  }, 120_000);

  it('reports that read another domain’s figures read them in their own snapshot: three times the pool, every one answered', async () => {
    const responses = await Promise.all([
      ...[1, 2, 3].map(() => t.as('viewer').get('/v1/reports/financial-statements?fiscalYear=2005')),
      ...[1, 2].map(() => t.as('auditor').get('/v1/exports/audit-package?fiscalYear=2005').buffer(true).parse(binary)),
      t.as('viewer').get('/v1/reserve-fund?asOf=2005-12-31'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  }, 120_000);
});
