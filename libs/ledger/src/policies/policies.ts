/** The installation's rules: configuration, never code, makes another body run on this ledger. */
export interface Policies {
  baseCurrency: string;
  fiscalYearStartMonth: number;
  standing: { rule: 'none' | 'arrears_years'; years: number };
  honourRollDays: number;
  grantsPreFinance: boolean;
  reserveFund: { perCaseCap: string | null; floor: string };
  matchingWindowDays: number;
  defaultBankAccount: string | null;
}
