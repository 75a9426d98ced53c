import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { binDir } from '../embedded-postgres';

/** A PostgreSQL client program found on this machine. */
export interface PgTool {
  path: string;
  version: string;
  major: number;
}

export type PgToolName = 'pg_dump' | 'pg_restore';

/** The folders searched: PATH, then the usual installation folders, then the embedded package's own binaries. */
function candidateFolders(): string[] {
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const base of ['/usr/lib/postgresql', '/usr/pgsql', '/opt/homebrew/opt']) {
    try {
      for (const name of fs.readdirSync(base).sort().reverse()) folders.push(path.join(base, name, 'bin'));
    } catch {
      // not installed there
    }
  }
  folders.push('/usr/local/pgsql/bin');
  try {
    folders.push(binDir());
  } catch {
    // no embedded package for this platform
  }
  return [...new Set(folders)];
}

/** `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` → 15.20, 15. */
export function parseToolVersion(output: string): { version: string; major: number } | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  return { version: match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

/**
 * The program of the lowest major version that is at least `minMajor` (pg_dump must be as new as
 * the server it dumps; pg_restore as new as the pg_dump that wrote the archive), or undefined.
 */
export function findPgTool(name: PgToolName, minMajor: number): PgTool | undefined {
  const found: PgTool[] = [];
  for (const folder of candidateFolders()) {
    const file = path.join(folder, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      continue;
    }
    const run = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const parsed = run.status === 0 ? parseToolVersion(String(run.stdout)) : undefined;
    if (parsed && parsed.major >= minMajor && !found.some((t) => t.major === parsed.major))
      found.push({ path: file, ...parsed });
  }
  return found.sort((a, b) => a.major - b.major)[0];
}

/** Connection settings for a client program: the URL without its password (kept out of `ps`), and the password apart. */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'contributions-ledger backup' };
  if (password !== '') env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

export interface RunningTool {
  stdin: Writable;
  stdout: Readable;
  /** Settles when the program exits: rejects with its last lines on stderr when it failed. */
  done: Promise<void>;
  kill(): void;
}

const STDERR_LIMIT = 16 * 1024;

export function runTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): RunningTool {
  const child = spawn(tool.path, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  // A program that exits early closes its stdin: the writer sees EPIPE, the exit code says why.
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const last = stderr.trim().split('\n').slice(-3).join(' / ');
        reject(
          new Error(
            `${path.basename(tool.path)} ${tool.version} failed (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}`,
          ),
        );
      }
    });
  });
  return { stdin: child.stdin, stdout: child.stdout, done, kill: () => child.kill('SIGTERM') };
}
