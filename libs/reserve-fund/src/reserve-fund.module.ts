import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { ReserveCasesService } from './reserve-cases.service';
import { ReserveContributionsService } from './reserve-contributions.service';
import { ReserveFundReportService } from './reserve-fund-report.service';
import { ReserveFundController } from './reserve-fund.controller';
import { ReserveFundRenderers } from './reserve-fund.renderer';
import { ReserveFundRepository } from './reserve-fund.repository';

/** The reserve fund (RES) under its Protocol: contributions, cases, commitments, disbursements, report. */
@Module({
  imports: [LedgerModule],
  controllers: [ReserveFundController],
  providers: [
    ReserveFundRepository,
    ReserveContributionsService,
    ReserveCasesService,
    ReserveFundReportService,
    ReserveFundRenderers,
  ],
  exports: [ReserveContributionsService, ReserveCasesService, ReserveFundReportService, ReserveFundRenderers],
})
export class ReserveFundModule {}
