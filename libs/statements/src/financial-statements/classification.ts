import type { AccountRow, AccountType } from '@app/ledger';

/** Lines of the statement of financial position (all assets and liabilities are current). */
export const ASSET_LINES = ['cashAndBank', 'contributionsReceivable', 'grantsReceivable', 'otherAssets'] as const;
export const LIABILITY_LINES = ['advances', 'deferredRevenue', 'payables', 'refundsPayable', 'otherLiabilities'] as const;
/** Revenue by source and expenses by nature (IPSAS 1 §102, by nature). */
export const REVENUE_LINES = [
  'assessedContributions',
  'voluntaryContributions',
  'reserveFundContributions',
  'interest',
  'foreignExchangeGains',
  'otherRevenue',
] as const;
export const EXPENSE_LINES = [
  'personnel',
  'meetingsAndTravel',
  'communicationsAndCampaigns',
  'assistedReturns',
  'bankCharges',
  'foreignExchangeLosses',
  'writeOffs',
  'otherExpenses',
] as const;
/**
 * Cash-flow lines (direct method, IPSAS 2 §27): each cash movement is named after the accounts on
 * the other side of its entry. Receipts are positive, payments negative; `interFundTransfers`
 * nets to zero for the entity, `otherCashFlows` holds what fits nowhere else (opening balances).
 */
export const CASH_FLOW_LINES = [
  'receiptsAssessedContributions',
  'receiptsVoluntaryContributions',
  'receiptsReserveFundContributions',
  'interestReceived',
  'otherReceipts',
  'paymentsPersonnel',
  'paymentsSuppliers',
  'paymentsAssistedReturns',
  'paymentsBankCharges',
  'refundsToDonors',
  'interFundTransfers',
  'otherCashFlows',
] as const;

export type AssetLine = (typeof ASSET_LINES)[number];
export type LiabilityLine = (typeof LIABILITY_LINES)[number];
export type RevenueLine = (typeof REVENUE_LINES)[number];
export type ExpenseLine = (typeof EXPENSE_LINES)[number];
export type CashFlowLine = (typeof CASH_FLOW_LINES)[number];

export type CashFlowKind = 'receipt' | 'payment' | 'transfer' | 'other';
export const CASH_FLOW_KIND: Record<CashFlowLine, CashFlowKind> = {
  receiptsAssessedContributions: 'receipt',
  receiptsVoluntaryContributions: 'receipt',
  receiptsReserveFundContributions: 'receipt',
  interestReceived: 'receipt',
  otherReceipts: 'receipt',
  paymentsPersonnel: 'payment',
  paymentsSuppliers: 'payment',
  paymentsAssistedReturns: 'payment',
  paymentsBankCharges: 'payment',
  refundsToDonors: 'payment',
  interFundTransfers: 'transfer',
  otherCashFlows: 'other',
};

/** Where an account lands in the statements. */
export type AccountClass =
  | { type: 'asset'; line: AssetLine; cashFlow: CashFlowLine }
  | { type: 'liability'; line: LiabilityLine; cashFlow: CashFlowLine }
  | { type: 'net_assets'; cashFlow: CashFlowLine }
  | { type: 'revenue'; line: RevenueLine; transfer: boolean; cashFlow: CashFlowLine }
  | { type: 'expense'; line: ExpenseLine; transfer: boolean; cashFlow: CashFlowLine };

/**
 * The default chart (seeded by the ledger migration) mapped once. Accounts an installation adds
 * inherit the class of their nearest mapped ancestor (a new bank account under 1000, a new
 * expense under 5200), so configuration, not code, extends the statements; an account with no
 * mapped ancestor falls into the "other" line of its type.
 */
