import type { ReconciliationChecksReport } from '../register-checks/register-checks.service';
import type { BankReconciliationReport, SignOffView } from '../reports/bank-reconciliation.service';

export type ReconciliationPackLang = 'es' | 'en';

/** One bank account in the pack: its reconciliation as at the date and its latest sign-off by then. */
export interface PackBankAccount {
  name: string;
  report: BankReconciliationReport;
  /** The latest sign-off as at the pack's date or before (its own `asOf` says which); null if none. */
  signOff: Omit<SignOffView, 'figures'> | null;
}

/**
 * The TS reconciliation pack: every bank account's reconciliation and every register check, all
 * read in one snapshot as at `asOf` (its PDF and XLSX: reports/reconciliation-pack.document.ts). `currency` is the base currency (the register checks' figures);
 * each bank reconciliation is in its account's currency.
 */
export interface ReconciliationPack {
  asOf: string;
  currency: string;
  bankAccounts: PackBankAccount[];
  checks: ReconciliationChecksReport;
}
