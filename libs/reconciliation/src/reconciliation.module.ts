import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LedgerModule } from '@app/ledger';
import { REGISTER_CHECKS, RegisterCheck } from '@app/register-checks';
import { BankAccountSettingsService } from './bank-accounts/bank-account-settings.service';
import { BankAccountsController } from './bank-accounts/bank-accounts.controller';
import { BankScopeRepository } from './bank-scope.repository';
import { MatchesController } from './matching/matches.controller';
import { MatchesRepository } from './matching/matches.repository';
import { MatchingService } from './matching/matching.service';
import { ReconciliationPackService } from './pack/reconciliation-pack.service';
import {
  BalanceRollupCheck,
  BankAccountsCheck,
  HashChainCheck,
  TrialBalanceCheck,
} from './register-checks/built-in-checks';
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
 * and the TS reconciliation report, which runs every register check provided under
 * REGISTER_CHECKS (@app/register-checks) by any module: each domain registers its own; this
 * module adds the ledger-wide ones (trial balance, roll-ups, hash chain) and the bank's.
 */
@Module({
  imports: [LedgerModule, DiscoveryModule],
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
    RegisterChecksService,
    ReconciliationPackService,
    {
      provide: REGISTER_CHECKS,
      useFactory: (...checks: RegisterCheck[]): RegisterCheck[] => checks,
      inject: [TrialBalanceCheck, BalanceRollupCheck, HashChainCheck, BankAccountsCheck],
    },
  ],
  exports: [
    StatementImportService,
    MatchingService,
    BankReconciliationService,
    RegisterChecksService,
    ReconciliationPackService,
  ],
})
export class ReconciliationModule {}