const DEFAULT_CHART: Record<string, AccountClass> = {
  '1000': { type: 'asset', line: 'cashAndBank', cashFlow: 'otherCashFlows' },
  '1100': { type: 'asset', line: 'contributionsReceivable', cashFlow: 'receiptsAssessedContributions' },
  '1200': { type: 'asset', line: 'grantsReceivable', cashFlow: 'receiptsVoluntaryContributions' },
  '1300': { type: 'asset', line: 'otherAssets', cashFlow: 'otherReceipts' },
  '2100': { type: 'liability', line: 'advances', cashFlow: 'receiptsAssessedContributions' },
  '2200': { type: 'liability', line: 'deferredRevenue', cashFlow: 'receiptsVoluntaryContributions' },
  '2300': { type: 'liability', line: 'payables', cashFlow: 'paymentsSuppliers' },
  '2400': { type: 'liability', line: 'refundsPayable', cashFlow: 'refundsToDonors' },
  '4100': { type: 'revenue', line: 'assessedContributions', transfer: false, cashFlow: 'receiptsAssessedContributions' },
  '4200': { type: 'revenue', line: 'voluntaryContributions', transfer: false, cashFlow: 'receiptsVoluntaryContributions' },
  '4300': { type: 'revenue', line: 'reserveFundContributions', transfer: false, cashFlow: 'receiptsReserveFundContributions' },
  '4400': { type: 'revenue', line: 'interest', transfer: false, cashFlow: 'interestReceived' },
  '4500': { type: 'revenue', line: 'foreignExchangeGains', transfer: false, cashFlow: 'otherReceipts' },
  '4800': { type: 'revenue', line: 'otherRevenue', transfer: true, cashFlow: 'interFundTransfers' },
  '4900': { type: 'revenue', line: 'otherRevenue', transfer: false, cashFlow: 'otherReceipts' },
  '5100': { type: 'expense', line: 'personnel', transfer: false, cashFlow: 'paymentsPersonnel' },
  '5200': { type: 'expense', line: 'meetingsAndTravel', transfer: false, cashFlow: 'paymentsSuppliers' },
  '5300': { type: 'expense', line: 'communicationsAndCampaigns', transfer: false, cashFlow: 'paymentsSuppliers' },
  '5400': { type: 'expense', line: 'assistedReturns', transfer: false, cashFlow: 'paymentsAssistedReturns' },
  '5500': { type: 'expense', line: 'bankCharges', transfer: false, cashFlow: 'paymentsBankCharges' },
  '5600': { type: 'expense', line: 'foreignExchangeLosses', transfer: false, cashFlow: 'otherCashFlows' },
  '5700': { type: 'expense', line: 'writeOffs', transfer: false, cashFlow: 'otherCashFlows' },
  '5800': { type: 'expense', line: 'otherExpenses', transfer: true, cashFlow: 'interFundTransfers' },
  '5900': { type: 'expense', line: 'otherExpenses', transfer: false, cashFlow: 'paymentsSuppliers' },
};

const CASH: AccountClass = { type: 'asset', line: 'cashAndBank', cashFlow: 'otherCashFlows' };

function fallback(type: AccountType): AccountClass {
  switch (type) {
    case 'asset':
      return { type, line: 'otherAssets', cashFlow: 'otherCashFlows' };
    case 'liability':
      return { type, line: 'otherLiabilities', cashFlow: 'otherCashFlows' };
    case 'net_assets':
      return { type, cashFlow: 'otherCashFlows' };
    case 'revenue':
      return { type, line: 'otherRevenue', transfer: false, cashFlow: 'otherReceipts' };
    case 'expense':
      return { type, line: 'otherExpenses', transfer: false, cashFlow: 'paymentsSuppliers' };
  }
}

export interface Classifier {
  classOf(account: string): AccountClass;
  /** Accounts whose balance is cash: those linked to a bank account, and those under 1000. */
  readonly cashAccounts: readonly string[];
  /** Ledger codes (the account and every descendant) of one default-chart account. */
  family(code: string): readonly string[];
}

/**
 * Classifies every account of the chart. `bankLedgerAccounts` are the ledger accounts linked in
 * `bank_accounts`: they are cash whatever their code, so the cash-flow statement (which reads the
 * postings on them) and the cash line of the statement of financial position cover the same money.
 */
export function classifyChart(accounts: readonly Pick<AccountRow, 'code' | 'type' | 'parent'>[], bankLedgerAccounts: readonly string[]): Classifier {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const banks = new Set(bankLedgerAccounts);
  const classes = new Map<string, AccountClass>();
  const mappedAncestor = (code: string): string | undefined => {
    const seen = new Set<string>();
    for (let at: string | null | undefined = code; at && !seen.has(at); at = byCode.get(at)?.parent) {
      seen.add(at);
      if (DEFAULT_CHART[at] !== undefined) return at;
    }
    return undefined;
  };
  for (const account of accounts) {
    const ancestor = mappedAncestor(account.code);
    const mapped = ancestor === undefined ? undefined : DEFAULT_CHART[ancestor];
    let cls = mapped !== undefined && mapped.type === account.type ? mapped : fallback(account.type);
    if (account.type === 'asset' && banks.has(account.code)) cls = CASH;
    classes.set(account.code, cls);
  }
  const cashAccounts = [...classes.entries()]
    .filter(([, c]) => c.type === 'asset' && c.line === 'cashAndBank')
    .map(([code]) => code)
    .sort();
  return {
    classOf(code: string): AccountClass {
      const cls = classes.get(code);
      if (!cls) throw new Error(`account ${code} has postings but is not in the chart of accounts`);
      return cls;
    },
    cashAccounts,
    family(code: string): readonly string[] {
      return accounts.filter((a) => mappedAncestor(a.code) === code || a.code === code).map((a) => a.code).sort();
    },
  };
}
