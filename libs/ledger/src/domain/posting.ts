import { Decimal } from 'decimal.js';

export type Side = 'debit' | 'credit';
export const SIDES: readonly Side[] = ['debit', 'credit'];

export const ENTRY_SOURCES = [
  'manual',
  'assessment',
  'payment',
  'advance',
  'write_off',
  'grant_pledge',
  'grant_receipt',
  'grant_expenditure',
  'grant_refund',
  'expenditure',
  'reserve_contribution',
  'reserve_disbursement',
  'bank',
  'reversal',
  'closing',
  'opening',
  'import',
] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export interface PostingDimensions {
  member?: string;
  grant?: string;
  budgetLine?: string;
  bankAccount?: string;
}

/** One line of a posting command: a side and a positive amount, never a signed number. */
export interface PostingLine extends PostingDimensions {
  account: string;
  fund: string;
  side: Side;
  amount: Decimal;
  /** Defaults to the base currency. */
  currency?: string;
  /** Base units per unit of `currency`; required unless currency is the base currency. */
  rate?: Decimal;
}

/** A line once priced in the base currency: what is stored and hashed. */
export interface PricedLine extends PostingDimensions {
  lineNo: number;
  account: string;
  fund: string;
  side: Side;
  amount: Decimal;
  currency: string;
  rate: Decimal;
  amountBase: Decimal;
}

export const opposite = (side: Side): Side => (side === 'debit' ? 'credit' : 'debit');
