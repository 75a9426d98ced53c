import request from 'supertest';
import { Role, ROLES } from '@app/auth';
import { signIn, signInEveryRole } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';
import { AUTHORIZATION_MATRIX, PEOPLE } from './authorization-matrix';
import { OpenApiDocument, Operation, operations } from './openapi';

type Person = `person:${Role}`;
type Caller = Role | Person | 'none' | 'revoked' | 'ended-session';
const PEOPLE_CALLERS: Person[] = ROLES.map((role) => `person:${role}` as const);
const CALLERS: Caller[] = [...ROLES, ...PEOPLE_CALLERS, 'none', 'revoked', 'ended-session'];
const DUMMY = '00000000-0000-4000-8000-000000000000';

const isPerson = (caller: Caller): caller is Person => caller.startsWith('person:');
const roleOf = (caller: Caller): Role | undefined =>
  isPerson(caller) ? (caller.slice('person:'.length) as Role) : (ROLES as readonly string[]).includes(caller) ? (caller as Role) : undefined;

/**
 * Every route × every role, as a machine (bearer token) and as a person (session cookie), and with
 * no credentials, a revoked token and an ended session, against the declared matrix.
 */
describe('authorization matrix', () => {
  let t: TestApp;
  let revoked: string;
  let sessions: Record<Role, string>;
  let ended: string;

  beforeAll(async () => {
    t = await startTestApp();
    const issued = await t.as('admin').post('/v1/tokens', { name: 'to revoke', role: 'admin' }).expect(201);
    revoked = issued.body.token;
    await t.as('admin').delete(`/v1/tokens/${issued.body.id}`).expect(200);
    sessions = await signInEveryRole(t, 'matrix');
    ended = await signIn(t.http, 'matrix-admin');
    await request(t.http).post('/v1/auth/logout').set('Cookie', ended).set('X-Requested-With', 'XMLHttpRequest').expect(204);
  });

  const call = (op: Operation, path: string, caller: Caller, csrfHeader = true): request.Test => {
    let r = request(t.http)[op.method](path).set('Idempotency-Key', `authz-${op.method}-${op.path}-${caller}-${csrfHeader}`);
    if (caller === 'revoked') r = r.set('Authorization', `Bearer ${revoked}`);
    else if (caller === 'ended-session') r = r.set('Cookie', ended);
    else if (isPerson(caller)) r = r.set('Cookie', sessions[roleOf(caller) as Role]);
    else if (caller !== 'none') r = r.set('Authorization', `Bearer ${t.tokens[caller]}`);
    if (csrfHeader && (isPerson(caller) || caller === 'ended-session')) r = r.set('X-Requested-With', 'XMLHttpRequest');
    return r;
  };

  const expectation = (allowed: Role[] | 'public' | typeof PEOPLE, caller: Caller): 401 | 403 | 'open' => {
    if (allowed === 'public') return 'open';
    const role = roleOf(caller);
    if (role === undefined) return 401;
    if (allowed === PEOPLE) return isPerson(caller) ? 'open' : 401;
    return allowed.includes(role) ? 'open' : 403;
  };

  /** Signing out ends the caller's session: sign the person in again for the next routes. */
  const renew = async (op: Operation, caller: Caller): Promise<void> => {
    if (op.path === '/v1/auth/logout' && isPerson(caller)) {
      const role = roleOf(caller) as Role;
      sessions[role] = await signIn(t.http, `matrix-${role}`);
    }
  };
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
        const r = call(op, path, caller);
        const res = op.method === 'get' ? await r : await r.send({});
        await renew(op, caller);
        const expected = expectation(allowed, caller);
        const got = res.status === 401 || res.status === 403 ? res.status : 'open';
        if (got !== expected || res.status >= 500) differences.push(`${route} as ${caller}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('refuses every write signed in by cookie without X-Requested-With (403), whatever the role', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    const differences: string[] = [];
    for (const op of operations(doc).filter((o) => o.method !== 'get')) {
      const path = op.path.replace(/\{[^}]+\}/g, DUMMY);
      for (const caller of [...PEOPLE_CALLERS, 'ended-session'] as Caller[]) {
        const res = await call(op, path, caller, false).send({});
        if (res.status !== 403) differences.push(`${op.method.toUpperCase()} ${op.path} as ${caller}: expected 403, got ${res.status}`);
      }
    }
    expect(differences).toEqual([]);
    await request(t.http).get('/v1/auth/session').set('Cookie', sessions.viewer).expect(200);
  });

  it('serves nothing but health, readiness, metrics (to the loopback), sign-in, sign-out and the documentation without a token', async () => {
    const open = Object.entries(AUTHORIZATION_MATRIX).filter(([, roles]) => roles === 'public').map(([route]) => route);
    expect(open).toEqual(['GET /health', 'GET /health/ready', 'GET /metrics', 'POST /v1/auth/login', 'POST /v1/auth/logout']);
    await request(t.http).get('/docs').expect(200);
    await request(t.http).get('/docs-json').expect(200);
  });
});
