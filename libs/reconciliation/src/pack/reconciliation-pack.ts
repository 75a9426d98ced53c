import { Injectable } from '@nestjs/common';
import { RendererRegistry, RenderedReport } from '@app/common';
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
 * read in one snapshot as at `asOf`. `currency` is the base currency (the register checks' figures);
 * each bank reconciliation is in its account's currency.
 */
export interface ReconciliationPack {
  asOf: string;
  currency: string;
  bankAccounts: PackBankAccount[];
  checks: ReconciliationChecksReport;
}

/** Turns the pack into one format (PDF and XLSX, Spanish and English, are added by the report renderers). */
export interface ReconciliationPackRenderer {
  readonly format: string;
  render(pack: ReconciliationPack, lang: ReconciliationPackLang): Promise<RenderedReport>;
}

/** The hook the report renderers fill at start-up; with none registered a file format is a 400. */
@Injectable()
export class ReconciliationPackRenderers extends RendererRegistry<ReconciliationPackRenderer> {
  constructor() {
    super();
  }
}
