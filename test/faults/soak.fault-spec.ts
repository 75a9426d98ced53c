import { Dec } from '@app/common';
import { rollupMismatches } from '../support/ledger-assertions';
import { createTestDatabase, dropTestDatabase } from '../support/test-database';
import { MEMBERS, seedContributions } from './support/scenario';
import { call, ServerProcess, startServer } from './support/server-process';

/**
 * 32 clients for 60 s of mixed operations (payments, manual entries, reversals, reports): no 5xx
 * (a deadlock that was not retried would surface as one), no 4xx (every request is valid, so a
 * refusal is a bug, such as a lock timeout answered 409), and the invariants hold at the end:
 * the chain verifies, the trial balance is zero, and the money is where the answers said it went
 * (the bank account and the contributions received hold exactly the acknowledged payments and
 * entries, less the reversed ones).
 */
const CLIENTS = 32;
const DURATION_MS = Number(process.env.SOAK_SECONDS ?? '60') * 1_000;
const ADMIN = 'soak-suite-admin-token-0000000001';
/** Refusals allowed: none, every request is well formed and aimed at what exists. */
const MAX_REFUSALS = 0;

describe('soak: mixed load', () => {
  let database: { name: string; url: string };
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('ledger_soak');
  });
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await dropTestDatabase(database.name);
  });

  it(`keeps ${CLIENTS} clients answered without a 5xx and the ledger sound`, async () => {
    server = await startServer({ DATABASE_URL: database.url, ADMIN_TOKEN: ADMIN, DATABASE_POOL_SIZE: '24' });
    const url = server.url;
    const token = await seedContributions(url, ADMIN, 2026);
    const deadline = Date.now() + DURATION_MS;
    const counts = new Map<string, number>();
    const errors: string[] = [];
    const refusals: string[] = [];
    const entries: string[] = [];
    let paid = new Dec(0);
    let spent = new Dec(0);
    let n = 0;
    const record = (op: string, status: number | undefined, body: unknown): void => {
      const key = `${op} ${status ?? 'lost'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (status === undefined || status >= 500) errors.push(`${key} ${JSON.stringify(body).slice(0, 200)}`);
      else if (status >= 400) refusals.push(`${key} ${JSON.stringify(body).slice(0, 200)}`);
    };
    const client = async (c: number): Promise<void> => {
      while (Date.now() < deadline) {
        const i = n++;
        const pick = i % 10;
        if (pick < 5) {
          const amount = `${(i % 300) + 1}.25`;
          const r = await call(
            url,
            'POST',
            '/v1/payments',
            token,
            {
              member: MEMBERS[(i * 7 + c) % MEMBERS.length],
              amount,
              currency: 'USD',
              receivedOn: '2026-04-01',
              reference: `soak-${i}`,
            },
            `soak-pay-${i}`,
          );
          record('payment', r?.status, r?.body);
          if (r?.status === 201) paid = paid.plus(amount);
        } else if (pick < 7) {
          const r = await call(
            url,
            'POST',
            '/v1/journal-entries',
            token,
            {
              date: '2026-04-02',
              description: `Soak entry ${i}`,
              lines: [
                { account: '5500', fund: 'GEN', side: 'debit', amount: '1.10' },
                { account: '1010', fund: 'GEN', side: 'credit', amount: '1.10' },
              ],
            },
            `soak-entry-${i}`,
          );
          record('entry', r?.status, r?.body);
          if (r?.status === 201) {
            entries.push((r.body as { id: string }).id);
            spent = spent.plus('1.10');
          }
        } else if (pick === 7 && entries.length > 0) {
          const id = entries.splice(Math.floor(entries.length / 2), 1)[0];
          const r = await call(
            url,
            'POST',
            `/v1/journal-entries/${id}/reversal`,
            token,
            { date: '2026-04-03', reason: 'soak' },
            `soak-rev-${i}`,
          );
          record('reversal', r?.status, r?.body);
          if (r?.status === 201) spent = spent.minus('1.10');
        } else if (pick === 8) {
          const r = await call(url, 'GET', '/v1/reports/trial-balance?asOf=2026-12-31', token);
          record('trial-balance', r?.status, r?.body);
        } else {
          const r = await call(url, 'GET', '/v1/reports/status-of-contributions?asOf=2026-12-31', token);
          record('status', r?.status, r?.body);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    process.stdout.write(
      `soak: ${n} operations in ${DURATION_MS / 1000} s: ${JSON.stringify(Object.fromEntries(counts))}\n`,
    );
    expect(errors.slice(0, 10)).toEqual([]);
    if (refusals.length > MAX_REFUSALS) expect(refusals.slice(0, 10)).toEqual([]);
    const verification = await call(url, 'GET', '/v1/ledger/verification', ADMIN);
    expect(verification?.body).toMatchObject({ ok: true });
    const tb = (await call(url, 'GET', '/v1/reports/trial-balance?asOf=2999-12-31', ADMIN))?.body as {
      balanced: boolean;
    };
    expect(tb.balanced).toBe(true);
    expect(await rollupMismatches(database.url)).toEqual([]);

    // The money: 1010 holds what the acknowledged payments brought less what the unreversed entries
    // took; 1100 and 2100 together hold the assessment less what was paid.
    const balances = (await call(url, 'GET', '/v1/reports/trial-balance?asOf=2999-12-31', ADMIN))?.body as {
      rows: { account: string; fund: string; debit: string; credit: string }[];
    };
    const net = (account: string): string =>
      balances.rows
        .filter((a) => a.account === account && a.fund === 'GEN')
        .reduce((s, a) => s.plus(a.debit).minus(a.credit), new Dec(0))
        .toFixed(2);
    expect(net('1010')).toBe(paid.minus(spent).toFixed(2));
    const status = (await call(url, 'GET', '/v1/reports/status-of-contributions?asOf=2026-12-31', ADMIN))?.body as {
      totals: { paid: string; advance: string };
    };
    expect(new Dec(status.totals.paid).plus(status.totals.advance).toFixed(2)).toBe(paid.toFixed(2));
  }, 600_000);
});
