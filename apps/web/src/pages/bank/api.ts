import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, unwrapAs } from '../../api/client';
import type { components } from '../../api/schema';
import { compareDecimals, sumDecimals } from '../../format/decimal';

type Schemas = components['schemas'];
export type BankAccountView = Schemas['BankAccountResponse'];
export type Reconciliation = Schemas['BankReconciliationResponse'];
export type StatementLine = Schemas['UnmatchedStatementLineResponse'];
export type LedgerItem = Schemas['UnmatchedLedgerItemResponse'];
export type ImportResult = Schemas['ImportResponse'];
export type MatchView = Schemas['MatchResponse'];
export type Preparation = Schemas['PreparationResponse'];
export type SignOff = Schemas['SignOffResponse'];
export type FiscalYearView = Schemas['FiscalYearResponse'];
export type AccountView = Schemas['AccountResponse'];
export type FundView = Schemas['FundResponse'];
export type StatementFormat = 'csv' | 'camt053' | 'mt940' | 'xlsx';

export const STATEMENT_FORMATS: readonly StatementFormat[] = ['camt053', 'csv', 'mt940', 'xlsx'];

/** The format a file's name suggests (as the command-line import guesses it). */
export function formatOfFile(name: string): StatementFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xml')) return 'camt053';
  if (lower.endsWith('.sta') || lower.endsWith('.mt940') || lower.endsWith('.940')) return 'mt940';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return 'csv';
}

/** The bank's view of an amount: money in positive (a statement line's credit, a bank posting's debit). */
export const signedLine = (l: StatementLine): string => (l.direction === 'credit' ? l.amount : `-${l.amount}`);
export const signedPosting = (p: LedgerItem): string => (p.side === 'debit' ? p.amount : `-${p.amount}`);

/** Σ of the chosen lines and of the chosen ledger items, and whether they add up (a manual match must). */
export function selectionTotals(lines: readonly StatementLine[], postings: readonly LedgerItem[]): { lines: string; postings: string; agree: boolean } {
  const l = sumDecimals(lines.map(signedLine));
  const p = sumDecimals(postings.map(signedPosting));
  return { lines: l, postings: p, agree: lines.length > 0 && postings.length > 0 && compareDecimals(l, p) === 0 };
}

const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * Ledger items that could be a line's other half: the same amount in the bank's direction, within
 * the matching window of days; nearest date first. Only a suggestion: the person matches.
 */
export function suggestionsFor(line: StatementLine, postings: readonly LedgerItem[], windowDays: number): LedgerItem[] {
  if (line.foreignCurrency) return [];
  const want = signedLine(line);
  return postings
    .filter((p) => p.currency === line.currency && compareDecimals(signedPosting(p), want) === 0)
    .filter((p) => Math.abs(dayNumber(p.date) - dayNumber(line.date)) <= windowDays)
    .sort((a, b) => Math.abs(dayNumber(a.date) - dayNumber(line.date)) - Math.abs(dayNumber(b.date) - dayNumber(line.date)));
}

export const bankQueries = {
  accounts: () => queryOptions({ queryKey: ['bank-accounts'], queryFn: () => unwrap(api.GET('/v1/bank-accounts')) }),
  reconciliation: (bankAccount: string, asOf: string) =>
    queryOptions({
      queryKey: ['bank-reconciliation', bankAccount, asOf],
      queryFn: () => unwrap(api.GET('/v1/reports/bank-reconciliation', { params: { query: { bankAccount, asOf } } })),
    }),
  matches: (bankAccount: string) =>
    queryOptions({
      queryKey: ['bank-matches', bankAccount],
      queryFn: () => unwrap(api.GET('/v1/bank-accounts/{code}/matches', { params: { path: { code: bankAccount }, query: { limit: 50 } } })),
    }),
  preparations: (bankAccount: string) =>
    queryOptions({
      queryKey: ['bank-preparations', bankAccount],
      queryFn: () =>
        unwrap(api.GET('/v1/reports/bank-reconciliation/preparations', { params: { query: { bankAccount, awaitingReview: 'true', limit: 20 } } })),
    }),
  signOffs: (bankAccount: string) =>
    queryOptions({
      queryKey: ['bank-sign-offs', bankAccount],
      queryFn: () => unwrap(api.GET('/v1/reports/bank-reconciliation/sign-offs', { params: { query: { bankAccount, limit: 10 } } })),
    }),
  accountsChart: () => queryOptions({ queryKey: ['accounts'], queryFn: () => unwrap(api.GET('/v1/accounts')) }),
  funds: () => queryOptions({ queryKey: ['funds'], queryFn: () => unwrap(api.GET('/v1/funds')) }),
  fiscalYears: () => queryOptions({ queryKey: ['fiscal-years'], queryFn: () => unwrap(api.GET('/v1/fiscal-years')) }),
};

export const bankCommands = {
  upload: (bankAccount: string, file: File, format: StatementFormat): Promise<ImportResult> => {
    const form = new FormData();
    form.append('format', format);
    form.append('file', file, file.name);
    return unwrap(
      api.POST('/v1/bank-accounts/{code}/statements', {
        params: { path: { code: bankAccount } },
        // The typed body describes the form's fields; the browser sends the FormData itself.
        body: form as unknown as { file: string; format: StatementFormat },
        bodySerializer: (body) => body as unknown as FormData,
      }),
    );
  },
  autoMatch: (bankAccount: string) => unwrap(api.POST('/v1/bank-accounts/{code}/auto-match', { params: { path: { code: bankAccount } } })),
  match: (bankAccount: string, statementLineIds: string[], postingIds: string[]) =>
    unwrap(api.POST('/v1/bank-accounts/{code}/matches', { params: { path: { code: bankAccount } }, body: { statementLineIds, postingIds } })),
  unmatch: (bankAccount: string, id: string, reason: string) =>
    unwrap(api.DELETE('/v1/bank-accounts/{code}/matches/{id}', { params: { path: { code: bankAccount, id }, query: reason ? { reason } : {} } })),
  recordEntry: (bankAccount: string, lineId: string, body: { account: string; fund: string; description: string }, key: string) =>
    unwrap(
      api.POST('/v1/bank-accounts/{code}/statement-lines/{id}/entry', {
        params: { path: { code: bankAccount, id: lineId }, header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  prepare: (bankAccount: string, asOf: string) => unwrap(api.POST('/v1/reports/bank-reconciliation/preparations', { body: { bankAccount, asOf } })),
  review: (id: string) => unwrap(api.POST('/v1/reports/bank-reconciliation/preparations/{id}/review', { params: { path: { id } } })),
  registerChecks: (asOf: string) =>
    unwrapAs<Schemas['ReconciliationChecksResponse']>(api.GET('/v1/reports/reconciliation', { params: { query: { asOf, format: 'json' } } })),
  closeYear: (year: number) => unwrap(api.POST('/v1/fiscal-years/{year}/close', { params: { path: { year } } })),
};
