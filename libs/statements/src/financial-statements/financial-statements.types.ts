import type { CashFlowKind } from './classification';
import type { PolicyParagraph } from './accounting-policies';
import type { StatementLang } from './labels';

/**
 * The JSON of the financial statements. Convention everywhere: the current year's figures are the
 * fields of an object, and the same figures for the prior year (fiscalYear − 1) sit beside them in
 * its `prior` field. Amounts are decimal strings in the base currency.
 */
export interface AccountFigure {
  code: string;
  name: string;
  amount: string;
  prior: string;
}

export interface StatementLine {
  code: string;
  label: string;
  amount: string;
  prior: string;
  /** The ledger accounts that make up the line (non-zero in either year). */
  accounts: AccountFigure[];
}

export interface PeriodInfo {
  fiscalYear: number;
  startsOn: string;
  endsOn: string;
  status: 'open' | 'closed';
}

export type FundKind = 'general' | 'reserve' | 'restricted';

export interface PositionTotals {
  assets: string;
  liabilities: string;
  netAssets: string;
  liabilitiesAndNetAssets: string;
}

export interface FinancialPosition {
  title: string;
  asAt: string;
  priorAsAt: string;
  assets: StatementLine[];
  liabilities: StatementLine[];
  /** By fund kind: unrestricted (general), reserve, restricted (grants). */
  netAssets: StatementLine[];
  netAssetsByFund: { fund: string; name: string; kind: FundKind; amount: string; prior: string }[];
  totals: PositionTotals & { prior: PositionTotals };
}

export interface PerformanceTotals {
  revenue: string;
  expenses: string;
  surplus: string;
}

export interface TransfersFigures {
  transfersIn: string;
  transfersOut: string;
  net: string;
}

export interface FinancialPerformance {
  title: string;
  from: string;
  to: string;
  priorFrom: string;
  priorTo: string;
  revenue: StatementLine[];
  expenses: StatementLine[];
  /**
   * Inter-fund transfers (accounts 4800/5800 and their sub-accounts) are not revenue or expenses
   * of the entity: they are eliminated here and shown fund by fund in the changes in net assets.
   * `net` is zero whenever every transfer was posted with both of its legs.
   */
  interFundTransfers: TransfersFigures & { treatment: 'eliminated'; prior: TransfersFigures };
  byFund: ({ fund: string; kind: FundKind } & PerformanceTotals & { prior: PerformanceTotals })[];
  totals: PerformanceTotals & { prior: PerformanceTotals };
}

export interface NetAssetsMovement {
  opening: string;
  surplus: string;
  transfers: string;
  /** Postings made straight to net-assets accounts during the year (opening balances, adjustments). */
  otherMovements: string;
  closing: string;
}

export interface ChangesInNetAssets {
  title: string;
  funds: ({ fund: string; name: string; kind: FundKind } & NetAssetsMovement & { prior: NetAssetsMovement })[];
  byKind: ({ kind: FundKind; label: string } & NetAssetsMovement & { prior: NetAssetsMovement })[];
  totals: NetAssetsMovement & { prior: NetAssetsMovement };
}

export interface CashFlowTotals {
  openingCash: string;
  receipts: string;
  payments: string;
  transfers: string;
  other: string;
  netFlow: string;
  closingCash: string;
}

export interface CashFlowStatement {
  title: string;
  method: 'direct';
  cashAccounts: string[];
  lines: (StatementLine & { kind: CashFlowKind })[];
  totals: CashFlowTotals & { prior: CashFlowTotals };
}

export interface BudgetFigures {
  budget: string;
  actual: string;
  variance: string;
  executionPercent: string | null;
}

export interface BudgetVersionInfo {
  fiscalYear: number;
  version: number;
  originalVersion: number;
  approval: { meeting: string; date: string; reference: string };
}

export interface BudgetVsActual {
  title: string;
  /** Funds of kind `general`: the budget approved by the meeting finances them. */
  funds: string[];
  basis: 'accrual';
  budget: BudgetVersionInfo | null;
  priorBudget: BudgetVersionInfo | null;
  lines: ({ code: string; name: string; inBudget: boolean; originalBudget: string } & BudgetFigures & {
      prior: BudgetFigures;
    })[];
  /** Expenses of the general fund carrying no budget line. */
  unallocated: { label: string; actual: string; prior: string };
  totals: BudgetFigures & { prior: BudgetFigures };
}

export interface MemberContribution {
  opening: string;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  advance: string;
}

export interface GrantFigures {
  pledged: string;
  received: string;
  spent: string;
  refunded: string;
  netAssets: string;
  cash: string;
}

export interface ReserveFigures {
  balance: string;
  cash: string;
  contributions: string;
  disbursements: string;
  transfers: string;
  commitments: string | null;
}

export interface StatementNotes {
  accountingPolicies: { title: string; paragraphs: PolicyParagraph[] };
  contributions: {
    title: string;
    source: 'ledger' | 'contributions';
    members: ({ member: string; name: string } & MemberContribution & { prior: MemberContribution })[];
    totals: MemberContribution & { prior: MemberContribution };
  };
  grants: {
    title: string;
    source: 'ledger' | 'grants';
    grants: ({ fund: string; name: string } & GrantFigures & { prior: GrantFigures })[];
    totals: GrantFigures & { prior: GrantFigures };
  };
  reserveFund: {
    title: string;
    source: 'ledger' | 'reserve-fund';
    funds: string[];
    monthlyBalances: { month: string; balance: string }[];
  } & ReserveFigures & { prior: ReserveFigures };
}

export interface FinancialStatements {
  fiscalYear: number;
  priorFiscalYear: number;
  currency: string;
  lang: StatementLang;
  period: PeriodInfo;
  priorPeriod: PeriodInfo;
  financialPosition: FinancialPosition;
  financialPerformance: FinancialPerformance;
  changesInNetAssets: ChangesInNetAssets;
  cashFlow: CashFlowStatement;
  budgetVsActual: BudgetVsActual;
  notes: StatementNotes;
}
