import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, OptionalRate } from '@app/common';
import { JournalEntryResponse } from '@app/ledger';
import { IsCalendarDate, MemberCode } from '../shared/dto';

export class CreatePaymentDto {
  @ApiProperty({ example: 'BLZ', description: 'Paying member (ISO 3166 alpha-3)' })
  @MemberCode()
  member: string;

  @ApiProperty({ example: '400.00', description: 'Decimal string in `currency`' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ example: 'BZD', description: 'ISO 4217 currency of the amount received' })
  @IsCurrencyCode()
  currency: string;

  @OptionalRate('Base-currency units per unit of `currency`; required unless it is the base currency', '0.5')
  rate?: string;

  @ApiProperty({ example: '2005-03-15', description: 'Value date of the money received' })
  @IsCalendarDate()
  receivedOn: string;

  @ApiProperty({ example: 'Transfer 2005/0315-BZ', description: 'Bank advice or remittance reference' })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiPropertyOptional({
    example: 2005,
    description:
      'Credit this fiscal year first; any excess beyond what it owes becomes an advance. Without it: oldest outstanding year first',
  })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2999)
  designatedFiscalYear?: number;

  @ApiPropertyOptional({
    example: 'OPERATING',
    description: "Bank account received into; default: the policies' default bank account",
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,30}$/)
  bankAccount?: string;

  @ApiPropertyOptional({
    example: { advice: 'BZ-0315' },
    description: 'Up to 32 string keys with string values, kept with the entry',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class ReversePaymentDto {
  @ApiProperty({ example: '2005-04-02', description: 'Date of the reversal' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 'Cheque returned unpaid' })
  @IsString()
  @Length(1, 400)
  reason: string;
}

export class ListPaymentsQuery {
  @ApiPropertyOptional({ example: 'MEX' })
  @IsOptional()
  @MemberCode()
  member?: string;

  @ApiPropertyOptional({ example: '2005-01-01', description: 'Received on or after' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2005-12-31', description: 'Received on or before' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  cursor?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class PaymentAllocationResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '200.00' }) amount: string;
  @ApiProperty({
    example: '2005-03-15',
    description: 'The day received, or a later assessment date (applied from the advance)',
  })
  appliedOn: string;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'BLZ' }) member: string;
  @ApiProperty({ example: '2005-03-15' }) receivedOn: string;
  @ApiProperty({ example: '400.00' }) amount: string;
  @ApiProperty({ example: 'BZD' }) currency: string;
  @ApiProperty({ example: '0.5' }) rate: string;
  @ApiProperty({ example: '200.00', description: 'In the base currency: amount × rate, half-even' }) amountBase: string;
  @ApiProperty() reference: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) designatedFiscalYear: number | null;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ type: [String] }) entryIds: string[];
  @ApiProperty({ type: [PaymentAllocationResponse] }) allocations: PaymentAllocationResponse[];
  @ApiProperty({
    example: '0.00',
    description: 'Left unapplied: an advance, applied automatically to the next assessment',
  })
  advance: string;
  @ApiPropertyOptional({
    type: [JournalEntryResponse],
    description: 'Only in the answer of a dry run (`?dryRun=true`): the journal entries the payment would post',
  })
  entries?: JournalEntryResponse[];
}

export class PaymentDryRunAnswer {
  @ApiProperty({ example: 201 }) status: number;
  @ApiProperty({ type: PaymentResponse }) body: PaymentResponse;
}

export class PaymentDryRunResponse {
  @ApiProperty({ enum: [true] }) dryRun: true;
  @ApiProperty({ type: PaymentDryRunAnswer, description: 'What recording the payment would answer; nothing was written' })
  wouldRespond: PaymentDryRunAnswer;
}

export class PaymentYearAmount {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '200.00' }) amount: string;
}

export class PaymentReversalFacts {
  @ApiProperty({ example: '2005-04-02' }) date: string;
  @ApiProperty({ example: 'Cheque returned unpaid' }) reason: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) adjustmentEntryId: string | null;
}

export class PaymentHistoryItem {
  @ApiProperty({
    enum: ['payment', 'advance', 'release', 'reversal'],
    description: "'payment'/'advance' apply money to a year; 'release' and 'reversal' take it back",
  })
  kind: 'payment' | 'advance' | 'release' | 'reversal';
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '200.00' }) amount: string;
  @ApiProperty({ example: '2005-03-15' }) effectiveOn: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
}

export class PaymentDetailResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'BLZ' }) member: string;
  @ApiProperty({ example: '2005-03-15' }) receivedOn: string;
  @ApiProperty({ example: '400.00' }) amount: string;
  @ApiProperty({ example: 'BZD' }) currency: string;
  @ApiProperty({ example: '0.5' }) rate: string;
  @ApiProperty({ example: '200.00' }) amountBase: string;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, type: Number }) designatedFiscalYear: number | null;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata: Record<string, string>;
  @ApiProperty({ type: [PaymentYearAmount], description: 'Applied to each fiscal year, net of what was taken back' })
  allocations: PaymentYearAmount[];
  @ApiProperty({ example: '0.00', description: 'Received, not applied' }) advance: string;
  @ApiProperty({ type: PaymentReversalFacts, nullable: true }) reversal: PaymentReversalFacts | null;
  @ApiProperty({ type: [PaymentHistoryItem], description: 'Every allocation made or taken back, in order' })
  history: PaymentHistoryItem[];
}

export class PaymentPage {
  @ApiProperty({ type: [PaymentDetailResponse] }) items: PaymentDetailResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' }) nextCursor: string | null;
}

export class PaymentReversalResponse {
  @ApiProperty({ type: PaymentDetailResponse }) payment: PaymentDetailResponse;
  @ApiProperty({ format: 'uuid' }) reversalEntryId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) adjustmentEntryId: string | null;
  @ApiProperty({ type: [PaymentYearAmount], description: 'Taken back from each year: outstanding again' })
  reopened: PaymentYearAmount[];
  @ApiProperty({ example: '0.00', description: "The payment's unapplied advance that went with it" }) advanceRemoved: string;
}
