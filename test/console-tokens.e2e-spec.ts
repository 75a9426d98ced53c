import request from 'supertest';
import { Client } from 'pg';
import { UsersService } from '@app/auth';
import { cookieClient, PASSWORD, signIn } from './support/sessions';
import { startTestApp, TestApp } from './support/test-app';

/** API tokens managed by an admin signed in to the web console (not only by an admin token). */
describe('API tokens issued by a person', () => {
  let t: TestApp;
  let db: Client;
  let admin: ReturnType<typeof cookieClient>;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const created = await t.app.get(UsersService).create({ username: 'console-admin', displayName: 'Console admin', role: 'admin', password: PASSWORD }, { role: 'system' });
    adminId = created.id;
    admin = cookieClient(t.http, await signIn(t.http, 'console-admin'));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('issues a token whose secret works, lists it, revokes it, and the audit log names the person', async () => {
    const issued = await admin.post('/v1/tokens', { name: 'Nightly reconciliation', role: 'viewer' }, null);
    expect({ status: issued.status, body: issued.body as unknown }).toMatchObject({ status: 201, body: { name: 'Nightly reconciliation', role: 'viewer' } });
    const secret = issued.body.token as string;
    expect(typeof secret).toBe('string');
    await request(t.http).get('/v1/fiscal-years').set('Authorization', `Bearer ${secret}`).expect(200);

    const listed = await admin.get('/v1/tokens').expect(200);
    expect(listed.body).toContainEqual({ id: issued.body.id, name: 'Nightly reconciliation', role: 'viewer', revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    await admin.delete(`/v1/tokens/${issued.body.id as string}`).expect(200);
    await request(t.http).get('/v1/fiscal-years').set('Authorization', `Bearer ${secret}`).expect(401);

    const audit = await db.query(`SELECT action, actor_token_id, status_code FROM audit_log WHERE action LIKE '% /v1/tokens%' ORDER BY id`);
    expect(audit.rows).toEqual([
      { action: 'POST /v1/tokens', actor_token_id: adminId, status_code: 201 },
      { action: 'DELETE /v1/tokens/:id', actor_token_id: adminId, status_code: 200 },
    ]);
  });
});
