import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { ReserveFundModule, ReserveFundReportService } from '@app/reserve-fund';
import { AuditPackageController } from './audit-package/audit-package.controller';
import { AuditPackageRepository } from './audit-package/audit-package.repository';
import { AuditPackageService } from './audit-package/audit-package.service';
import { BudgetExecutionService } from './budget-execution/budget-execution.service';
import { ExpendituresController } from './expenditures/expenditures.controller';
import { ExpendituresRepository } from './expenditures/expenditures.repository';
import { ExpendituresService } from './expenditures/expenditures.service';
import {
  FinancialStatementsService,
  RESERVE_COMMITMENTS,
  ReserveCommitmentsSource,
} from './financial-statements/financial-statements.service';
import { StatementsController } from './financial-statements/statements.controller';
import { StatementsRepository } from './financial-statements/statements.repository';
import { ApprovedBudgetsRepository } from './shared/approved-budgets.repository';

/**
 * The Secretariat's expenditures with budget execution, the financial statements presented to the
 * vice-ministerial meetings, and the auditors' package. Everything is read from the ledger (and
 * the approved budgets), in one snapshot per report.
 */
@Module({
  imports: [LedgerModule, ReserveFundModule],
  controllers: [ExpendituresController, StatementsController, AuditPackageController],
  providers: [
    ApprovedBudgetsRepository,
    ExpendituresRepository,
    ExpendituresService,
    StatementsRepository,
    FinancialStatementsService,
    BudgetExecutionService,
    AuditPackageRepository,
    AuditPackageService,
    {
      // Commitments (approved, undisbursed cases) live in the reserve-fund register, not in the
      // ledger: its report service reads them as at the year end, in the statements' snapshot
      // (the same figures, and no second connection while the report holds one).
      provide: RESERVE_COMMITMENTS,
      inject: [ReserveFundReportService],
      useFactory: (reserveFund: ReserveFundReportService): ReserveCommitmentsSource => ({
        committedAsOf: async (m, asOf) => (await reserveFund.positionIn(m, asOf)).committed,
      }),
    },
  ],
  exports: [FinancialStatementsService, BudgetExecutionService, AuditPackageService],
})
export class StatementsModule {}
