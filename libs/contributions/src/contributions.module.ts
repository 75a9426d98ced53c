import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { REGISTER_CHECKS } from '@app/register-checks';
import { ArrearsController } from './arrears/arrears.controller';
import { AssessmentNoticesController } from './assessment-notices/assessment-notices.controller';
import { AssessmentNoticesService } from './assessment-notices/assessment-notices.service';
import { ArrearsService } from './arrears/arrears.service';
import { AssessmentsService } from './budgets/assessments.service';
import { BudgetsController } from './budgets/budgets.controller';
import { BudgetsRepository } from './budgets/budgets.repository';
import { BudgetsService } from './budgets/budgets.service';
import { MembersController } from './members/members.controller';
import { MembersRepository } from './members/members.repository';
import { MembersService } from './members/members.service';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsService } from './payments/payments.service';
import { RegisterRepository } from './register/register.repository';
import { ContributionsChecks } from './register-checks/contributions-checks';
import { StatusFiguresCheck } from './register-checks/status-figures-check';
import { MemberStatementService } from './reports/member-statement.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsRepository } from './reports/reports.repository';
import { StatusOfContributionsService } from './reports/status-of-contributions.service';

/** Members, budgets, assessments and their notices, payments, arrears and the contributions reports. */
@Module({
  imports: [LedgerModule],
  controllers: [
    MembersController,
    BudgetsController,
    PaymentsController,
    ArrearsController,
    ReportsController,
    AssessmentNoticesController,
  ],
  providers: [
    MembersRepository,
    MembersService,
    BudgetsRepository,
    BudgetsService,
    AssessmentsService,
    RegisterRepository,
    PaymentsService,
    ArrearsService,
    ReportsRepository,
    StatusOfContributionsService,
    MemberStatementService,
    AssessmentNoticesService,
    ContributionsChecks,
    StatusFiguresCheck,
    // The contributions register's checks in the TS reconciliation report (run by the reconciliation lib).
    {
      provide: REGISTER_CHECKS,
      useFactory: (control: ContributionsChecks, figures: StatusFiguresCheck) => [control, figures],
      inject: [ContributionsChecks, StatusFiguresCheck],
    },
  ],
  exports: [
    MembersService,
    BudgetsService,
    AssessmentsService,
    PaymentsService,
    ArrearsService,
    StatusOfContributionsService,
    MemberStatementService,
  ],
})
export class ContributionsModule {}
