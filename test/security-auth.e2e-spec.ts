import request from 'supertest';
import { AUTH_FAILURES_PER_MINUTE, TokensService } from '@app/auth';
import { startTestApp, TestApp } from './support/test-app';

describe('security: the rate limit counts callers, not the spelling of their header', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: 5 });
  });
  afterAll(async () => t.close());

  const freshToken = async (): Promise<string> => (await t.app.get(TokensService).issue('quota', 'viewer')).token;

  it('shares one quota among every spelling of the same token', async () => {
    const token = await freshToken();
    for (let i = 0; i < 5; i++) await request(t.http).get('/v1/accounts').set('Authorization', `Bearer ${token}`).expect(200);
    for (const header of [`bearer ${token}`, `Bearer  ${token}`, `BEARER\t${token}`, `Bearer ${token} `]) {
      const res = await request(t.http).get('/v1/accounts').set('Authorization', header);
      expect({ header: JSON.stringify(header.replace(token, 'T')), status: res.status }).toEqual({
        header: JSON.stringify(header.replace(token, 'T')),
        status: 429,
      });
      expect(res.body.code).toBe('rate_limited');
    }
  });

  it('counts a caller once across all routes (requests per token per minute)', async () => {
    const token = await freshToken();
    const routes = ['/v1/accounts', '/v1/funds', '/v1/members', '/v1/policies', '/v1/donors'];
    for (const route of routes) await request(t.http).get(route).set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.http).get('/v1/fiscal-years').set('Authorization', `Bearer ${token}`).expect(429);
  });

  it('gives another caller its own quota', async () => {
    const token = await freshToken();
    await request(t.http).get('/v1/accounts').set('Authorization', `Bearer ${token}`).expect(200);
  });
});

describe('security: repeated failed authentication from one address is answered 429', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: 1000 });
  });
  afterAll(async () => t.close());

  it('answers 401 up to the limit, then 429 before looking at any credential', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE; i++) {
      const r = request(t.http).get('/v1/accounts');
      if (i % 2 === 0) r.set('Authorization', `Bearer clg_wrong-${i}`);
      statuses.push((await r).status);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    const blocked = await request(t.http).get('/v1/accounts').set('Authorization', 'Bearer clg_wrong-again').expect(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // While the address is blocked even a valid token from it is not looked at: guessing gets no answer.
    await request(t.http).get('/v1/accounts').set('Authorization', `Bearer ${t.tokens.viewer}`).expect(429);
  });
});
