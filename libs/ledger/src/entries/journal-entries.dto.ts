import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, OptionalRate } from '@app/common';
import { IsStringRecord, keepRaw } from '../http/is-string-record.validator';
import { SIDES, Side } from '../domain/posting';

const CODE = /^[A-Za-z0-9._-]{1,30}$/;

export class PostingLineDto {
  @ApiProperty({ description: 'Account code', example: '1010' })
  @IsString()
  @Matches(CODE)
  account: string;

  @ApiProperty({ description: 'Fund code', example: 'GEN' })
  @IsString()
  @Matches(CODE)
  fund: string;

  @ApiProperty({ enum: SIDES, example: 'debit' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ description: 'Positive decimal string at the currency scale', example: '1250.50' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiPropertyOptional({ description: 'ISO 4217 code; defaults to the base currency', example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @OptionalRate('Base-currency units per unit of `currency`', '0.5')
  rate?: string;

  @ApiPropertyOptional({ description: 'Member (ISO 3166 alpha-3)', example: 'MEX' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  member?: string;

  @ApiPropertyOptional({ description: 'Grant code', example: 'USA-2004-TRAFFICKING' })
  @IsOptional()
  @Matches(CODE)
  grant?: string;

  @ApiPropertyOptional({ description: 'Budget line code', example: 'MEETINGS' })
  @IsOptional()
  @Matches(CODE)
  budgetLine?: string;
}

export class CreateJournalEntryDto {
  @ApiProperty({ description: 'Value date', example: '2005-03-15' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: 'Bank interest, March 2005' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiProperty({ type: [PostingLineDto], minItems: 2, maxItems: 500 })
  @ValidateNested({ each: true })
  @Type(() => PostingLineDto)
  @ArrayMinSize(2)
  @ArrayMaxSize(500)
  lines: PostingLineDto[];

  @ApiPropertyOptional({ description: 'Up to 32 string keys with string values', example: { decision: 'GRCM-2004-12/21' } })
  @IsOptional()
  @Transform(keepRaw, { toClassOnly: true })
  @IsObject()
  @IsStringRecord(32)
  metadata?: Record<string, string>;
}

export class ReverseJournalEntryDto {
  @ApiProperty({ description: 'Date of the reversing entry', example: '2005-03-20' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: 'Posted to the wrong member' })
  @IsString()
  @Length(1, 400)
  reason: string;
}

export class ListJournalEntriesQuery {
  @ApiPropertyOptional({ example: '2005-01-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2005-12-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ example: '1100' })
  @IsOptional()
  @Matches(CODE)
  account?: string;

  @ApiPropertyOptional({ example: 'GEN' })
  @IsOptional()
  @Matches(CODE)
  fund?: string;

  @ApiPropertyOptional({ example: 'MEX' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  member?: string;

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

export class PostingLineResponse {
  @ApiProperty() line: number;
  @ApiProperty() account: string;
  @ApiProperty() fund: string;
  @ApiProperty({ enum: SIDES }) side: Side;
  @ApiProperty({ example: '400.00' }) amount: string;
  @ApiProperty({ example: 'BZD' }) currency: string;
  @ApiProperty({ example: '0.5' }) rate: string;
  @ApiProperty({ example: '200.00' }) amountBase: string;
  @ApiPropertyOptional() member?: string;
  @ApiPropertyOptional() grant?: string;
  @ApiPropertyOptional() budgetLine?: string;
  @ApiPropertyOptional() bankAccount?: string;
}

export class JournalEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 42 }) sequence: number;
  @ApiProperty({ example: '2005-03-15' }) date: string;
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 3 }) period: number;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'manual' }) source: string;
  @ApiPropertyOptional({ nullable: true, type: String }) sourceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reverses: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reversedBy: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata: Record<string, string>;
  @ApiProperty({ example: '2005-03-15T14:02:11.123Z' }) postedAt: string;
  @ApiProperty({ example: '0000…' }) prevHash: string;
  @ApiProperty({ example: '9f2c…' }) hash: string;
  @ApiProperty({ type: [PostingLineResponse] }) lines: PostingLineResponse[];
}

export class JournalEntryPage {
  @ApiProperty({ type: [JournalEntryResponse] }) items: JournalEntryResponse[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  nextCursor: string | null;
}
