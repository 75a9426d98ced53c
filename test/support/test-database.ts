import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server the suite runs on: DATABASE_URL's, or the embedded one the global setup started. */
export function serverUrl(database: string): string {
  const base = process.env.TEST_PG_SERVER_URL;
  if (!base) throw new Error('TEST_PG_SERVER_URL is not set: run the suite with `npm test`');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl(process.env.TEST_PG_MAINTENANCE_DB ?? 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A fresh database for one spec file, copied from the migrated template (fast, isolated). */
export async function createTestDatabase(prefix = 'ledger_t'): Promise<{ name: string; url: string }> {
  const template = process.env.TEST_PG_TEMPLATE_DB;
  if (!template) throw new Error('TEST_PG_TEMPLATE_DB is not set: run the suite with `npm test`');
  const name = `${prefix}_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
        return;
      } catch (error) {
        // Two copies of one template at the same instant: PostgreSQL asks the second to wait.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return { name, url: serverUrl(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}
