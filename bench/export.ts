/**
 * `export`: the general-ledger CSV export through the API
 * (GET /v1/exports/general-ledger?from&to&format=csv) against psql running
 * `COPY (<the API's own query>) TO STDOUT (FORMAT csv, HEADER)` on the same ledger of 1,000,000
 * postings (`--quick`: 200,000). Runs alternate COPY, API, COPY, API… after one warm-up each;
 * the figures are medians. While each API download runs, the API process's VmRSS is sampled
 * every 10 ms. Headlines: export_ratio = API MB/s ÷ COPY MB/s; export_rss_growth_mb = the highest
 * RSS sampled during the timed downloads − the RSS at rest before the first (warm-up) export.
 */
import { spawnSync } from 'node:child_process';
import { glCopySql } from '../libs/exports/src/general-ledger/general-ledger.repository';
import { download } from './support/api-process';
import { BenchOptions, elapsedMs, figure, headline, loadLine, log, median } from './support/harness';
import { LEDGER_FIRST_DAY, LEDGER_LAST_DAY, ledgerFixture } from './support/ledger-fixture';
import { bigLedger } from './trial-balance';

/** psql's COPY of `sql`, the bytes counted and thrown away. */
function psqlCopy(url: string, sql: string): { ms: number; bytes: number } {
  const t = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', 'set -o pipefail; psql -X -q -v ON_ERROR_STOP=1 -d "$URL" -c "$SQL" | wc -c'], {
    env: { ...process.env, URL: url, SQL: sql },
    encoding: 'utf8',
  });
  const ms = elapsedMs(t);
  if (run.status !== 0) throw new Error(`psql COPY failed: ${run.stderr}`);
  return { ms, bytes: Number(run.stdout.trim()) };
}

const mb = (bytes: number): number => bytes / 1_048_576;

export async function exportBenchmark(options: BenchOptions): Promise<void> {
  const size = bigLedger(options.quick);
  const runs = options.quick ? 3 : 5;
  figure(`== export: GET /v1/exports/general-ledger?format=csv vs psql COPY (same query), ${size} postings ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const f = await ledgerFixture(options);
  await f.growTo(size);

  const route = `/v1/exports/general-ledger?from=${LEDGER_FIRST_DAY}&to=${LEDGER_LAST_DAY}&format=csv`;
  const copySql = glCopySql({ from: LEDGER_FIRST_DAY, to: LEDGER_LAST_DAY });
  const restKb = f.api.rssKb();

  const get = async (): Promise<Awaited<ReturnType<typeof download>>> => {
    try {
      return await download(f.api, route, f.auditor);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the API printed:\n${f.api.output()}`);
    }
  };
  log(`warm-up, then ${runs} × (COPY, API) at ${f.postings} postings`);
  psqlCopy(f.db.url, copySql);
  await get();
  const copies: { ms: number; bytes: number }[] = [];
  const apis: (Awaited<ReturnType<typeof download>> & { cpuMs: number })[] = [];
  for (let i = 0; i < runs; i++) {
    copies.push(psqlCopy(f.db.url, copySql));
    const cpu = f.api.cpuMs();
    const result = await get();
    apis.push({ ...result, cpuMs: f.api.cpuMs() - cpu });
  }
  const plain = psqlCopy(f.db.url, 'COPY postings TO STDOUT (FORMAT csv)');

  const copyMbS = median(copies.map((c) => mb(c.bytes) / (c.ms / 1000)));
  const apiMbS = median(apis.map((a) => mb(a.bytes) / (a.ms / 1000)));
  // Growth over the API's RSS at rest before its first export (the warm-up included): what exports
  // cost the process, whether or not a download hands its memory back.
  const growthMb = (Math.max(...apis.map((a) => a.peakRssKb)) - restKb) / 1024;
  const perDownloadMb = Math.max(...apis.map((a) => (a.peakRssKb - a.baseRssKb) / 1024));
  const cpuShare = median(apis.map((a) => a.cpuMs / a.ms));
  const last = apis[apis.length - 1];
  figure();
  figure(
    `  psql COPY (joined GL query)   ${copyMbS.toFixed(1).padStart(6)} MB/s   median ${median(copies.map((c) => c.ms)).toFixed(0)} ms, ` +
      `${mb(copies[0].bytes).toFixed(1)} MB [${copies.map((c) => c.ms.toFixed(0)).join(', ')} ms]`,
  );
  figure(
    `  API CSV export                ${apiMbS.toFixed(1).padStart(6)} MB/s   median ${median(apis.map((a) => a.ms)).toFixed(0)} ms, ` +
      `${mb(last.bytes).toFixed(1)} MB, ${last.lines} lines [${apis.map((a) => a.ms.toFixed(0)).join(', ')} ms], ` +
      `${Math.round(f.postings / (median(apis.map((a) => a.ms)) / 1000))} postings/s`,
  );
  figure(
    `  psql COPY postings (no join)  ${(mb(plain.bytes) / (plain.ms / 1000)).toFixed(1).padStart(6)} MB/s   ${plain.ms.toFixed(0)} ms, ${mb(plain.bytes).toFixed(1)} MB`,
  );
  figure(
    `  API RSS: at rest ${(restKb / 1024).toFixed(0)} MB before the first export; per download ` +
      apis.map((a) => `${(a.baseRssKb / 1024).toFixed(0)}→${(a.peakRssKb / 1024).toFixed(0)}`).join(', ') +
      ` MB (before→peak); peak − at rest ${growthMb.toFixed(1)} MB; largest growth within one download ${perDownloadMb.toFixed(1)} MB`,
  );
  figure(`  API CPU during a download: ${(cpuShare * 100).toFixed(0)} % of one core (median)`);
  if (last.lines !== f.postings + 1) {
    figure(`  PROBLEM: the export has ${last.lines} lines for ${f.postings} postings (+ 1 header)`);
    process.exitCode = 1;
  }
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
  await f.release();
  headline('export_ratio', apiMbS / copyMbS);
  headline('export_rss_growth_mb', growthMb, 1);
}
