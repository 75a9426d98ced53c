/**
 * JSON bodies the console reads from routes whose OpenAPI document does not describe the body
 * yet (schema.d.ts has `unknown` or no content there). Each mirrors the API's own result type,
 * named beside it; only the fields the console reads. Amounts are decimal strings.
 */
import type { components } from './schema';

export type Standing = 'good' | 'in_arrears' | 'exempt';

/** libs/contributions/src/reports/report-types.ts StatusYear */
export interface StatusYear {
  fiscalYear: number;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
}

/** libs/contributions/src/reports/report-types.ts StatusMember */
export interface StatusMember {
  member: string;
  name: string;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  advance: string;
  arrears: string;
  standing: Standing;
  collectionRate: string | null;
  years: StatusYear[];
}

export interface StatusTotals {
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  advance: string;
  arrears: string;
  collectionRate: string | null;
}

/** GET /v1/reports/status-of-contributions (format=json) */
export interface StatusOfContributions {
  asOf: string;
  currency: string;
  fiscalYear: number;
  standingPolicy: { rule: 'none' | 'arrears_years'; years: number };
  honourRollDays: number;
  members: StatusMember[];
  totals: StatusTotals;
  honourRoll: { member: string; fiscalYear: number; paidInFullOn: string }[];
}

/** libs/contributions/src/reports/report-types.ts StatementLine */
export interface StatementLine {
  date: string;
  sequence: number;
  entryId: string;
  type: string;
  description: string;
  fiscalYear: number | null;
  reference: string | null;
  amount: string;
  debit: string;
  credit: string;
  balance: string;
  allocations: { fiscalYear: number; amount: string }[];
}

/** GET /v1/members/{code}/statement (format=json) */
export interface MemberStatement {
  member: string;
  name: string;
  asOf: string;
  from: string | null;
  currency: string;
  opening: { date: string | null; balance: string };
  lines: StatementLine[];
  closing: {
    balance: string;
    outstanding: string;
    advance: string;
    arrears: string;
    writtenOff: string;
    years: StatusYear[];
  };
}

/** libs/statements/src/financial-statements/financial-statements.types.ts StatementLine */
export interface StatementsLine {
  code: string;
  label: string;
  amount: string;
  prior: string;
}

interface WithPrior<T> {
  prior: T;
}

export interface BudgetFigures {
  budget: string;
  actual: string;
  variance: string;
  executionPercent: string | null;
}

/** GET /v1/reports/financial-statements (format=json), libs/statements … financial-statements.types.ts */
export interface FinancialStatements {
  fiscalYear: number;
  priorFiscalYear: number;
  currency: string;
  period: { fiscalYear: number; startsOn: string; endsOn: string; status: 'open' | 'closed' };
  financialPosition: {
    title: string;
    asAt: string;
    priorAsAt: string;
    assets: StatementsLine[];
    liabilities: StatementsLine[];
    netAssets: StatementsLine[];
    totals: { assets: string; liabilities: string; netAssets: string; liabilitiesAndNetAssets: string } & WithPrior<{
      assets: string;
      liabilities: string;
      netAssets: string;
      liabilitiesAndNetAssets: string;
    }>;
  };
  financialPerformance: {
    title: string;
    revenue: StatementsLine[];
    expenses: StatementsLine[];
    totals: { revenue: string; expenses: string; surplus: string } & WithPrior<{ revenue: string; expenses: string; surplus: string }>;
  };
  changesInNetAssets: {
    title: string;
    byKind: ({ kind: string; label: string; opening: string; surplus: string; transfers: string; otherMovements: string; closing: string } & WithPrior<{
      opening: string;
      closing: string;
    }>)[];
    totals: { opening: string; surplus: string; transfers: string; otherMovements: string; closing: string } & WithPrior<{
      opening: string;
      surplus: string;
      transfers: string;
      otherMovements: string;
      closing: string;
    }>;
  };
  cashFlow: {
    title: string;
    lines: StatementsLine[];
    totals: { openingCash: string; netFlow: string; closingCash: string } & WithPrior<{ openingCash: string; netFlow: string; closingCash: string }>;
  };
  budgetVsActual: {
    title: string;
    lines: ({ code: string; name: string } & BudgetFigures & WithPrior<BudgetFigures>)[];
    totals: BudgetFigures & WithPrior<BudgetFigures>;
  };
}

/** GET /v1/fiscal-years, libs/ledger/src/reference-data.repository.ts FiscalYearRow */
export interface FiscalYear {
  year: number;
  startsOn: string;
  endsOn: string;
  status: 'open' | 'closed';
}

/** GET /v1/bank-accounts, libs/reconciliation/src/bank-accounts BankAccountResponse */
export interface BankAccount {
  code: string;
  name: string;
  currency: string;
  ledgerAccount: string;
  active: boolean;
}

/** GET /v1/reports/bank-reconciliation, libs/reconciliation … BankReconciliationReport */
export interface BankReconciliation {
  bankAccount: string;
  currency: string;
  asOf: string;
  statementBalance: string;
  ledgerBalance: string;
  difference: string;
  reconciled: boolean;
}

export type GrantView = components['schemas']['GrantView'];
export type GrantReport = components['schemas']['GrantReport'];
export type ReserveFundPosition = components['schemas']['ReserveFundPosition'];
export type ReserveCase = components['schemas']['CaseView'];
export type Member = components['schemas']['MemberResponse'];
