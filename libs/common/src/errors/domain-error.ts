import { ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the caller can act on. Domain code throws these; one global filter renders them as
 * application/problem+json with the status of their code. Anything else thrown is a bug (500).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** Extra machine-readable facts for the client (e.g. the rule that was broken). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (field: string, message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, `${field}: ${message}`, [{ field, message }]);

/** Every problem of the input at once, each naming its field. */
export const validationErrors = (errors: FieldError[]): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

export const notFound = (what: string, key: string): DomainError =>
  new DomainError(ErrorCode.NotFound, `${what} '${key}' does not exist`);
