import { Body, Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, principalOf, Roles } from '@app/auth';
import { bankAccountCode } from '../http/params';
import { STATEMENT_FORMATS, StatementImportService } from './statement-import.service';
import { StatementUploadGuard, takeCheckedUpload } from './statement-upload.guard';
import {
  ImportResponse,
  ImportStatementDto,
  ListImportsQuery,
  ListStatementLinesQuery,
  StatementLinePage,
  StoredImportResponse,
} from './statements.dto';
import { StatementQueriesService } from './statement-queries.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/bank-accounts')
export class StatementsController {
  constructor(
    private readonly imports: StatementImportService,
    private readonly queries: StatementQueriesService,
  ) {}

  @Post(':code/statements')
  @Roles('secretariat', 'admin')
  // The file is received and read whole before the request's transaction opens.
  @UseGuards(StatementUploadGuard)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description:
      'The statement file in `file`; `format` csv, camt053, mt940 or xlsx. A CSV has the header date,amount,reference,description ' +
      '(or the columns named in columns[...]) and signed amounts (+ money in), unless the bank account has a csvProfile: its ' +
      "bank's own export is then read with it (so is an xlsx). Of a file holding several accounts' statements, only those of " +
      "the bank account's accountNumber are imported, the others listed in `skipped`. Lines already imported are counted as " +
      'duplicates and not stored again; a malformed file is a 400 naming the line or element, and nothing of it is stored.',
    schema: {
      type: 'object',
      required: ['file', 'format'],
      properties: {
        file: { type: 'string', format: 'binary' },
        format: { type: 'string', enum: [...STATEMENT_FORMATS] },
        'columns[date]': { type: 'string', example: 'Fecha' },
        'columns[amount]': { type: 'string', example: 'Monto' },
        'columns[reference]': { type: 'string', example: 'Referencia' },
        'columns[description]': { type: 'string', example: 'Concepto' },
        dateFormat: { type: 'string', enum: ['YYYY-MM-DD', 'DD/MM/YYYY'] },
        openingBalance: { type: 'string', example: '10000.00' },
        closingBalance: { type: 'string', example: '13765.44' },
        statementId: { type: 'string', example: '2024/03' },
      },
    },
  })
  @ApiOperation({ summary: 'Import a bank statement (CSV, camt.053, MT940 or XLSX); changes no ledger entry' })
  @ApiCreatedResponse({ type: ImportResponse })
  async import(
    @Param('code', bankAccountCode) code: string,
    @Body() body: ImportStatementDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ImportResponse> {
    const upload = takeCheckedUpload(request);
    try {
      return await this.imports.importStatementFile(code, upload.path, body.format, undefined, {
        fileName: upload.originalName,
        columns: body.columns,
        dateFormat: body.dateFormat,
        openingBalance: body.openingBalance,
        closingBalance: body.closingBalance,
        statementRef: body.statementId,
        actorTokenId: principalOf(request).tokenId,
        checked: upload.checked,
      });
    } finally {
      await upload.discard();
    }
  }

  @Get(':code/statements')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Imports of the bank account, latest first, with their statements and balances' })
  @ApiOkResponse({ type: [StoredImportResponse] })
  list(@Param('code', bankAccountCode) code: string, @Query() q: ListImportsQuery) {
    return this.queries.imports(code, q.limit ?? 50);
  }

  @Get(':code/statement-lines')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Statement lines of the bank account, by id, with the match each is in' })
  @ApiOkResponse({ type: StatementLinePage })
  lines(@Param('code', bankAccountCode) code: string, @Query() q: ListStatementLinesQuery) {
    return this.queries.lines(code, {
      status: q.status ?? 'all',
      from: q.from,
      to: q.to,
      afterId: q.cursor,
      limit: q.limit ?? 100,
    });
  }
}
