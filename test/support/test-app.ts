import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { Role, ROLES, TokensService } from '@app/auth';
import { AppConfig, loadConfig } from '@app/common';
import { createApp } from '../../apps/api/src/app.factory';
import { createTestDatabase, dropTestDatabase } from './test-database';

export interface RoleClient {
  get(path: string): request.Test;
  post(path: string, body?: object, idempotencyKey?: string | null): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export interface TestApp {
  app: INestApplication;
  http: App;
  databaseUrl: string;
  tokens: Record<Role, string>;
  as(role: Role | { token: string }): RoleClient;
  close(): Promise<void>;
}

export const newKey = (): string => randomUUID();

/** Boots the real application (same factory as production) on a fresh copy of the database. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({}), logLevel: 'silent' as const, rateLimitPerMinute: 0, ...overrides, databaseUrl: database.url };
  const app = await createApp(config);
  await app.init();
  const tokensService = app.get(TokensService);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await tokensService.issue(`test ${role}`, role)).token;
  const http = app.getHttpServer() as App;

  const as = (who: Role | { token: string }): RoleClient => {
    const token = typeof who === 'string' ? tokens[who] : who.token;
    const auth = `Bearer ${token}`;
    return {
      get: (path) => request(http).get(path).set('Authorization', auth),
      // A POST carries a fresh Idempotency-Key unless the test passes one (or null for none).
      post: (path, body, key) => {
        const r = request(http).post(path).set('Authorization', auth);
        const header = key === undefined ? newKey() : key;
        if (header !== null) r.set('Idempotency-Key', header);
        return body === undefined ? r : r.send(body);
      },
      put: (path, body) => request(http).put(path).set('Authorization', auth).send(body ?? {}),
      delete: (path) => request(http).delete(path).set('Authorization', auth),
    };
  };

  return {
    app,
    http,
    databaseUrl: database.url,
    tokens,
    as,
    close: async () => {
      await app.close();
      await dropTestDatabase(database.name);
    },
  };
}
