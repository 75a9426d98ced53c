import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { Roles } from '@app/auth';
import { ApiFileResponse } from '@app/common';
import { parseFiscalYear } from '../shared/fiscal-year';
import { AuditPackageService } from './audit-package.service';

export class AuditPackageQuery {
  @ApiProperty({ example: '2005' })
  @Matches(/^\d{4}$/, { message: 'fiscalYear must be a four-digit year' })
  fiscalYear: string;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
export class AuditPackageController {
  private readonly logger = new Logger('AuditPackage');

  constructor(private readonly packages: AuditPackageService) {}

  @Get('audit-package')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: "The auditors' package of a fiscal year: a zip streamed from one snapshot, checkable offline",
    description:
      'Holds the journal with hashes (enough to recompute the chain), the general ledger of the year (same CSV as the GL ' +
      'export), the trial balance at year end, opening/movements/closing balances, the financial statements (es, en), ' +
      'the audit log from the start of the year, and manifest.json {fiscalYear, baseCurrency, chainHead, firstSequence, ' +
      'lastSequence, prevHashBeforeYear, textFields, files: [{name, sha256, rows}]} written last. CSV text fields are guarded ' +
      'against spreadsheet formulas as in the GL export (textFields states the rule); the hash chain covers the raw text. ' +
      'verifyAuditPackage(zip) checks it.',
  })
  @ApiFileResponse({ description: 'The zip (attachment)', formats: ['zip'] })
  async download(@Query() q: AuditPackageQuery, @Res() res: Response): Promise<void> {
    const fiscalYear = parseFiscalYear(q.fiscalYear);
    // Errors up to here (no entries in the year, statements that do not tie) are ordinary answers.
    const pkg = await this.packages.open(fiscalYear);
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${pkg.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.on('close', () => {
      // A client that hangs up must not keep the snapshot (and its connection) open.
      if (!res.writableFinished) pkg.abort(new Error('the client closed the connection'));
    });
    pkg.done.catch((error: unknown) => {
      this.packages.reportFailure(fiscalYear, error);
      // Ending normally would make a truncated zip look complete.
      if (!res.destroyed) res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    pipeline(pkg.stream, res, (error) => {
      if (error && !res.writableFinished) this.logger.warn(`audit package ${fiscalYear} not delivered: ${error.message}`);
    });
  }
}
