import { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { TokensService } from '@app/auth';
import { loadConfig } from '@app/common';
import { embeddedUrl, initialiseCluster, runMigrations, startServer, stopServer } from '@app/database';
import { createApp } from '../apps/api/src/app.factory';
import { freePort } from './support/free-port';

/** On a private embedded PostgreSQL (never the shared server): the API outlives a database restart. */
const ADMIN = 'restart-test-admin-token-0001';

describe('health across a database restart', () => {
  let dir: string;
  let cluster: string;
  let port: number;
  let app: INestApplication;
  let http: App;

  const ids = (): { uid?: number; gid?: number } => {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
    const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    const [, , uid, gid] = (line ?? '').split(':');
    return { uid: Number(uid), gid: Number(gid) };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-restart-'));
    fs.chmodSync(dir, 0o755);
    cluster = path.join(dir, 'cluster');
    port = await freePort();
    initialiseCluster(cluster, ids());
    startServer(cluster, port);
    const url = embeddedUrl(port, 'postgres');
    await runMigrations(url);
    app = await createApp({ ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 0, databaseUrl: url });
    await app.init();
    http = app.getHttpServer() as App;
    await app.get(TokensService).bootstrapAdmin(ADMIN);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    stopServer(cluster, 'immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 200, then 503 while the database is away, then 200 again within 10 s of its return', async () => {
    await request(http).get('/health').expect(200);
    stopServer(cluster, 'fast');
    const down = await request(http).get('/health');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body.code).toBe('service_unavailable');
    // The process is still up and still answers other routes with problem+json, not a crash.
    const unauthenticated = await request(http).get('/v1/accounts');
    expect(unauthenticated.status).toBe(401);
    const needsDatabase = await request(http).get('/v1/accounts').set('Authorization', `Bearer ${ADMIN}`);
    expect(needsDatabase.status).toBe(503);
    expect(needsDatabase.body.code).toBe('service_unavailable');

    startServer(cluster, port);
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(http).get('/health')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  }, 60_000);
});
