import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, unwrapAs } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** What the funds pages send and read, as the API's OpenAPI document describes them (schema.d.ts). */
export type CaseView = Schemas['CaseView'];
export type ReserveFundPosition = Schemas['ReserveFundPosition'];
export type ReserveContributionBody = Schemas['ReserveContributionDto'];
export type ReserveContribution = Schemas['ReserveContributionResponse'];
export type NewCaseBody = Schemas['CreateCaseDto'];
export type ConsultationBody = Schemas['ConsultationDto'];
export type DecisionBody = Schemas['CaseDecisionDto'];
export type NotificationBody = Schemas['NotificationDto'];
export type DisbursementBody = Schemas['DisbursementDto'];
export type Disbursement = Schemas['DisbursementResponse'];
export type CloseCaseBody = Schemas['CloseCaseDto'];
export type JournalEntry = Schemas['JournalEntryResponse'];
export type DonorBody = Schemas['CreateDonorDto'];
export type Donor = Schemas['DonorResponse'];
export type NewGrantBody = Schemas['CreateGrantDto'];
export type GrantCreated = Schemas['GrantCreatedResponse'];
export type GrantDetail = Schemas['GrantDetail'];
export type ReceiptBody = Schemas['GrantReceiptDto'];
export type Receipt = Schemas['GrantReceiptResponse'];
export type ExpenditureBody = Schemas['GrantExpenditureDto'];
export type Expenditure = Schemas['GrantExpenditureResponse'];
export type RefundBody = Schemas['GrantRefundDto'];
export type Refund = Schemas['GrantRefundResponse'];

/**
 * The answer of a route that posts to the ledger when asked `?dryRun=true`: what it would answer,
 * nothing written (libs/auth, request-transaction.interceptor.ts; the same for every such route).
 */
export interface DryRun<T> {
  dryRun: true;
  wouldRespond: { status: number; body: T };
}

const dry = { dryRun: 'true' } as const;

/** The per-case cap of the installation's policies, when there is one (a decimal string). */
export function perCaseCapOf(policies: Schemas['PoliciesDto']): string | null {
  const cap: unknown = policies.reserveFund.perCaseCap;
  return typeof cap === 'string' ? cap : null;
}

export const fundsQueries = {
  reserveFund: (asOf: string) =>
    queryOptions({
      queryKey: ['reserve-fund', asOf],
      queryFn: () => unwrap(api.GET('/v1/reserve-fund', { params: { query: { asOf } } })),
    }),
  reserveCase: (id: string) =>
    queryOptions({
      queryKey: ['reserve-case', id],
      queryFn: () => unwrap(api.GET('/v1/reserve-fund/cases/{id}', { params: { path: { id } } })),
    }),
  policies: () => queryOptions({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/v1/policies')) }),
  members: () => queryOptions({ queryKey: ['members'], queryFn: () => unwrap(api.GET('/v1/members')) }),
  donors: () => queryOptions({ queryKey: ['donors'], queryFn: () => unwrap(api.GET('/v1/donors')) }),
  accounts: () => queryOptions({ queryKey: ['accounts'], queryFn: () => unwrap(api.GET('/v1/accounts')) }),
  grant: (code: string) =>
    queryOptions({
      queryKey: ['grant', code],
      queryFn: () => unwrap(api.GET('/v1/grants/{code}', { params: { path: { code } } })),
    }),
};

const key = (idempotencyKey: string) => ({ 'Idempotency-Key': idempotencyKey });

/** The reserve fund's writes: those that post to the ledger send the submission's Idempotency-Key. */
export const reserveCommands = {
  contribute: (body: ReserveContributionBody, idempotencyKey: string) =>
    unwrap(api.POST('/v1/reserve-fund/contributions', { body, params: { header: key(idempotencyKey) } })),
  previewContribution: (body: ReserveContributionBody, idempotencyKey: string) =>
    unwrapAs<DryRun<ReserveContribution>>(
      api.POST('/v1/reserve-fund/contributions', { body, params: { query: dry, header: key(idempotencyKey) } }),
    ),
  createCase: (body: NewCaseBody) => unwrap(api.POST('/v1/reserve-fund/cases', { body })),
  consult: (id: string, body: ConsultationBody) =>
    unwrap(api.POST('/v1/reserve-fund/cases/{id}/consultations', { body, params: { path: { id } } })),
  decide: (id: string, body: DecisionBody) => unwrap(api.POST('/v1/reserve-fund/cases/{id}/decision', { body, params: { path: { id } } })),
  notify: (id: string, body: NotificationBody) =>
    unwrap(api.POST('/v1/reserve-fund/cases/{id}/notification', { body, params: { path: { id } } })),
  disburse: (id: string, body: DisbursementBody, idempotencyKey: string) =>
    unwrap(api.POST('/v1/reserve-fund/cases/{id}/disbursements', { body, params: { path: { id }, header: key(idempotencyKey) } })),
  previewDisbursement: (id: string, body: DisbursementBody, idempotencyKey: string) =>
    unwrapAs<DryRun<Disbursement>>(
      api.POST('/v1/reserve-fund/cases/{id}/disbursements', { body, params: { path: { id }, query: dry, header: key(idempotencyKey) } }),
    ),
  close: (id: string, body: CloseCaseBody) => unwrap(api.POST('/v1/reserve-fund/cases/{id}/close', { body, params: { path: { id } } })),
};

/** The grants' writes: those that post to the ledger send the submission's Idempotency-Key. */
export const grantCommands = {
  createDonor: (body: DonorBody) => unwrap(api.POST('/v1/donors', { body })),
  createGrant: (body: NewGrantBody, idempotencyKey: string) => unwrap(api.POST('/v1/grants', { body, params: { header: key(idempotencyKey) } })),
  previewGrant: (body: NewGrantBody, idempotencyKey: string) =>
    unwrapAs<DryRun<GrantCreated>>(api.POST('/v1/grants', { body, params: { query: dry, header: key(idempotencyKey) } })),
  receipt: (code: string, body: ReceiptBody, idempotencyKey: string, preview = false) =>
    unwrapAs<Receipt | DryRun<Receipt>>(
      api.POST('/v1/grants/{code}/receipts', { body, params: { path: { code }, header: key(idempotencyKey), ...(preview ? { query: dry } : {}) } }),
    ),
  expenditure: (code: string, body: ExpenditureBody, idempotencyKey: string, preview = false) =>
    unwrapAs<Expenditure | DryRun<Expenditure>>(
      api.POST('/v1/grants/{code}/expenditures', { body, params: { path: { code }, header: key(idempotencyKey), ...(preview ? { query: dry } : {}) } }),
    ),
  refund: (code: string, body: RefundBody, idempotencyKey: string, preview = false) =>
    unwrapAs<Refund | DryRun<Refund>>(
      api.POST('/v1/grants/{code}/refund', { body, params: { path: { code }, header: key(idempotencyKey), ...(preview ? { query: dry } : {}) } }),
    ),
};

/** The answer's body, whether it came from a dry run or from the posting itself. */
export function answered<T extends object>(answer: T | DryRun<T>): T {
  return 'dryRun' in answer ? answer.wouldRespond.body : answer;
}
