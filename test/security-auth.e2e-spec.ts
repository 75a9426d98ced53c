import { Client } from 'pg';
import request from 'supertest';
import { AUTH_FAILURES_PER_MINUTE, TokensService, UsersService } from '@app/auth';
import { PASSWORD, signIn } from './support/sessions';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

  it('counts a person once, across all of their sessions', async () => {
    await t.app.get(UsersService).create({ username: 'quota', displayName: 'Quota', role: 'viewer', password: PASSWORD }, { role: 'system' });
    const [first, second] = [await signIn(t.http, 'quota'), await signIn(t.http, 'quota')];
    for (let i = 0; i < 3; i++) await request(t.http).get('/v1/accounts').set('Cookie', first).expect(200);
    for (let i = 0; i < 2; i++) await request(t.http).get('/v1/funds').set('Cookie', second).expect(200);
    await request(t.http).get('/v1/accounts').set('Cookie', first).expect(429);
    await request(t.http).get('/v1/accounts').set('Cookie', second).expect(429);
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

describe('security: unauthenticated requests do not write the audit log', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const auditRows = async (): Promise<number> => (await db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;

  it('answers 401 to writes without valid credentials and appends no audit row', async () => {
    const before = await auditRows();
    await request(t.http).post('/v1/tokens').set('X-Request-Id', 'flood-1').send({ name: 'x', role: 'admin' }).expect(401);
    await request(t.http)
      .post('/v1/journal-entries')
      .set('Authorization', 'Bearer clg_not-a-token')
      .set('X-Request-Id', '=HYPERLINK("http://evil")')
      .send({})
      .expect(401);
    await request(t.http).delete('/v1/tokens/00000000-0000-4000-8000-000000000000').set('Authorization', 'Basic x').expect(401);
    expect(await auditRows()).toBe(before);
  });

  it('still audits refused writes of authenticated callers', async () => {
    const before = await auditRows();
    await t.as('viewer').post('/v1/tokens', { name: 'nope', role: 'admin' }).expect(403);
    expect(await auditRows()).toBe(before + 1);
  });

  it.each([
    ['a spreadsheet formula', '-2-3'],
    ['a formula with =', '=1+1'],
    ['65 characters', 'a'.repeat(65)],
    ['spaces', 'batch 42'],
    ['a colon', 'a:b'],
  ])('replaces a client request id with %s by one of its own', async (_case, sent) => {
    const res = await request(t.http).get('/v1/accounts').set('X-Request-Id', sent).expect(401);
    expect(res.body.requestId).not.toBe(sent);
    expect(res.body.requestId).toMatch(UUID);
  });

  it('keeps a plain short request id, in the answer and in the audit row', async () => {
    const id = 'batch-2005.payments_42';
    const res = await t.as('admin').post('/v1/tokens', { name: 'traced', role: 'viewer' }).set('X-Request-Id', id).expect(201);
    const row = await db.query('SELECT request_id FROM audit_log WHERE target = $1', [`id=${res.body.id}`]);
    expect(row.rows).toEqual([{ request_id: id }]);
    const refused = await request(t.http).get('/v1/accounts').set('X-Request-Id', id).expect(401);
    expect(refused.body.requestId).toBe(id);
  });
});

describe('security: answers under /v1 are never cached', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('sends Cache-Control: no-store with a new token (a secret)', async () => {
    const res = await t.as('admin').post('/v1/tokens', { name: 'secret', role: 'viewer' }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['a report', '/v1/reports/trial-balance?asOf=2005-12-31'],
    ['a report download', '/v1/reports/status-of-contributions?asOf=2005-12-31&format=csv'],
    ['a list', '/v1/accounts'],
    ['an unknown route', '/v1/nothing-here'],
  ])('sends Cache-Control: no-store with %s', async (_case, path) => {
    const res = await t.as('admin').get(path);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends Cache-Control: no-store with a refusal', async () => {
    const res = await request(t.http).get('/v1/accounts').expect(401);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
