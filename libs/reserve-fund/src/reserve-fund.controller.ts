import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { ApiFileResponse, DomainError, ErrorCode } from '@app/common';
import { assertDate } from '@app/ledger';
import { offeredFormat } from '@app/reports';
import { ContributionView, ReserveContributionsService } from './reserve-contributions.service';
import { DisbursementView, ReserveCasesService } from './reserve-cases.service';
import { CaseView, ReserveFundPosition, ReserveFundReport } from './reserve-fund-report';
import { ReserveFundReportService } from './reserve-fund-report.service';
import {
  CaseDecisionDto,
  CloseCaseDto,
  ConsultationDto,
  CreateCaseDto,
  DisbursementDto,
  DisbursementResponse,
  NotificationDto,
  ReserveContributionDto,
  ReserveContributionResponse,
  ReserveFundQuery,
  ReserveFundReportQuery,
} from './reserve-fund.dto';
import { renderReserveFundReport, RESERVE_FUND_REPORT_FILES } from './reports/reserve-fund-report.document';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'no reserve-fund case has that id'),
});

const today = (): string => new Date().toISOString().slice(0, 10);

@ApiTags('reserve fund')
@ApiBearerAuth()
@Controller('v1/reserve-fund')
export class ReserveFundController {
  constructor(
    private readonly contributions: ReserveContributionsService,
    private readonly cases: ReserveCasesService,
    private readonly reports: ReserveFundReportService,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Balance, commitments, available balance and cases, as at a date (default today)' })
  @ApiOkResponse({ type: ReserveFundPosition })
  position(@Query() q: ReserveFundQuery): Promise<ReserveFundPosition> {
    return this.reports.position(q.asOf === undefined ? today() : assertDate(q.asOf, 'asOf'));
  }

  @Get('report')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Period report: opening balance, contributions, disbursements by case, commitments, closing balance, available',
  })
  @ApiFileResponse({ description: 'JSON (format=json), or the file of another format', json: ReserveFundReport, formats: ['csv', 'xlsx', 'pdf'] })
  async report(
    @Query() q: ReserveFundReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReserveFundReport | StreamableFile> {
    const format = offeredFormat(q.format ?? 'json', RESERVE_FUND_REPORT_FILES);
    const report = await this.reports.report(
      q.asOf === undefined ? today() : assertDate(q.asOf, 'asOf'),
      q.from === undefined ? undefined : assertDate(q.from, 'from'),
    );
    if (format === 'json') return report;
    const rendered = await renderReserveFundReport(report, format, q.lang ?? 'es');
    response.setHeader('Content-Type', rendered.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${rendered.fileName}"`);
    return new StreamableFile(rendered.body);
  }

  @Post('contributions')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Money into the reserve fund (fund RES)',
    description:
      'member: Dr bank / Cr 4300 (member); donor: Dr bank / Cr 4300; general_fund (needs `decision`): GEN Dr 5800 / Cr bank and ' +
      'RES Dr bank / Cr 4800, each fund balanced; 409 when the general fund lacks the cash.',
  })
  @ApiCreatedResponse({ type: ReserveContributionResponse })
  contribute(@Body() body: ReserveContributionDto, @Req() request: AuthenticatedRequest): Promise<ContributionView> {
    return this.contributions.contribute(body, principalOf(request).tokenId);
  }

  @Post('cases')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'A request for an assisted return (status requested)' })
  @ApiCreatedResponse({ type: CaseView })
  createCase(@Body() body: CreateCaseDto, @Req() request: AuthenticatedRequest): Promise<CaseView> {
    return this.cases.create(body, principalOf(request).tokenId);
  }

  @Get('cases/:id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One case with its consultations and history' })
  @ApiOkResponse({ type: CaseView })
  getCase(@Param('id', caseId) id: string): Promise<CaseView> {
    return this.cases.get(id);
  }

  @Post('cases/:id/consultations')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Record the response of a country involved in the return (status consulting)' })
  @ApiCreatedResponse({ type: CaseView })
  consult(
    @Param('id', caseId) id: string,
    @Body() body: ConsultationDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.cases.consult(id, body, principalOf(request).tokenId);
  }

  @Post('cases/:id/decision')
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary: "IOM's decision (approved | rejected)",
    description:
      "409 unless decidedBy is 'IOM', every country involved has been consulted, and an approval fits: ≤ requested, ≤ the " +
      'per-case cap, ≤ balance − commitments of other cases − floor.',
  })
  @ApiCreatedResponse({ type: CaseView })
  decide(
    @Param('id', caseId) id: string,
    @Body() body: CaseDecisionDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.cases.decide(id, body, principalOf(request).tokenId);
  }

  @Post('cases/:id/notification')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Notification of the approved case to the Pro-Tempore Presidency' })
  @ApiCreatedResponse({ type: CaseView })
  notify(
    @Param('id', caseId) id: string,
    @Body() body: NotificationDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.cases.notify(id, body, principalOf(request).tokenId);
  }

  @Post('cases/:id/disbursements')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Pay out for an approved and notified case (Dr 5400 / Cr bank, fund RES)',
    description: '409 before approval and notification, beyond the approved amount, or below the fund floor.',
  })
  @ApiCreatedResponse({ type: DisbursementResponse })
  disburse(
    @Param('id', caseId) id: string,
    @Body() body: DisbursementDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<DisbursementView> {
    return this.cases.disburse(id, body, principalOf(request).tokenId);
  }

  @Post('cases/:id/close')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Close the case; what it still had committed is released' })
  @ApiCreatedResponse({ type: CaseView })
  close(
    @Param('id', caseId) id: string,
    @Body() body: CloseCaseDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.cases.close(id, body, principalOf(request).tokenId);
  }
}
