import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Client } from 'pg';
import request from 'supertest';
import { PUBLIC_KEY, ROLES_KEY } from '@app/auth';
import { startTestApp, TestApp } from './support/test-app';

describe('platform: auth, errors, audit log, documentation', () => {
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

  it('answers /health without a token', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('serves the OpenAPI document and UI without a token', async () => {
    const json = await request(t.http).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/v1/tokens']).toBeDefined();
    expect(json.body.components.securitySchemes.bearer).toBeDefined();
    await request(t.http).get('/docs').expect(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer clg_not-a-real-token'],
    ['a malformed scheme', 'Basic abc'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 problem+json', async (_case, header) => {
    const r = request(t.http).get('/v1/tokens');
    if (header !== undefined) r.set('Authorization', header);
    const res = await r.expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it.each(['secretariat', 'viewer', 'auditor'] as const)('refuses token management to %s with 403', async (role) => {
    const res = await t.as(role).post('/v1/tokens', { name: 'x', role: 'viewer' }).expect(403);
    expect(res.body.code).toBe('forbidden');
    await t.as(role).get('/v1/tokens').expect(403);
  });

  it('issues a token that works at once, and revokes it so that it stops working', async () => {
    const created = await t.as('admin').post('/v1/tokens', { name: 'delegate', role: 'viewer' }).expect(201);
    expect(created.body).toMatchObject({ name: 'delegate', role: 'viewer' });
    expect(created.body.token).toMatch(/^clg_/);
    const stored = await db.query('SELECT token_hash FROM api_tokens WHERE id = $1', [created.body.id]);
    expect(stored.rows[0].token_hash).not.toContain(created.body.token);
    // a viewer cannot manage tokens, but is authenticated (403, not 401)
    await t.as({ token: created.body.token }).get('/v1/tokens').expect(403);
    await t.as('admin').delete(`/v1/tokens/${created.body.id}`).expect(200);
    await t.as({ token: created.body.token }).get('/v1/tokens').expect(401);
    await t.as('admin').delete('/v1/tokens/00000000-0000-0000-0000-000000000000').expect(404);
    await t.as('admin').delete('/v1/tokens/not-a-uuid').expect(404);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await request(t.http)
      .post('/v1/tokens')
      .set('Authorization', `Bearer ${t.tokens.admin}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('malformed_json');
  });

  it('rejects unknown fields and names every bad field', async () => {
    const res = await t.as('admin').post('/v1/tokens', { name: '', role: 'king', isAdmin: true }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['isAdmin', 'name', 'role']));
  });

  it('answers an unknown route with a 404 problem, not a 500', async () => {
    const res = await t.as('admin').get('/v1/nothing-here').expect(404);
    expect(res.body.code).toBe('route_not_found');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await t.as('admin').post('/v1/tokens', { name: 'x'.repeat(2_000_000), role: 'viewer' }).expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('appends an audit row for each write, accepted or refused, and the log cannot be changed', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM audit_log');
    await t.as('admin').post('/v1/tokens', { name: 'audited', role: 'auditor' }).expect(201);
    await t.as('viewer').post('/v1/tokens', { name: 'nope', role: 'admin' }).expect(403);
    await t.as('admin').post('/v1/tokens', { name: 'bad', role: 'nobody' }).expect(400);
    const rows = await db.query(
      'SELECT action, outcome, status_code, actor_role FROM audit_log ORDER BY id DESC LIMIT 3',
    );
    expect(rows.rows.reverse()).toEqual([
      { action: 'POST /v1/tokens', outcome: 'success', status_code: 201, actor_role: 'admin' },
      { action: 'POST /v1/tokens', outcome: 'rejected', status_code: 403, actor_role: 'viewer' },
      { action: 'POST /v1/tokens', outcome: 'failure', status_code: 400, actor_role: 'admin' },
    ]);
    const after = await db.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows[0].n - before.rows[0].n).toBe(3);
    await expect(db.query("UPDATE audit_log SET outcome = 'success'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('declares the allowed roles (or public access) on every route', () => {
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const reflector = t.app.get(Reflector);
    const undeclared: string[] = [];
    let routes = 0;
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata('path', handler) === undefined) continue;
        routes += 1;
        const targets = [handler, wrapper.metatype as object] as never[];
        const roles = reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets);
        const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets);
        if (!isPublic && (!roles || roles.length === 0)) undeclared.push(`${wrapper.name}.${name}`);
      }
    }
    expect(routes).toBeGreaterThan(3);
    expect(undeclared).toEqual([]);
  });
});
