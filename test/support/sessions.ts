import request from 'supertest';
import type { App } from 'supertest/types';
import { Role, ROLES, UsersService } from '@app/auth';
import { newKey, RoleClient, TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';

/** The `name=value` of the session cookie a login answer set (for a Cookie header). */
export function sessionCookieOf(res: request.Response): string {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = (header ?? []).find((c) => /^(__Host-)?clg_session=[^;]+/.test(c));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return cookie.split(';')[0];
}

export async function signIn(http: App, username: string, password = PASSWORD): Promise<string> {
  const res = await request(http).post('/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return sessionCookieOf(res);
}

/** A client signed in by cookie, as the console is: every request sends X-Requested-With. */
export function cookieClient(http: App, cookie: string): RoleClient & { patch(path: string, body?: object): request.Test } {
  const withCookie = (r: request.Test): request.Test => r.set('Cookie', cookie).set('X-Requested-With', 'XMLHttpRequest');
  return {
    get: (path) => withCookie(request(http).get(path)),
    post: (path, body, key) => {
      const r = withCookie(request(http).post(path));
      const header = key === undefined ? newKey() : key;
      if (header !== null) r.set('Idempotency-Key', header);
      return body === undefined ? r : r.send(body);
    },
    put: (path, body) => withCookie(request(http).put(path)).send(body ?? {}),
    patch: (path, body) => withCookie(request(http).patch(path)).send(body ?? {}),
    delete: (path) => withCookie(request(http).delete(path)),
  };
}

/** One person per role (username `person-<role>`), each signed in: role → session cookie. */
export async function signInEveryRole(t: TestApp, prefix = 'person'): Promise<Record<Role, string>> {
  const users = t.app.get(UsersService);
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) {
    const username = `${prefix}-${role}`;
    await users.create({ username, displayName: `Test ${role}`, role, password: PASSWORD }, { role: 'system' });
    cookies[role] = await signIn(t.http, username);
  }
  return cookies;
}
