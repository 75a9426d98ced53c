import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './support/free-port';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

const ROOT = path.resolve(__dirname, '..');

interface ServerProcess {
  url: string;
  output(): string;
  kill(): Promise<void>;
}

/** The API as its own process, from the TypeScript sources (slow to start on a busy machine). */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${output}`);
    const up = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the API did not start within 240 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const kill = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, output: () => output, kill };
}

const FIRST_PASSWORD = /sign in to the console as 'admin' with this password, shown only this once\n.*\n\n {2}(\S+)\n/;

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  cookie?: string;
}

/**
 * A new installation, started as `npm start` starts it: the first start prints the admin's
 * password once, and with it a person signs in. Logged at debug level, the process never writes
 * a password or a password hash anywhere.
 */
describe('first start: signing in to a new installation', () => {
  let database: { name: string; url: string };
  let server: ServerProcess | undefined;
  let output = '';

  beforeAll(async () => {
    database = await createTestDatabase('ledger_first_start');
  });
  afterAll(async () => {
    await server?.kill();
    await dropTestDatabase(database.name);
  });

  const call = async (method: string, path: string, body?: object, cookie?: string): Promise<Answer> => {
    if (!server) throw new Error('no server');
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(cookie ? { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const setCookie = res.headers.get('set-cookie') ?? undefined;
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, cookie: setCookie?.split(';')[0] };
  };

  it('prints the first admin password once; with it a person signs in, changes it, and adds people', async () => {
    server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '0' });
    const first = FIRST_PASSWORD.exec(server.output())?.[1];
    expect(first).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const login = await call('POST', '/v1/auth/login', { username: 'admin', password: first });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { username: 'admin', role: 'admin' } });
    expect(login.cookie).toMatch(/^clg_session=/);
    const changed = await call('POST', '/v1/auth/password', { current: first, next: 'the administrator’s own passphrase' }, login.cookie);
    expect(changed.status).toBe(200);
    const created = await call(
      'POST',
      '/v1/users',
      { username: 'treasurer', displayName: 'Treasurer', role: 'secretariat', password: 'treasurer passphrase 2005' },
      changed.cookie,
    );
    expect(created.status).toBe(201);
    expect((await call('POST', '/v1/auth/login', { username: 'treasurer', password: 'a wrong guess of it' })).status).toBe(401);
    expect((await call('POST', '/v1/auth/login', { username: 'unknown-person-typed-a-secret', password: 'another wrong guess' })).status).toBe(401);
    const treasurer = await call('POST', '/v1/auth/login', { username: 'treasurer', password: 'treasurer passphrase 2005' });
    expect(treasurer.status).toBe(200);
    expect((await call('GET', '/v1/accounts', undefined, treasurer.cookie)).status).toBe(200);
    expect((await call('POST', '/v1/auth/logout', undefined, treasurer.cookie)).status).toBe(204);

    await server.kill();
    output = server.output();
    // A second start finds the admin: no new password.
    server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '0' });
    await server.kill();
    output += server.output();
    expect(output.match(/sign in to the console as/g)).toHaveLength(1);
    expect(output.split(first as string)).toHaveLength(2);
    for (const secret of ['the administrator’s own passphrase', 'treasurer passphrase 2005', 'a wrong guess of it', 'another wrong guess', 'unknown-person-typed-a-secret', '$argon2']) {
      expect({ secret, logged: output.includes(secret) }).toEqual({ secret, logged: false });
    }
    // The logs did record the requests (so the check above looked at real request logs).
    expect(output).toMatch(/"url":"\/v1\/auth\/login"/);
  }, 600_000);
});
