import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { STATEMENT_LANGS, StatementLang } from './labels';
import { STATEMENT_FORMATS, StatementFormat } from '../reports/financial-statements.document';

export class FinancialStatementsQuery {
  @ApiProperty({ example: '2005', description: 'The fiscal year; the prior year (fiscalYear − 1) is shown beside it' })
  @Matches(/^\d{4}$/, { message: 'fiscalYear must be a four-digit year' })
  fiscalYear: string;

  @ApiPropertyOptional({ enum: STATEMENT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(STATEMENT_FORMATS)
  format?: StatementFormat;

  @ApiPropertyOptional({ enum: STATEMENT_LANGS, default: 'es', description: 'Language of labels and notes' })
  @IsOptional()
  @IsIn(STATEMENT_LANGS)
  lang?: StatementLang;

  @ApiPropertyOptional({ example: 'X Reunión Viceministerial, Tegucigalpa', description: 'PDF cover: the meeting the statements are presented to' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  meeting?: string;

  @ApiPropertyOptional({ example: 'CRM/2006/FIN-1', description: 'PDF cover: document symbol' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;

  @ApiPropertyOptional({ example: 'Conferencia Regional sobre Migración', description: 'PDF/XLSX: the body publishing the statements' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  organisation?: string;
}

export class BudgetExecutionQuery {
  @ApiProperty({ example: '2005' })
  @Matches(/^\d{4}$/, { message: 'fiscalYear must be a four-digit year' })
  fiscalYear: string;

  @ApiPropertyOptional({ example: '2005-06-30', description: 'Spending up to this date (inclusive); default the last day of the fiscal year' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be YYYY-MM-DD' })
  asOf?: string;
}
