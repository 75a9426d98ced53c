import { queryOptions } from '@tanstack/react-query';
import type { Lang } from '../i18n/languages';
import { api, unwrap, unwrapAs } from './client';
import type {
  BankAccount,
  BankReconciliation,
  FinancialStatements,
  FiscalYear,
  GrantReport,
  MemberStatement,
  StatusOfContributions,
} from './responses';

/**
 * The reads of the console's pages, each one public API route. Keys start with the route's name,
 * so a page can refresh one report without the others.
 */
export const queries = {
  status: (asOf: string, lang: Lang) =>
    queryOptions({
      queryKey: ['status-of-contributions', asOf, lang],
      queryFn: () =>
        unwrapAs<StatusOfContributions>(api.GET('/v1/reports/status-of-contributions', { params: { query: { asOf, lang, format: 'json' } } })),
    }),
  memberStatement: (member: string, asOf: string, lang: Lang) =>
    queryOptions({
      queryKey: ['member-statement', member, asOf, lang],
      queryFn: () =>
        unwrapAs<MemberStatement>(
          api.GET('/v1/members/{code}/statement', { params: { path: { code: member }, query: { asOf, lang, format: 'json' } } }),
        ),
    }),
  reserveFund: (asOf: string) =>
    queryOptions({
      queryKey: ['reserve-fund', asOf],
      queryFn: () => unwrap(api.GET('/v1/reserve-fund', { params: { query: { asOf } } })),
    }),
  grants: () =>
    queryOptions({
      queryKey: ['grants'],
      queryFn: () => unwrap(api.GET('/v1/grants')),
    }),
  grantReport: (code: string, asOf: string) =>
    queryOptions({
      queryKey: ['grant-report', code, asOf],
      // The route answers JSON or a file; format=json asks for the JSON.
      queryFn: () => unwrapAs<GrantReport>(api.GET('/v1/grants/{code}/report', { params: { path: { code }, query: { asOf, format: 'json' } } })),
    }),
  bankAccounts: () =>
    queryOptions({
      queryKey: ['bank-accounts'],
      queryFn: () => unwrapAs<BankAccount[]>(api.GET('/v1/bank-accounts')),
    }),
  bankReconciliation: (bankAccount: string, asOf: string) =>
    queryOptions({
      queryKey: ['bank-reconciliation', bankAccount, asOf],
      queryFn: () =>
        unwrapAs<BankReconciliation>(api.GET('/v1/reports/bank-reconciliation', { params: { query: { bankAccount, asOf } } })),
    }),
  fiscalYears: () =>
    queryOptions({
      queryKey: ['fiscal-years'],
      queryFn: () => unwrapAs<FiscalYear[]>(api.GET('/v1/fiscal-years')),
    }),
  financialStatements: (fiscalYear: number, lang: Lang) =>
    queryOptions({
      queryKey: ['financial-statements', fiscalYear, lang],
      queryFn: () =>
        unwrapAs<FinancialStatements>(
          api.GET('/v1/reports/financial-statements', { params: { query: { fiscalYear: String(fiscalYear), lang, format: 'json' } } }),
        ),
    }),
};
