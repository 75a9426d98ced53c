import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount } from '@app/common';

export class StandingPolicyDto {
  @ApiProperty({ enum: ['none', 'arrears_years'], description: "'arrears_years': a member whose arrears reach the assessments of the preceding `years` full years is not in good standing" })
  @IsIn(['none', 'arrears_years'])
  rule: 'none' | 'arrears_years';

  @ApiProperty({ example: 2, minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  years: number;
}

export class ReserveFundPolicyDto {
  @ApiPropertyOptional({ nullable: true, example: null, description: 'Largest amount one case may be approved for; null = no cap' })
  @ValidateIf((_o, v) => v !== null)
  @IsDecimalAmount({ allowZero: false })
  perCaseCap: string | null;

  @ApiProperty({ example: '0.00', description: 'The fund balance may not go below this' })
  @IsDecimalAmount({ allowZero: true })
  floor: string;
}

export class PoliciesDto {
  @ApiProperty({ example: 'USD', description: 'Reporting currency; fixed once anything is posted' })
  @IsCurrencyCode()
  baseCurrency: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'Month the fiscal year starts; fixed once anything is posted' })
  @IsInt()
  @Min(1)
  @Max(12)
  fiscalYearStartMonth: number;

  @ApiProperty({ type: StandingPolicyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StandingPolicyDto)
  standing: StandingPolicyDto;

  @ApiProperty({ example: 30, description: 'Honour roll: paid in full within this many days of the assessment' })
  @IsInt()
  @Min(0)
  @Max(366)
  honourRollDays: number;

  @ApiProperty({ example: false, description: 'May a grant spend more than it has received?' })
  @IsBoolean()
  grantsPreFinance: boolean;

  @ApiProperty({ type: ReserveFundPolicyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReserveFundPolicyDto)
  reserveFund: ReserveFundPolicyDto;

  @ApiProperty({ example: 5, description: 'Bank matching date window, ± days' })
  @IsInt()
  @Min(0)
  @Max(60)
  matchingWindowDays: number;

  @ApiPropertyOptional({ nullable: true, example: 'OPERATING', description: 'Bank account used when a payment names none' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^[A-Za-z0-9._-]{1,30}$/)
  defaultBankAccount: string | null;
}
