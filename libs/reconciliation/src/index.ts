/**
 * Public API of the reconciliation lib.
 *
 * The TS reconciliation report (`GET /v1/reports/reconciliation`) runs every register check any
 * module provides under REGISTER_CHECKS; the check contract (token, types, the fund comparison
 * and its SQL fragments) is @app/register-checks, which a domain imports instead of this lib.
 */
export * from './statement-parsers';
export * from './reconciliation.module';
export { RegisterChecksService } from './register-checks/register-checks.service';
export type { ReconciliationChecksReport } from './register-checks/register-checks.service';
export {
  StatementImportService,
  MAX_STATEMENT_BYTES,
  MAX_CAMT_BYTES,
  STATEMENT_FORMATS,
} from './statements/statement-import.service';
export type {
  ImportOptions,
  ImportProgress,
  ImportResult,
  SkippedAccount,
  StatementFormat,
} from './statements/statement-import.service';
export { BankAccountSettingsService } from './bank-accounts/bank-account-settings.service';
export type { BankAccountSettings } from './bank-accounts/bank-account-settings.service';
export { MatchingService } from './matching/matching.service';
export type { AutoMatchResult } from './matching/matching.service';
export { BankReconciliationService } from './reports/bank-reconciliation.service';
export type { BankReconciliationReport } from './reports/bank-reconciliation.service';
export type {
  PackBankAccount,
  ReconciliationPack,
  ReconciliationPackLang,
} from './pack/reconciliation-pack';
export { ReconciliationPackService } from './pack/reconciliation-pack.service';
export type {
  SignOffView,
  UnmatchedLedgerItemView,
  UnmatchedStatementLineView,
} from './reports/bank-reconciliation.service';
