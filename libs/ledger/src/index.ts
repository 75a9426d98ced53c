// The ledger's public surface: the module, posting (LedgerService), the read services other
// domains use in their own transaction, verification of the chain, and the pure rules and types
// they need. Its repositories (and the SQL over its tables) stay private to this lib.
export * from './ledger.module';
export * from './domain/posting';
export * from './domain/balance-rule';
export * from './domain/fiscal-calendar';
export * from './chain/entry-hash';
export * from './chain/chain-problems';
export * from './chain/verification.service';
export * from './entries/ledger.service';
export * from './entries/entries-by-source.service';
export type { EntryRow, WrittenWithEntry } from './entries/journal.repository';
export * from './entries/entry-response';
export { JournalEntryResponse, PostingLineResponse } from './entries/journal-entries.dto';
export * from './policies/policies';
export * from './policies/policies.service';
export * from './accounts/chart.service';
export * from './reports/trial-balance.service';
export * from './reports/balances.service';
export type { BalanceDimension, BalanceRow, DimensionBalanceRow } from './reports/balances.repository';
export * from './fiscal-years/fiscal-years.service';
export type { AccountRow, AccountType, FiscalYearRow, FundRow } from './reference-data.repository';
export * from './bank-accounts/bank-accounts.service';
export type { BankAccountRow } from './bank-accounts/bank-accounts.repository';
export * from './bank-accounts/bank-line';
export * from './bulk/bulk-loader.service';
export * from './bulk/synthetic-ledger';
