import { Module } from '@nestjs/common';
import { ChartController } from './accounts/chart.controller';
import { ChartService } from './accounts/chart.service';
import { BankAccountsRepository } from './bank-accounts/bank-accounts.repository';
import { BankAccountsService } from './bank-accounts/bank-accounts.service';
import { BulkLoaderRepository } from './bulk/bulk-loader.repository';
import { BulkLoaderService } from './bulk/bulk-loader.service';
import { VerificationService } from './chain/verification.service';
import { JournalEntriesController } from './entries/journal-entries.controller';
import { EntriesBySourceService } from './entries/entries-by-source.service';
import { JournalRepository } from './entries/journal.repository';
import { LedgerService } from './entries/ledger.service';
import { FiscalYearsService } from './fiscal-years/fiscal-years.service';
import { LedgerController } from './ledger.controller';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { ReferenceDataRepository } from './reference-data.repository';
import { BalancesRepository } from './reports/balances.repository';
import { BalancesService } from './reports/balances.service';
import { TrialBalanceService } from './reports/trial-balance.service';

@Module({
  controllers: [JournalEntriesController, LedgerController, ChartController, PoliciesController],
  providers: [
    LedgerService,
    JournalRepository,
    ReferenceDataRepository,
    PoliciesRepository,
    PoliciesService,
    ChartService,
    VerificationService,
    TrialBalanceService,
    BalancesRepository,
    BalancesService,
    EntriesBySourceService,
    FiscalYearsService,
    BankAccountsRepository,
    BankAccountsService,
    BulkLoaderService,
    BulkLoaderRepository,
  ],
  exports: [
    BalancesService,
    EntriesBySourceService,
    BulkLoaderService,
    BankAccountsService,
    LedgerService,
    PoliciesService,
    ChartService,
    VerificationService,
    TrialBalanceService,
    FiscalYearsService,
  ],
})
export class LedgerModule {}
