import { Client } from 'pg';
import request from 'supertest';
import {
  Clock,
  LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_FAILURES_PER_USERNAME,
  PasswordHasher,
  Role,
  ROLES,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
} from '@app/auth';
import { expectLedgerSound } from './support/ledger-assertions';
import { cookieClient, PASSWORD, sessionCookieOf, signIn, signInEveryRole } from './support/sessions';
import { newKey, startTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;
const WINDOW_PASSED = 16 * MINUTE;

describe('people and sessions', () => {
  let t: TestApp;
  let db: Client;
  let offsetMs = 0;
  const sleeps: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const clock = t.app.get(Clock);
    jest.spyOn(clock, 'nowMs').mockImplementation(() => Date.now() + offsetMs);
    jest.spyOn(clock, 'sleep').mockImplementation(async (ms: number) => {
      sleeps.push(ms);
    });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const advance = (ms: number): void => {
    offsetMs += ms;
  };
  const newUser = async (username: string, role: Role = 'viewer', password = PASSWORD): Promise<string> => {
    const res = await t.as('admin').post('/v1/users', { username, displayName: `Person ${username}`, role, password }).expect(201);
    return res.body.id as string;
  };
  const session = (cookie: string): request.Test => request(t.http).get('/v1/auth/session').set('Cookie', cookie);
  const login = (username: string, password: string): request.Test => request(t.http).post('/v1/auth/login').send({ username, password });

  describe('users', () => {
    it('creates a person and never answers the password or its hash', async () => {
      const created = await t.as('admin').post('/v1/users', { username: 'mlopez', displayName: 'María López', role: 'secretariat', password: PASSWORD }).expect(201);
      expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'disabled', 'displayName', 'id', 'role', 'username']);
      expect(created.body).toMatchObject({ username: 'mlopez', displayName: 'María López', role: 'secretariat', disabled: false });
      const listed = await t.as('admin').get('/v1/users').expect(200);
      const text = JSON.stringify(listed.body);
      expect(text).toContain('mlopez');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/argon2|hash|password/i);
      const stored = await db.query('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
      expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(stored.rows[0].password_hash).not.toContain(PASSWORD);
    });

    it('refuses a second person with the same username in another case (409)', async () => {
      const res = await t.as('admin').post('/v1/users', { username: 'MLOPEZ', displayName: 'x', role: 'viewer', password: PASSWORD }).expect(409);
      expect(res.body.code).toBe('already_exists');
    });

    it('says what the password policy is when a password breaks it', async () => {
      const res = await t.as('admin').post('/v1/users', { username: 'short', displayName: 'x', role: 'viewer', password: 'eleven char' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'password', message: 'must be at least 12 characters long' }]);
      expect(res.body.detail).toBe('password: must be at least 12 characters long');
    });

    it.each([
      [{ username: '-x', displayName: 'x', role: 'viewer', password: PASSWORD }, 'username'],
      [{ username: 'ok', displayName: '', role: 'viewer', password: PASSWORD }, 'displayName'],
      [{ username: 'ok', displayName: 'x', role: 'king', password: PASSWORD }, 'role'],
      [{ username: 'ok', displayName: 'x', role: 'viewer' }, 'password'],
    ])('names the bad field of %j', async (body, field) => {
      const res = await t.as('admin').post('/v1/users', body).expect(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });

    it('lets only admins manage people', async () => {
      for (const role of ['secretariat', 'viewer', 'auditor'] as const) {
        await t.as(role).get('/v1/users').expect(403);
        await t.as(role).post('/v1/users', { username: 'nope', displayName: 'x', role: 'admin', password: PASSWORD }).expect(403);
      }
      await request(t.http).patch('/v1/users/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${t.tokens.viewer}`).send({ role: 'admin' }).expect(403);
      await request(t.http).patch('/v1/users/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${t.tokens.admin}`).send({ role: 'admin' }).expect(404);
      await request(t.http).patch('/v1/users/not-a-uuid').set('Authorization', `Bearer ${t.tokens.admin}`).send({ role: 'admin' }).expect(404);
    });
  });

  describe('sign-in and sessions', () => {
    it('signs in with an HttpOnly, SameSite=Lax, Path=/ cookie, not Secure on plain-http localhost', async () => {
      const id = await newUser('signin-local', 'auditor');
      const res = await login('signin-local', PASSWORD).expect(200);
      expect(res.body).toEqual({ user: { id, username: 'signin-local', displayName: 'Person signin-local', role: 'auditor' } });
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/^clg_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      expect(cookie).toMatch(/; Max-Age=43200/);
      const current = await session(sessionCookieOf(res)).expect(200);
      expect(current.body.user).toEqual(res.body.user);
      expect(Date.parse(current.body.session.expiresAt)).toBeGreaterThan(Date.now() + offsetMs);
      expect(current.body.session.idleExpiresAt).toBeDefined();
      // Only a hash of the token is stored.
      const token = sessionCookieOf(res).split('=')[1];
      const stored = await db.query('SELECT token_hash FROM sessions WHERE user_id = $1', [id]);
      expect(stored.rows.map((r) => r.token_hash as string)).not.toContain(token);
    });

    it('sets a Secure __Host- cookie on any other host, and accepts only that name there', async () => {
      await newUser('signin-remote');
      const res = await login('signin-remote', PASSWORD).set('Host', 'ledger.example.org').expect(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/^__Host-clg_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      const value = sessionCookieOf(res).split('=')[1];
      await session(`__Host-clg_session=${value}`).set('Host', 'ledger.example.org').expect(200);
      await session(`clg_session=${value}`).set('Host', 'ledger.example.org').expect(401);
    });

    it('answers 401 to /v1/auth/session without a session, API tokens included', async () => {
      await request(t.http).get('/v1/auth/session').expect(401);
      const res = await t.as('admin').get('/v1/auth/session').expect(401);
      expect(res.body.detail).toMatch(/POST \/v1\/auth\/login/);
      await session('clg_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
    });

    it('logout ends the session at once, clears the cookie, and both are in the audit log', async () => {
      const id = await newUser('leaver');
      const cookie = await signIn(t.http, 'leaver');
      await session(cookie).expect(200);
      const out = await request(t.http).post('/v1/auth/logout').set('Cookie', cookie).set('X-Requested-With', 'XMLHttpRequest').expect(204);
      expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^clg_session=; .*Expires=Thu, 01 Jan 1970/);
      await session(cookie).expect(401);
      await request(t.http).post('/v1/auth/logout').set('Cookie', cookie).set('X-Requested-With', 'x').expect(204);
      await request(t.http).post('/v1/auth/logout').expect(204);
      const audit = await db.query(`SELECT action, outcome, actor_token_id, actor_role FROM audit_log WHERE target = $1 ORDER BY id`, [`user=${id}`]);
      expect(audit.rows).toEqual([
        { action: 'user created', outcome: 'success', actor_token_id: expect.any(String), actor_role: 'admin' },
        { action: 'login', outcome: 'success', actor_token_id: id, actor_role: 'viewer' },
        { action: 'logout', outcome: 'success', actor_token_id: id, actor_role: 'viewer' },
      ]);
    });

    it('gives every sign-in a new session, and ends the one the browser presented', async () => {
      await newUser('twice');
      const first = await signIn(t.http, 'twice');
      const again = await request(t.http).post('/v1/auth/login').set('Cookie', first).set('X-Requested-With', 'XMLHttpRequest').send({ username: 'twice', password: PASSWORD }).expect(200);
      const second = sessionCookieOf(again);
      expect(second).not.toBe(first);
      await session(first).expect(401);
      await session(second).expect(200);
      // Another browser (no cookie sent) gets its own session beside it.
      const third = await signIn(t.http, 'twice');
      await session(second).expect(200);
      await session(third).expect(200);
    });

    it('ends a session after 30 minutes without activity; activity keeps it, polling the session does not', async () => {
      await newUser('idle');
      const cookie = await signIn(t.http, 'idle');
      const client = cookieClient(t.http, cookie);
      advance(SESSION_IDLE_TIMEOUT_MS - MINUTE);
      await client.get('/v1/accounts').expect(200);
      advance(SESSION_IDLE_TIMEOUT_MS - MINUTE);
      await client.get('/v1/accounts').expect(200);
      advance(SESSION_IDLE_TIMEOUT_MS - 5 * MINUTE);
      await session(cookie).expect(200);
      advance(5 * MINUTE + 1_000);
      const res = await client.get('/v1/accounts').expect(401);
      expect(res.body.detail).toBe('the session has ended or expired; sign in again');
    });

    it('ends a session 12 hours after sign-in however active it is', async () => {
      await newUser('busy');
      const cookie = await signIn(t.http, 'busy');
      const client = cookieClient(t.http, cookie);
      const steps = Math.floor(SESSION_ABSOLUTE_TIMEOUT_MS / (20 * MINUTE));
      for (let i = 0; i < steps - 1; i++) {
        advance(20 * MINUTE);
        await client.get('/v1/funds').expect(200);
      }
      advance(SESSION_ABSOLUTE_TIMEOUT_MS - (steps - 1) * 20 * MINUTE + 1_000);
      await client.get('/v1/funds').expect(401);
    });

    it('disabling a person ends their sessions at once and refuses their sign-in with the usual answer', async () => {
      const id = await newUser('departed');
      const cookie = await signIn(t.http, 'departed');
      await request(t.http).patch(`/v1/users/${id}`).set('Authorization', `Bearer ${t.tokens.admin}`).send({ disabled: true }).expect(200);
      await session(cookie).expect(401);
      const refused = await login('departed', PASSWORD).expect(401);
      expect(refused.body.detail).toBe('the username or password is not correct');
      const listed = (await t.as('admin').get('/v1/users').expect(200)).body as { id: string; disabled: boolean }[];
      expect(listed.find((u) => u.id === id)?.disabled).toBe(true);
      await request(t.http).patch(`/v1/users/${id}`).set('Authorization', `Bearer ${t.tokens.admin}`).send({ disabled: false }).expect(200);
      await session(await signIn(t.http, 'departed')).expect(200);
      advance(WINDOW_PASSED);
    });

    it("applies a new role at once, and an admin's new password ends the person's sessions", async () => {
      const id = await newUser('promoted', 'viewer');
      const cookie = await signIn(t.http, 'promoted');
      const client = cookieClient(t.http, cookie);
      await client.post('/v1/members', { code: 'PAN', name: 'Panama', joinedOn: '1996-03-13' }).expect(403);
      await request(t.http).patch(`/v1/users/${id}`).set('Authorization', `Bearer ${t.tokens.admin}`).send({ role: 'secretariat' }).expect(200);
      await client.post('/v1/members', { code: 'PAN', name: 'Panama', joinedOn: '1996-03-13' }).expect(201);
      await request(t.http).patch(`/v1/users/${id}`).set('Authorization', `Bearer ${t.tokens.admin}`).send({ password: 'a brand new long password' }).expect(200);
      await session(cookie).expect(401);
      await login('promoted', PASSWORD).expect(401);
      await login('promoted', 'a brand new long password').expect(200);
      const audit = await db.query(`SELECT detail FROM audit_log WHERE action = 'user changed' AND target = $1 ORDER BY id`, [`user=${id}`]);
      expect(audit.rows.map((r) => r.detail)).toEqual([
        { username: 'promoted', changes: { role: { from: 'viewer', to: 'secretariat' } }, passwordChanged: false, sessionsEnded: 0 },
        { username: 'promoted', changes: {}, passwordChanged: true, sessionsEnded: 1 },
      ]);
      advance(WINDOW_PASSED);
    });
  });

  describe('own password', () => {
    it('changes it: every session ends, this browser gets a new one, the old password stops working', async () => {
      await newUser('changer');
      const here = await signIn(t.http, 'changer');
      const elsewhere = await signIn(t.http, 'changer');
      const res = await cookieClient(t.http, here).post('/v1/auth/password', { current: PASSWORD, next: 'another long passphrase' }, null).expect(200);
      expect(res.body.user.username).toBe('changer');
      const renewed = sessionCookieOf(res);
      await session(here).expect(401);
      await session(elsewhere).expect(401);
      await session(renewed).expect(200);
      await login('changer', PASSWORD).expect(401);
      await login('changer', 'another long passphrase').expect(200);
      advance(WINDOW_PASSED);
    });

    it('refuses a wrong current password, a short new one (naming the policy), and an API token', async () => {
      await newUser('careful');
      const client = cookieClient(t.http, await signIn(t.http, 'careful'));
      const wrong = await client.post('/v1/auth/password', { current: 'not my password', next: 'another long passphrase' }, null).expect(400);
      expect(wrong.body.errors).toEqual([{ field: 'current', message: 'is not your current password' }]);
      const short = await client.post('/v1/auth/password', { current: PASSWORD, next: 'too short' }, null).expect(400);
      expect(short.body.detail).toBe('next: must be at least 12 characters long');
      const same = await client.post('/v1/auth/password', { current: PASSWORD, next: PASSWORD }, null).expect(400);
      expect(same.body.errors).toEqual([{ field: 'next', message: 'must differ from the current password' }]);
      const token = await t.as('viewer').post('/v1/auth/password', { current: PASSWORD, next: 'another long passphrase' }, null).expect(403);
      expect(token.body.code).toBe('forbidden');
      advance(WINDOW_PASSED);
    });
  });

  describe('wrong credentials', () => {
    it('answers an unknown user and a wrong password alike, each after one password verification', async () => {
      await newUser('known');
      const hasher = t.app.get(PasswordHasher);
      const verify = jest.spyOn(hasher, 'verify');
      const strip = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, requestId: undefined });
      const unknown = await login('nobody-here', PASSWORD).expect(401);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0][0]).toBeUndefined();
      const wrong = await login('known', 'not the password at all').expect(401);
      expect(verify).toHaveBeenCalledTimes(2);
      expect(verify.mock.calls[1][0]).toMatch(/^\$argon2id\$/);
      verify.mockRestore();
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
      expect(unknown.headers['set-cookie']).toBeUndefined();
      expect(wrong.headers['set-cookie']).toBeUndefined();
      // A real user's failure is audited (without the password typed); an unknown name is not.
      const audit = await db.query(`SELECT outcome, status_code, detail FROM audit_log WHERE action = 'login' AND outcome = 'rejected' AND detail->>'username' IN ('known', 'nobody-here')`);
      expect(audit.rows).toEqual([{ outcome: 'rejected', status_code: 401, detail: { username: 'known', address: expect.any(String), reason: 'wrong password' } }]);
      advance(WINDOW_PASSED);
    });

    it('holds an unknown user and a wrong password to the same minimum answer time', async () => {
      await newUser('padded');
      // The clock stands still: whatever the work took, both answers wait for the whole floor.
      const clock = t.app.get(Clock);
      const frozenMs = Date.now() + offsetMs;
      const frozen = jest.spyOn(clock, 'nowMs').mockImplementation(() => frozenMs);
      sleeps.length = 0;
      try {
        await login('nobody-at-all', 'definitely not it').expect(401);
        await login('padded', 'definitely not it').expect(401);
      } finally {
        frozen.mockImplementation(() => Date.now() + offsetMs);
      }
      expect(sleeps).toEqual([250, 250]);
      advance(WINDOW_PASSED);
    });

    it('slows repeated failures for one username, then answers 429 even to the right password, until the window passes', async () => {
      await newUser('targeted');
      sleeps.length = 0;
      for (let i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++) await login('targeted', `guess number ${i}`).expect(401);
      // The first three are answered at the floor; then each waits one more second, up to five.
      expect(sleeps.slice(3)).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000]);
      expect(sleeps.slice(0, 3).every((ms) => ms <= 250)).toBe(true);
      const limited = await login('targeted', `guess number 11`).expect(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await login('targeted', PASSWORD).expect(429);
      // The limit is per username: another person signs in from the same address.
      await newUser('bystander');
      await login('bystander', PASSWORD).expect(200);
      // No hard lock-out: once the window has passed, the right password works.
      advance(WINDOW_PASSED);
      await login('targeted', PASSWORD).expect(200);
    });

    it('answers 429 to an address that failed for too many usernames', async () => {
      await newUser('after-spray');
      for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) await login(`spray-${i}`, 'whatever it is').expect(401);
      await login('spray-new', 'whatever it is').expect(429);
      await login('after-spray', PASSWORD).expect(429);
      advance(WINDOW_PASSED);
      await login('after-spray', PASSWORD).expect(200);
    });
  });

  describe('cross-site requests', () => {
    let cookie: string;

    beforeAll(async () => {
      await newUser('clerk', 'secretariat');
      cookie = await signIn(t.http, 'clerk');
    });

    const write = (): request.Test =>
      request(t.http).post('/v1/donors').set('Cookie', cookie).set('Idempotency-Key', newKey()).send({ code: `D${Math.floor(Math.random() * 1e6)}`, name: 'Donor' });

    it('refuses a cookie-borne write from another origin (Origin or Sec-Fetch-Site) with 403', async () => {
      const byOrigin = await write().set('X-Requested-With', 'XMLHttpRequest').set('Origin', 'https://evil.example').expect(403);
      expect(byOrigin.headers['content-type']).toMatch(/^application\/problem\+json/);
      await write().set('X-Requested-With', 'XMLHttpRequest').set('Sec-Fetch-Site', 'cross-site').expect(403);
      await write().set('X-Requested-With', 'XMLHttpRequest').set('Sec-Fetch-Site', 'same-site').expect(403);
      await request(t.http).post('/v1/auth/logout').set('Cookie', cookie).set('X-Requested-With', 'x').set('Origin', 'https://evil.example').expect(403);
      await session(cookie).expect(200);
    });

    it('refuses a cookie-borne write without X-Requested-With with 403, multipart uploads included', async () => {
      const res = await write().expect(403);
      expect(res.body.detail).toMatch(/X-Requested-With/);
      await write().set('X-Requested-With', '').expect(403);
      await request(t.http)
        .post('/v1/bank-accounts/OPERATING/statements')
        .set('Cookie', cookie)
        .field('format', 'csv')
        .attach('file', Buffer.from('date,amount,reference,description\n'), 'statement.csv')
        .expect(403);
      await request(t.http).post('/v1/auth/logout').set('Cookie', cookie).expect(403);
      await session(cookie).expect(200);
    });

    it('accepts a same-origin cookie write with X-Requested-With, and reads need neither', async () => {
      await write().set('X-Requested-With', 'XMLHttpRequest').set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000').expect(201);
      await write().set('X-Requested-With', 'XMLHttpRequest').set('Sec-Fetch-Site', 'same-origin').expect(201);
      await request(t.http).get('/v1/donors').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').expect(200);
      const upload = await request(t.http)
        .post('/v1/bank-accounts/NO-SUCH/statements')
        .set('Cookie', cookie)
        .set('X-Requested-With', 'XMLHttpRequest')
        .field('format', 'csv')
        .attach('file', Buffer.from('date,amount,reference,description\n'), 'statement.csv');
      expect(upload.status).not.toBe(403);
      expect(upload.status).toBeLessThan(500);
    });

    it('asks neither of a bearer caller', async () => {
      await t
        .as('secretariat')
        .post('/v1/donors', { code: 'BEARER1', name: 'Donor' })
        .set('Origin', 'https://elsewhere.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .expect(201);
    });
  });

  describe('session and token callers', () => {
    let cookies: Record<Role, string>;

    beforeAll(async () => {
      cookies = await signInEveryRole(t);
    });

    it.each(ROLES)('answer %s reads alike', async (role) => {
      for (const path of ['/v1/accounts', '/v1/funds', '/v1/reports/trial-balance?asOf=2005-12-31', '/v1/tokens', '/v1/users', '/v1/audit-log?limit=1']) {
        const byToken = await t.as(role).get(path);
        const bySession = await cookieClient(t.http, cookies[role]).get(path);
        expect({ path, status: bySession.status }).toEqual({ path, status: byToken.status });
        if (byToken.status === 200 && !path.startsWith('/v1/audit-log')) expect(bySession.body).toEqual(byToken.body);
      }
    });

    it.each(ROLES)('answer %s writes alike, and the audit log names the person', async (role) => {
      const suffix = role.slice(0, 3).toUpperCase();
      const byToken = await t.as(role).post('/v1/donors', { code: `T${suffix}`, name: 'Donor' });
      const bySession = await cookieClient(t.http, cookies[role]).post('/v1/donors', { code: `S${suffix}`, name: 'Donor' });
      expect(bySession.status).toBe(byToken.status);
      expect(['secretariat', 'admin'].includes(role) ? 201 : 403).toBe(bySession.status);
      const invalid = await cookieClient(t.http, cookies[role]).post('/v1/donors', { code: '', name: 'Donor' });
      expect(invalid.status).toBe((await t.as(role).post('/v1/donors', { code: '', name: 'Donor' })).status);
      const user = await db.query('SELECT id FROM users WHERE username = $1', [`person-${role}`]);
      const rows = await db.query(`SELECT actor_token_id, actor_role, status_code FROM audit_log WHERE action = 'POST /v1/donors' AND actor_token_id = $1 ORDER BY id`, [user.rows[0].id]);
      expect(rows.rows).toEqual([
        { actor_token_id: user.rows[0].id, actor_role: role, status_code: bySession.status },
        { actor_token_id: user.rows[0].id, actor_role: role, status_code: invalid.status },
      ]);
    });

    it('replays an idempotent post of a person, and posts to the ledger as that person', async () => {
      const client = cookieClient(t.http, cookies.secretariat);
      const key = newKey();
      const entry = {
        date: '2005-03-15',
        description: 'posted from the console',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '10.00' },
          { account: '4900', fund: 'GEN', side: 'credit', amount: '10.00' },
        ],
      };
      const first = await client.post('/v1/journal-entries', entry, key).expect(201);
      const again = await client.post('/v1/journal-entries', entry, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const user = await db.query(`SELECT id FROM users WHERE username = 'person-secretariat'`);
      const stored = await db.query('SELECT actor_token_id FROM journal_entries WHERE id = $1', [first.body.id]);
      expect(stored.rows[0].actor_token_id).toBe(user.rows[0].id);
      await expectLedgerSound(t);
    });
  });

  describe('audit log', () => {
    it('lists entries newest first with filters and cursor paging, for auditors and admins', async () => {
      const id = await newUser('audited');
      await signIn(t.http, 'audited');
      await signIn(t.http, 'audited');
      const all = await t.as('auditor').get('/v1/audit-log?limit=500').expect(200);
      const ids = (all.body.items as { id: string }[]).map((i) => Number(i.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const logins = await t.as('auditor').get(`/v1/audit-log?action=login&actor=${id}`).expect(200);
      expect(logins.body.items).toHaveLength(2);
      expect(logins.body.items[0]).toMatchObject({
        actor: { kind: 'user', id, name: 'audited' },
        actorRole: 'viewer',
        action: 'login',
        target: `user=${id}`,
        outcome: 'success',
        statusCode: 200,
      });
      const first = await t.as('admin').get(`/v1/audit-log?action=login&actor=${id}&limit=1`).expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toBe(first.body.items[0].id);
      const second = await t.as('admin').get(`/v1/audit-log?action=login&actor=${id}&limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items[0].id).toBe(logins.body.items[1].id);
      expect(second.body.nextCursor).toBeNull();
      const created = await t.as('auditor').get(`/v1/audit-log?action=${encodeURIComponent('POST /v1/users')}&limit=1`).expect(200);
      expect(created.body.items[0].actor).toMatchObject({ kind: 'token', name: 'test admin' });
      const today = new Date().toISOString().slice(0, 10);
      const none = await t.as('auditor').get(`/v1/audit-log?from=2005-01-01&to=2005-12-31`).expect(200);
      expect(none.body.items).toEqual([]);
      const dated = await t.as('auditor').get(`/v1/audit-log?from=${today}&to=${today}&limit=1`).expect(200);
      expect(dated.body.items).toHaveLength(1);
    });

    it.each([
      ['from=2005-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2005-12-31&to=2005-01-01', 'to'],
      ['actor=mlopez', 'actor'],
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
    ])('answers 400 naming %s', async (query, field) => {
      const res = await t.as('auditor').get(`/v1/audit-log?${query}`).expect(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });

    it('is closed to secretariat and viewer', async () => {
      await t.as('secretariat').get('/v1/audit-log').expect(403);
      await t.as('viewer').get('/v1/audit-log').expect(403);
    });

    it('never holds a password or a password hash', async () => {
      const rows = await db.query('SELECT count(*)::int AS n FROM audit_log WHERE detail::text ~* $1 OR target ~* $1', ['argon2|password_hash|correct horse|passphrase|guess number|brand new']);
      expect(rows.rows[0].n).toBe(0);
    });
  });
});
