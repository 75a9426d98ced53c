import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ANY_ROLE, Roles } from '@app/auth';
import { IsCurrencyCode } from '@app/common';
import { BankAccountsService } from '@app/ledger';
import { BankScope } from '../bank-scope.repository';
import { bankAccountCode, ACCOUNT_CODE_PATTERN, CODE_PATTERN } from '../http/params';
import { CSV_DELIMITERS, CSV_ENCODINGS, CsvProfile, MAX_SKIP_ROWS } from '../statement-parsers';
import { BankAccountSettingsService } from './bank-account-settings.service';

const ACCOUNT_NUMBER_DOC = {
  description:
    "The IBAN or the bank's own number of the account, as it appears in the bank's files (spaces ignored; kept without " +
    "spaces, in capitals). A file holding statements of several accounts imports only this account's.",
  example: 'CR05 0152 0200 1026 2840 66',
};

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

  @ApiPropertyOptional(ACCOUNT_NUMBER_DOC)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  accountNumber?: string;
}

export class CsvProfileColumnsDto {
  @ApiProperty({ description: 'Header of the booking-date column', example: 'Fecha' })
  @IsString()
  @Length(1, 100)
  date: string;

  @ApiPropertyOptional({ description: 'Header of the description column', example: 'Concepto' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  description?: string;

  @ApiPropertyOptional({ description: 'Header of the reference column', example: 'Referencia' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;

  @ApiPropertyOptional({
    description: 'Header of a signed-amount column (+ money in); or debit and credit',
    example: 'Importe',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  amount?: string;

  @ApiPropertyOptional({ description: 'Header of the money-out column', example: 'Débito' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  debit?: string;

  @ApiPropertyOptional({ description: 'Header of the money-in column', example: 'Crédito' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  credit?: string;

  @ApiPropertyOptional({
    description: "Header of the balance after each row: gives the statement's opening and closing balances",
    example: 'Saldo',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  balance?: string;
}

export class CsvProfileDto implements CsvProfile {
  @ApiProperty({ enum: CSV_DELIMITERS, example: ';' })
  @IsIn(CSV_DELIMITERS)
  delimiter: string;

  @ApiProperty({ enum: ['.', ','], example: ',' })
  @IsIn(['.', ','])
  decimalSeparator: '.' | ',';

  @ApiPropertyOptional({ enum: ['.', ',', ' ', "'"], example: '.' })
  @IsOptional()
  @IsIn(['.', ',', ' ', "'"])
  thousandsSeparator?: '.' | ',' | ' ' | "'";

  @ApiProperty({
    description: 'YYYY YY MM M DD D with any separators (HH mm ss are read and ignored)',
    example: 'DD/MM/YYYY',
  })
  @IsString()
  @Length(1, 40)
  dateFormat: string;

  @ApiProperty({ enum: CSV_ENCODINGS, example: 'windows-1252' })
  @IsIn(CSV_ENCODINGS)
  encoding: (typeof CSV_ENCODINGS)[number];

  @ApiPropertyOptional({
    description: 'Lines (XLSX: rows) before the header row',
    example: 3,
    minimum: 0,
    maximum: MAX_SKIP_ROWS,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SKIP_ROWS)
  skipRows?: number;

  @ApiProperty({ type: CsvProfileColumnsDto, description: "Column names as they stand in the file's header row" })
  @ValidateNested()
  @Type(() => CsvProfileColumnsDto)
  columns: CsvProfileColumnsDto;
}

export class UpdateBankAccountDto {
  @ApiPropertyOptional({ example: 'Euro operating account, Banco Nacional' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    ...ACCOUNT_NUMBER_DOC,
    nullable: true,
    type: String,
    description: `${ACCOUNT_NUMBER_DOC.description} null clears it.`,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  accountNumber?: string | null;

  @ApiPropertyOptional({
    type: CsvProfileDto,
    nullable: true,
    description: "How the bank's own CSV or XLSX export is laid out; null clears it (CSV is then the product's layout)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CsvProfileDto)
  csvProfile?: CsvProfileDto | null;
}

export class BankAccountResponse {
  @ApiProperty({ example: 'OPERATING' }) code: string;
  @ApiProperty({ example: 'Operating account' }) name: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1010' }) ledgerAccount: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'CR05015202001026284066' }) accountNumber: string | null;
  @ApiProperty({ nullable: true, type: CsvProfileDto }) csvProfile: CsvProfile | null;
}

const view = (b: Omit<BankScope, 'includeUntagged'>): BankAccountResponse => ({
  code: b.code,
  name: b.name,
  currency: b.currency,
  ledgerAccount: b.ledgerAccount,
  active: b.active,
  accountNumber: b.accountNumber,
  csvProfile: b.csvProfile,
});

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/bank-accounts')
export class BankAccountsController {
  constructor(
    private readonly bankAccounts: BankAccountsService,
    private readonly settings: BankAccountSettingsService,
  ) {}

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Add a bank account, linked to an asset account of the chart' })
  @ApiCreatedResponse({ type: BankAccountResponse })
  async create(@Body() body: CreateBankAccountDto): Promise<BankAccountResponse> {
    return view({ ...(await this.bankAccounts.create(body)), csvProfile: null });
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The bank accounts' })
  @ApiOkResponse({ type: [BankAccountResponse] })
  async list(): Promise<BankAccountResponse[]> {
    return (await this.settings.list()).map(view);
  }

  @Patch(':code')
  @Roles('admin', 'secretariat')
  @ApiOperation({
    summary:
      "Change a bank account's name, the number its bank files name it by, or its bank's CSV/XLSX export profile",
  })
  @ApiOkResponse({ type: BankAccountResponse })
  async update(
    @Param('code', bankAccountCode) code: string,
    @Body() body: UpdateBankAccountDto,
  ): Promise<BankAccountResponse> {
    return view(await this.settings.update(code, body));
  }
}
