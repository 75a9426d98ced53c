import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * A client's X-Request-Id is kept (in answers, logs and the audit log that auditors open in a
 * spreadsheet) only when it is a plain short id: letters, digits, '.', '_' and '-', at most 64,
 * starting with a letter or digit (so it can never read as a formula). Anything else is replaced.
 */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function acceptedRequestId(sent: unknown): string | undefined {
  return typeof sent === 'string' && ACCEPTED.test(sent) ? sent : undefined;
}

export function requestIdFor(request: IncomingMessage): string {
  return acceptedRequestId(request.headers['x-request-id']) ?? randomUUID();
}
