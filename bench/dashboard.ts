/**
 * `dashboard`: the console's first screen in a real browser, on 200 members × 30 fiscal years
 * (`--quick`: 200 × 10) — the status benchmark's data set.
 *
 *   npm run bench -- dashboard [--quick]     (or standalone: npx ts-node bench/dashboard.ts)
 *
 * The console must be built first (`npm run build`: dist/web); the API runs from its TypeScript
 * sources (ts-node, which serves the checkout's dist/web) on a fresh database seeded as `status`
 * seeds it (BENCH_DB=<kept database> skips seeding). A viewer signs in through the API in a
 * Chromium driven by Playwright (the browser suite's: /usr/bin/chromium when installed, else
 * @sparticuz/chromium). Then, BENCH_RUNS times after one warm-up, a fresh browser context with
 * that session (empty cache) opens /tablero?asOf=<last year-end> and the time runs until every
 * figure of the dashboard shows a number: contributions (assessed, paid, outstanding, arrears,
 * collection rate, advance), the reserve fund and the cash of every active bank account.
 * Separately, the API time of the dashboard's calls (what DashboardPage asks for: status of
 * contributions in the reader's language, reserve fund, grants and each grant's report, bank
 * accounts and each active account's reconciliation) made over HTTP with a viewer token, all at
 * once as the browser makes them (wall time), and each alone.
 * Headlines: dashboard_ms = median time from navigation to the figures on screen;
 * dashboard_api_ms = median wall time of the dashboard's calls made together.
 */
import sparticuz from '@sparticuz/chromium';
import * as countries from 'i18n-iso-countries';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright';
import { runMigrations } from '@app/database';
import { issueToken, request, startApi } from './support/api-process';
import {
  BenchOptions,
  cleanUp,
  createDatabase,
  elapsedMs,
  figure,
  fmtMs,
  headline,
  loadLine,
  log,
  median,
  timeRuns,
  urlOf,
  withClient,
} from './support/harness';
import { seed } from './status';

const ROOT = path.resolve(__dirname, '..');
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200);
const FIRST_YEAR = 1995;
const yearsOf = (options: BenchOptions): number => Number(process.env.BENCH_YEARS ?? (options.quick ? 10 : 30));

/** The figures the dashboard shows, each a `[data-figure]` whose value must hold a digit. */
const FIGURES = ['assessed', 'paid', 'outstanding', 'arrears', 'collection-rate', 'advance', 'reserve-balance'];

async function chromiumPath(): Promise<string> {
  const given = process.env.CHROMIUM_PATH;
  if (given && fs.existsSync(given)) return given;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return sparticuz.executablePath();
}

/** The calls DashboardPage makes (apps/web/src/pages/dashboard), as the browser makes them. */
async function dashboardCalls(port: number, token: string, asOf: string): Promise<string[]> {
  const get = async <T>(route: string): Promise<T> => {
    const res = await request(port, 'GET', route, token);
    if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  };
  const grants = await get<{ code: string }[]>('/v1/grants');
  const accounts = (await get<{ code: string; active: boolean }[]>('/v1/bank-accounts')).filter((a) => a.active);
  return [
    `/v1/reports/status-of-contributions?asOf=${asOf}&lang=es&format=json`,
    `/v1/reserve-fund?asOf=${asOf}`,
    '/v1/grants',
    '/v1/bank-accounts',
    ...grants.map((g) => `/v1/grants/${g.code}/report?asOf=${asOf}&format=json`),
    ...accounts.map((a) => `/v1/reports/bank-reconciliation?bankAccount=${a.code}&asOf=${asOf}`),
  ];
}

