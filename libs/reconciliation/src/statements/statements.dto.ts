import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DATE_PATTERN, ID_PATTERN } from '../http/params';
import { STATEMENT_FORMATS, StatementFormat } from './statement-import.service';

const SIGNED_DECIMAL = /^[+-]?\d{1,20}(?:\.\d{1,4})?$/;

export class CsvColumnsDto {
  @ApiProperty({ description: 'Header of the booking-date column', example: 'Fecha' })
  @IsString()
  @Length(1, 100)
  date: string;

  @ApiProperty({ description: 'Header of the signed-amount column (+ money in)', example: 'Monto' })
  @IsString()
  @Length(1, 100)
  amount: string;

  @ApiProperty({ description: 'Header of the reference column', example: 'Referencia' })
  @IsString()
  @Length(1, 100)
  reference: string;

  @ApiProperty({ description: 'Header of the description column', example: 'Concepto' })
  @IsString()
  @Length(1, 100)
  description: string;
}

/** The form fields sent with the file (multipart/form-data). */
export class ImportStatementDto {
  @ApiProperty({
    enum: STATEMENT_FORMATS,
    example: 'mt940',
    description:
      "csv (the product's layout, or the bank's own export when the bank account has a csvProfile), camt053 (ISO 20022, any .001.NN version), mt940 (SWIFT), xlsx (the bank's own export, first sheet, read with the csvProfile)",
  })
  @IsIn(STATEMENT_FORMATS)
  format: StatementFormat;

  @ApiPropertyOptional({
    type: CsvColumnsDto,
    description:
      'CSV only: header names when they are not date,amount,reference,description; sent as form fields ' +
      'columns[date], columns[amount], columns[reference], columns[description]. Other columns are then ignored.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CsvColumnsDto)
  columns?: CsvColumnsDto;

  @ApiPropertyOptional({
    enum: ['YYYY-MM-DD', 'DD/MM/YYYY'],
    description: 'CSV only; default YYYY-MM-DD',
    example: 'DD/MM/YYYY',
  })
  @IsOptional()
  @IsIn(['YYYY-MM-DD', 'DD/MM/YYYY'])
  dateFormat?: 'YYYY-MM-DD' | 'DD/MM/YYYY';

  @ApiPropertyOptional({
    description: 'CSV or XLSX whose file gives no balances: balance before the first line (signed)',
    example: '10000.00',
  })
  @IsOptional()
  @Matches(SIGNED_DECIMAL, { message: 'openingBalance must be a signed decimal string such as "-1250.50"' })
  openingBalance?: string;

  @ApiPropertyOptional({
    description: 'CSV or XLSX whose file gives no balances: balance after the last line (signed)',
    example: '13765.44',
  })
  @IsOptional()
  @Matches(SIGNED_DECIMAL, { message: 'closingBalance must be a signed decimal string such as "-1250.50"' })
  closingBalance?: string;

  @ApiPropertyOptional({ description: "CSV or XLSX: the bank's number of the statement", example: '2024/03' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  statementId?: string;
}

export class ImportedStatementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The bank's id of the statement (camt Stmt/Id, MT940 :28C:)",
  })
  statementId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The account the file names (camt Acct/Id, MT940 :25:)',
    example: 'CR05015202001026284066',
  })
  accountIdentifier: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-01' }) fromDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-31' }) toDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '10000.00' }) openingBalance: string | null;
  @ApiProperty({ nullable: true, type: String, example: '13765.44' }) closingBalance: string | null;
  @ApiProperty({ example: 12 }) linesRead: number;
  @ApiProperty({ example: 10, description: 'Lines stored' }) lines: number;
  @ApiProperty({ example: 2 }) duplicates: number;
  @ApiProperty({ nullable: true, type: Boolean, description: 'opening + lines = closing (null without both balances)' })
  balancesAgree: boolean | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'A later page of a paginated camt.053 message: the statement (its first page) it is appended to',
  })
  continuesStatement: string | null;
}

export class SkippedAccountResponse {
  @ApiProperty({ example: '0099-8888-1111', description: 'The account the file names' }) accountIdentifier: string;
  @ApiProperty({ example: 1 }) statements: number;
  @ApiProperty({ example: 12, description: 'Lines of those statements, not stored' }) lines: number;
}

