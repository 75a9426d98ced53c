import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { REGISTER_CHECKS } from '@app/register-checks';
import { ReserveCasesService } from './reserve-cases.service';
import { ReserveContributionsService } from './reserve-contributions.service';
import { ReserveFundReportService } from './reserve-fund-report.service';
import { ReserveFundController } from './reserve-fund.controller';
import { ReserveFundRepository } from './reserve-fund.repository';
import { ReserveRegisterChecks } from './register-checks/reserve-register-checks';
import { ReserveRegisterChecksRepository } from './register-checks/reserve-register-checks.repository';

/** The reserve fund (RES) under its Protocol: contributions, cases, commitments, disbursements, report. */
@Module({
  imports: [LedgerModule],
  controllers: [ReserveFundController],
  providers: [
    ReserveFundRepository,
    ReserveContributionsService,
    ReserveCasesService,
    ReserveFundReportService,
    ReserveRegisterChecksRepository,
    ReserveRegisterChecks,
    // The reserve-fund registers' checks in the TS reconciliation report (collected by the reconciliation lib).
    { provide: REGISTER_CHECKS, useExisting: ReserveRegisterChecks },
  ],
  exports: [ReserveContributionsService, ReserveCasesService, ReserveFundReportService],
})
export class ReserveFundModule {}
