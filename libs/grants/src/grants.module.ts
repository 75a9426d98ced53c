import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { GrantReportService } from './grant-report.service';
import { GrantsController } from './grants.controller';
import { GrantsRenderers } from './grants.renderer';
import { GrantsRepository } from './grants.repository';
import { GrantsService } from './grants.service';

/** Donors, grant agreements and their restricted funds, receipts, expenditures, refunds, donor report. */
@Module({
  imports: [LedgerModule],
  controllers: [GrantsController],
  providers: [GrantsService, GrantsRepository, GrantReportService, GrantsRenderers],
  exports: [GrantsService, GrantReportService, GrantsRenderers],
})
export class GrantsModule {}
