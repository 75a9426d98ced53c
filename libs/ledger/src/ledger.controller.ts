import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ANY_ROLE, AuthenticatedRequest, principalOf, Roles } from '@app/auth';
import { ApiProblemResponses, DomainError, ErrorCode } from '@app/common';
import { VerificationResult, VerificationService } from './chain/verification.service';
import { assertDate } from './domain/fiscal-calendar';
import { toEntryResponse } from './entries/entry-response';
import { LedgerService } from './entries/ledger.service';
import { FiscalYearsService } from './fiscal-years/fiscal-years.service';
import { FiscalYearCloseResponse, FiscalYearResponse, TrialBalanceResponse, VerificationResponse } from './ledger-responses.dto';
import { TrialBalance, TrialBalanceService } from './reports/trial-balance.service';

export class TrialBalanceQuery {
  @ApiProperty({ example: '2005-12-31', description: 'Balances as at this date (inclusive)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be YYYY-MM-DD' })
  asOf: string;

  @ApiPropertyOptional({ example: 'GEN' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,30}$/)
  fund?: string;
}

const year = new ParseIntPipe({
  exceptionFactory: () => new DomainError(ErrorCode.ValidationFailed, 'year must be a whole number', [{ field: 'year', message: 'must be a whole number' }]),
});

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1')
export class LedgerController {
  constructor(
    private readonly trialBalance: TrialBalanceService,
    private readonly verification: VerificationService,
    private readonly fiscalYears: FiscalYearsService,
    private readonly ledger: LedgerService,
  ) {}

  @Get('reports/trial-balance')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Trial balance as at a date, per account × fund, in the base currency' })
  @ApiOkResponse({ type: TrialBalanceResponse })
  getTrialBalance(@Query() q: TrialBalanceQuery): Promise<TrialBalance> {
    return this.trialBalance.get(assertDate(q.asOf, 'asOf'), q.fund);
  }

  @Get('ledger/verification')
  @Roles('auditor', 'admin', 'secretariat')
  @ApiOperation({ summary: 'Recompute the hash chain; names the first broken sequence' })
  @ApiOkResponse({ type: VerificationResponse })
  verify(): Promise<VerificationResult> {
    return this.verification.verify();
  }

  @Get('fiscal-years')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Fiscal years known to the ledger and whether they are closed' })
  @ApiOkResponse({ type: [FiscalYearResponse] })
  listYears() {
    return this.fiscalYears.list();
  }

  @Post('fiscal-years/:year/close')
  @HttpCode(200)
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary: 'Year-end close: closing entries to net assets per fund, then the year is locked',
    description: 'Only a year the ledger knows (posted into, or with a budget; 404 otherwise) whose last day has passed (422 otherwise), once (409), after the years before it (422).',
  })
  @ApiOkResponse({ type: FiscalYearCloseResponse })
  @ApiProblemResponses({
    404: 'The ledger does not know the year (nothing posted into it, no budget)',
    409: 'The year is already closed',
    422: 'The year has not ended yet, or a year before it is still open',
  })
  async close(@Param('year', year) fiscalYear: number, @Req() request: AuthenticatedRequest) {
    if (fiscalYear < 1900 || fiscalYear > 2999) {
      throw new DomainError(ErrorCode.ValidationFailed, 'year out of range', [{ field: 'year', message: 'out of range' }]);
    }
    const result = await this.fiscalYears.close(fiscalYear, principalOf(request).tokenId);
    const base = await this.ledger.baseCurrency();
    return { ...result, status: 'closed', closingEntries: result.closingEntries.map((e) => toEntryResponse(e, base)) };
  }
}
