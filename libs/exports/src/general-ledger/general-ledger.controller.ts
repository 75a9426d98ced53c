import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@app/auth';
import { ApiFileResponse, ErrorCode, isDatabaseUnavailable, PROBLEM_CONTENT_TYPE, problemOf } from '@app/common';
import { GeneralLedgerQuery, parseGlFormat, parseGlRange } from './general-ledger.dto';
import { GeneralLedgerService } from './general-ledger.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
export class GeneralLedgerController {
  constructor(private readonly generalLedger: GeneralLedgerService) {}

  @Get('general-ledger')
  @Roles('auditor', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The general ledger, one row per posting by sequence then line, streamed as CSV, JSON lines or XLSX',
    description:
      'CSV header: sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash. ' +
      'Amounts and rates are exactly as stored. Read from one consistent snapshot, however long the download takes. ' +
      "CSV text fields that would start with = + - @ a tab or a carriage return (after any apostrophes) carry one apostrophe (') " +
      'in front, so spreadsheets show them as text instead of running them as formulas; drop that first apostrophe to read the ' +
      'raw text. JSON lines and XLSX (typed text cells) hold the raw text.',
  })
  @ApiFileResponse({ description: 'The file (attachment), of the format asked for', formats: ['csv', 'jsonl', 'xlsx'] })
  async export(@Query() query: GeneralLedgerQuery): Promise<StreamableFile> {
    const range = parseGlRange(query.from, query.to);
    const file = await this.generalLedger.open(range, parseGlFormat(query.format));
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
    }).setErrorHandler((error, response) => {
      // The service has logged the failure already.
      if (response.destroyed) return;
      if (response.headersSent) {
        // Ending normally would make a truncated file look complete.
        response.destroy?.(error);
        return;
      }
      const unavailable = isDatabaseUnavailable(error);
      const problem = problemOf(
        unavailable ? ErrorCode.ServiceUnavailable : ErrorCode.Internal,
        unavailable
          ? 'the database is not reachable; try again shortly'
          : 'the export failed before its first byte; it was logged',
      );
      const res = response as unknown as Response;
      res.removeHeader('Content-Disposition');
      res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    });
  }
}
