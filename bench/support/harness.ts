/**
 * What every benchmark shares: where PostgreSQL is, fresh databases that are always dropped,
 * timing helpers, and the one-line headline each benchmark ends with.
 *
 * Progress goes to stderr; figures and the headline go to stdout, so the last line of stdout is
 * always the headline `name=value`.
 */
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server (any database path is ignored: benchmarks make their own databases). */
export const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export const urlOf = (database: string): string => {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
};

export interface BenchOptions {
  quick: boolean;
  /** Keep the databases (BENCH_KEEP_DB=1), e.g. to look at them afterwards. */
  keep: boolean;
}

/** Cleanup work (stop processes, drop databases) run at the end, in reverse order, even on error. */
const cleanups: { label: string; work: () => Promise<void> }[] = [];

export function onCleanup(label: string, work: () => Promise<void>): () => void {
  const item = { label, work };
  cleanups.push(item);
  return () => {
    const i = cleanups.indexOf(item);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs (once) every registered cleanup, newest first. */
export async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const item = cleanups.pop();
    if (!item) break;
    try {
      await item.work();
    } catch (error) {
      log(`cleanup "${item.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  // A server restart by someone else must not crash the benchmark with an unhandled 'error'.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const admin = <T>(work: (client: Client) => Promise<T>): Promise<T> => withClient(urlOf('postgres'), work);

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new empty database `<prefix>_<random>`, dropped at cleanup unless BENCH_KEEP_DB=1. */
export async function createDatabase(prefix: string, options: BenchOptions): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    if (options.keep) {
      log(`kept database ${name}`);
      return;
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  const forget = onCleanup(`drop ${name}`, drop);
  return {
    name,
    url: urlOf(name),
    drop: async () => {
      forget();
      await drop();
    },
  };
}

export function log(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** A figure line (stdout). */
export function figure(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** The headline: `name=value`, the benchmark's last line. */
export function headline(name: string, value: number, digits = 3): void {
  process.stdout.write(`${name}=${value.toFixed(digits)}\n`);
}

export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Runs `work` once to warm up, then `runs` times; the times of the timed runs in ms. */
export async function timeRuns<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last = await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = await work();
    ms.push(elapsedMs(t));
  }
  return { ms, last };
}

export const fmtMs = (xs: readonly number[]): string => xs.map((x) => x.toFixed(x < 10 ? 1 : 0)).join(', ');

/** The 1/5/15-minute load averages and the core count, for the record. */
export function loadLine(): string {
  return `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')} on ${os.cpus().length} cores`;
}
