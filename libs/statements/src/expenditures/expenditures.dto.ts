import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount, OptionalRate } from '@app/common';

const CODE = /^[A-Za-z0-9._-]{1,30}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateExpenditureDto {
  @ApiProperty({ description: 'Fund paying (general or reserve; grant funds use POST /v1/grants/{code}/expenditures)', example: 'GEN' })
  @IsString()
  @Matches(CODE, { message: 'fund must be a fund code' })
  fund: string;

  @ApiProperty({ description: 'Budget line of the approved budget of the fiscal year of `date` (required for the general fund)', example: 'MEETINGS' })
  @IsString()
  @Matches(CODE, { message: 'budgetLine must be a budget line code' })
  budgetLine: string;

  @ApiProperty({ description: 'Expense account debited', example: '5200' })
  @IsString()
  @Matches(CODE, { message: 'account must be an account code' })
  account: string;

  @ApiProperty({ description: 'Positive decimal string at the currency scale (a JSON number is refused)', example: '1250.00' })
  @IsDecimalAmount({ currencyField: 'currency' })
  amount: string;

  @ApiProperty({ description: 'ISO 4217 code; must be the currency of the bank account paying', example: 'USD' })
  @IsCurrencyCode()
  currency: string;

  @OptionalRate('Base-currency units per unit of `currency` (required unless it is the base currency)', '0.5')
  rate?: string;

  @ApiProperty({ description: 'Value date (the day the money left the bank)', example: '2005-03-15' })
  @IsDateString({ strict: true })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ description: 'Who was paid', example: 'Hotel El Panamá' })
  @IsString()
  @Length(1, 200)
  payee: string;

  @ApiProperty({ description: 'What was paid for (the journal entry description)', example: 'Venue of the vice-ministerial meeting' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiPropertyOptional({ description: 'Bank account paying; default: the default bank account of the policies', example: 'OPERATING' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'bankAccount must be a bank account code' })
  bankAccount?: string;

  @ApiPropertyOptional({ description: 'Up to 32 string keys with string values (invoice numbers…); `payee` is reserved', example: { invoice: 'F-0042' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class ListExpendituresQuery {
  @ApiPropertyOptional({ example: '2005', description: 'Fiscal year of the entries' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'fiscalYear must be a four-digit year' })
  fiscalYear?: string;

  @ApiPropertyOptional({ example: 'GEN' })
  @IsOptional()
  @Matches(CODE)
  fund?: string;

  @ApiPropertyOptional({ example: 'MEETINGS' })
  @IsOptional()
  @Matches(CODE)
  budgetLine?: string;

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

export class ExpenditureResponse {
  @ApiProperty({ format: 'uuid', description: 'The journal entry of the expenditure' }) id: string;
  @ApiProperty({ example: 42 }) sequence: number;
  @ApiProperty({ example: '2005-03-15' }) date: string;
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: 'MEETINGS' }) budgetLine: string;
  @ApiProperty({ example: '5200' }) account: string;
  @ApiProperty({ example: '1250.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1' }) rate: string;
  @ApiProperty({ example: '1250.00' }) amountBase: string;
  @ApiProperty() payee: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata: Record<string, string>;
  @ApiProperty({ example: '9f2c…' }) hash: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The reversing entry, if reversed' }) reversedBy: string | null;
}

export class ExpenditurePage {
  @ApiProperty({ type: [ExpenditureResponse] }) items: ExpenditureResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor: string | null;
}
