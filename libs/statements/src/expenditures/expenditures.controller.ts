import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { parseFiscalYear } from '../shared/fiscal-year';
import { CreateExpenditureDto, ExpenditurePage, ExpenditureResponse, ListExpendituresQuery } from './expenditures.dto';
import { expenditureResponse, expenditureRowResponse, ExpendituresService } from './expenditures.service';

@ApiTags('expenditures')
@ApiBearerAuth()
@Controller('v1/expenditures')
export class ExpendituresController {
  constructor(private readonly expenditures: ExpendituresService) {}

  @Post()
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: "Record the Secretariat's spending: Dr expense (with its budget line) / Cr bank",
    description:
      'General fund: the budget line must be in the approved budget of the fiscal year of `date` (400 otherwise). ' +
      'Grant funds are refused (409): use POST /v1/grants/{code}/expenditures. The account must be an expense account (400).',
  })
  @ApiCreatedResponse({ type: ExpenditureResponse })
  async create(@Body() body: CreateExpenditureDto, @Req() request: AuthenticatedRequest): Promise<ExpenditureResponse> {
    return expenditureResponse(await this.expenditures.record(body, principalOf(request).tokenId));
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Expenditures in sequence order, filtered by fiscal year, fund or budget line' })
  @ApiOkResponse({ type: ExpenditurePage })
  async list(@Query() q: ListExpendituresQuery): Promise<ExpenditurePage> {
    const limit = q.limit ?? 100;
    const { rows } = await this.expenditures.list({
      fiscalYear: q.fiscalYear === undefined ? undefined : parseFiscalYear(q.fiscalYear),
      fund: q.fund,
      budgetLine: q.budgetLine,
      afterSequence: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(expenditureRowResponse),
      nextCursor: rows.length > limit ? page[page.length - 1].sequence : null,
    };
  }
}
