import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode, notFound } from '@app/common';
import { MEMBER_CODE } from './dto';

/** A member code in the path: anything that cannot be one is simply not found. */
@Injectable()
export class MemberCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MEMBER_CODE.test(value)) throw notFound('member', value);
    return value;
  }
}

/** A fiscal year in the path: a whole number between 1900 and 2999. */
@Injectable()
export class FiscalYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 1900 || Number(value) > 2999) {
      throw new DomainError(ErrorCode.ValidationFailed, 'fiscalYear must be a year between 1900 and 2999', [
        { field: 'fiscalYear', message: 'must be a year between 1900 and 2999' },
      ]);
    }
    return Number(value);
  }
}
