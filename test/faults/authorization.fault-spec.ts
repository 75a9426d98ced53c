import request from 'supertest';
import { Role, ROLES } from '@app/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { AUTHORIZATION_MATRIX } from './authorization-matrix';
import { OpenApiDocument, operations } from './openapi';

type Caller = Role | 'none' | 'revoked';
const CALLERS: Caller[] = [...ROLES, 'none', 'revoked'];
const DUMMY = '00000000-0000-4000-8000-000000000000';

/** Every route × every role (and no token, and a revoked one) against the declared matrix. */
describe('authorization matrix', () => {
  let t: TestApp;
  let revoked: string;

  beforeAll(async () => {
    t = await startTestApp();
    const issued = await t.as('admin').post('/v1/tokens', { name: 'to revoke', role: 'admin' }).expect(201);
    revoked = issued.body.token;
    await t.as('admin').delete(`/v1/tokens/${issued.body.id}`).expect(200);
  });
  afterAll(async () => t.close());

  it('covers exactly the routes the API serves', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    const served = operations(doc).map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    expect(served).toEqual(Object.keys(AUTHORIZATION_MATRIX).sort());
  });

  it('answers each route for each caller as declared', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    const differences: string[] = [];
    for (const op of operations(doc)) {
      const route = `${op.method.toUpperCase()} ${op.path}`;
      const allowed = AUTHORIZATION_MATRIX[route];
      if (allowed === undefined) {
        differences.push(`${route}: not in the declared matrix`);
        continue;
      }
      const path = op.path.replace(/\{[^}]+\}/g, DUMMY);
      for (const caller of CALLERS) {
        let r = request(t.http)[op.method](path).set('Idempotency-Key', `authz-${route}-${caller}`);
        if (caller === 'revoked') r = r.set('Authorization', `Bearer ${revoked}`);
        else if (caller !== 'none') r = r.set('Authorization', `Bearer ${t.tokens[caller]}`);
        const res = op.method === 'get' ? await r : await r.send({});
        const expected =
          allowed === 'public' ? 'open' : caller === 'none' || caller === 'revoked' ? 401 : allowed.includes(caller) ? 'open' : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'open';
        if (got !== expected || res.status >= 500) differences.push(`${route} as ${caller}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('serves nothing but health, readiness, metrics (to the loopback) and the documentation without a token', async () => {
    const open = Object.entries(AUTHORIZATION_MATRIX).filter(([, roles]) => roles === 'public').map(([route]) => route);
    expect(open).toEqual(['GET /health', 'GET /health/ready', 'GET /metrics']);
    await request(t.http).get('/docs').expect(200);
    await request(t.http).get('/docs-json').expect(200);
  });
});
