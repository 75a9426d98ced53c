import type { Request, Response } from 'express';

/**
 * The session cookie. Over HTTPS (or any host but localhost) it is `__Host-clg_session`: Secure,
 * and the `__Host-` prefix makes browsers refuse one set by a sibling domain or for a narrower
 * path. Over plain http on localhost (a workstation trying the console) browsers would drop a
 * Secure cookie, so it is `clg_session` without Secure — and accepted only there.
 */
export const SECURE_SESSION_COOKIE = '__Host-clg_session';
export const LOCAL_SESSION_COOKIE = 'clg_session';

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isPlainHttpLocalhost(request: Request): boolean {
  return !request.secure && LOCAL_HOSTS.has((request.hostname ?? '').toLowerCase());
}

function cookieValues(request: Request, name: string): string[] {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || header.length > 8_192) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** Whether the request carries a session cookie of either name, valid or not. */
export function carriesSessionCookie(request: Request): boolean {
  return cookieValues(request, SECURE_SESSION_COOKIE).length > 0 || cookieValues(request, LOCAL_SESSION_COOKIE).length > 0;
}

/** The session token the request presents, if it presents exactly one well-formed token. */
export function sessionTokenOf(request: Request): string | undefined {
  const names = isPlainHttpLocalhost(request) ? [SECURE_SESSION_COOKIE, LOCAL_SESSION_COOKIE] : [SECURE_SESSION_COOKIE];
  const values = names.flatMap((name) => cookieValues(request, name));
  // Two cookies of one name (one planted by another site) are refused rather than guessed between.
  if (values.length !== 1) return undefined;
  return SESSION_TOKEN.test(values[0]) ? values[0] : undefined;
}

function attributes(request: Request): { name: string; secure: boolean } {
  const local = isPlainHttpLocalhost(request);
  return { name: local ? LOCAL_SESSION_COOKIE : SECURE_SESSION_COOKIE, secure: !local };
}

export function setSessionCookie(request: Request, response: Response, token: string, maxAgeMs: number): void {
  const { name, secure } = attributes(request);
  response.cookie(name, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs });
}

export function clearSessionCookie(request: Request, response: Response): void {
  const { name, secure } = attributes(request);
  response.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
