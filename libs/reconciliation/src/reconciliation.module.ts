import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ContributionsModule } from '@app/contributions';
import { LedgerModule } from '@app/ledger';
import { BankAccountSettingsService } from './bank-accounts/bank-account-settings.service';
import { BankAccountsController } from './bank-accounts/bank-accounts.controller';
import { BankScopeRepository } from './bank-scope.repository';
import { MatchesController } from './matching/matches.controller';
import { MatchesRepository } from './matching/matches.repository';
import { MatchingService } from './matching/matching.service';
import { ReconciliationPackRenderers } from './pack/reconciliation-pack';
import { ReconciliationPackService } from './pack/reconciliation-pack.service';
import {
  BalanceRollupCheck,
  BankAccountsCheck,
  HashChainCheck,
  TrialBalanceCheck,
} from './register-checks/built-in-checks';
import { ContributionsChecks } from './register-checks/contributions-checks';
import { REGISTER_CHECKS, RegisterCheck } from './register-checks/register-check';
import { RegisterChecksService } from './register-checks/register-checks.service';
import { BankReconciliationController } from './reports/bank-reconciliation.controller';
import { BankReconciliationRepository } from './reports/bank-reconciliation.repository';
import { BankReconciliationService } from './reports/bank-reconciliation.service';
import { StatementImportService } from './statements/statement-import.service';
import { StatementQueriesService } from './statements/statement-queries.service';
import { StatementsController } from './statements/statements.controller';
import { StatementsRepository } from './statements/statements.repository';

/**
 * Bank accounts, statement import, matching, the bank reconciliation report and its sign-offs,
 * and the register checks of the TS reconciliation report (REGISTER_CHECKS: other modules add
 * theirs by providing that token in their own module).
 */
@Module({
  // ContributionsModule: its register (status of contributions) is read by ContributionsChecks.
  imports: [LedgerModule, ContributionsModule, DiscoveryModule],
  controllers: [BankAccountsController, StatementsController, MatchesController, BankReconciliationController],
  providers: [
    BankScopeRepository,
    BankAccountSettingsService,
    StatementsRepository,
    StatementImportService,
    StatementQueriesService,
    MatchesRepository,
    MatchingService,
    BankReconciliationRepository,
    BankReconciliationService,
    TrialBalanceCheck,
    BalanceRollupCheck,
    HashChainCheck,
    BankAccountsCheck,
    ContributionsChecks,
    RegisterChecksService,
    ReconciliationPackService,
    ReconciliationPackRenderers,
    {
      provide: REGISTER_CHECKS,
      useFactory: (...checks: RegisterCheck[]): RegisterCheck[] => checks,
      inject: [TrialBalanceCheck, BalanceRollupCheck, HashChainCheck, BankAccountsCheck, ContributionsChecks],
    },
  ],
  exports: [
    StatementImportService,
    MatchingService,
    BankReconciliationService,
    RegisterChecksService,
    ReconciliationPackService,
    ReconciliationPackRenderers,
  ],
})
export class ReconciliationModule {}
