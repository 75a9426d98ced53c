/**
 * Ledger at scale: bulk-load N postings into a fresh database, then time the trial balance and
 * the general-ledger export through the API against the database doing the same work raw.
 *
 *   npx ts-node bench/ledger-scale.ts [--postings 1000000] [--seed 2026] [--formats csv,jsonl,xlsx]
 *                                     [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *                                     [--database <existing loaded db: skip the load>]
 *
 * The API runs as its own process, compiled (tsc --noCheck) into a private folder, so its RSS is
 * the API's alone. Each timed figure is the median of several runs after one warm-up; the
 * machine is shared, so compare figures of one run with each other, not across runs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { Dec } from '@app/common';
import { DatabaseModule, runMigrations } from '@app/database';
import { BulkLoaderService, LedgerModule, syntheticLedger } from '@app/ledger';
import { GL_POSTINGS_SQL } from '../libs/exports/src/general-ledger/general-ledger.repository';
import { freePort } from '../test/support/free-port';

const root = path.resolve(__dirname, '..');

interface Options {
  postings: number;
  seed: number;
  formats: string[];
  server: string;
  keep: boolean;
  database?: string;
}

function options(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    postings: Number((get('postings') ?? '1000000').replace(/_/g, '')),
    seed: Number(get('seed') ?? '2026'),
    formats: (get('formats') ?? 'csv').split(','),
    server: get('server') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    keep: argv.includes('--keep'),
    database: get('database'),
  };
}

const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(
  runs: number,
  work: () => Promise<T>,
): Promise<{ medianMs: number; minMs: number; firstMs: number; result: T }> {
  const t0 = process.hrtime.bigint();
  let result = await work();
  const firstMs = ms(t0);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await work();
    times.push(ms(t));
  }
  return { medianMs: median(times), minMs: Math.min(...times), firstMs, result };
}

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(server: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function load(url: string, o: Options): Promise<{ seconds: number; entries: number; postings: number }> {
  @Module({ imports: [DatabaseModule.forUrl(url, 4), LedgerModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const loader = app.get(BulkLoaderService);
    let next = 0.1;
    const t0 = process.hrtime.bigint();
    const result = await loader.load(syntheticLedger({ seed: o.seed, postings: o.postings }), {
      batchSize: 1_000,
      onProgress: (p) => {
        if (p.postings / o.postings >= next) {
          log(`  loaded ${p.postings} postings (${Math.round((p.postings / (ms(t0) / 1000)) * 1) / 1} /s)`);
          next += 0.1;
        }
      },
    });
    return { seconds: ms(t0) / 1000, entries: result.entries, postings: result.postings };
  } finally {
    await app.close();
  }
}

function compile(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-build-'));
  spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', out],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (!fs.existsSync(path.join(out, 'apps/api/src/main.js'))) throw new Error('the API did not compile');
  return out;
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  if (!fs.existsSync(`/proc/${pid}/status`)) return 0;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

interface Api {
  port: number;
  pid: number;
  adminToken: string;
  stop(): Promise<void>;
}

async function startApi(build: string, url: string): Promise<Api> {
  const port = await freePort();
  const adminToken = `bench-${randomBytes(16).toString('hex')}`;
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', path.join(build, 'apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      ADMIN_TOKEN: adminToken,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      NODE_PATH: path.join(root, 'node_modules'),
      TS_NODE_BASEURL: build,
      TS_NODE_PROJECT: path.join(root, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The API's own log (JSON lines on stdout) is kept beside the build for a post-mortem.
  child.stdout?.pipe(fs.createWriteStream(path.join(build, 'api.log')));
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping)
        log(`the API exited unexpectedly (code ${code}, signal ${signal}); its log: ${path.join(build, 'api.log')}`);
      resolve();
    }),
  );
  for (let i = 0; ; i++) {
    try {
      const res = await request(port, 'GET', '/health');
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('the API did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    pid: child.pid ?? 0,
    adminToken,
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function request(
  port: number,
  method: string,
  pathname: string,
  token?: string,
  body?: object,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        // A fresh connection each time: a kept-alive one may have been closed by the server meanwhile.
        agent: false,
        method,
        path: pathname,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Downloads without keeping the bytes; samples the API's RSS meanwhile. */
