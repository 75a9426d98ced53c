/**
 * `audit-package`: GET /v1/exports/audit-package?fiscalYear=2005 on a ledger whose 1,000,000
 * postings (`--quick`: 200,000) all fall in fiscal year 2005, so every posting is in the package
 * twice (journal with hashes, general ledger). The reference, in the same run: psql running the
 * package's two big files' own `COPY … TO STDOUT` statements (journal, general ledger) through
 * `gzip -6` (the zip's deflate level), one after the other. While the package downloads (to a
 * file), the API's VmRSS is sampled every 10 ms; the file is then checked offline with
 * verifyAuditPackage, as `npm run cli -- verify-package FILE` does.
 * Headlines: audit_package_ratio = reference seconds ÷ API seconds (1 = as fast as the database
 * writing and compressing the same rows); audit_package_rss_growth_mb = peak RSS during the
 * download − RSS at rest before it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyAuditPackage } from '@app/statements';
import { glCopySql } from '@app/exports';
import { journalCopySql } from '../libs/statements/src/audit-package/audit-package.repository';
import { download, issueToken, startApi } from './support/api-process';
import { BenchOptions, createDatabase, elapsedMs, figure, headline, loadLine, log, onCleanup, withClient } from './support/harness';
import { bulkLoad } from './support/ledger-fixture';

const YEAR = 2005;
const FIRST_DAY = `${YEAR}-01-01`;
const LAST_DAY = `${YEAR}-12-31`;

/** psql running a `COPY … TO STDOUT` statement through gzip -6, the bytes counted and thrown away. */
function psqlCopyGzip(url: string, copySql: string): { ms: number; bytes: number } {
  const t = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', 'set -o pipefail; psql -X -q -v ON_ERROR_STOP=1 -d "$URL" -c "$SQL" | gzip -6 | wc -c'], {
    env: { ...process.env, URL: url, SQL: copySql },
    encoding: 'utf8',
  });
  const ms = elapsedMs(t);
  if (run.status !== 0) throw new Error(`psql COPY failed: ${run.stderr}`);
  return { ms, bytes: Number(run.stdout.trim()) };
}

const mb = (bytes: number): number => bytes / 1_048_576;

export async function auditPackageBenchmark(options: BenchOptions): Promise<void> {
  const size = options.quick ? 200_000 : 1_000_000;
  figure(`== audit-package: GET /v1/exports/audit-package?fiscalYear=${YEAR} vs psql COPY | gzip (same queries), ${size} postings in the year ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const db = await createDatabase('bench_audit', options);
  const api = await startApi(db.url);
  const auditor = await issueToken(api, 'bench auditor', 'auditor');
  const loadStarted = process.hrtime.bigint();
  const postings = await bulkLoad(db.url, 2026, size, { startDate: FIRST_DAY, days: 365 });
  const loadMs = elapsedMs(loadStarted);
  const range = await withClient(db.url, async (c) => {
    for (const table of ['postings', 'journal_entries', 'balance_rollups']) await c.query(`VACUUM ANALYZE ${table}`);
    const r = await c.query<{ first: string; last: string }>(
      'SELECT min(sequence)::text AS first, max(sequence)::text AS last FROM journal_entries WHERE entry_date BETWEEN $1 AND $2',
      [FIRST_DAY, LAST_DAY],
    );
    return { first: Number(r.rows[0].first), last: Number(r.rows[0].last) };
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-audit-package-'));
  onCleanup('remove the downloaded package', async () => fs.rmSync(dir, { recursive: true, force: true }));
  const zip = path.join(dir, `audit-package-${YEAR}.zip`);

  log('reference: COPY journal | gzip, COPY general ledger | gzip');
  const journal = psqlCopyGzip(db.url, journalCopySql({ firstSequence: range.first, lastSequence: range.last, entriesInYear: 0 }));
  const ledger = psqlCopyGzip(db.url, glCopySql({ from: FIRST_DAY, to: LAST_DAY }));
  const referenceMs = journal.ms + ledger.ms;

  log('API: the audit package, downloaded to a file');
  const restKb = api.rssKb();
  const cpu = api.cpuMs();
  let got: Awaited<ReturnType<typeof download>>;
  try {
    got = await download(api, `/v1/exports/audit-package?fiscalYear=${YEAR}`, auditor, zip);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the API printed:\n${api.output()}`);
  }
  const cpuShare = (api.cpuMs() - cpu) / got.ms;

  log('verify-package, offline');
  const verifyStarted = process.hrtime.bigint();
  const verification = await verifyAuditPackage(zip);
  const verifyMs = elapsedMs(verifyStarted);
  // The verifier runs in this process, which also did the bulk load: its RSS afterwards, for scale.
  const verifierRssMb = process.memoryUsage().rss / 1_048_576;

  const growthMb = (got.peakRssKb - restKb) / 1024;
  figure();
  figure(`  ledger: ${postings} postings in ${YEAR} (bulk load ${(loadMs / 1000).toFixed(0)} s), entries ${range.first}..${range.last}`);
  figure(
    `  psql COPY | gzip -6          ${(referenceMs / 1000).toFixed(1).padStart(6)} s   journal ${(journal.ms / 1000).toFixed(1)} s (${mb(journal.bytes).toFixed(1)} MB gz), ` +
      `general ledger ${(ledger.ms / 1000).toFixed(1)} s (${mb(ledger.bytes).toFixed(1)} MB gz)`,
  );
  figure(
    `  API audit package             ${(got.ms / 1000).toFixed(1).padStart(6)} s   ${mb(got.bytes).toFixed(1)} MB zip, ` +
      `${Math.round(postings / (got.ms / 1000))} postings/s, API at ${(cpuShare * 100).toFixed(0)} % of a core`,
  );
  figure(
    `  API RSS: ${(restKb / 1024).toFixed(0)} MB at rest, peak ${(got.peakRssKb / 1024).toFixed(0)} MB during the download (+${growthMb.toFixed(1)} MB)`,
  );
  figure(
    `  verify-package: ${verification.ok ? 'ok' : 'FAILED'} in ${(verifyMs / 1000).toFixed(1)} s, ${verification.entriesChecked} entries, ` +
      `${verification.filesChecked} files checked (this process's RSS afterwards ${verifierRssMb.toFixed(0)} MB)`,
  );
  if (!verification.ok) {
    figure(`  PROBLEM: ${JSON.stringify(verification.problems.slice(0, 5))}`);
    process.exitCode = 1;
  }
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
  await api.stop();
  await db.drop();
  headline('audit_package_ratio', referenceMs / got.ms);
  headline('audit_package_rss_growth_mb', growthMb, 1);
}
