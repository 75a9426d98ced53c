/**
 * `backup`: `npm run cli -- backup` and `restore` on a ledger of 1,000,000 postings (`--quick`:
 * 200,000), measured in process with the functions the two commands run (writeBackup,
 * restoreBackup, then the ledger's chain verification, as `restore` does), for each method this
 * machine can use: `copy` (COPY of every table into the zip, the method of the embedded database)
 * and `pg_dump` (when a pg_dump as new as the server is installed). Each restore goes into a new
 * empty database and is checked: the counts against the manifest (restoreBackup refuses
 * otherwise) and the chain head. This process's RSS is sampled during each step (before → peak;
 * the process did the bulk load first, so its RSS at rest is not small).
 * Headlines: backup_seconds and restore_seconds (restore and chain verification) for `copy`.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackupMethod, DatabaseModule, findPgTool, restoreBackup, runMigrations, writeBackup } from '@app/database';
import { LedgerModule, VerificationService } from '@app/ledger';
import {
  BenchOptions,
  createDatabase,
  elapsedMs,
  figure,
  headline,
  loadLine,
  log,
  onCleanup,
  withClient,
} from './support/harness';
import { bulkLoad } from './support/ledger-fixture';

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const s = (ms: number): string => (ms / 1000).toFixed(1);

/** Runs `work` while sampling this process's RSS every 20 ms; the peak is returned with the result. */
async function sampled<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; rssBeforeMb: number; peakRssMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = process.hrtime.bigint();
  try {
    const result = await work();
    return { result, ms: elapsedMs(t), rssBeforeMb: before / 1_048_576, peakRssMb: peak / 1_048_576 };
  } finally {
    clearInterval(timer);
  }
}

async function verifyChain(url: string): Promise<{ ok: boolean; entries: number; head: string }> {
  @Module({ imports: [DatabaseModule.forUrl(url, 2), LedgerModule] })
  class VerifyModule {}
  const context = await NestFactory.createApplicationContext(VerifyModule, { logger: ['error'] });
  try {
    return await context.get(VerificationService).verify();
  } finally {
    await context.close();
  }
}

export async function backupBenchmark(options: BenchOptions): Promise<void> {
  const size = options.quick ? 200_000 : 1_000_000;
  figure(`== backup: npm run cli -- backup / restore, ${size} postings ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const source = await createDatabase('bench_backup', options);
  log('migrating');
  await runMigrations(source.url);
  const postings = await bulkLoad(source.url, 2026, size);
  const stored = await withClient(source.url, async (c) => {
    for (const table of ['postings', 'journal_entries', 'balance_rollups']) await c.query(`VACUUM ANALYZE ${table}`);
    return (
      await c.query<{ entries: number; mb: string }>(
        `SELECT (SELECT count(*) FROM journal_entries)::int AS entries, round(pg_database_size(current_database()) / 1048576.0)::text AS mb`,
      )
    ).rows[0];
  });
  figure(`  ledger: ${postings} postings, ${stored.entries} entries, database ${stored.mb} MB`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backup-'));
  onCleanup('remove the backup files', async () => fs.rmSync(dir, { recursive: true, force: true }));
  const server = await withClient(source.url, async (c) =>
    Number((await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v),
  );
  const methods: BackupMethod[] = ['copy'];
  const pgDump = findPgTool('pg_dump', Math.floor(server / 10_000));
  if (pgDump) methods.push('pg_dump');
  else figure(`  (no pg_dump of PostgreSQL ${Math.floor(server / 10_000)} or later here: copy only)`);

  const headlines: Record<string, number> = {};
  for (const method of methods) {
    const file = path.join(dir, `${method}.zip`);
    log(`backup (${method})`);
    const backup = await sampled(() => writeBackup(source.url, file, { method }));
    const target = await createDatabase('bench_restore', options);
    log(`restore (${method})`);
    const restore = await sampled(() => restoreBackup(target.url, file));
    log('verify the restored chain');
    const verify = await sampled(() => verifyChain(target.url));
    const head = backup.result.manifest.chainHead;
    const ok = verify.result.ok && verify.result.entries === head?.sequence && verify.result.head === head.hash;
    figure();
    figure(
      `  ${method.padEnd(8)} backup  ${s(backup.ms).padStart(6)} s   ${mb(backup.result.bytes)} MB file, ` +
        `${backup.result.manifest.totals.rows} rows in ${backup.result.manifest.totals.tables} tables, RSS ${backup.rssBeforeMb.toFixed(0)} → peak ${backup.peakRssMb.toFixed(0)} MB` +
        (method === 'pg_dump' && pgDump ? ` (pg_dump ${pgDump.version})` : ''),
    );
    figure(
      `  ${method.padEnd(8)} restore ${s(restore.ms).padStart(6)} s   check the file, rebuild the schema, load, set sequences, ` +
        `count every table (RSS ${restore.rssBeforeMb.toFixed(0)} → peak ${restore.peakRssMb.toFixed(0)} MB)`,
    );
    figure(
      `  ${method.padEnd(8)} verify  ${s(verify.ms).padStart(6)} s   chain ${ok ? 'ok' : 'FAILED'}: ${verify.result.entries} entries`,
    );
    figure(`  ${method.padEnd(8)} restore + verify (what \`restore\` does) ${s(restore.ms + verify.ms)} s`);
    if (!ok) process.exitCode = 1;
    if (method === 'copy') {
      headlines.backup_seconds = backup.ms / 1000;
      headlines.restore_seconds = (restore.ms + verify.ms) / 1000;
    }
    fs.rmSync(file, { force: true });
    await target.drop();
  }
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
  await source.drop();
  headline('backup_seconds', headlines.backup_seconds, 1);
  headline('restore_seconds', headlines.restore_seconds, 1);
}
