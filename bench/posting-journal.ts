/**
 * Posting throughput of POST /v1/journal-entries.
 *
 *   npx ts-node bench/posting-journal.ts
 *
 * Creates a fresh database on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), starts
 * the API on it in a child process (the real main.ts: migrations, then listen), issues a
 * secretariat token, then keeps BENCH_CONNECTIONS (8) clients posting balanced two-line entries
 * for BENCH_SECONDS (10) with autocannon, each request with its own Idempotency-Key. Prints the
 * posts per second and latencies, checks that every 201 is one entry and that the chain
 * verifies, then stops the API and drops the database (BENCH_KEEP_DB=1 keeps it).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Client } from 'pg';
import { Dec } from '@app/common';

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const ROOT = path.resolve(__dirname, '..');

const urlOf = (database: string): string => {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
};

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function api(method: string, route: string, token: string, body?: unknown, key?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${PORT}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function waitForHealth(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API did not become healthy within 120 s');
}

/** A balanced two-line entry; `n` only varies the amount (n cents). */
const entryBody = (n: number): string => {
  const amount = new Dec(n).div(100).toFixed(2);
  return JSON.stringify({
    date: '2005-06-15',
    description: 'bench entry',
    lines: [
      { account: '1010', fund: 'GEN', side: 'debit', amount },
      { account: '4900', fund: 'GEN', side: 'credit', amount },
    ],
  });
};

async function main(): Promise<void> {
  const database = `bench_ledger_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  process.stdout.write(`database ${urlOf(database)}\n`);
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: urlOf(database),
      PORT: String(PORT),
      ADMIN_TOKEN,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(child);
    const issued = await api('POST', '/v1/tokens', ADMIN_TOKEN, { name: 'bench', role: 'secretariat' });
    if (issued.status !== 201) throw new Error(`could not issue a token: ${JSON.stringify(issued.body)}`);
    const token = (issued.body as { token: string }).token;

    // Warm-up: JIT, pool, plans.
    for (let i = 0; i < 50; i++) {
      const r = await api('POST', '/v1/journal-entries', token, JSON.parse(entryBody(100 + i)), randomUUID());
      if (r.status !== 201) throw new Error(`warm-up post refused: ${JSON.stringify(r.body)}`);
    }

    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/v1/journal-entries',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          setupRequest: (request) => {
            n += 1;
            return {
              ...request,
              headers: { ...request.headers, 'Idempotency-Key': randomUUID() },
              body: entryBody(1000 + (n % 100_000)),
            };
          },
        },
      ],
    });

    // Let the requests still in flight when autocannon stopped finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const verification = await api('GET', '/v1/ledger/verification', ADMIN_TOKEN);
    const db = new Client({ connectionString: urlOf(database) });
    await db.connect();
    const entries = Number((await db.query('SELECT count(*) AS n FROM journal_entries')).rows[0].n);
    await db.end();
    const accepted = result['2xx'];
    process.stdout.write(
      [
        '',
        `POST /v1/journal-entries, ${CONNECTIONS} concurrent clients, ${result.duration.toFixed(1)} s`,
        `  posts/s (mean)   ${(accepted / result.duration).toFixed(1)}   (autocannon requests/s average ${result.requests.average})`,
        `  201s             ${accepted}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}`,
        `  latency ms       p50 ${result.latency.p50}   p90 ${result.latency.p90}   p99 ${result.latency.p99}   max ${result.latency.max}`,
        `  entries in db    ${entries} (= 50 warm-up + ${entries - 50})`,
        `  verification     ${JSON.stringify(verification.body)}`,
        '',
      ].join('\n'),
    );
    if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
    // Requests still in flight when autocannon stopped may have committed without being counted.
    if (entries - 50 < accepted) process.exitCode = 1;
    if ((verification.body as { ok?: boolean }).ok !== true) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (process.env.BENCH_KEEP_DB !== '1') await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
