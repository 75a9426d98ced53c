import { queryOptions } from '@tanstack/react-query';
import { api, ApiError, unwrapAs } from '../../api/client';
import { saveDownload } from '../../api/download';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** What the auditors' pages read, as the API's OpenAPI document describes it (schema.d.ts). */
export type Verification = Schemas['VerificationResponse'];
export type PostingLine = Schemas['PostingLineResponse'];
export type JournalEntry = Schemas['JournalEntryResponse'];
export type JournalPage = Schemas['JournalEntryPage'];
export type TrialBalance = Schemas['TrialBalanceResponse'];
export type RegisterChecks = Schemas['ReconciliationChecksResponse'];
export type Account = Schemas['AccountResponse'];
export type Fund = Schemas['FundResponse'];
export type FiscalYearView = Schemas['FiscalYearResponse'];
export type AuditLogEntry = Schemas['AuditLogEntryDto'];
export type AuditLogPage = Schemas['AuditLogPageDto'];
export type Policies = Schemas['PoliciesDto'];

export interface AuditLogQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  cursor?: string;
  limit?: number;
}

/** A query without its empty fields (an absent filter is not sent at all). */
export function defined<T extends object>(query: T): Partial<T> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

export const auditQueries = {
  verification: () =>
    queryOptions({
      queryKey: ['ledger-verification'],
      queryFn: () => unwrapAs<Verification>(api.GET('/v1/ledger/verification')),
      staleTime: 0,
    }),
  journal: (query: { from?: string; to?: string; account?: string; fund?: string; member?: string; cursor?: string; limit: number }) =>
    queryOptions({
      queryKey: ['journal-entries', defined(query)],
      queryFn: () => unwrapAs<JournalPage>(api.GET('/v1/journal-entries', { params: { query: defined(query) } })),
    }),
  entry: (id: string) =>
    queryOptions({
      queryKey: ['journal-entry', id],
      queryFn: () => unwrapAs<JournalEntry>(api.GET('/v1/journal-entries/{id}', { params: { path: { id } } })),
    }),
  trialBalance: (asOf: string, fund: string | undefined) =>
    queryOptions({
      queryKey: ['trial-balance', asOf, fund ?? ''],
      queryFn: () => unwrapAs<TrialBalance>(api.GET('/v1/reports/trial-balance', { params: { query: { asOf, ...(fund ? { fund } : {}) } } })),
    }),
  registerChecks: (asOf: string) =>
    queryOptions({
      queryKey: ['register-checks', asOf],
      queryFn: () => unwrapAs<RegisterChecks>(api.GET('/v1/reports/reconciliation', { params: { query: { asOf, format: 'json' } } })),
    }),
  accounts: () =>
    queryOptions({
      queryKey: ['accounts'],
      queryFn: () => unwrapAs<Account[]>(api.GET('/v1/accounts')),
      staleTime: 5 * 60_000,
    }),
  funds: () =>
    queryOptions({
      queryKey: ['funds'],
      queryFn: () => unwrapAs<Fund[]>(api.GET('/v1/funds')),
      staleTime: 5 * 60_000,
    }),
  policies: () =>
    queryOptions({
      queryKey: ['policies'],
      queryFn: () => unwrapAs<Policies>(api.GET('/v1/policies')),
      staleTime: 5 * 60_000,
    }),
  fiscalYears: () =>
    queryOptions({
      queryKey: ['fiscal-years'],
      queryFn: () => unwrapAs<FiscalYearView[]>(api.GET('/v1/fiscal-years')),
    }),
  auditLog: (query: AuditLogQuery) =>
    queryOptions({
      queryKey: ['audit-log', defined(query)],
      queryFn: () => unwrapAs<AuditLogPage>(api.GET('/v1/audit-log', { params: { query: defined(query) } })),
      staleTime: 0,
    }),
};

/** The problem+json a file route answered instead of the file, as an ApiError with the API's words. */
export async function problemOfFile(response: Response, body: unknown): Promise<ApiError> {
  let problem: unknown = body;
  if (body instanceof Blob) {
    try {
      problem = JSON.parse(await body.text()) as unknown;
    } catch {
      problem = undefined;
    }
  }
  const p = typeof problem === 'object' && problem !== null ? (problem as { detail?: unknown; title?: unknown; code?: unknown }) : {};
  const detail = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : `HTTP ${response.status}`;
  return new ApiError(response.status, typeof p.code === 'string' ? p.code : undefined, detail);
}

export interface SavedFile {
  name: string;
  blob: Blob;
}

/**
 * Fetches a file through the typed client and hands it to the browser's own download, keeping
 * the bytes for the page (the audit package's manifest is read from them). A refusal is an
 * ApiError with the API's own words.
 */
export async function downloadFile(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<SavedFile> {
  let answer: { data?: unknown; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!answer.response.ok || !(answer.data instanceof Blob)) throw await problemOfFile(answer.response, answer.error ?? answer.data);
  const blob = answer.data;
  const name = await saveDownload(Promise.resolve({ data: blob, response: answer.response }), fallbackName);
  return { name, blob };
}

export const GL_FORMATS = ['csv', 'jsonl', 'xlsx'] as const;
export type GlFormat = (typeof GL_FORMATS)[number];

export function downloadGeneralLedger(range: { from?: string; to?: string }, format: GlFormat): Promise<SavedFile> {
  const query = { format, ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  const suffix = [range.from, range.to].filter(Boolean).join('_') || 'all';
  return downloadFile(api.GET('/v1/exports/general-ledger', { params: { query }, parseAs: 'blob' }), `general-ledger-${suffix}.${format}`);
}

export function downloadAuditPackage(fiscalYear: number): Promise<SavedFile> {
  return downloadFile(
    api.GET('/v1/exports/audit-package', { params: { query: { fiscalYear: String(fiscalYear) } }, parseAs: 'blob' }),
    `audit-package-${fiscalYear}.zip`,
  );
}
