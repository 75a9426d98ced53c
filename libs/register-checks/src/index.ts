/**
 * Public API of the register-checks lib: the contract between the domains that own register
 * checks and the reconciliation lib that runs them (`GET /v1/reports/reconciliation`).
 *
 * Contributing a check: implement `RegisterCheck` (`name` + `run(m, asOf)` returning
 * `RegisterCheckResult`(s); `m` is the report's read-only snapshot) and provide it in YOUR module
 * under the token:
 *   { provide: REGISTER_CHECKS, useExisting: MyCheck }
 *   { provide: REGISTER_CHECKS, useFactory: (a: MyCheck, b: OtherCheck) => [a, b], inject: [MyCheck, OtherCheck] }
 * One such provider per module (its value a check or an array of checks). The module imports
 * neither the reconciliation lib nor its module. A fund's checks compare its entries with its
 * register rows with `compareFundFigures`, reading them with the SQL fragments below.
 *
 * This lib imports only @app/common: every domain may use it, it uses none.
 */
export { REGISTER_CHECKS, MAX_EXPLAINED_ITEMS, explanationOf, isRegisterCheck } from './register-check';
export type { RegisterCheck, RegisterCheckResult } from './register-check';
export { compareFundToRegister } from './fund-register-comparison';
export type {
  FundEntryFigure,
  FundRegisterComparison,
  RegisterRowFigure,
  ReversalFacts,
} from './fund-register-comparison';
export {
  compareFundFigures,
  reversalJoinSql,
  REVERSAL_COLUMNS_SQL,
  SIGNED_BASE_AMOUNT_SQL,
  ZERO,
} from './fund-register-figures';
export type { FundEntryRow, FundFigure, FundFiguresComparison, RegisterRowWithReversal } from './fund-register-figures';
