import type { Request } from 'express';
import { DomainError, ErrorCode } from '@app/common';
import { carriesSessionCookie } from '../sessions/session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request that a browser could send on its own (a form, a multipart upload)
 * carries the session cookie but cannot carry a custom header without a CORS preflight, which
 * this API never grants. So a cookie-borne write must send `X-Requested-With` (any value); a
 * request with an Authorization header is a bearer caller's and needs none.
 */
export function assertCookieWriteHeader(request: Request): void {
  if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) return;
  if (!carriesSessionCookie(request)) return;
  const header = request.headers['x-requested-with'];
  if (typeof header === 'string' && header.trim() !== '') return;
  throw new DomainError(ErrorCode.Forbidden, 'a request signed in with the session cookie that changes anything must send an X-Requested-With header');
}
