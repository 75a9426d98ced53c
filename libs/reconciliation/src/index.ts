/**
 * Public API of the reconciliation lib.
 *
 * REGISTER_CHECKS — contributing a check to `GET /v1/reports/reconciliation`: implement
 * `RegisterCheck` (`name` + `run(m, asOf)` returning `RegisterCheckResult`(s); `m` is the report's
 * read-only snapshot) and provide it in YOUR module under the token:
 *   { provide: REGISTER_CHECKS, useFactory: (a: MyCheck, b: OtherCheck) => [a, b], inject: [MyCheck, OtherCheck] }
 * One such provider per module (its value a check or an array of checks); RegisterChecksService
 * finds them in every module. The module does not need to import ReconciliationModule.
 */
export * from './statement-parsers';
export * from './reconciliation.module';
export { REGISTER_CHECKS, MAX_EXPLAINED_ITEMS, explanationOf, isRegisterCheck } from './register-checks/register-check';
export type { RegisterCheck, RegisterCheckResult } from './register-checks/register-check';
export { RegisterChecksService } from './register-checks/register-checks.service';
export { compareFundToRegister } from './register-checks/fund-register-comparison';
export {
  compareFundFigures,
  reversalJoinSql,
  REVERSAL_COLUMNS_SQL,
  SIGNED_BASE_AMOUNT_SQL,
  ZERO,
} from './register-checks/fund-register-figures';
export type {
  FundEntryRow,
  FundFigure,
  FundFiguresComparison,
  RegisterRowWithReversal,
} from './register-checks/fund-register-figures';
export type {
  FundEntryFigure,
  FundRegisterComparison,
  RegisterRowFigure,
  ReversalFacts,
} from './register-checks/fund-register-comparison';
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
export { ReconciliationPackRenderers } from './pack/reconciliation-pack';
export type {
  PackBankAccount,
  ReconciliationPack,
  ReconciliationPackLang,
  ReconciliationPackRenderer,
} from './pack/reconciliation-pack';
export { ReconciliationPackService } from './pack/reconciliation-pack.service';
export type {
  SignOffView,
  UnmatchedLedgerItemView,
  UnmatchedStatementLineView,
} from './reports/bank-reconciliation.service';
