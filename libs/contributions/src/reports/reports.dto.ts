import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../shared/dto';
import { REPORT_LANGS, ReportFormat, ReportLang } from './report-types';

export const STATUS_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export const STATEMENT_FORMATS = ['json', 'csv', 'pdf'] as const;

export class StatusOfContributionsQuery {
  @ApiPropertyOptional({ example: '2005-12-31', description: 'As at this date (inclusive); default today (UTC)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: STATUS_FORMATS, example: 'json' })
  @IsOptional()
  @IsIn(STATUS_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ enum: REPORT_LANGS, example: 'es' })
  @IsOptional()
  @IsIn(REPORT_LANGS)
  lang?: ReportLang;
}

export class MemberStatementQuery {
  @ApiPropertyOptional({ example: '2005-12-31', description: 'As at this date (inclusive); default today (UTC)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({
    example: '2005-01-01',
    description: 'First date shown; earlier lines make up the opening balance',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ enum: STATEMENT_FORMATS, example: 'json' })
  @IsOptional()
  @IsIn(STATEMENT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ enum: REPORT_LANGS, example: 'en' })
  @IsOptional()
  @IsIn(REPORT_LANGS)
  lang?: ReportLang;
}

/** Examples for the OpenAPI document (the shapes are the interfaces of report-types.ts). */
export const STATUS_EXAMPLE = {
  asOf: '2006-12-31',
  currency: 'USD',
  lang: 'en',
  fiscalYear: 2006,
  standingPolicy: { rule: 'none', years: 2 },
  honourRollDays: 30,
  members: [
    {
      member: 'BLZ',
      name: 'Belize',
      assessed: '500.00',
      paid: '500.00',
      writtenOff: '0.00',
      outstanding: '0.00',
      advance: '100.00',
      arrears: '0.00',
      standing: 'good',
      collectionRate: '1.0000',
      years: [
        { fiscalYear: 2005, assessed: '200.00', paid: '200.00', writtenOff: '0.00', outstanding: '0.00' },
        { fiscalYear: 2006, assessed: '300.00', paid: '300.00', writtenOff: '0.00', outstanding: '0.00' },
      ],
    },
  ],
  totals: {
    assessed: '500.00',
    paid: '500.00',
    writtenOff: '0.00',
    outstanding: '0.00',
    advance: '100.00',
    arrears: '0.00',
    collectionRate: '1.0000',
  },
  honourRoll: [{ member: 'BLZ', fiscalYear: 2006, paidInFullOn: '2006-01-20' }],
};

export const STATEMENT_EXAMPLE = {
  member: 'MEX',
  name: 'Mexico',
  asOf: '2006-12-31',
  from: null,
  currency: 'USD',
  lang: 'en',
  opening: { date: null, balance: '0.00' },
  lines: [
    {
      date: '2005-01-01',
      sequence: 1,
      entryId: 'uuid',
      type: 'assessment',
      description: 'Assessed contribution, FY 2005 (v1)',
      fiscalYear: 2005,
      reference: 'CRM-IX/2004/7',
      amount: '500.00',
      debit: '500.00',
      credit: '0.00',
      balance: '500.00',
      allocations: [],
    },
    {
      date: '2005-03-01',
      sequence: 4,
      entryId: 'uuid',
      type: 'payment',
      description: 'Payment received',
      fiscalYear: null,
      reference: 'Transfer 0301',
      amount: '600.00',
      debit: '0.00',
      credit: '600.00',
      balance: '-100.00',
      allocations: [{ fiscalYear: 2005, amount: '500.00' }],
    },
  ],
  closing: {
    balance: '-100.00',
    outstanding: '0.00',
    advance: '100.00',
    arrears: '0.00',
    writtenOff: '0.00',
    years: [],
  },
};
