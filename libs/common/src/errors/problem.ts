import { DomainError, FieldError } from './domain-error';
import { ERROR_STATUS, ERROR_TITLE, ErrorCode } from './error-codes';

/** RFC 9457 problem details, with the stable `code` clients branch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemOf(code: ErrorCode, detail: string, errors?: FieldError[], requestId?: string): Problem {
  return {
    type: `urn:contributions-ledger:problem:${code}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function problemFromDomainError(error: DomainError, requestId?: string): Problem {
  return { ...(error.extensions ?? {}), ...problemOf(error.code, error.message, error.errors, requestId) };
}

/**
 * An answer decided before the handler's own (an idempotent replay, a dry run): thrown so that
 * the one exception filter writes every response that does not come from a handler.
 */
export class PreparedAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`prepared answer ${status}`);
    this.name = 'PreparedAnswer';
  }
}
