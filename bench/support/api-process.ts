/**
 * The API under test runs as its own process, so its CPU and RSS are its own.
 *
 * By default the API is compiled once per benchmark run (`tsc --noCheck` into a private folder
 * under the system temp, ~20 s) and each start then takes ~5 s, as `npm run start:prod` would;
 * BENCH_API=ts-node starts it with ts-node instead (no compile, ~20 s per start), through the
 * helper the fault-tolerance tests use. BENCH_CPU_PROF=<folder> makes the compiled API write a V8 CPU
 * profile into that folder when it stops.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../test/support/free-port';
import { startServer } from '../../test/faults/support/server-process';
import { elapsedMs, log, onCleanup } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');

let build: string | undefined;

/** Compiles the API once per process; the folder is removed at cleanup. */
function compiledApi(): string {
  if (build) return build;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-build-'));
  onCleanup('remove the compiled API', async () => fs.rmSync(out, { recursive: true, force: true }));
  log('compiling the API (tsc --noCheck, private folder)');
  const t = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (!fs.existsSync(path.join(out, 'apps/api/src/main.js'))) {
    throw new Error(`the API did not compile:\n${run.stdout}\n${run.stderr}`);
  }
  log(`  compiled in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
  build = out;
  return out;
}

export interface ApiProcess {
  port: number;
  pid: number;
  adminToken: string;
  /** Resident set size of the API process now, in kB. */
  rssKb(): number;
  /** CPU time (user + system) the API process has used so far, in ms. */
  cpuMs(): number;
  /** The last 20 kB the API printed (stdout and stderr), and whether it is still running. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the API on `databaseUrl` (it migrates the database on start, as in production). */
export async function startApi(databaseUrl: string): Promise<ApiProcess> {
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const env = { DATABASE_URL: databaseUrl, ADMIN_TOKEN: adminToken, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
  const t = process.hrtime.bigint();
  let api: ApiProcess;
  if (process.env.BENCH_API === 'ts-node') {
    const server = await startServer(env);
    api = {
      port: server.port,
      pid: server.child.pid ?? 0,
      adminToken,
      rssKb: () => rssKb(server.child.pid ?? 0),
      cpuMs: () => cpuMs(server.child.pid ?? 0),
      output: () =>
        `${server.output().slice(-20_000)}\n(${server.child.exitCode === null ? 'running' : `exited ${server.child.exitCode}`})`,
      stop: () => server.kill('SIGTERM'),
    };
  } else {
    const out = compiledApi();
    const port = await freePort();
    // BENCH_CPU_PROF=<folder>: the API writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)]
      : [];
    const main = path.join(out, 'apps/api/src/main.js');
    const child = spawn(process.execPath, [...profile, '-r', 'tsconfig-paths/register', main], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        // The compiled tree lives outside the checkout: resolve packages and @app/* aliases there.
        NODE_PATH: path.join(ROOT, 'node_modules'),
        TS_NODE_BASEURL: out,
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${output}`);
      const res = await request(port, 'GET', '/health').catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the API did not start within 120 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    api = {
      port,
      pid: child.pid ?? 0,
      adminToken,
      rssKb: () => rssKb(child.pid ?? 0),
      cpuMs: () => cpuMs(child.pid ?? 0),
      output: () =>
        `${output}\n(${child.exitCode === null && child.signalCode === null ? 'running' : `exited ${child.exitCode ?? child.signalCode}`})`,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
  const forget = onCleanup(`stop the API (pid ${api.pid})`, api.stop);
  log(`API pid ${api.pid} on port ${api.port} started in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
  return {
    ...api,
    stop: async () => {
      forget();
      await api.stop();
    },
  };
}

export function rssKb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process from /proc/<pid>/stat (clock ticks of 10 ms on Linux). */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** One HTTP call; the body as text. */
export function request(
  port: number,
  method: string,
  pathname: string,
  token?: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        agent,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
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

/** A JSON call that must answer `expected` (or any 2xx); returns the parsed body. */
export async function call<T>(
  api: ApiProcess,
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<T> {
  const res = await request(api.port, method, pathname, token, body, idempotencyKey);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${method} ${pathname} answered ${res.status}: ${res.body.slice(0, 1000)}`);
  }
  return (res.body ? JSON.parse(res.body) : null) as T;
}

export async function issueToken(api: ApiProcess, name: string, role: string): Promise<string> {
  return (await call<{ token: string }>(api, 'POST', '/v1/tokens', api.adminToken, { name, role })).token;
}

/**
 * Downloads, counting bytes and lines, while sampling the API's RSS every 10 ms. `baseRssKb` is
 * the RSS just before the request. The bytes are thrown away unless `keepAs` names a file.
 */
export function download(
  api: ApiProcess,
  pathname: string,
  token: string,
  keepAs?: string,
): Promise<{ ms: number; bytes: number; lines: number; baseRssKb: number; peakRssKb: number }> {
  return new Promise((resolve, reject) => {
    const file = keepAs === undefined ? undefined : fs.createWriteStream(keepAs);
    const baseRssKb = api.rssKb();
    let peakRssKb = baseRssKb;
    const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, api.rssKb())), 10);
    const t = process.hrtime.bigint();
    let bytes = 0;
    let lines = 0;
    const fail = (error: Error): void => {
      clearInterval(sampler);
      reject(error);
    };
    http
      .get(
        { host: '127.0.0.1', port: api.port, path: pathname, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            fail(new Error(`${pathname} answered ${res.statusCode}`));
            return;
          }
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
            if (file && !file.write(chunk)) {
              res.pause();
              file.once('drain', () => res.resume());
            }
          });
          res.on('end', () => {
            clearInterval(sampler);
            peakRssKb = Math.max(peakRssKb, api.rssKb());
            const ms = elapsedMs(t);
            if (!res.complete) reject(new Error(`${pathname}: the response was cut short`));
            else if (!file) resolve({ ms, bytes, lines, baseRssKb, peakRssKb });
            else file.end(() => resolve({ ms, bytes, lines, baseRssKb, peakRssKb }));
          });
          res.on('error', fail);
        },
      )
      .on('error', fail);
  });
}
