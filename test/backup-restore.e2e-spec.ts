import { INestApplication } from '@nestjs/common';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import * as yauzl from 'yauzl';
import { TokensService, UsersService } from '@app/auth';
import { Dec, loadConfig } from '@app/common';
import {
  BackupError,
  BackupFile,
  BackupMethod,
  BackupSchedule,
  findPgTool,
  listBackups,
  PG_DUMP_FILE_NAME,
  restoreBackup,
  runMigrations,
} from '@app/database';
import { createApp } from '../apps/api/src/app.factory';
import { dailyBackupSettings } from '../apps/api/src/daily-backups';
import { assess, createBudget, createMember } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';
import { dropTestDatabase, serverUrl, withAdminClient } from './support/test-database';

const root = path.resolve(__dirname, '..');
const MEMBERS = ['ARG', 'BRA', 'CHL', 'COL', 'PER'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Posted {
  id: string;
  sentAt: number;
  ackedAt: number;
}

/**
 * Backups as operators take them: the CLI, compiled, as a child process, against a ledger the API
 * (in this process) keeps posting payments to; each backup restored into a new database, checked
 * row for row against the source, and the API started on it.
 */
describe('backup and restore (CLI, real PostgreSQL, payments posted meanwhile)', () => {
  let build: string;
  let work: string;
  let t: TestApp;
  let source: Client;
  const databases: string[] = [];
  const backups = new Map<BackupMethod, string>();

  const env = (databaseUrl: string): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_PATH: path.join(root, 'node_modules'),
    TS_NODE_BASEURL: build,
    TS_NODE_PROJECT: path.join(root, 'tsconfig.json'),
  });

  /** The CLI without blocking this process (the API here keeps answering meanwhile). */
  const cli = (args: string[], databaseUrl: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-r', 'tsconfig-paths/register', path.join(build, 'apps/cli/src/main.js'), ...args],
        { cwd: work, env: env(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('error', reject);
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  const newDatabase = async (): Promise<{ name: string; url: string }> => {
    const name = `ledger_restore_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
    await withAdminClient((admin) => admin.query(`CREATE DATABASE "${name}"`));
    databases.push(name);
    return { name, url: serverUrl(name) };
  };

  const query = async <R extends object>(url: string, sql: string, params: unknown[] = []): Promise<R[]> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };

  const tablesIn = async (url: string): Promise<string[]> =>
    (
      await query<{ name: string }>(
        url,
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).map((r) => r.name);

  /** Posts payments from `workers` loops until `stop()`; records when each was sent and acknowledged. */
  const postPayments = (workers: number) => {
    const posted: Posted[] = [];
    let stopping = false;
    let n = 0;
    const loop = async (): Promise<void> => {
      while (!stopping) {
        const i = n++;
        const sentAt = Date.now();
        const res = await t.as('secretariat').post('/v1/payments', {
          member: MEMBERS[i % MEMBERS.length],
          amount: '10.00',
          currency: 'USD',
          receivedOn: '2005-06-01',
          reference: `BACKUP-RUN-${i}`,
        });
        if (res.status !== 201) throw new Error(`payment ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        posted.push({ id: (res.body as { id: string }).id, sentAt, ackedAt: Date.now() });
      }
    };
    const running = Promise.all(Array.from({ length: workers }, loop));
    return {
      posted,
      waitFor: async (count: number): Promise<void> => {
        while (posted.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
      },
      stop: async (): Promise<void> => {
        stopping = true;
        await running;
      },
    };
  };

  beforeAll(async () => {
    build = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-backup-build-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-backup-work-'));
    const compiled = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', build],
      { cwd: root, encoding: 'utf8', timeout: 150_000 },
    );
    if (!fs.existsSync(path.join(build, 'apps/cli/src/main.js'))) {
      throw new Error(`the CLI did not compile: ${compiled.stdout}${compiled.stderr}`);
    }
    t = await startTestApp();
    for (const m of MEMBERS) await createMember(t, m);
    await createBudget(t, 2005, Object.fromEntries(MEMBERS.map((m) => [m, '1000.00'])));
    await assess(t, 2005);
    source = new Client({ connectionString: t.databaseUrl });
    await source.connect();
  }, 240_000);

  afterAll(async () => {
    await source?.end();
    await t?.close();
    for (const name of databases) await dropTestDatabase(name);
    for (const dir of [build, work]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const serverMajor = async (): Promise<number> =>
    Math.floor(
      Number((await source.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v) /
        10_000,
    );

  it.each<BackupMethod>(['copy', 'pg_dump'])(
    'a %s backup taken while payments are posted restores every payment acknowledged before it began; the chain verifies and the API runs on it',
    async (method) => {
      const file = path.join(work, `${method}.zip`);
      if (method === 'pg_dump' && !findPgTool('pg_dump', await serverMajor())) {
        // No pg_dump as new as the server here: asked for by name, it is refused with a way out.
        const refused = await cli(['backup', '--out', file, '--method', 'pg_dump'], t.databaseUrl);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toMatch(
          /^error: no pg_dump of PostgreSQL \d+ or later is installed: use --method copy\n$/,
        );
        return;
      }
      const load = postPayments(4);
      let backup: Run;
      let backupStartedAt: number;
      let backupEndedAt: number;
      // The payments acknowledged before the backup began: those pushed before it was started
      // (a timestamp would tie with the start within one millisecond).
      let ackedBeforeStart: number;
      try {
        await load.waitFor(20);
        ackedBeforeStart = load.posted.length;
        backupStartedAt = Date.now();
        backup = await cli(['backup', '--out', file, '--method', method], t.databaseUrl);
        backupEndedAt = Date.now();
        // Posting goes on after the backup: what was sent from now on cannot be in it.
        const after = load.posted.length;
        await load.waitFor(after + 8);
      } finally {
        await load.stop();
      }
      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      expect(backup.stdout).toMatch(
        new RegExp(
          `^backup written to ${file.replace(/[.\\]/g, '\\$&')}: \\d+ tables, \\d+ rows, chain head \\d+ [0-9a-f]{64}; .* \\(${method}\\)\\n$`,
        ),
      );
      backups.set(method, file);
      // The API kept answering while the backup ran.
      expect(
        load.posted.filter((p) => p.ackedAt > backupStartedAt && p.ackedAt < backupEndedAt).length,
      ).toBeGreaterThan(0);

      const opened = await BackupFile.open(file);
      const manifest = opened.manifest;
      opened.close();
      expect(manifest.method).toBe(method);
      const head = manifest.chainHead;
      if (head === null) throw new Error('the manifest has no chain head');

      const target = await newDatabase();
      const restore = await cli(['restore', file], target.url);
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toMatch(
        new RegExp(
          `^restored ${method}\\.zip \\(${method} backup of [0-9T:.Z-]+\\): ${manifest.totals.tables} tables, ${manifest.totals.rows} rows; every table's row count matches the manifest \\([0-9.]+ s\\)\\n` +
            `chain ok: ${head.sequence} entries, head ${head.hash}, as in the manifest\\n$`,
        ),
      );

      // Exactly the payments whose entries the chain head had reached when the snapshot was taken.
      const restoredIds = new Set(
        (await query<{ id: string }>(target.url, 'SELECT id::text AS id FROM payments')).map((r) => r.id),
      );
      const inSnapshot = (
        await source.query<{ id: string }>(
          `SELECT p.id::text AS id FROM payments p JOIN journal_entries e ON e.id = p.entry_id WHERE e.sequence <= $1`,
          [head.sequence],
        )
      ).rows.map((r) => r.id);
      expect([...restoredIds].sort()).toEqual([...inSnapshot].sort());
      const ackedBefore = load.posted.slice(0, ackedBeforeStart);
      expect(ackedBefore.length).toBeGreaterThanOrEqual(20);
      expect(ackedBefore.filter((p) => !restoredIds.has(p.id))).toEqual([]);
      const sentAfter = load.posted.filter((p) => p.sentAt > backupEndedAt);
      expect(sentAfter.length).toBeGreaterThan(0);
      expect(sentAfter.filter((p) => restoredIds.has(p.id))).toEqual([]);
      expect(restoredIds.size).toBe(manifest.tables.find((x) => x.name === 'payments')?.rows);

      // Every table holds what the source held at the chain head (rows of the journal, payments, allocations).
      for (const [table, sql] of [
        ['journal_entries', 'SELECT count(*)::int AS n FROM journal_entries WHERE sequence <= $1'],
        ['postings', 'SELECT count(*)::int AS n FROM postings WHERE sequence <= $1'],
      ] as const) {
        const expected = (await source.query<{ n: number }>(sql, [head.sequence])).rows[0].n;
        const restored = (await query<{ n: number }>(target.url, sql.replace(' WHERE sequence <= $1', ''))).map(
          (r) => r.n,
        )[0];
        expect({ table, rows: restored }).toEqual({ table, rows: expected });
      }

      // The schema is the source's: every index (rebuilt after the load) and every trigger, enabled.
      for (const sql of [
        `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
        `SELECT tgrelid::regclass::text AS "table", tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
      ]) {
        expect(await query(target.url, sql)).toEqual((await source.query(sql)).rows);
      }

      // The API starts on the restored database: health, a report, the chain, and a new payment.
      const app = await startApiOn(target.url);
      try {
        const http = app.getHttpServer() as App;
        const as = (token: string) => ({
          get: (p: string) => request(http).get(p).set('Authorization', `Bearer ${token}`),
          post: (p: string, body: object) =>
            request(http)
              .post(p)
              .set('Authorization', `Bearer ${token}`)
              .set('Idempotency-Key', randomBytes(8).toString('hex'))
              .send(body),
        });
        await request(http).get('/health').expect(200);
        const status = await as(t.tokens.viewer).get('/v1/reports/status-of-contributions?asOf=2005-12-31').expect(200);
        // Every restored payment is in the report: paid plus advances is what was received.
        const received = new Dec(status.body.totals.paid as string)
          .plus(status.body.totals.advance as string)
          .toFixed(2);
        const restoredReceived = (
          await query<{ sum: string }>(
            target.url,
            `SELECT coalesce(sum(amount_base), 0)::numeric(20,2)::text AS sum FROM payments`,
          )
        )[0].sum;
        expect(received).toBe(restoredReceived);
        const restored = { as: (role: 'auditor') => as(t.tokens[role]), databaseUrl: target.url } as unknown as TestApp;
        await expectLedgerSound(restored);
        // Sequences were set past the restored rows: the next payment gets fresh numbers.
        const maxSeq = (await query<{ s: string }>(target.url, 'SELECT max(seq)::text AS s FROM payments'))[0].s;
        const next = await as(t.tokens.secretariat).post('/v1/payments', {
          member: 'ARG',
          amount: '25.00',
          currency: 'USD',
          receivedOn: '2005-07-01',
          reference: 'AFTER-RESTORE',
        });
        expect(next.status).toBe(201);
        const seq = (
          await query<{ s: string }>(
            target.url,
            `SELECT seq::text AS s FROM payments WHERE reference = 'AFTER-RESTORE'`,
          )
        )[0].s;
        expect(BigInt(seq)).toBeGreaterThan(BigInt(maxSeq));
        await expectLedgerSound(restored);
        const chain = await as(t.tokens.auditor).get('/v1/ledger/verification').expect(200);
        expect(chain.body).toMatchObject({ ok: true, entries: head.sequence + 1 });
      } finally {
        await app.close();
      }
    },
    240_000,
  );

  async function startApiOn(databaseUrl: string): Promise<INestApplication> {
    const app = await createApp({ ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 0, databaseUrl });
    await app.init();
    return app;
  }

  it('restore refuses a database that holds journal entries: one line, exit code 1, nothing changed', async () => {
    const file = backups.get('copy');
    if (!file) throw new Error('the copy backup was not taken');
    const before = (await source.query<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries')).rows[0].n;
    const run = await cli(['restore', file], t.databaseUrl);
    expect(run).toEqual({
      status: 1,
      stdout: '',
      stderr: `error: the database already holds ${before} journal entries: a backup is restored only into an empty database (create a new one)\n`,
    });
    expect((await source.query<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries')).rows[0].n).toBe(
      before,
    );
  }, 120_000);

  it('restore refuses a database holding other data (a member, no entry yet), naming where', async () => {
    const file = backups.get('copy');
    if (!file) throw new Error('the copy backup was not taken');
    const target = await newDatabase();
    await runMigrations(target.url);
    await query(
      target.url,
      `INSERT INTO members (code, name_en, name_es, joined_on) VALUES ('URY', 'Uruguay', 'Uruguay', '1990-01-01')`,
    );
    // (The CLI prints a restore's refusal as `error: <message>`, exit code 1, as the test above shows.)
    await expect(restoreBackup(target.url, file)).rejects.toThrow(
      new BackupError(
        'the database already holds data (in members): a backup is restored only into an empty database (create a new one)',
      ),
    );
  }, 120_000);

  it("restores into a database the API has already started on (migrated, first admin token, the console's first admin): the backup replaces it", async () => {
    for (const [method, file] of backups) {
      const target = await newDatabase();
      await runMigrations(target.url);
      const app = await startApiOn(target.url);
      // What main.ts does on a first start: the first admin token and the console's first admin.
      const firstAdmin = await app.get(TokensService).bootstrapAdmin(undefined);
      const firstUser = await app.get(UsersService).bootstrapFirstAdmin();
      await app.close();
      expect(firstAdmin).toMatch(/^clg_/);
      expect(firstUser).toBeDefined();
      const restored = await restoreBackup(target.url, file);
      expect({ method, rows: restored.rows }).toEqual({ method, rows: restored.manifest.totals.rows });
      // The tokens are the backup's: the first-start token is gone, the backed-up ones answer.
      const names = (await query<{ name: string }>(target.url, 'SELECT name FROM api_tokens ORDER BY name')).map(
        (r) => r.name,
      );
      expect(names).not.toContain('first admin');
      expect(names).toContain('test auditor');
      const users = (await query<{ n: number }>(target.url, 'SELECT count(*)::int AS n FROM users'))[0].n;
      expect(users).toBe(restored.manifest.tables.find((x) => x.name === 'users')?.rows);
    }
  }, 120_000);

  it('a backup cut short is refused with a clear line before the database is touched', async () => {
    const file = backups.get('copy');
    if (!file) throw new Error('the copy backup was not taken');
    const cut = path.join(work, 'cut-short.zip');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await newDatabase();
    const run = await cli(['restore', path.basename(cut)], target.url);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^error: cut-short\.zip is not a whole backup file \(.+\): it may have been cut short while being written or copied\n$/,
    );
    expect(await tablesIn(target.url)).toEqual([]);
  }, 120_000);

  it.each<[BackupMethod, string]>([
    ['copy', 'data/postings.copy'],
    ['pg_dump', PG_DUMP_FILE_NAME],
  ])(
    'a %s backup with one byte changed in %s is refused as damaged before the database is touched',
    async (method, entryName) => {
      const file = backups.get(method);
      if (!file) return; // no pg_dump here: the backup test above showed the refusal instead
      const damaged = path.join(work, `damaged-${method}.zip`);
      const bytes = Buffer.from(fs.readFileSync(file));
      const offset = await dataOffset(file, entryName);
      bytes[offset.start + Math.floor(offset.length / 2)] ^= 0xff;
      fs.writeFileSync(damaged, bytes);
      const target = await newDatabase();
      await expect(restoreBackup(target.url, damaged)).rejects.toThrow(
        new RegExp(
          `^${damaged.replace(/[.\\]/g, '\\$&')} is damaged: (the checksum of ${entryName} is not the one in the manifest|${entryName} cannot be read \\(.+\\))$`,
        ),
      );
      expect(await tablesIn(target.url)).toEqual([]);
    },
    120_000,
  );

  it('daily backups: each a whole backup, the BACKUP_KEEP newest kept, other files left alone', async () => {
    const dir = path.join(work, 'daily');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'kept-by-hand.zip'), 'mine');
    const schedule = new BackupSchedule(t.databaseUrl, { dir, keep: 2 });
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-03']) await schedule.runOnce(new Date(`${day}T02:00:00Z`));
    await schedule.stop();
    expect(listBackups(dir).map((b) => b.name)).toEqual([
      'ledger-backup-20260103T020000Z.zip',
      'ledger-backup-20260102T020000Z.zip',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'kept-by-hand.zip',
      'ledger-backup-20260102T020000Z.zip',
      'ledger-backup-20260103T020000Z.zip',
    ]);
    const newest = await BackupFile.open(path.join(dir, 'ledger-backup-20260103T020000Z.zip'));
    try {
      await newest.check();
      expect(newest.manifest.chainHead?.sequence).toBeGreaterThan(0);
    } finally {
      newest.close();
    }
  }, 120_000);

  it.each([
    [
      'embedded, nothing set: beside the data folder, 14 kept',
      { DATA_DIR: '/srv/ledger/data' },
      false,
      { dir: '/srv/ledger/data-backups', keep: 14 },
    ],
    [
      'embedded, BACKUP_DIR and BACKUP_KEEP set',
      { DATA_DIR: '/srv/ledger/data', BACKUP_DIR: '/backups/ledger', BACKUP_KEEP: '30' },
      false,
      { dir: '/backups/ledger', keep: 30 },
    ],
    ['embedded, BACKUP_KEEP=0: off', { BACKUP_KEEP: '0' }, false, undefined],
    ['DATABASE_URL set, no BACKUP_DIR: off', {}, true, undefined],
    [
      'DATABASE_URL set with BACKUP_DIR: on',
      { BACKUP_DIR: '/backups/ledger' },
      true,
      { dir: '/backups/ledger', keep: 14 },
    ],
  ])('daily backup settings — %s', (_label, env, external, expected) => {
    const config = loadConfig({ ...env, ...(external ? { DATABASE_URL: 'postgres://u@127.0.0.1:5432/ledger' } : {}) });
    // As root, a data folder the server's user cannot reach moves elsewhere: compare the non-root answer.
    if (!external && typeof process.getuid === 'function' && process.getuid() === 0 && expected) {
      expect(dailyBackupSettings(config, env)?.keep).toBe(expected.keep);
      return;
    }
    expect(dailyBackupSettings(config, env)).toEqual(expected);
  });

  it.each(['-1', 'many', '10001'])('BACKUP_KEEP=%s stops start-up with one clear line', (keep) => {
    expect(() => dailyBackupSettings(loadConfig({}), { BACKUP_KEEP: keep })).toThrow(
      `BACKUP_KEEP must be a whole number between 0 and 10000 (got "${keep}")`,
    );
  });
});

/** Where an entry's compressed bytes lie in the zip. */
async function dataOffset(file: string, name: string): Promise<{ start: number; length: number }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const fd = fs.openSync(file, 'r');
      try {
        const header = Buffer.alloc(30);
        fs.readSync(fd, header, 0, 30, entry.relativeOffsetOfLocalHeader);
        const start = entry.relativeOffsetOfLocalHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        return { start, length: entry.compressedSize };
      } finally {
        fs.closeSync(fd);
      }
    }
  } finally {
    zip.close();
  }
  throw new Error(`${name} is not in ${file}`);
}
