/**
 * Where the time goes, seen from PostgreSQL: samples pg_stat_activity for one database every
 * 20 ms and counts what its client connections are doing. "idle in transaction" is time the
 * client (the API's JavaScript, or pgbench) spends between statements while its transaction —
 * and its locks — stay open; "lock wait" is time spent queued on a row lock (chain head, member).
 * Shares are of the connections busy in a statement or a transaction; idle ones (between
 * transactions, or spare in the API's pool) are counted apart.
 */
import { Client } from 'pg';

export interface ActivitySampler {
  stop(): Promise<string>;
}

const CATEGORIES = ['executing', 'lock wait', 'commit (WAL)', 'idle in transaction'] as const;
type Category = (typeof CATEGORIES)[number];

export async function sampleActivity(url: string, database: string): Promise<ActivitySampler> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  const counts = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  let samples = 0;
  let idle = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
      }>(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity
          WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples += 1;
      for (const r of rows) {
        let c: Category;
        if (r.state === 'idle') {
          idle += 1;
          continue;
        }
        if (r.state === 'idle in transaction') c = 'idle in transaction';
        else if (r.wait_event_type === 'Lock') c = 'lock wait';
        else if (r.wait_event === 'WALSync' || r.wait_event === 'WALWrite' || r.wait_event === 'WalSync')
          c = 'commit (WAL)';
        else c = 'executing';
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      const total = [...counts.values()].reduce((s, n) => s + n, 0) || 1;
      return (
        CATEGORIES.map((c) => `${c} ${(((counts.get(c) ?? 0) / total) * 100).toFixed(0)} %`).join(', ') +
        ` of ${(total / (samples || 1)).toFixed(1)} connections in a transaction on average ` +
        `(+ ${(idle / (samples || 1)).toFixed(1)} idle; ${samples} samples)`
      );
    },
  };
}
