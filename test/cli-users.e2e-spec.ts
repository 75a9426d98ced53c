import { verify } from '@node-rs/argon2';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { UsersService } from '@app/auth';
import { describeFailure } from '../apps/cli/src/cli-errors';
import { UserCreateCommand, UserResetPasswordCommand } from '../apps/cli/src/commands/user.command';
import { startTestApp, TestApp } from './support/test-app';

const root = path.resolve(__dirname, '..');

interface Output {
  stdout: string;
  stderr: string;
}

/** Runs a command in this process with `input` as stdin, and returns what it wrote. */
async function captured(work: () => Promise<void>, input?: string): Promise<Output> {
  const out: Output = { stdout: '', stderr: '' };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true));
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
  if (input !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
  try {
    await work();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    if (input !== undefined && stdin) Object.defineProperty(process, 'stdin', stdin);
  }
  return out;
}

describe('CLI: people who sign in to the console', () => {
  let t: TestApp;
  let db: Client;
  let create: UserCreateCommand;
  let reset: UserResetPasswordCommand;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    create = new UserCreateCommand(t.app.get(UsersService));
    reset = new UserResetPasswordCommand(t.app.get(UsersService));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const hashOf = async (username: string): Promise<string> =>
    (await db.query('SELECT password_hash FROM users WHERE lower(username) = lower($1)', [username])).rows[0].password_hash as string;

  it('`npm run cli -- user create` prints a generated password once on stdout, stores only its hash, and audits it', async () => {
    // Once as users run it (a child process, compiled on the fly), to prove the command is wired in.
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', 'user', 'create', '--username', 'ana', '--display-name', 'Ana Pérez', '--role', 'admin'],
      { cwd: root, encoding: 'utf8', timeout: 280_000, env: { ...process.env, DATABASE_URL: t.databaseUrl } },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 0,
      stderr: expect.stringMatching(/^user [0-9a-f-]{36} 'ana' \(admin\) created\npassword of 'ana', shown only this once:\n$/),
    });
    expect(run.stdout).toMatch(/^[A-Za-z0-9_-]{24}\n$/);
    const password = run.stdout.trim();
    const hash = await hashOf('ana');
    expect(hash).not.toContain(password);
    expect(await verify(hash, password)).toBe(true);
    const audit = await db.query(`SELECT actor_role, outcome, detail FROM audit_log WHERE action = 'user created'`);
    expect(audit.rows).toEqual([{ actor_role: 'cli', outcome: 'success', detail: { username: 'ana', displayName: 'Ana Pérez', role: 'admin' } }]);
  }, 300_000);

  it('user create --password-stdin takes the first line of stdin and prints nothing on stdout', async () => {
    const out = await captured(
      () => create.run([], { username: 'bruno', displayName: 'Bruno', role: 'viewer', passwordStdin: true }),
      'a passphrase from stdin\nignored second line\n',
    );
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^user [0-9a-f-]{36} 'bruno' \(viewer\) created\n$/);
    expect(await verify(await hashOf('bruno'), 'a passphrase from stdin')).toBe(true);
  });

  it.each([
    [{ username: 'c', displayName: 'C', role: 'viewer', passwordStdin: true }, 'too short\n', 2, '--password-stdin: the password must be 12 to 256 characters long'],
    [{ username: '-c', displayName: 'C', role: 'viewer' }, undefined, 2, "--username must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"],
    [{ username: 'c', displayName: ' ', role: 'viewer' }, undefined, 2, '--display-name must be 1 to 100 characters'],
    [{ username: 'c', displayName: 'C', role: 'king' }, undefined, 2, '--role must be one of admin, secretariat, viewer, auditor'],
    [{ username: 'BRUNO', displayName: 'Other', role: 'viewer' }, undefined, 1, "a user named 'BRUNO' already exists (usernames ignore case)"],
  ])('user create %j refuses with exit code %#', async (options, input, exitCode, line) => {
    let failure: unknown;
    const out = await captured(() => create.run([], options).catch((error: unknown) => void (failure = error)), input);
    expect(describeFailure(failure)).toEqual({ line, exitCode });
    expect(out.stdout).toBe('');
  });

  it("user reset-password sets a new password (printed once) and ends the person's sessions", async () => {
    const user = await db.query(`SELECT id FROM users WHERE username = 'bruno'`);
    await db.query(
      `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES ($1, repeat('a', 64), now(), now(), now() + interval '1 hour')`,
      [user.rows[0].id],
    );
    const out = await captured(() => reset.run([], { username: 'Bruno' }));
    expect(out.stderr).toBe("password of 'bruno' changed; their sessions have ended\npassword of 'bruno', shown only this once:\n");
    expect(await verify(await hashOf('bruno'), out.stdout.trim())).toBe(true);
    const open = await db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND ended_at IS NULL', [user.rows[0].id]);
    expect(open.rows[0].n).toBe(0);
    let failure: unknown;
    await captured(() => reset.run([], { username: 'nobody' }).catch((error: unknown) => void (failure = error)));
    expect(describeFailure(failure)).toEqual({ line: "user 'nobody' does not exist", exitCode: 1 });
  });
});
