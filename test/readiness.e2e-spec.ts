import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/common';
import { dataSourceOptions, runMigrations } from '@app/database';
import { createApp } from '../apps/api/src/app.factory';
import { MIGRATIONS } from '../migrations';
import { startTestApp, TestApp } from './support/test-app';
import { dropTestDatabase, serverUrl, withAdminClient } from './support/test-database';

const migrationName = (m: (typeof MIGRATIONS)[number]): string => new m().name ?? m.name;

describe('GET /health/ready', () => {
  describe('on a database with every migration applied', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('answers 200 without a token, counting the migrations', async () => {
      const res = await request(t.http).get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ready', database: 'up', migrations: { applied: MIGRATIONS.length, pending: [] } });
    });
  });

  describe('on a database one migration behind the code, then away', () => {
    const name = `ledger_ready_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
    const url = serverUrl(name);
    const last = migrationName(MIGRATIONS[MIGRATIONS.length - 1]);
    let app: INestApplication;
    let http: App;

    beforeAll(async () => {
      await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
      // The previous release's schema: every migration but the newest.
      const older = new DataSource({ ...dataSourceOptions(url, 2), migrations: MIGRATIONS.slice(0, -1) });
      await older.initialize();
      await older.runMigrations({ transaction: 'each' });
      await older.destroy();
      app = await createApp({ ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 0, databaseUrl: url });
      await app.init();
      http = app.getHttpServer() as App;
    });
    afterAll(async () => {
      await app?.close();
      await dropTestDatabase(name);
    });

    it('answers 503 naming the migration not applied, while /health (the database answers) stays 200', async () => {
      const res = await request(http).get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable', database: 'up', pendingMigrations: [last] });
      expect(res.body.detail).toContain(last);
      await request(http).get('/health').expect(200);
    });

    it('answers 200 once the migration is applied', async () => {
      expect(await runMigrations(url)).toEqual([last]);
      const res = await request(http).get('/health/ready').expect(200);
      expect(res.body.migrations).toEqual({ applied: MIGRATIONS.length, pending: [] });
    });

    it('answers 503 "database down" when the database is gone, and never a 500', async () => {
      await withAdminClient((c) => c.query(`DROP DATABASE "${name}" WITH (FORCE)`));
      const res = await request(http).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ code: 'service_unavailable', database: 'down' });
      expect(res.body.pendingMigrations).toBeUndefined();
      const metrics = await request(http).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/^ledger_database_up 0$/m);
    });
  });
});
