import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { validationError } from '@app/common';
import { isIsoDate } from '@app/ledger';
import { GlRange } from './general-ledger.repository';
import { GL_FORMATS, GlFormat } from './gl-formats';

export class GeneralLedgerQuery {
  @ApiPropertyOptional({
    example: '2005-01-01',
    description: 'First value date included (YYYY-MM-DD); omitted: from the first entry',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2005-12-31',
    description: 'Last value date included (YYYY-MM-DD); omitted: to the last entry',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: GL_FORMATS, default: 'csv', example: 'csv', description: 'File format' })
  @IsOptional()
  @IsIn(GL_FORMATS, { message: `format must be one of ${GL_FORMATS.join(', ')}` })
  format?: GlFormat;
}

/** Checks a requested range (real calendar dates, from ≤ to) before anything is streamed. */
export function parseGlRange(from: string | undefined, to: string | undefined): GlRange {
  if (from !== undefined && !isIsoDate(from)) throw validationError('from', 'must be a calendar date YYYY-MM-DD');
  if (to !== undefined && !isIsoDate(to)) throw validationError('to', 'must be a calendar date YYYY-MM-DD');
  if (from !== undefined && to !== undefined && from > to)
    throw validationError('from', `must be on or before to (${to})`);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

export function parseGlFormat(format: string | undefined): GlFormat {
  const value = format ?? 'csv';
  if (!(GL_FORMATS as readonly string[]).includes(value))
    throw validationError('format', `must be one of ${GL_FORMATS.join(', ')}`);
  return value as GlFormat;
}
