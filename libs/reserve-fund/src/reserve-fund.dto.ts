import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, OptionalRate } from '@app/common';
import { JournalEntryResponse } from '@app/ledger';
import { CASE_STATUSES, CaseStatus } from './domain/case-rules';
import { ContributionSource } from './reserve-fund.repository';

const CODE = /^[A-Za-z0-9._-]{1,30}$/;
const ISO3 = /^[A-Z]{3}$/;

export const CONTRIBUTION_SOURCES: readonly ContributionSource[] = ['member', 'general_fund', 'donor'];

/** A calendar day, YYYY-MM-DD. */
const IsDay = () =>
  applyDecorators(
    IsDateString({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be YYYY-MM-DD' }),
  );

export class ReserveContributionDto {
  @ApiProperty({ description: 'Amount, in `currency` (default: the bank account currency)', example: '50000.00' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ example: '2005-01-15' })
  @IsDay()
  date: string;

  @ApiProperty({
    enum: CONTRIBUTION_SOURCES,
    description:
      "'member': a member state pays into the fund (Dr bank / Cr 4300, member); 'general_fund': a transfer decided by a meeting " +
      "(GEN: Dr 5800 / Cr bank; RES: Dr bank / Cr 4800); 'donor': another contributor (Dr bank / Cr 4300)",
  })
  @IsIn(CONTRIBUTION_SOURCES)
  source: ContributionSource;

  @ApiPropertyOptional({
    description: "Member state (ISO 3166 alpha-3); required when source is 'member'",
    example: 'MEX',
  })
  @IsOptional()
  @Matches(ISO3)
  member?: string;

  @ApiPropertyOptional({
    description: "Fund the transfer comes from (source 'general_fund'); default GEN",
    example: 'GEN',
  })
  @IsOptional()
  @Matches(CODE)
  fromFund?: string;

  @ApiPropertyOptional({
    description: "Decision authorising it; required when source is 'general_fund'",
    example: 'X CRM, Vancouver 2005, resolution 4',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  decision?: string;

  @ApiPropertyOptional({ description: "Donor code (POST /v1/donors), source 'donor'", example: 'CAN-CIDA' })
  @IsOptional()
  @Matches(CODE)
  donor?: string;

  @ApiPropertyOptional({ description: 'Bank or remittance reference', example: 'WIRE-2005-0115' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;

  @ApiPropertyOptional({
    description: "ISO 4217; defaults to the bank account's currency (a transfer between funds is in the base currency)",
    example: 'USD',
  })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @OptionalRate('Base units per unit of `currency`; required unless it is the base currency', '1.0')
  rate?: string;

  @ApiPropertyOptional({ description: "Bank account; defaults to the installation's default", example: 'OPERATING' })
  @IsOptional()
  @Matches(CODE)
  bankAccount?: string;

  @ApiPropertyOptional({ description: 'Up to 32 string keys with string values', example: { advice: 'A-12' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class CreateCaseDto {
  @ApiProperty({ example: 'Assisted return of 12 extra-regional migrants stranded in Panama' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({
    description: 'ISO 3166 alpha-3 codes of the countries involved in the return',
    example: ['PAN', 'ECU'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ISO3, { each: true })
  countriesInvolved: string[];

  @ApiProperty({ description: 'Base currency', example: '18000.00' })
  @IsDecimalAmount()
  requestedAmount: string;

  @ApiProperty({ description: 'Number of people to return', example: 12 })
  @IsInt()
  @Min(1)
  @Max(100000)
  people: number;

  @ApiProperty({ example: '2005-03-01' })
  @IsDay()
  requestedOn: string;
}

export class ConsultationDto {
  @ApiProperty({ description: 'One of the countries involved (ISO 3166 alpha-3)', example: 'PAN' })
  @Matches(ISO3)
  country: string;

  @ApiProperty({ example: '2005-03-04' })
  @IsDay()
  date: string;

  @ApiProperty({ description: "The country's answer", example: 'Agrees; exit permits will be issued' })
  @IsString()
  @Length(1, 2000)
  response: string;
}

export class CaseDecisionDto {
  @ApiProperty({ description: "Who decided: by the Protocol, 'IOM'", example: 'IOM' })
  @IsString()
  @Length(1, 100)
  decidedBy: string;

  @ApiProperty({ example: '2005-03-10' })
  @IsDay()
  date: string;

  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  outcome: 'approved' | 'rejected';

  @ApiPropertyOptional({
    description: 'Required when approved (base currency); absent when rejected',
    example: '15000.00',
  })
  @IsOptional()
  @IsDecimalAmount()
  approvedAmount?: string;
}

export class NotificationDto {
  @ApiProperty({ example: '2005-03-11' })
  @IsDay()
  date: string;

  @ApiProperty({ description: 'Reference of the note to the Pro-Tempore Presidency', example: 'OIM/PPT/2005/031' })
  @IsString()
  @Length(1, 200)
  reference: string;
}

export class DisbursementDto {
  @ApiProperty({ description: 'Base currency', example: '9000.00' })
  @IsDecimalAmount()
  amount: string;

  @ApiProperty({ example: '2005-03-15' })
  @IsDay()
  date: string;

  @ApiProperty({ example: 'Air tickets PTY-UIO, invoice 7781' })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({
    description: "Bank account paid from (in the base currency); defaults to the installation's default",
    example: 'OPERATING',
  })
  @IsOptional()
  @Matches(CODE)
  bankAccount?: string;
}

export class CloseCaseDto {
  @ApiProperty({ example: '2005-04-30' })
  @IsDay()
  date: string;

  @ApiPropertyOptional({ example: 'All 12 returned; 3,000.00 not needed' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ReserveFundQuery {
  @ApiPropertyOptional({ description: 'As at this date (inclusive); default today', example: '2005-12-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  asOf?: string;
}

export class ReserveFundReportQuery extends ReserveFundQuery {
  @ApiPropertyOptional({
    description: 'First day of the period; default the first day of the fiscal year of asOf',
    example: '2005-01-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({
    description: "Rendering; 'json' is built in, others are added by report renderers",
    example: 'json',
  })
  @IsOptional()
  @Matches(/^[a-z0-9]{1,10}$/)
  format?: string;

  @ApiPropertyOptional({ enum: ['es', 'en'] })
  @IsOptional()
  @IsIn(['es', 'en'])
  lang?: 'es' | 'en';
}

export class ReserveContributionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONTRIBUTION_SOURCES }) source: ContributionSource;
  @ApiProperty({ example: '40000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1' }) rate: string;
  @ApiProperty({ example: '40000.00' }) amountBase: string;
  @ApiProperty({ example: '2005-01-15' }) date: string;
  @ApiProperty({ type: String, nullable: true, example: 'MEX' }) member: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CAN-CIDA' }) donor: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GEN' }) fromFund: string | null;
  @ApiProperty({ type: String, nullable: true }) decision: string | null;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ type: JournalEntryResponse }) entry: JournalEntryResponse;
}

export class DisbursementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The case' }) case: string;
  @ApiProperty({ example: '6000.00' }) amount: string;
  @ApiProperty({ example: '2005-03-10' }) date: string;
  @ApiProperty() reference: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ example: '6000.00', description: 'Disbursed to the case so far' }) disbursedTotal: string;
  @ApiProperty({ example: '2000.00', description: 'Approved and not yet disbursed' }) commitment: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ type: JournalEntryResponse }) entry: JournalEntryResponse;
}
