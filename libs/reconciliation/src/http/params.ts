import { ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/common';

export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,30}$/;
export const ACCOUNT_CODE_PATTERN = /^[A-Za-z0-9._-]{1,20}$/;
export const ID_PATTERN = /^[1-9]\d{0,17}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A path segment that cannot name anything is a 404, like a name that names nothing. */
class PatternPipe implements PipeTransform<string, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly what: string,
  ) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) {
      throw new DomainError(ErrorCode.NotFound, `no ${this.what} is named '${String(value).slice(0, 40)}'`);
    }
    return value;
  }
}

export const bankAccountCode = new PatternPipe(CODE_PATTERN, 'bank account');
export const statementLineId = new PatternPipe(ID_PATTERN, 'statement line');
export const matchId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'no match has that id'),
});
