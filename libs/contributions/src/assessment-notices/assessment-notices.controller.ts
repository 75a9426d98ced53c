import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_ROLE, Roles } from '@app/auth';
import { ApiFileResponse, DomainError, ErrorCode, notFound } from '@app/common';
import { DEFAULT_LANG, contentDisposition, renderReport } from '@app/reports';
import { noticeDocument } from '../reports/assessment-notice.document';
import { AssessmentNotice } from './assessment-notice';
import { AssessmentNoticeQuery } from './assessment-notices.dto';
import { AssessmentNoticesService } from './assessment-notices.service';

const MEMBER_CODE = /^[A-Z]{3}$/;

function fiscalYearOf(value: string): number {
  if (!/^\d{4}$/.test(value) || Number(value) < 1900 || Number(value) > 2999) {
    throw new DomainError(ErrorCode.ValidationFailed, 'fiscalYear must be a year between 1900 and 2999', [
      { field: 'fiscalYear', message: 'must be a year between 1900 and 2999' },
    ]);
  }
  return Number(value);
}

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1')
export class AssessmentNoticesController {
  constructor(private readonly notices: AssessmentNoticesService) {}

  @Get('members/:code/assessment-notices/:fiscalYear')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: "A member's assessment notice for a fiscal year (PDF, Spanish or English)",
    description:
      "As at the date the budget version was assessed: the budget decision, the member's share and amount, advances " +
      'applied, arrears carried forward, the total due, the due date (30 days after the assessment) and how to pay ' +
      '(the default bank account). 404 when the year is not assessed or the member has no assessment in it.',
  })
  @ApiFileResponse({ description: 'The PDF (format=pdf, default) or its figures (format=json)', json: AssessmentNotice, formats: ['pdf'] })
  async notice(
    @Param('code') code: string,
    @Param('fiscalYear') fiscalYear: string,
    @Query() q: AssessmentNoticeQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AssessmentNotice | StreamableFile> {
    if (!MEMBER_CODE.test(code)) throw notFound('member', code);
    const year = fiscalYearOf(fiscalYear);
    const notice = await this.notices.notice(code, year, q.lang ?? DEFAULT_LANG);
    if (q.format === 'json') return notice;
    const file = await renderReport(noticeDocument(notice), 'pdf', { fileStem: `assessment-notice-${code}-${year}` });
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    return new StreamableFile(file.body);
  }
}
