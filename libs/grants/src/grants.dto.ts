import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, OptionalRate } from '@app/common';
import { JournalEntryResponse } from '@app/ledger';
import { GRANT_KINDS, GrantKind } from './domain/grant-postings';
import { GrantView } from './grant-report';

export const CODE = /^[A-Za-z0-9._-]{1,30}$/;
const MEMBER = /^[A-Z]{3}$/;

/** A calendar day, YYYY-MM-DD. */
export const IsDay = () =>
  applyDecorators(
    IsDateString({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be YYYY-MM-DD' }),
  );

export class CreateDonorDto {
  @ApiProperty({ description: 'Donor code (letters, digits, . _ -)', example: 'USA' })
  @IsString()
  @Matches(CODE)
  code: string;

  @ApiProperty({ description: 'Donor name', example: 'United States of America' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    description: 'The member state this donor is (ISO 3166 alpha-3), if it is one',
    example: 'USA',
  })
  @IsOptional()
  @Matches(MEMBER)
  member?: string;
}

export class GrantBudgetLineDto {
  @ApiProperty({ description: 'Budget line code, unique within the grant', example: 'MEDIA' })
  @IsString()
  @Matches(CODE)
  code: string;

  @ApiProperty({ example: 'Radio and television spots' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: "Amount in the grant's currency", example: '150000.00' })
  @IsDecimalAmount()
  amount: string;
}

export class CreateGrantDto {
  @ApiProperty({
    description: "Grant code; also the code of the grant's restricted fund",
    example: 'USA-2004-CAMPAIGN',
  })
  @IsString()
  @Matches(CODE)
  code: string;

  @ApiProperty({ description: 'Donor code (POST /v1/donors)', example: 'USA' })
  @IsString()
  @Matches(CODE)
  donor: string;

  @ApiProperty({ example: 'Awareness campaign on the risks of migrant smuggling and trafficking in persons' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ description: "Amount of the agreement, in the grant's currency", example: '250000.00' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency: string;

  @OptionalRate('Base units per unit of `currency` on the signing date; required unless `currency` is the base currency', '1.3')
  rate?: string;

  @ApiProperty({
    description: 'Date the agreement was signed; the pledge is recognised on this date',
    example: '2004-11-15',
  })
  @IsDay()
  signedOn: string;

  @ApiProperty({ example: 'Inform migrants of the risks of smuggling and trafficking in persons' })
  @IsString()
  @Length(1, 2000)
  purpose: string;

  @ApiProperty({ example: 'IOM' })
  @IsString()
  @Length(1, 200)
  implementingPartner: string;

  @ApiProperty({
    enum: GRANT_KINDS,
    description:
      "'restricted': revenue when the pledge is recognised (restricted net assets); 'conditional' (IPSAS 23): deferred revenue until spending on the purpose meets the condition",
    example: 'restricted',
  })
  @IsIn(GRANT_KINDS)
  kind: GrantKind;

  @ApiPropertyOptional({ description: 'First day on which spending is eligible', example: '2005-01-01' })
  @IsOptional()
  @IsDay()
  periodFrom?: string;

  @ApiPropertyOptional({ description: 'Last day on which spending is eligible', example: '2005-12-31' })
  @IsOptional()
  @IsDay()
  periodTo?: string;

  @ApiPropertyOptional({
    type: [GrantBudgetLineDto],
    description: 'When given, they add up to `amount` and every expenditure names one of them',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => GrantBudgetLineDto)
  @ArrayMaxSize(100)
  budgetLines?: GrantBudgetLineDto[];

  @ApiPropertyOptional({
    description: 'Up to 32 string keys with string values, kept with the pledge entry',
    example: { agreement: 'S-LMAQM-04-GR-123' },
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class GrantReceiptDto {
  @ApiProperty({ description: 'Amount received, in `currency`', example: '125000.00' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency: string;

  @OptionalRate('Base units per unit of `currency` on the day received; required unless `currency` is the base currency', '1.0')
  rate?: string;

  @ApiPropertyOptional({
    description:
      "The part of the pledge, in the grant's currency, that this tranche settles. Required when `currency` is not the grant's currency; otherwise it is `amount`",
    example: '125000.00',
  })
  @IsOptional()
  @IsDecimalAmount()
  grantCurrencyAmount?: string;

  @ApiProperty({ example: '2005-01-20' })
  @IsDay()
  receivedOn: string;

  @ApiProperty({ description: 'Bank advice or remittance reference', example: 'FED-WIRE-0120' })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({
    description: "Bank account credited; defaults to the installation's default",
    example: 'OPERATING',
  })
  @IsOptional()
  @Matches(CODE)
  bankAccount?: string;

  @ApiPropertyOptional({ description: 'Up to 32 string keys with string values', example: { advice: 'A-77' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class GrantExpenditureDto {
  @ApiProperty({ description: 'Amount paid, in `currency`', example: '40000.00' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ description: 'Budget line of the grant (one of its budgetLines when it has any)', example: 'MEDIA' })
  @IsString()
  @Matches(CODE)
  budgetLine: string;

  @ApiProperty({ example: '2005-02-10' })
  @IsDay()
  date: string;

  @ApiProperty({ example: 'Radio spots, first wave' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiPropertyOptional({
    description: 'Expense account; defaults to 5300 Communications and campaigns',
    example: '5300',
  })
  @IsOptional()
  @Matches(CODE)
  account?: string;

  @ApiPropertyOptional({ description: "Currency paid; defaults to the bank account's currency", example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @OptionalRate('Base units per unit of `currency`; required unless it is the base currency', '1.0')
  rate?: string;

  @ApiPropertyOptional({
    description: "Bank account paid from; defaults to the installation's default",
    example: 'OPERATING',
  })
  @IsOptional()
  @Matches(CODE)
  bankAccount?: string;

  @ApiPropertyOptional({ description: 'Up to 32 string keys with string values', example: { invoice: 'INV-2005-014' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class GrantRefundDto {
  @ApiPropertyOptional({
    description:
      "Unspent cash paid back to the donor; defaults to all of it (base currency). '0.00' closes the grant without paying anything back",
    example: '5000.00',
  })
  @IsOptional()
  @IsDecimalAmount({ currencyField: 'currency', allowZero: true })
  amount?: string;

  @ApiProperty({ example: '2006-01-31' })
  @IsDay()
  date: string;

  @ApiProperty({ example: 'Refund letter TS/2006/012' })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({ description: "Currency paid back; defaults to the bank account's currency", example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @OptionalRate('Base units per unit of `currency`; required unless it is the base currency', '1.0')
  rate?: string;

  @ApiPropertyOptional({ example: 'OPERATING' })
  @IsOptional()
  @Matches(CODE)
  bankAccount?: string;
}

export class GrantReportQuery {
  @ApiPropertyOptional({
    description: "Rendering; 'json' is built in, others are added by report renderers",
    example: 'json',
  })
  @IsOptional()
  @Matches(/^[a-z0-9]{1,10}$/)
  format?: string;

  @ApiPropertyOptional({ enum: ['es', 'en'], example: 'es' })
  @IsOptional()
  @IsIn(['es', 'en'])
  lang?: 'es' | 'en';

  @ApiPropertyOptional({
    description: 'Figures as at this date (inclusive); default: everything',
    example: '2005-12-31',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  asOf?: string;
}

export class DonorResponse {
  @ApiProperty({ example: 'USA' }) code: string;
  @ApiProperty({ example: 'United States of America' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'USA', description: 'The member state the donor is, if any' }) member: string | null;
}

export class GrantCreatedResponse extends GrantView {
  @ApiProperty({ type: JournalEntryResponse, description: 'The pledge entry' }) entry: JournalEntryResponse;
}

export class GrantReceiptResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'USA-2004-CAMPAIGN' }) grant: string;
  @ApiProperty({ example: '100000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1' }) rate: string;
  @ApiProperty({ example: '100000.00' }) amountBase: string;
  @ApiProperty({ example: '100000.00', description: "The tranche in the grant's currency" }) grantCurrencyAmount: string;
  @ApiProperty({ example: '100000.00', description: 'Receivable cleared, at the pledge rate' }) clearedBase: string;
  @ApiProperty({ example: '0.00', description: 'FX gain (positive) or loss (negative) of the grant fund' }) fxDifference: string;
  @ApiProperty({ example: '150000.00' }) outstandingPledgeInGrantCurrency: string;
  @ApiProperty({ example: '2005-02-15' }) receivedOn: string;
  @ApiProperty() reference: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ type: JournalEntryResponse }) entry: JournalEntryResponse;
}

export class GrantExpenditureResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'USA-2004-CAMPAIGN' }) grant: string;
  @ApiProperty({ example: '12000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1' }) rate: string;
  @ApiProperty({ example: '12000.00' }) amountBase: string;
  @ApiProperty({ example: '0.00', description: 'Revenue recognised by a conditional grant for this spending' }) revenueRecognised: string;
  @ApiProperty({ example: 'MEDIA' }) budgetLine: string;
  @ApiProperty({ example: '5300' }) account: string;
  @ApiProperty({ example: '2005-03-01' }) date: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ type: JournalEntryResponse }) entry: JournalEntryResponse;
}

export class GrantRefundResponse {
  @ApiProperty({ example: 'USA-2004-CAMPAIGN' }) grant: string;
  @ApiProperty({ enum: ['closed'] }) status: 'closed';
  @ApiProperty({ example: '2005-12-31' }) closedOn: string;
  @ApiProperty({ example: '3000.00', description: "In the grant's currency" }) refunded: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '3000.00' }) refundedBase: string;
  @ApiProperty({ example: '0.00', description: 'Pledge never received, cancelled' }) receivableCancelled: string;
  @ApiProperty({ example: '0.00' }) deferredRevenueSettled: string;
  @ApiProperty({ type: JournalEntryResponse, nullable: true, description: 'null when there was nothing to post' })
  entry: JournalEntryResponse | null;
}
