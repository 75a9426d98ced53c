import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedUrl, initialiseCluster, runMigrations, startServer, stopServer } from '../libs/database/src';
import { freePort } from './support/free-port';

/**
 * Real PostgreSQL for the whole suite: the server named by DATABASE_URL, else a private embedded
 * one. Migrations run once into a template database; each spec file copies it into its own.
 */
export default async function globalSetup(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  process.env.TEST_RUN_ID = runId;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-pg-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    const cluster = path.join(dataDir, 'cluster');
    initialiseCluster(cluster, serverUserIds());
    startServer(cluster, port);
    process.env.TEST_PG_EMBEDDED_DIR = dataDir;
    serverUrl = embeddedUrl(port, 'postgres');
  }
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_MAINTENANCE_DB = new URL(serverUrl).pathname.slice(1) || 'postgres';
  const template = `ledger_tpl_${runId}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  await runMigrations(templateUrl.toString());
  process.env.TEST_PG_TEMPLATE_DB = template;
  // Teardown must reach the embedded server even if a spec killed its own.
  (globalThis as { __stopEmbedded?: () => void }).__stopEmbedded = () => {
    const dir = process.env.TEST_PG_EMBEDDED_DIR;
    if (dir) {
      stopServer(path.join(dir, 'cluster'), 'immediate');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

function serverUserIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!passwd) throw new Error('running as root without an OS user "postgres"');
  const [, , uid, gid] = passwd.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
