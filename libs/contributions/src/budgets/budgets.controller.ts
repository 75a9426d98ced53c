import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { FiscalYearPipe } from '../shared/pipes';
import {
  AssessDto,
  AssessmentDryRunResponse,
  AssessmentResponse,
  BudgetSummaryResponse,
  BudgetVersionResponse,
  BudgetYearResponse,
  CreateBudgetDto,
} from './budgets.dto';
import { AssessmentsService } from './assessments.service';
import { BudgetsService, BudgetSummary, BudgetVersion, BudgetYear } from './budgets.service';
import { AssessmentResult } from './assessments.service';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1/budgets')
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly assessments: AssessmentsService,
  ) {}

  @Post()
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary: "Record a fiscal year's approved budget (a second one for the same year is a revision: a new version)",
  })
  @ApiCreatedResponse({ type: BudgetVersionResponse })
  create(@Body() body: CreateBudgetDto, @Req() request: AuthenticatedRequest): Promise<BudgetVersion> {
    return this.budgets.create(body, principalOf(request).tokenId);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Budgets by fiscal year (current version of each)' })
  @ApiOkResponse({ type: [BudgetSummaryResponse] })
  list(): Promise<BudgetSummary[]> {
    return this.budgets.list();
  }

  @Get(':fiscalYear')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "A fiscal year's budget: the current version and every earlier one" })
  @ApiOkResponse({ type: BudgetYearResponse })
  get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: number): Promise<BudgetYear> {
    return this.budgets.get(fiscalYear);
  }

  @Post(':fiscalYear/assessments')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary:
      "Assess the budget's current version: post each member's share as receivable, then apply its advance. For a revision only the difference is posted. Twice → 409",
  })
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiOkResponse({ type: AssessmentDryRunResponse, description: 'A dry run: every member\'s amount, nothing posted' })
  assess(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: AssessDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<AssessmentResult> {
    return this.assessments.assess(fiscalYear, body.assessedOn, principalOf(request).tokenId);
  }
}