function download(
  port: number,
  pathname: string,
  token: string,
  apiPid: number,
): Promise<{ ms: number; firstByteMs: number; bytes: number; lines: number; peakRssKb: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    let bytes = 0;
    let lines = 0;
    let peakRssKb = rssKb(apiPid, 'VmRSS');
    const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, rssKb(apiPid, 'VmRSS'))), 20);
    let firstByteMs = 0;
    http
      .get(
        { host: '127.0.0.1', port, path: pathname, agent: false, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`${pathname} answered ${res.statusCode}`));
          res.on('data', (chunk: Buffer) => {
            if (bytes === 0) firstByteMs = ms(t0);
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
          });
          res.on('end', () => {
            clearInterval(sampler);
            resolve({ ms: ms(t0), firstByteMs, bytes, lines, peakRssKb, complete: res.complete });
          });
          res.on('error', reject);
        },
      )
      .on('error', reject);
  });
}

/** psql's COPY of the same query, bytes counted and thrown away. */
function psqlCopy(url: string, sql: string): { ms: number; bytes: number } {
  const t0 = process.hrtime.bigint();
  const run = spawnSync('sh', ['-c', `psql -X -q -v ON_ERROR_STOP=1 -d "$URL" -c "$SQL" | wc -c`], {
    env: { ...process.env, URL: url, SQL: sql },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
  return { ms: ms(t0), bytes: Number(run.stdout.trim()) };
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const name = o.database ?? `ledger_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const url = databaseUrl(o.server, name);
  const figures: Record<string, unknown> = {
    postings: o.postings,
    seed: o.seed,
    database: name,
    cpus: os.cpus().length,
    loadavg: os.loadavg(),
  };

  if (!o.database) {
    await admin(o.server, (c) => c.query(`CREATE DATABASE "${name}"`));
    log(`database ${name}: migrating`);
    await runMigrations(url);
    log(`bulk-loading ${o.postings} postings (seed ${o.seed})`);
    const loaded = await load(url, o);
    figures.load = { ...loaded, postingsPerSecond: Math.round(loaded.postings / loaded.seconds) };
    log(`  ${loaded.entries} entries, ${loaded.postings} postings in ${loaded.seconds.toFixed(1)} s`);
  }

  const db = new Client({ connectionString: url });
  await db.connect();
  const t0 = process.hrtime.bigint();
  await db.query('VACUUM ANALYZE postings');
  await db.query('VACUUM ANALYZE journal_entries');
  await db.query('VACUUM ANALYZE balance_rollups');
  figures.vacuumAnalyzeMs = Math.round(ms(t0));
  const counts = (
    await db.query<{ postings: number; entries: number; mb: string }>(
      `SELECT (SELECT count(*) FROM postings)::int AS postings, (SELECT count(*) FROM journal_entries)::int AS entries,
            round((pg_total_relation_size('postings') + pg_total_relation_size('journal_entries')) / 1048576.0) AS mb`,
    )
  ).rows[0];
  figures.stored = counts;
  log(`stored: ${JSON.stringify(counts)}`);

  log('compiling the API (tsc --noCheck, private folder)');
  const build = compile();
  const api = await startApi(build, url);
  let failed = true;
  try {
    const created = await request(api.port, 'POST', '/v1/tokens', api.adminToken, {
      name: 'bench auditor',
      role: 'auditor',
    });
    const auditor = (JSON.parse(created.body) as { token: string }).token;
    figures.apiRssAtRestKb = rssKb(api.pid, 'VmRSS');

    // Trial balance: the API (roll-up + the as-of month) vs the raw GROUP BY over every posting.
    for (const asOf of ['2999-12-31', '2006-06-15']) {
      const viaApi = await timed(5, () => request(api.port, 'GET', `/v1/reports/trial-balance?asOf=${asOf}`, auditor));
      const raw = await timed(5, () =>
        db.query<{ account_code: string; fund_code: string; debit: string; credit: string }>(
          `SELECT account_code, fund_code, sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END)::text AS debit,
                  sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)::text AS credit
             FROM postings WHERE entry_date <= $1 GROUP BY 1, 2`,
          [asOf],
        ),
      );
      // The two must agree: same net balance per account × fund.
      const tb = JSON.parse(viaApi.result.body) as {
        rows: { account: string; fund: string; debit: string; credit: string }[];
        balanced: boolean;
      };
      const apiNet = new Map<string, string>(
        tb.rows.map((r) => [`${r.account}/${r.fund}`, new Dec(r.debit).minus(r.credit).toFixed(2)]),
      );
      const rawNet = new Map<string, string>(
        raw.result.rows
          .map((r) => [`${r.account_code}/${r.fund_code}`, new Dec(r.debit).minus(r.credit).toFixed(2)] as const)
          .filter(([, n]) => n !== '0.00'),
      );
      const agree = apiNet.size === rawNet.size && [...apiNet].every(([k, v]) => rawNet.get(k) === v);
      figures[`trialBalance ${asOf}`] = {
        api: {
          medianMs: Math.round(viaApi.medianMs),
          minMs: Math.round(viaApi.minMs),
          firstMs: Math.round(viaApi.firstMs),
        },
        rawGroupBy: {
          medianMs: Math.round(raw.medianMs),
          minMs: Math.round(raw.minMs),
          firstMs: Math.round(raw.firstMs),
        },
        rows: tb.rows.length,
        balanced: tb.balanced,
        agreesWithRaw: agree,
      };
      log(`trial balance as at ${asOf}: ${JSON.stringify(figures[`trialBalance ${asOf}`])}`);
    }

    // General-ledger export through the API vs psql COPY of the same query.
    const copySql = `COPY (${GL_POSTINGS_SQL.replace(/\$1::date/g, 'NULL::date').replace(/\$2::date/g, 'NULL::date')}) TO STDOUT (FORMAT csv, HEADER)`;
    psqlCopy(url, copySql); // warm-up
    const copies = [psqlCopy(url, copySql), psqlCopy(url, copySql), psqlCopy(url, copySql)];
    const copy = copies.sort((a, b) => a.ms - b.ms)[1];
    const plain = psqlCopy(url, 'COPY postings TO STDOUT (FORMAT csv)');
    figures['psql COPY (joined GL query) csv'] = {
      ms: Math.round(copy.ms),
      mb: +(copy.bytes / 1048576).toFixed(1),
      mbPerSecond: +(copy.bytes / 1048576 / (copy.ms / 1000)).toFixed(1),
    };
    figures['psql COPY postings (no join) csv'] = { ms: Math.round(plain.ms), mb: +(plain.bytes / 1048576).toFixed(1) };
    log(`psql COPY: ${JSON.stringify(figures['psql COPY (joined GL query) csv'])}`);

    for (const format of o.formats) {
      const runs = format === 'xlsx' ? 1 : 3;
      const results = [];
      for (let i = 0; i < runs; i++)
        results.push(await download(api.port, `/v1/exports/general-ledger?format=${format}`, auditor, api.pid));
      const r = results.sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
      figures[`API export ${format}`] = {
        ms: Math.round(r.ms),
        firstByteMs: Math.round(r.firstByteMs),
        mb: +(r.bytes / 1048576).toFixed(1),
        mbPerSecond: +(r.bytes / 1048576 / (r.ms / 1000)).toFixed(1),
        rowsPerSecond: Math.round(counts.postings / (r.ms / 1000)),
        lines: r.lines,
        complete: r.complete,
        peakRssDuringExportMb: Math.round(Math.max(...results.map((x) => x.peakRssKb)) / 1024),
      };
      log(`API export ${format}: ${JSON.stringify(figures[`API export ${format}`])}`);
    }
    figures.apiRssAtRestMb = Math.round((figures.apiRssAtRestKb as number) / 1024);
    figures.apiPeakRssLifetimeMb = Math.round(rssKb(api.pid, 'VmHWM') / 1024);
    delete figures.apiRssAtRestKb;
    failed = false;
  } finally {
    await api.stop();
    await db.end();
    if (!failed) fs.rmSync(build, { recursive: true, force: true });
    if (!o.keep && !o.database) await admin(o.server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
