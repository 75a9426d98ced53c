import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  IsString,
  Length,
  Matches,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isIsoDate } from '@app/ledger';

export const MEMBER_CODE = /^[A-Z]{3}$/;
export const LINE_CODE = /^[A-Za-z0-9._-]{1,30}$/;

@ValidatorConstraint({ name: 'isCalendarDate' })
class CalendarDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDate(value);
  }
  defaultMessage(): string {
    return '$property must be a calendar date YYYY-MM-DD';
  }
}

/** A calendar date `YYYY-MM-DD` that exists (2005-02-30 is refused). */
export const IsCalendarDate = (): PropertyDecorator => applyDecorators(IsString(), Validate(CalendarDateConstraint));

/** The decision (meeting, date, reference) that approved a budget, a write-off or an exemption. */
export class MeetingDecisionDto {
  @ApiProperty({ example: 'GRCM, Panama City, 2-3 December 2004', description: 'Meeting that took the decision' })
  @IsString()
  @Length(1, 200)
  meeting: string;

  @ApiProperty({ example: '2004-12-03', description: 'Date of the decision' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 'GRCM-2004-12 conclusion 1', description: 'Reference of the decision (minutes, resolution)' })
  @IsString()
  @Length(1, 200)
  reference: string;
}

export const MemberCode = (): PropertyDecorator =>
  applyDecorators(
    Matches(MEMBER_CODE, { message: '$property must be an ISO 3166 alpha-3 code in capitals, such as MEX' }),
  );

export interface Decision {
  meeting: string;
  date: string;
  reference: string;
}