export async function dashboardBenchmark(options: BenchOptions): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? (options.quick ? 5 : 9));
  const years = yearsOf(options);
  const asOf = `${FIRST_YEAR + years - 1}-12-31`;
  figure(`== dashboard: the console's first screen in Chromium, ${MEMBERS} members × ${years} fiscal years ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('the console is not built: run `npm run build` first (dist/web)');

  const reuse = process.env.BENCH_DB;
  const db = reuse
    ? { name: reuse, url: urlOf(reuse), drop: async () => undefined }
    : await createDatabase('bench_dashboard', options);
  if (!reuse) {
    await runMigrations(db.url);
    const codes = Object.keys(countries.getAlpha3Codes()).sort().slice(0, MEMBERS);
    const t = process.hrtime.bigint();
    log(`seeding ${codes.length} members × ${years} years through the services`);
    await seed(db.url, codes, years);
    figure(`seeded in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
    await withClient(db.url, (c) => c.query('VACUUM ANALYZE'));
  }

  // From its TypeScript sources the API serves the checkout's dist/web (apps/api/src/web-console.ts).
  const previous = process.env.BENCH_API;
  process.env.BENCH_API = 'ts-node';
  const api = await startApi(db.url).finally(() => {
    if (previous === undefined) delete process.env.BENCH_API;
    else process.env.BENCH_API = previous;
  });
  let browser: Browser | undefined;
  try {
    const viewer = await issueToken(api, 'bench viewer', 'viewer');
    const password = `bench-${Date.now()}-password`;
    const created = await request(api.port, 'POST', '/v1/users', api.adminToken, {
      username: 'bench.delegate',
      displayName: 'Bench delegate',
      role: 'viewer',
      password,
    });
    if (created.status !== 201) throw new Error(`POST /v1/users answered ${created.status}: ${created.body}`);

    // The API side: the dashboard's calls together (the browser sends them at once), then each alone.
    const calls = await dashboardCalls(api.port, viewer, asOf);
    const together = await timeRuns(runs, () =>
      Promise.all(
        calls.map(async (route) => {
          const res = await request(api.port, 'GET', route, viewer);
          if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}`);
        }),
      ),
    );
    const alone: { route: string; ms: number[] }[] = [];
    for (const route of calls)
      alone.push({ route, ms: (await timeRuns(runs, () => request(api.port, 'GET', route, viewer))).ms });

    // The browser side: a signed-in session, then a fresh context (empty cache) per navigation.
    browser = await chromium.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    const base = `http://localhost:${api.port}`;
    const signIn = await browser.newContext({ baseURL: base, locale: 'es-MX' });
    const login = await signIn.request.post('/v1/auth/login', {
      data: { username: 'bench.delegate', password },
      headers: { 'X-Requested-With': 'bench' },
    });
    if (login.status() !== 200) throw new Error(`sign-in answered ${login.status()}: ${await login.text()}`);
    const session = await signIn.storageState();
    await signIn.close();

    const cashFigures = (await dashboardCalls(api.port, viewer, asOf))
      .filter((r) => r.startsWith('/v1/reports/bank-reconciliation'))
      .map((r) => `cash-${new URL(r, base).searchParams.get('bankAccount') ?? ''}`);
    const wanted = [...FIGURES, ...cashFigures];
    // Browser-side code as strings: this file compiles without the DOM's types.
    const allShown = `(${JSON.stringify(wanted)}).every((id) => /\\d/.test(document.querySelector('[data-figure="' + id + '"] [data-figure-value]')?.textContent ?? ''))`;
    const apiTimings = `(() => {
      const api = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith('/v1/'));
      const first = Math.min(...api.map((e) => e.startTime));
      const last = Math.max(...api.map((e) => e.responseEnd));
      const nav = performance.getEntriesByType('navigation')[0];
      return 'DOMContentLoaded ' + Math.round(nav.domContentLoadedEventEnd) + ' ms, ' + api.length + ' API calls from ' +
        Math.round(first) + ' to ' + Math.round(last) + ' ms after navigation';
    })()`;
    let lastTimings = '';
    const shownMs: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ baseURL: base, locale: 'es-MX', storageState: session });
      try {
        const page = await context.newPage();
        const started = process.hrtime.bigint();
        await page.goto(`/tablero?asOf=${asOf}`, { waitUntil: 'commit' });
        await page.waitForFunction(allShown, undefined, { timeout: 120_000, polling: 'raf' });
        const ms = elapsedMs(started);
        lastTimings = await page.evaluate<string>(apiTimings);
        if (i > 0) shownMs.push(ms); // the first is the warm-up
      } finally {
        await context.close();
      }
    }
    const shown = { ms: shownMs };

    figure();
    figure(`  asOf ${asOf}: ${calls.length} API calls`);
    figure(
      `  the calls together (API, HTTP from this process)  median ${median(together.ms).toFixed(0)} ms [${fmtMs(together.ms)}]`,
    );
    for (const a of alone) figure(`    ${a.route.padEnd(78)} median ${median(a.ms).toFixed(1)} ms [${fmtMs(a.ms)}]`);
    figure(
      `  navigation → every figure on screen (Chromium)    median ${median(shown.ms).toFixed(0)} ms [${fmtMs(shown.ms)}]`,
    );
    figure(`    last navigation: ${lastTimings}`);
    figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
    headline('dashboard_ms', median(shown.ms), 0);
    headline('dashboard_api_ms', median(together.ms), 0);
  } finally {
    await browser?.close();
    await api.stop();
    await db.drop();
  }
}

if (require.main === module) {
  dashboardBenchmark({ quick: process.argv.includes('--quick'), keep: process.env.BENCH_KEEP_DB === '1' })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => void cleanUp());
}
