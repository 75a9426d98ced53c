/** pgbench with a custom script: the raw-PostgreSQL reference of the write benchmarks. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyMs: number;
  /** With `perStatement`: the average latency of each statement of the script, slowest first. */
  statements: { ms: number; sql: string }[];
  output: string;
}

export function assertPgbench(): void {
  const found = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      'pgbench was not found: install the PostgreSQL client tools (apt-get install -y postgresql-contrib)',
    );
  }
}

/**
 * Runs `script` from `clients` connections for `seconds` (extended query protocol, like the API's
 * driver: every statement parsed, bound and executed; no pgbench tables, so no vacuum).
 */
export async function pgbench(
  url: string,
  script: string,
  clients: number,
  seconds: number,
  perStatement = false,
): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  const file = path.join(dir, 'script.sql');
  fs.writeFileSync(file, script);
  try {
    const args = [
      '-n',
      '-M',
      'extended',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(seconds),
    ];
    if (perStatement) args.push('-r');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('pgbench', [...args, '-f', file, url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`pgbench exited with ${code}:\n${text.slice(-4000)}`)),
      );
    });
    const num = (re: RegExp): number => {
      const m = re.exec(output);
      return m ? Number(m[1]) : NaN;
    };
    const result = {
      tps: num(/^tps = ([\d.]+)/m),
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: num(/number of failed transactions: (\d+)/) || 0,
      latencyMs: num(/latency average = ([\d.]+) ms/),
      statements: [...output.matchAll(/^\s+([\d.]+)\s+(?:\d+\s+)?(\S.*)$/gm)]
        .map((m) => ({ ms: Number(m[1]), sql: m[2] }))
        .filter((x) => Number.isFinite(x.ms))
        .sort((a, b) => b.ms - a.ms),
      output,
    };
    if (!Number.isFinite(result.tps) || /^pgbench: error|client \d+ aborted/m.test(output)) {
      throw new Error(`pgbench did not run cleanly:\n${output.slice(-4000)}`);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
