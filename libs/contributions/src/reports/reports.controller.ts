import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_ROLE, Roles } from '@app/auth';
import { ApiFileResponse, validationError } from '@app/common';
import type { RenderedReport } from '@app/reports';
import { MemberCodePipe } from '../shared/pipes';
import { renderMemberStatement } from './member-statement.document';
import { MemberStatementService } from './member-statement.service';
import { MemberStatementResponse, StatusOfContributionsResponse } from './report-responses.dto';
import { MemberStatementQuery, STATEMENT_EXAMPLE, STATUS_EXAMPLE, StatusOfContributionsQuery } from './reports.dto';
import { renderStatusOfContributions } from './status-of-contributions.document';
import { StatusOfContributionsService } from './status-of-contributions.service';

const today = (): string => new Date().toISOString().slice(0, 10);

/** Sends a report's file with its type and name. */
function output(res: Response, rendered: RenderedReport): StreamableFile {
  res.setHeader('Content-Type', rendered.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${rendered.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  return new StreamableFile(rendered.body);
}

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1')
export class ReportsController {
  constructor(
    private readonly status: StatusOfContributionsService,
    private readonly statements: MemberStatementService,
  ) {}

  @Get('reports/status-of-contributions')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Status of contributions as at a date: member × fiscal year assessed, paid, written off, outstanding; advances, arrears, standing, collection rate, honour roll',
  })
  @ApiFileResponse({
    description:
      'JSON (format=json); other formats are produced by the installed renderers. Amounts are base-currency decimal strings',
    json: StatusOfContributionsResponse,
    example: STATUS_EXAMPLE,
    formats: ['csv', 'xlsx', 'pdf'],
  })
  async statusOfContributions(
    @Query() q: StatusOfContributionsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const lang = q.lang ?? 'es';
    const report = await this.status.get(q.asOf ?? today(), lang);
    const format = q.format ?? 'json';
    return format === 'json' ? report : output(res, await renderStatusOfContributions(report, format));
  }

  @Get('members/:code/statement')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "A member's statement of account as at a date, with a running balance (positive = owed)" })
  @ApiFileResponse({
    description: 'Lines in ledger order; debit raises and credit lowers what the member owes; balance positive = owed',
    json: MemberStatementResponse,
    example: STATEMENT_EXAMPLE,
    formats: ['csv', 'pdf'],
  })
  async statement(
    @Param('code', MemberCodePipe) code: string,
    @Query() q: MemberStatementQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const asOf = q.asOf ?? today();
    if (q.from !== undefined && q.from > asOf) throw validationError('from', `must not be after asOf (${asOf})`);
    const lang = q.lang ?? 'es';
    const report = await this.statements.get(code, asOf, q.from, lang);
    const format = q.format ?? 'json';
    return format === 'json' ? report : output(res, await renderMemberStatement(report, format));
  }
}
