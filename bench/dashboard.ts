/**
 * `dashboard`: the console's first screen in a real browser, on 200 members × 30 fiscal years
 * (`--quick`: 200 × 10) — the status benchmark's data set.
 *
 *   npm run bench -- dashboard [--quick]     (or standalone: npx ts-node bench/dashboard.ts)
 *
 * The API and the console as `npm run build` left them (dist/; built first when missing, and the
 * build's time printed: build again after changing the code); the built API runs, as the browser
 * suite runs it, on a fresh database seeded as `status` seeds it (BENCH_DB=<kept
 * database> skips seeding). A viewer signs in through the API in a
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
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright';
import { runMigrations } from '@app/database';
import { ApiProcess, issueToken, request } from './support/api-process';
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
  onCleanup,
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The built API (dist/, `npm run build`), as the browser suite starts it: it serves the console
 * built beside it (dist/web). Stopped at the end, also on failure (the runner's cleanup).
 */
async function startBuiltApi(databaseUrl: string): Promise<ApiProcess> {
  const port = await freePort();
  const adminToken = `clg_bench_${randomBytes(24).toString('hex')}`;
  const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', 'dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ADMIN_TOKEN: adminToken,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  const forget = onCleanup(`stop the API (pid ${child.pid ?? 0})`, stop);
  const t = process.hrtime.bigint();
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${output}`);
    const res = await request(port, 'GET', '/health').catch(() => undefined);
    if (res?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`the API did not start within 300 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`API (dist) pid ${child.pid ?? 0} on port ${port} started in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
  return {
    port,
    pid: child.pid ?? 0,
    adminToken,
    rssKb: () => 0,
    cpuMs: () => 0,
    output: () => output,
    stop: async () => {
      forget();
      await stop();
    },
  };
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
  const built = [
    path.join(ROOT, 'dist', 'web', 'index.html'),
    path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'),
  ];
  if (!built.every((f) => fs.existsSync(f))) {
    log('the API and the console are not built: npm run build');
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (build.status !== 0) throw new Error(`npm run build exited ${build.status}`);
  }
  figure(`built API and console from ${fs.statSync(built[1]).mtime.toISOString()} (npm run build)`);

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

  const api = await startBuiltApi(db.url);
  let browser: Browser | undefined;
  try {
    const viewer = await issueToken(api, 'bench viewer', 'viewer');
    const password = `bench-${Date.now()}-password`;
    // Its own name each run: a kept database (BENCH_DB) already has the users of earlier runs.
    const username = `bench.delegate.${Date.now()}`;
    const created = await request(api.port, 'POST', '/v1/users', api.adminToken, {
      username,
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
      data: { username, password },
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