export class ImportResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the import' }) id: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ enum: STATEMENT_FORMATS }) format: StatementFormat;
  @ApiProperty({ example: 120, description: 'Lines stored by this import' }) lines: number;
  @ApiProperty({ example: 3, description: 'Lines already stored by an earlier import, not stored again' })
  duplicates: number;
  @ApiProperty({ example: 123 }) linesRead: number;
  @ApiProperty({ example: 0, description: 'Lines in another currency than the account, stored and flagged' })
  foreignCurrencyLines: number;
  @ApiProperty({ type: [ImportedStatementResponse] }) statements: ImportedStatementResponse[];
  @ApiProperty({
    type: [SkippedAccountResponse],
    description: "Statements of other accounts in the file (not this bank account's accountNumber): not stored",
  })
  skipped: SkippedAccountResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'An earlier import of the byte-identical file' })
  sameFileAs: string | null;
  @ApiProperty({ type: [String] }) warnings: string[];
}

export class ListStatementLinesQuery {
  @ApiPropertyOptional({ enum: ['all', 'matched', 'unmatched'], example: 'unmatched' })
  @IsOptional()
  @IsIn(['all', 'matched', 'unmatched'])
  status?: 'all' | 'matched' | 'unmatched';

  @ApiPropertyOptional({ example: '2024-03-01' })
  @IsOptional()
  @Matches(DATE_PATTERN)
  from?: string;

  @ApiPropertyOptional({ example: '2024-03-31' })
  @IsOptional()
  @Matches(DATE_PATTERN)
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(ID_PATTERN)
  cursor?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ListImportsQuery {
  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class StoredStatementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: '2024/03', description: "The bank's own statement number" }) statementId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'CR05015202001026284066' }) accountIdentifier: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-01' }) fromDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-31' }) toDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '10000.00' }) openingBalance: string | null;
  @ApiProperty({ nullable: true, type: String, example: '13765.44' }) closingBalance: string | null;
  @ApiProperty({ example: 12 }) linesRead: number;
  @ApiProperty({ example: 10, description: 'Lines stored' }) lines: number;
  @ApiProperty({ nullable: true, type: Boolean }) balancesAgree: boolean | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The statement (first page) this page is appended to' })
  continuesStatement: string | null;
}

export class StoredImportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATEMENT_FORMATS }) format: StatementFormat;
  @ApiProperty({ nullable: true, type: String, example: 'operating-2024-03.xml' }) fileName: string | null;
  @ApiProperty({ example: '9f2c…' }) fileSha256: string;
  @ApiProperty({ example: 48213 }) fileBytes: number;
  @ApiProperty({ format: 'date-time' }) importedAt: string;
  @ApiProperty({ example: 120, description: 'Lines stored by this import' }) lines: number;
  @ApiProperty({ example: 3 }) duplicates: number;
  @ApiProperty({ example: 123 }) linesRead: number;
  @ApiProperty({ example: 0 }) foreignCurrencyLines: number;
  @ApiProperty({ type: [SkippedAccountResponse] }) skipped: SkippedAccountResponse[];
  @ApiProperty({ type: [StoredStatementResponse] }) statements: StoredStatementResponse[];
}

export class StoredStatementLineResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty({ example: 3 }) lineNumber: number;
  @ApiProperty({ example: '2024-03-05' }) date: string;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-05' }) valueDate: string | null;
  @ApiProperty({ enum: ['credit', 'debit'], description: 'credit: money in' }) direction: 'credit' | 'debit';
  @ApiProperty({ example: '1250.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, type: String }) bankReference: string | null;
  @ApiProperty() description: string;
  @ApiProperty() reversal: boolean;
  @ApiProperty() foreignCurrency: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Transactions in a batch booking' }) batchCount: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The active match the line is in' }) matchId: string | null;
}

export class StatementLinePage {
  @ApiProperty({ type: [StoredStatementLineResponse] }) items: StoredStatementLineResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' }) nextCursor: string | null;
}
