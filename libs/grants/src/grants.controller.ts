import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { ApiFileResponse, DomainError, ErrorCode } from '@app/common';
import { assertDate } from '@app/ledger';
import { offeredFormat } from '@app/reports';
import { GrantDetail, GrantReport, GrantView } from './grant-report';
import { GrantReportService } from './grant-report.service';
import {
  CODE,
  CreateDonorDto,
  CreateGrantDto,
  DonorResponse,
  GrantCreatedResponse,
  GrantExpenditureDto,
  GrantExpenditureResponse,
  GrantReceiptDto,
  GrantReceiptResponse,
  GrantRefundDto,
  GrantRefundResponse,
  GrantReportQuery,
} from './grants.dto';
import { DonorView, ExpenditureView, GrantCreated, GrantsService, ReceiptView, RefundView } from './grants.service';
import { GRANT_REPORT_FILES, renderGrantReport } from './reports/grant-report.document';

/** A grant code in the path: anything else cannot name a grant. */
function grantCode(code: string): string {
  if (!CODE.test(code)) throw new DomainError(ErrorCode.NotFound, `grant '${code.slice(0, 40)}' does not exist`);
  return code;
}

@ApiTags('grants')
@ApiBearerAuth()
@Controller('v1')
export class GrantsController {
  constructor(
    private readonly grants: GrantsService,
    private readonly reports: GrantReportService,
  ) {}

  @Post('donors')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Register a donor (a member state or another)' })
  @ApiCreatedResponse({ type: DonorResponse })
  createDonor(@Body() body: CreateDonorDto): Promise<DonorView> {
    return this.grants.createDonor(body);
  }

  @Get('donors')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Donors' })
  @ApiOkResponse({ type: [DonorResponse] })
  listDonors(): Promise<DonorView[]> {
    return this.grants.listDonors();
  }

  @Post('grants')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Record a grant agreement: creates its restricted fund and recognises the pledge',
    description:
      'restricted: Dr 1200 / Cr 4200; conditional (IPSAS 23): Dr 1200 / Cr 2200 until spending meets the condition. ' +
      'Fund and grant dimension = the grant code.',
  })
  @ApiCreatedResponse({ type: GrantCreatedResponse })
  createGrant(@Body() body: CreateGrantDto, @Req() request: AuthenticatedRequest): Promise<GrantCreated> {
    return this.grants.createGrant(body, principalOf(request).tokenId);
  }

  @Get('grants')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Grant agreements' })
  @ApiOkResponse({ type: [GrantView] })
  listGrants(): Promise<GrantView[]> {
    return this.grants.listGrants();
  }

  @Get('grants/:code')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One grant with its figures from the ledger' })
  @ApiOkResponse({ type: GrantDetail })
  getGrant(@Param('code') code: string): Promise<GrantDetail> {
    return this.reports.detail(grantCode(code));
  }

  @Post('grants/:code/receipts')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Record a tranche received from the donor (any currency)',
    description:
      'Dr bank / Cr 1200 at the pledge rate; the base-currency difference is an FX gain (4500) or loss (5600) of the grant fund. ' +
      'The tranche that settles the last of the pledge clears the receivable exactly. 409 when it would settle more than is outstanding.',
  })
  @ApiCreatedResponse({ type: GrantReceiptResponse })
  receipt(
    @Param('code') code: string,
    @Body() body: GrantReceiptDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReceiptView> {
    return this.grants.recordReceipt(grantCode(code), body, principalOf(request).tokenId);
  }

  @Post('grants/:code/expenditures')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: "Spend on the grant's purpose",
    description:
      'Dr expense (5300 unless given) / Cr bank, grant and budget-line dimensions; conditional grants also recognise revenue ' +
      '(Dr 2200 / Cr 4200). 409 beyond what the grant has received (unless policies.grantsPreFinance), outside the agreement ' +
      'period, or on a closed grant.',
  })
  @ApiCreatedResponse({ type: GrantExpenditureResponse })
  expenditure(
    @Param('code') code: string,
    @Body() body: GrantExpenditureDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ExpenditureView> {
    return this.grants.recordExpenditure(grantCode(code), body, principalOf(request).tokenId);
  }

  @Post('grants/:code/refund')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Refund the unspent balance to the donor and close the grant',
    description:
      'Dr 4200 (restricted) or 2200 (conditional) / Cr bank; the pledge never received is cancelled against 1200. ' +
      'After this, receipts and expenditures on the grant are refused (409).',
  })
  @ApiCreatedResponse({ type: GrantRefundResponse })
  refund(
    @Param('code') code: string,
    @Body() body: GrantRefundDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<RefundView> {
    return this.grants.refundAndClose(grantCode(code), body, principalOf(request).tokenId);
  }

  @Get('grants/:code/report')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Donor report: pledged, received, spent, available, by budget line, by month, entries (from the ledger)',
  })
  @ApiFileResponse({ description: 'JSON (format=json), or the file of another format', json: GrantReport, formats: ['csv', 'xlsx', 'pdf'] })
  async report(
    @Param('code') code: string,
    @Query() q: GrantReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GrantReport | StreamableFile> {
    const format = offeredFormat(q.format ?? 'json', GRANT_REPORT_FILES);
    const report = await this.reports.report(
      grantCode(code),
      q.asOf === undefined ? undefined : assertDate(q.asOf, 'asOf'),
    );
    if (format === 'json') return report;
    const rendered = await renderGrantReport(report, format, q.lang ?? 'es');
    response.setHeader('Content-Type', rendered.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${rendered.fileName}"`);
    return new StreamableFile(rendered.body);
  }
}
