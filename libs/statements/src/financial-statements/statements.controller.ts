import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@app/auth';
import { ApiFileResponse } from '@app/common';
import { contentDisposition } from '@app/reports';
import { BudgetExecution, BudgetExecutionService } from '../budget-execution/budget-execution.service';
import { renderFinancialStatements } from '../reports/financial-statements.document';
import { parseFiscalYear, parseOptionalDate } from '../shared/fiscal-year';
import { FinancialStatementsService } from './financial-statements.service';
import { BudgetExecutionResponse, FinancialStatementsResponse } from './financial-statements.responses.dto';
import type { FinancialStatements } from './financial-statements.types';
import { BudgetExecutionQuery, FinancialStatementsQuery } from './statements.dto';

@ApiTags('statements')
@ApiBearerAuth()
@Controller('v1/reports')
export class StatementsController {
  constructor(
    private readonly statements: FinancialStatementsService,
    private readonly budgetExecution: BudgetExecutionService,
  ) {}

  @Get('financial-statements')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Financial statements of a fiscal year beside the prior year (IPSAS 1 / 2 / 24 shapes), from the ledger alone',
    description:
      'Statement of financial position, of financial performance, of changes in net assets, cash flow (direct method), ' +
      'budget vs actual, and notes (accounting policies, contributions by member, grants, reserve fund). Current figures ' +
      'are the fields of each object, the prior year is in its `prior` field.',
  })
  @ApiFileResponse({ description: 'JSON (format=json), or the statements as XLSX or PDF', json: FinancialStatementsResponse, formats: ['xlsx', 'pdf'] })
  async financialStatements(@Query() q: FinancialStatementsQuery): Promise<FinancialStatements | StreamableFile> {
    const fiscalYear = parseFiscalYear(q.fiscalYear);
    const format = q.format ?? 'json';
    const statements = await this.statements.get(fiscalYear, q.lang ?? 'es');
    if (format === 'json') return statements;
    const file = await renderFinancialStatements(statements, format, { meeting: q.meeting, reference: q.reference, organisation: q.organisation });
    return new StreamableFile(file.body, { type: file.contentType, disposition: contentDisposition(file.fileName), length: file.body.length });
  }

  @Get('budget-execution')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Budget execution of the general fund: approved, spent, available and execution % per budget line' })
  @ApiOkResponse({ type: BudgetExecutionResponse })
  budget(@Query() q: BudgetExecutionQuery): Promise<BudgetExecution> {
    return this.budgetExecution.report(parseFiscalYear(q.fiscalYear), parseOptionalDate(q.asOf, 'asOf'));
  }
}
