import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { REGISTER_CHECKS } from '@app/register-checks';
import { GrantReportService } from './grant-report.service';
import { GrantsController } from './grants.controller';
import { GrantsRepository } from './grants.repository';
import { GrantsService } from './grants.service';
import { GrantRegisterChecks } from './register-checks/grant-register-checks';
import { GrantRegisterChecksRepository } from './register-checks/grant-register-checks.repository';

/** Donors, grant agreements and their restricted funds, receipts, expenditures, refunds, donor report. */
@Module({
  imports: [LedgerModule],
  controllers: [GrantsController],
  providers: [
    GrantsService,
    GrantsRepository,
    GrantReportService,
    GrantRegisterChecksRepository,
    GrantRegisterChecks,
    // The grant registers' checks in the TS reconciliation report (collected by the reconciliation lib).
    { provide: REGISTER_CHECKS, useExisting: GrantRegisterChecks },
  ],
  exports: [GrantsService, GrantReportService],
})
export class GrantsModule {}
