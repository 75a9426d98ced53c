import type { AccountRow, FundRow } from '@app/ledger';
import type { FiscalYearSpan } from '../shared/fiscal-year';

/** Base-currency totals of one account in one fund (decimal strings as PostgreSQL sums them). */
export interface AccountFundAmounts {
  account: string;
  fund: string;
  debitBase: string;
  creditBase: string;
}

/** Cash moved by an entry, attributed to one of its non-cash lines: credit − debit of that line. */
export interface CashAttribution {
  account: string;
  fund: string;
  inflowBase: string;
}

export type MemberFlowKind = 'assessed' | 'paid' | 'writtenOff';

/** Receivable movements of a member in a period, signed the receivable's way (debit positive). */
export interface MemberFlow {
  member: string;
  kind: MemberFlowKind;
  netBase: string;
}

/** A member's balance on one account as at a date, debit positive. */
export interface MemberBalance {
  member: string;
  account: string;
  netBase: string;
}

export interface BudgetLineRow {
  code: string;
  name: string;
  amount: string;
}

export interface BudgetVersionRow {
  fiscalYear: number;
  version: number;
  currency: string;
  total: string;
  approvalMeeting: string;
  approvalDate: string;
  approvalReference: string;
}

export interface BudgetSnapshot {
  final: BudgetVersionRow;
  original: BudgetVersionRow;
  finalLines: BudgetLineRow[];
  originalLines: BudgetLineRow[];
}

/** Expenses of general funds per budget line in a period (debit − credit); code null = untagged. */
export interface BudgetActual {
  code: string | null;
  netBase: string;
}

/** Everything the statements need about one fiscal year, read in the report's snapshot. */
export interface YearLedger {
  span: FiscalYearSpan;
  /** Cumulative balances as at the day before the year starts. */
  opening: AccountFundAmounts[];
  /** Cumulative balances as at the last day of the year (closing entries included). */
  closing: AccountFundAmounts[];
  /** Movements of the year, closing entries excluded. */
  flows: AccountFundAmounts[];
  /** Movements from the first entry up to the year end, closing entries excluded. */
  flowsToDate: AccountFundAmounts[];
  cashAttribution: CashAttribution[];
  cashAttributionToDate: CashAttribution[];
  memberFlows: MemberFlow[];
  memberOpening: MemberBalance[];
  memberClosing: MemberBalance[];
  budget: BudgetSnapshot | null;
  budgetActuals: BudgetActual[];
  /** Net-assets change of reserve funds per month of the year ('YYYY-MM', credit positive). */
  reserveMonthly: { month: string; changeBase: string }[];
  /** Approved, undisbursed reserve-fund commitments at the year end, when the reserve-fund lib tells. */
  reserveCommitments: string | null;
}

export interface StatementsInput {
  baseCurrency: string;
  accounts: AccountRow[];
  funds: FundRow[];
  bankLedgerAccounts: string[];
  members: { code: string; nameEn: string; nameEs: string }[];
  current: YearLedger;
  prior: YearLedger;
}
