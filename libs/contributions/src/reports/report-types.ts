/**
 * The typed results of the contributions reports: the JSON answer as it is, and what their
 * documents (`*.document.ts`: CSV, XLSX and PDF) format; every amount is a decimal string at the
 * base currency's scale, every date `YYYY-MM-DD`.
 */
import { StatementLineType } from '../domain/member-statement';
import { Standing } from '../domain/standing';

export type { StatementLineType } from '../domain/member-statement';
export type { Standing } from '../domain/standing';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_LANGS = ['en', 'es'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** One member × fiscal year of the status of contributions. */
export interface StatusYear {
  fiscalYear: number;
  assessed: string;
  /** Applied to the assessment: payments and advances applied, net of releases and reversals. */
  paid: string;
  /** Settled by write-off or waiver (net of any given back by a revision); not paid. */
  writtenOff: string;
  /** assessed − paid − writtenOff. */
  outstanding: string;
}

export interface StatusMember {
  member: string;
  /** The member's name in the report's language. */
  name: string;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  /** Received and not yet applied to any assessment (a liability, account 2100). */
  advance: string;
  /** Outstanding on fiscal years before the fiscal year of `asOf`. */
  arrears: string;
  /** 'good'; 'in_arrears' when the standing policy says so; 'exempt' when it would but a decision exempts it. */
  standing: Standing;
  /** paid ÷ assessed, 4 decimals; null when nothing is assessed. */
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

/** A member-year paid in full within the policy's number of days of its assessment. */
export interface HonourRollEntry {
  member: string;
  fiscalYear: number;
  paidInFullOn: string;
}

export interface StatusOfContributions {
  asOf: string;
  currency: string;
  lang: ReportLang;
  /** The fiscal year `asOf` falls in: arrears are what is outstanding for the years before it. */
  fiscalYear: number;
  standingPolicy: { rule: 'none' | 'arrears_years'; years: number };
  honourRollDays: number;
  members: StatusMember[];
  totals: StatusTotals;
  honourRoll: HonourRollEntry[];
}

/**
 * One line of a member's statement of account. `debit` raises and `credit` lowers what the member
 * owes; advance movements (applied, released) only move money between the member's advance and
 * its assessments, so both are zero and `amount` says how much moved.
 */
export interface StatementLine {
  date: string;
  /** Sequence of the journal entry behind the line (ledger order within a day). */
  sequence: number;
  entryId: string;
  type: StatementLineType;
  description: string;
  fiscalYear: number | null;
  reference: string | null;
  amount: string;
  debit: string;
  credit: string;
  /** Running balance: positive = owed by the member, negative = held to its credit. */
  balance: string;
  /** Where the money went (payments) or came from (reversals), per fiscal year. */
  allocations: { fiscalYear: number; amount: string }[];
}

export interface MemberStatement {
  member: string;
  name: string;
  asOf: string;
  from: string | null;
  currency: string;
  lang: ReportLang;
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
