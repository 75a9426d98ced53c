import { Body, Controller, Get, Param, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskStorage } from 'multer';
import { ANY_ROLE, AuthenticatedRequest, principalOf, Roles } from '@app/auth';
import { validationError } from '@app/common';
import { bankAccountCode } from '../http/params';
import { MAX_STATEMENT_BYTES, STATEMENT_FORMATS, StatementImportService } from './statement-import.service';
import { ImportResponse, ImportStatementDto, ListImportsQuery, ListStatementLinesQuery } from './statements.dto';
import { StatementQueriesService } from './statement-queries.service';

/** Uploads land here (streamed to disk, never held in memory) and are removed once imported. */
const UPLOAD_DIR = join(tmpdir(), 'ledger-statement-uploads');

const upload = FileInterceptor('file', {
  storage: diskStorage({
    destination: (_req, _file, done) => {
      try {
        mkdirSync(UPLOAD_DIR, { recursive: true, mode: 0o700 });
        done(null, UPLOAD_DIR);
      } catch (error) {
        done(error as Error, UPLOAD_DIR);
      }
    },
    filename: (_req, _file, done) => done(null, `${randomUUID()}.upload`),
  }),
  limits: { fileSize: MAX_STATEMENT_BYTES, files: 1, fields: 20, fieldSize: 1024 },
});

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
  @UseInterceptors(upload)
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
  async import(
    @Param('code', bankAccountCode) code: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: ImportStatementDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ImportResponse> {
    if (!file) throw validationError('file', 'attach the statement file in the multipart field "file"');
    try {
      return await this.imports.importStatementFile(code, file.path, body.format, undefined, {
        fileName: file.originalname,
        columns: body.columns,
        dateFormat: body.dateFormat,
        openingBalance: body.openingBalance,
        closingBalance: body.closingBalance,
        statementRef: body.statementId,
        actorTokenId: principalOf(request).tokenId,
      });
    } finally {
      await unlink(file.path).catch(() => undefined);
    }
  }

  @Get(':code/statements')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Imports of the bank account, latest first, with their statements and balances' })
  list(@Param('code', bankAccountCode) code: string, @Query() q: ListImportsQuery) {
    return this.queries.imports(code, q.limit ?? 50);
  }

  @Get(':code/statement-lines')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Statement lines of the bank account, by id, with the match each is in' })
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
