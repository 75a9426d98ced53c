import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const runId = process.env.TEST_RUN_ID;
  if (serverUrl && runId && !process.env.TEST_PG_EMBEDDED_DIR) {
    // On a shared server, leave nothing behind: the template and every spec's database.
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const rows = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
        [`ledger_tpl_${runId}`, `%\\_${runId}\\_%`],
      );
      for (const { datname } of rows.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  (globalThis as { __stopEmbedded?: () => void }).__stopEmbedded?.();
}
