import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

function start(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('start-up with a bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'Configuration error: PORT must be a whole number between 1 and 65535 (got "abc")'],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1/x' }, 'Configuration error: DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://")'],
  ])('%j stops with one clear line and exit code 1', (env, line) => {
    const run = start(env);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(line);
    expect(run.stdout).toBe('');
  }, 70_000);
});
