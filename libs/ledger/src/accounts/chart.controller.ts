import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@app/auth';
import { AccountRow, FundRow } from '../reference-data.repository';
import { AccountResponse, CreateAccountDto, CreateFundDto, FundResponse, UpdateAccountDto } from './chart.dto';
import { ChartService } from './chart.service';

const account = (a: AccountRow) => ({
  code: a.code,
  name: a.nameEn,
  names: { en: a.nameEn, es: a.nameEs },
  type: a.type,
  parent: a.parent,
  active: a.active,
});
const fund = (f: FundRow) => ({ code: f.code, name: f.name, kind: f.kind, netAssetsAccount: f.netAssetsAccount, active: f.active });

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1')
export class ChartController {
  constructor(private readonly chart: ChartService) {}

  @Get('accounts')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The chart of accounts' })
  @ApiOkResponse({ type: [AccountResponse] })
  async accounts() {
    return (await this.chart.accounts()).map(account);
  }

  @Post('accounts')
  @Roles('admin')
  @ApiOperation({ summary: 'Add an account to the chart' })
  @ApiCreatedResponse({ type: AccountResponse })
  async createAccount(@Body() body: CreateAccountDto) {
    return account(await this.chart.createAccount(body));
  }

  @Put('accounts/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename or (de)activate an account; its type and postings never change' })
  @ApiOkResponse({ type: AccountResponse })
  async updateAccount(@Param('code') code: string, @Body() body: UpdateAccountDto) {
    return account(await this.chart.updateAccount(code, body));
  }

  @Get('funds')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Funds (each one self-balancing)' })
  @ApiOkResponse({ type: [FundResponse] })
  async funds() {
    return (await this.chart.funds()).map(fund);
  }

  @Post('funds')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a fund' })
  @ApiCreatedResponse({ type: FundResponse })
  async createFund(@Body() body: CreateFundDto) {
    return fund(await this.chart.createFund(body));
  }
}
