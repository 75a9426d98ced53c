import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ANY_ROLE, Roles } from '@app/auth';
import { IsCurrencyCode } from '@app/common';
import { BankAccountRow, BankAccountsService } from '@app/ledger';
import { ACCOUNT_CODE_PATTERN, CODE_PATTERN } from '../http/params';

export class CreateBankAccountDto {
  @ApiProperty({ description: 'Code of the bank account (letters, digits, . _ -, ≤ 30)', example: 'OPERATING-EUR' })
  @Matches(CODE_PATTERN, { message: 'code must be 1 to 30 letters, digits, dots, underscores or hyphens' })
  code: string;

  @ApiProperty({ description: 'Name of the account', example: 'Euro operating account, Banco Nacional' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: 'ISO 4217 currency the bank keeps the account in', example: 'EUR' })
  @IsCurrencyCode()
  currency: string;

  @ApiProperty({ description: 'Asset account of the chart that carries its balance', example: '1010' })
  @Matches(ACCOUNT_CODE_PATTERN, { message: 'ledgerAccount must be an account code' })
  ledgerAccount: string;
}

export class BankAccountResponse {
  @ApiProperty({ example: 'OPERATING' }) code: string;
  @ApiProperty({ example: 'Operating account' }) name: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1010' }) ledgerAccount: string;
  @ApiProperty({ example: true }) active: boolean;
}

const view = (b: BankAccountRow): BankAccountResponse => ({
  code: b.code,
  name: b.name,
  currency: b.currency,
  ledgerAccount: b.ledgerAccount,
  active: b.active,
});

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/bank-accounts')
export class BankAccountsController {
  constructor(private readonly bankAccounts: BankAccountsService) {}

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Add a bank account, linked to an asset account of the chart' })
  async create(@Body() body: CreateBankAccountDto): Promise<BankAccountResponse> {
    return view(await this.bankAccounts.create(body));
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The bank accounts' })
  async list(): Promise<BankAccountResponse[]> {
    return (await this.bankAccounts.list()).map(view);
  }
}
