import { Client } from 'pg';
import { Dec } from '@app/common';
import { createTestDatabase, dropTestDatabase } from '../support/test-database';
import { MEMBERS, seedContributions } from './support/scenario';
import { call, ServerProcess, startServer } from './support/server-process';

/**
 * kill -9 the API in the middle of 2,000 payments, restart it, resend every request whose answer
 * never came (same Idempotency-Key): every payment exists exactly once, the chain verifies, the
 * trial balance is zero and the status of contributions adds up to the payments. The kill must
 * leave requests in doubt (sent, never answered): without them nothing was tested.
 */
const PAYMENTS = 2_000;
const IN_FLIGHT = 16;
const KILL_AFTER_ACKS = 700;
const ADMIN = 'crash-suite-admin-token-000000001';

const amountOf = (i: number): string => `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`;

describe('crash during a load of payments', () => {
  let database: { name: string; url: string };
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('ledger_crash');
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await dropTestDatabase(database.name);
  });

  it('loses nothing and doubles nothing', async () => {
    const env = { DATABASE_URL: database.url, ADMIN_TOKEN: ADMIN };
    server = await startServer(env);
    const token = await seedContributions(server.url, ADMIN, 2026);

    const keys = Array.from({ length: PAYMENTS }, (_, i) => `crash-pay-${i}`);
    const body = (i: number) => ({
      member: MEMBERS[i % MEMBERS.length],
      amount: amountOf(i),
      currency: 'USD',
      receivedOn: '2026-03-01',
      reference: keys[i],
    });
    const acked = new Set<number>();
    const inDoubt = new Set<number>();
    let next = 0;
    let killed = false;
    const live = server;
    const worker = async (): Promise<void> => {
      while (!killed && next < PAYMENTS) {
        const i = next++;
        const answer = await call(live.url, 'POST', '/v1/payments', token, body(i), keys[i]);
        if (answer?.status === 201) acked.add(i);
        else if (answer === undefined) inDoubt.add(i);
        else throw new Error(`payment ${i} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          live.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(killed).toBe(true);
    expect(inDoubt.size).toBeGreaterThan(0);
    const unsent = keys.map((_, i) => i).filter((i) => !acked.has(i) && !inDoubt.has(i));

    server = await startServer(env);
    for (const i of [...inDoubt, ...unsent]) {
      const answer = await call(server.url, 'POST', '/v1/payments', token, body(i), keys[i]);
      expect(answer?.status).toBe(201);
    }

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query<{ reference: string; n: string }>(
        'SELECT reference, count(*)::text AS n FROM payments GROUP BY reference',
      );
      const counts = new Map(rows.rows.map((r) => [r.reference, Number(r.n)]));
      expect(keys.filter((k) => counts.get(k) !== 1)).toEqual([]);
      expect(counts.size).toBe(PAYMENTS);
    } finally {
      await client.end();
    }
    const verification = await call(server.url, 'GET', '/v1/ledger/verification', ADMIN);
    expect(verification?.body).toMatchObject({ ok: true });
    const tb = (await call(server.url, 'GET', '/v1/reports/trial-balance?asOf=2999-12-31', ADMIN))?.body as {
      totals: { debit: string; credit: string };
      balanced: boolean;
    };
    expect(tb.balanced).toBe(true);
    const status = (await call(server.url, 'GET', '/v1/reports/status-of-contributions?asOf=2026-12-31', ADMIN))
      ?.body as { totals: { paid: string; advance: string } };
    const paidAll = keys.reduce((sum, _k, i) => sum.plus(amountOf(i)), new Dec(0));
    expect(new Dec(status.totals.paid).plus(status.totals.advance).toFixed(2)).toBe(paidAll.toFixed(2));
    process.stdout.write(
      `crash suite: ${acked.size} acknowledged, ${inDoubt.size} in doubt, ${unsent.length} unsent before the kill\n`,
    );
  }, 600_000);
});
