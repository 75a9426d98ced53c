/**
 * The benchmark runner: `npm run bench -- <name> [--quick]`.
 *
 *   posting         POST /v1/payments, 8 clients, 50 members        vs pgbench (same SQL)  → posting_ratio, posting_p99_ms
 *   posting-hot     the same, every payment on one member            vs pgbench (same SQL)  → posting_hot_ratio, posting_hot_p99_ms
 *   trial-balance   GET /v1/reports/trial-balance, 1M postings      vs raw GROUP BY        → trial_balance_ratio, trial_balance_growth, trial_balance_month_end_ratio
 *   export          GET /v1/exports/general-ledger?format=csv       vs COPY … TO STDOUT    → export_ratio, export_rss_growth_mb
 *   status          GET /v1/reports/status-of-contributions, 200 members × 30 years        → status_ms, status_pdf_ms
 *   dashboard       the console's dashboard in Chromium, 200 members × 30 years (needs npm run build) → dashboard_ms, dashboard_api_ms
 *   audit-package   GET /v1/exports/audit-package, 1M postings in the year  vs COPY | gzip  → audit_package_ratio, audit_package_rss_growth_mb
 *   backup          CLI backup and restore (+ chain verification) of 1M postings, copy and pg_dump → backup_seconds, restore_seconds
 *   reconciliation  import + auto-match of a 100,000-line CSV statement  vs COPY of the lines → reconciliation_100k_s
 *   all             every one of them, in this order
 *
 * Each benchmark prints its figures, then its headline `name=value` as its last line. Every
 * database it creates is dropped at the end (BENCH_KEEP_DB=1 keeps them), also on failure or
 * Ctrl-C. See bench/README.md for the method and the latest figures.
 */
import { auditPackageBenchmark } from './audit-package';
import { backupBenchmark } from './backup';
import { dashboardBenchmark } from './dashboard';
import { exportBenchmark } from './export';
import { postingBenchmark } from './posting';
import { reconciliationBenchmark } from './reconciliation';
import { statusBenchmark } from './status';
import { BenchOptions, cleanUp, figure, log } from './support/harness';
import { trialBalanceBenchmark } from './trial-balance';

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<void>> = {
  posting: (o) => postingBenchmark(o, false),
  'posting-hot': (o) => postingBenchmark(o, true),
  'trial-balance': trialBalanceBenchmark,
  export: exportBenchmark,
  status: statusBenchmark,
  dashboard: dashboardBenchmark,
  'audit-package': auditPackageBenchmark,
  backup: backupBenchmark,
  reconciliation: reconciliationBenchmark,
};

function usage(): never {
  process.stderr.write(`usage: npm run bench -- <${[...Object.keys(BENCHMARKS), 'all'].join('|')}> [--quick]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--quick');
  if (names.length !== 1 || unknownFlags.length > 0) usage();
  const selected = names[0] === 'all' ? Object.keys(BENCHMARKS) : [names[0]];
  if (selected.some((n) => !BENCHMARKS[n])) usage();
  const options: BenchOptions = { quick: args.includes('--quick'), keep: process.env.BENCH_KEEP_DB === '1' };

  let interrupted = false;
  const interrupt = (signal: string): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: cleaning up (again to force quit)`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));

  const started = Date.now();
  try {
    for (const [i, name] of selected.entries()) {
      if (i > 0) figure();
      const t = Date.now();
      await BENCHMARKS[name](options);
      log(`${name} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
  } finally {
    await cleanUp();
  }
  if (selected.length > 1) log(`all took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanUp();
  process.exit(1);
});
