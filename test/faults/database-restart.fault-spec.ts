import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedUrl, initialiseCluster, startServer as startPostgres, stopServer as stopPostgres } from '@app/database';
import { freePort } from '../support/free-port';
import { MEMBERS, seedContributions } from './support/scenario';
import { call, ServerProcess, startServer } from './support/server-process';

/**
 * A private embedded PostgreSQL (never the shared server) is stopped and restarted under load:
 * the API stays up, answers 503 while the database is away, recovers within 10 s, and leaves no
 * partial entry; requests answered 503 are resent with their key and happen exactly once.
 */
const ADMIN = 'restart-suite-admin-token-000000001';
const WORKERS = 8;

function postgresIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = (line ?? '').split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

describe('database restart under load', () => {
  let dir: string;
  let cluster: string;
  let pgPort: number;
  let api: ServerProcess | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-db-restart-'));
    fs.chmodSync(dir, 0o755);
    cluster = path.join(dir, 'cluster');
    pgPort = await freePort();
    initialiseCluster(cluster, postgresIds());
    startPostgres(cluster, pgPort);
  }, 120_000);

  afterAll(async () => {
    await api?.kill('SIGKILL');
    stopPostgres(cluster, 'immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, answers 503 while the database is away, recovers within 10 s, loses and doubles nothing', async () => {
    const url = embeddedUrl(pgPort, 'postgres');
    api = await startServer({ DATABASE_URL: url, ADMIN_TOKEN: ADMIN });
    const server = api;
    const token = await seedContributions(server.url, ADMIN, 2026);

    const statuses = new Map<string, number | 'lost'>();
    const keys: string[] = [];
    let stopAt = Number.POSITIVE_INFINITY;
    let restartedAt = Number.POSITIVE_INFINITY;
    let firstSuccessAfterRestart = Number.POSITIVE_INFINITY;
    let downStatuses = new Set<number | 'lost'>();
    const finishAt = Date.now() + 14_000;
    let i = 0;
    const worker = async (): Promise<void> => {
      while (Date.now() < finishAt) {
        const key = `restart-pay-${i}`;
        const member = MEMBERS[i % MEMBERS.length];
        i += 1;
        keys.push(key);
        const answer = await call(server.url, 'POST', '/v1/payments', token, { member, amount: '10.00', currency: 'USD', receivedOn: '2026-05-01', reference: key }, key);
        const status = answer?.status ?? 'lost';
        statuses.set(key, status);
        const now = Date.now();
        if (now > stopAt && now < restartedAt) downStatuses.add(status);
        if (status === 201 && now > restartedAt) firstSuccessAfterRestart = Math.min(firstSuccessAfterRestart, now);
        if (status !== 201) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));
    await new Promise((r) => setTimeout(r, 3_000));
    stopAt = Date.now();
    stopPostgres(cluster, 'fast');
    await new Promise((r) => setTimeout(r, 3_000));
    startPostgres(cluster, pgPort);
    restartedAt = Date.now();
    await load;

    expect(server.child.exitCode).toBeNull();
    downStatuses = new Set([...downStatuses].filter((s) => s !== 201));
    if (downStatuses.has(500)) process.stdout.write(`server log around the 500:\n${server.output().split('\n').filter((l) => l.includes('"msg":"unexpected error"')).slice(0, 20).join('\n')}\n`);
    expect([...downStatuses]).toEqual([503]);
    expect(firstSuccessAfterRestart - restartedAt).toBeLessThan(10_000);
    const health = await call(server.url, 'GET', '/health', ADMIN);
    expect(health?.status).toBe(200);

    // Resend what was not acknowledged, with its key: each happens exactly once.
    for (const key of keys.filter((k) => statuses.get(k) !== 201)) {
      const idx = Number(key.split('-').pop());
      const answer = await call(server.url, 'POST', '/v1/payments', token, { member: MEMBERS[idx % MEMBERS.length], amount: '10.00', currency: 'USD', receivedOn: '2026-05-01', reference: key }, key);
      expect(answer?.status).toBe(201);
    }
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query<{ reference: string; n: string }>('SELECT reference, count(*)::text AS n FROM payments GROUP BY reference');
      const counts = new Map(rows.rows.map((r) => [r.reference, Number(r.n)]));
      expect(keys.filter((k) => counts.get(k) !== 1)).toEqual([]);
      const partial = await client.query(
        'SELECT count(*)::int AS n FROM journal_entries e WHERE (SELECT count(*) FROM postings p WHERE p.entry_id = e.id) < 2',
      );
      expect(partial.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    expect((await call(server.url, 'GET', '/v1/ledger/verification', ADMIN))?.body).toMatchObject({ ok: true });
    expect(((await call(server.url, 'GET', '/v1/reports/trial-balance?asOf=2999-12-31', ADMIN))?.body as { balanced: boolean }).balanced).toBe(true);
    process.stdout.write(`database restart: ${keys.length} payments, recovered ${firstSuccessAfterRestart - restartedAt} ms after restart\n`);
  }, 300_000);
});
