import type { Request } from 'express';
import { carriesSessionCookie, isPlainHttpLocalhost, sessionTokenOf } from './session-cookie';

const TOKEN = 'A'.repeat(43);
const OTHER = 'B'.repeat(43);
const req = (cookie: string | undefined, hostname = 'localhost', secure = false): Request =>
  ({ headers: cookie === undefined ? {} : { cookie }, hostname, secure }) as unknown as Request;

describe('session cookie', () => {
  it.each([
    ['localhost', false, true],
    ['127.0.0.1', false, true],
    ['[::1]', false, true],
    ['LOCALHOST', false, true],
    ['localhost', true, false],
    ['ledger.example.org', false, false],
    ['10.0.0.5', false, false],
  ])('%s (https: %s) is plain-http localhost: %s', (hostname, secure, expected) => {
    expect(isPlainHttpLocalhost(req(undefined, hostname, secure))).toBe(expected);
  });

  it('reads the token of either name on plain-http localhost, only the __Host- one elsewhere', () => {
    expect(sessionTokenOf(req(`clg_session=${TOKEN}`))).toBe(TOKEN);
    expect(sessionTokenOf(req(`theme=dark; __Host-clg_session=${TOKEN}`))).toBe(TOKEN);
    expect(sessionTokenOf(req(`__Host-clg_session=${TOKEN}`, 'ledger.example.org'))).toBe(TOKEN);
    expect(sessionTokenOf(req(`clg_session=${TOKEN}`, 'ledger.example.org'))).toBeUndefined();
  });

  it('refuses two session cookies rather than guess between them, and malformed tokens', () => {
    expect(sessionTokenOf(req(`clg_session=${TOKEN}; clg_session=${OTHER}`))).toBeUndefined();
    expect(sessionTokenOf(req(`clg_session=${TOKEN}; __Host-clg_session=${OTHER}`))).toBeUndefined();
    expect(sessionTokenOf(req('clg_session=short'))).toBeUndefined();
    expect(sessionTokenOf(req(`clg_session=${TOKEN}!`))).toBeUndefined();
    expect(sessionTokenOf(req(`xclg_session=${TOKEN}`))).toBeUndefined();
    expect(sessionTokenOf(req(undefined))).toBeUndefined();
    expect(sessionTokenOf(req(`clg_session=${TOKEN}; pad=${'x'.repeat(9_000)}`))).toBeUndefined();
  });

  it('tells whether any session cookie is sent, valid or not, whatever the host', () => {
    expect(carriesSessionCookie(req('clg_session=', 'ledger.example.org'))).toBe(true);
    expect(carriesSessionCookie(req('__Host-clg_session=x'))).toBe(true);
    expect(carriesSessionCookie(req('theme=dark'))).toBe(false);
    expect(carriesSessionCookie(req(undefined))).toBe(false);
  });
});
