import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * Starts the built API (dist/, `npm run build`) on a fresh database of the PostgreSQL server named
 * by DATABASE_URL, loads the demo data set through the API (demo/demo.ts, with an admin token),
 * and creates the viewer who signs in. What the tests need travels in process.env; the returned
 * function stops the API and drops the database.
 */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function onServer(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: fs.WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[args.length - 1])} exited ${code}: see ${log.path as string}`))));
  });
}

async function waitForHealth(base: string, api: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API stopped (exit ${api.exitCode}): see ${logFile}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer /health within 90 s: see ${logFile}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const main = path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  if (!fs.existsSync(main) || !fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('the API and the console are not built: run `npm run build` first (npm test does)');
  }
  const results = path.join(ROOT, 'test-results');
  fs.mkdirSync(results, { recursive: true });
  const logFile = path.join(results, 'console-e2e-api.log');
  const log = fs.createWriteStream(logFile);

  const database = `console_e2e_${randomBytes(4).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE "${database}"`));
  const databaseUrl = new URL(SERVER_URL);
  databaseUrl.pathname = `/${database}`;

  const port = await freePort();
  const adminToken = `clg_e2e_${randomBytes(24).toString('hex')}`;
  const api = spawn(process.execPath, ['-r', './scripts/register-paths.js', main], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl.toString(), PORT: String(port), ADMIN_TOKEN: adminToken, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.pipe(log, { end: false });
  api.stderr?.pipe(log, { end: false });

  const stop = async (): Promise<void> => {
    if (api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (api.exitCode === null) api.kill('SIGKILL');
    }
    await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    log.end();
  };

  try {
    // Node reaches the API by address; the browser by "localhost" (a local, non-Secure session cookie).
    const direct = `http://127.0.0.1:${port}`;
    await waitForHealth(direct, api, logFile);
    const started = Date.now();
    await run(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join('demo', 'demo.ts')],
      { ...process.env, API_URL: direct, ADMIN_TOKEN: adminToken },
      log,
    );
    process.stdout.write(`console e2e: API on port ${port}, database ${database}, demo data loaded in ${Date.now() - started} ms\n`);

    const username = 'delegada.e2e';
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const created = await fetch(`${direct}/v1/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, displayName: 'Delegada de prueba', role: 'viewer', password }),
    });
    if (created.status !== 201) throw new Error(`POST /v1/users answered ${created.status}: ${await created.text()}`);

    Object.assign(process.env, {
      CONSOLE_BASE_URL: `http://localhost:${port}`,
      CONSOLE_API_URL: direct,
      CONSOLE_ADMIN_TOKEN: adminToken,
      CONSOLE_USERNAME: username,
      CONSOLE_PASSWORD: password,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
