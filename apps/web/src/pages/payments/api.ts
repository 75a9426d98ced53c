import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type PaymentBody = Schemas['CreatePaymentDto'];
export type RecordedPayment = Schemas['PaymentResponse'];
export type PaymentDetail = Schemas['PaymentDetailResponse'];
export type JournalEntry = Schemas['JournalEntryResponse'];
export type Account = Schemas['AccountResponse'];

/** A dry run's answer: what the route would answer, nothing written. */
interface DryRun<T> {
  dryRun: true;
  wouldRespond: { status: number; body: T };
}

/** The body a dry run would have answered (the route answers 200 with it wrapped). */
export function previewOf<T>(answer: DryRun<T> | T): T {
  if (typeof answer === 'object' && answer !== null && 'dryRun' in answer && 'wouldRespond' in answer)
    return answer.wouldRespond.body;
  return answer;
}

export const paymentQueries = {
  members: () => queryOptions({ queryKey: ['members'], queryFn: () => unwrap(api.GET('/v1/members')) }),
  policies: () => queryOptions({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/v1/policies')) }),
  accounts: () => queryOptions({ queryKey: ['accounts'], queryFn: () => unwrap(api.GET('/v1/accounts')) }),
  payment: (id: string) =>
    queryOptions({
      queryKey: ['payments', id],
      queryFn: () => unwrap(api.GET('/v1/payments/{id}', { params: { path: { id } } })),
    }),
  memberPayments: (member: string) =>
    queryOptions({
      queryKey: ['payments', 'member', member],
      queryFn: () => unwrap(api.GET('/v1/payments', { params: { query: { member, limit: 500 } } })),
    }),
};

export const paymentCommands = {
  /** What recording would do: allocations, advance and the journal entries; nothing is posted. */
  preview: async (body: PaymentBody, key: string): Promise<RecordedPayment> =>
    previewOf(
      await unwrap(
        api.POST('/v1/payments', { params: { query: { dryRun: 'true' }, header: { 'Idempotency-Key': key } }, body }),
      ),
    ),
  record: (body: PaymentBody, key: string) =>
    unwrap(api.POST('/v1/payments', { params: { header: { 'Idempotency-Key': key } }, body })).then((r) =>
      previewOf(r),
    ),
  reverse: (id: string, body: { date: string; reason: string }, key: string) =>
    unwrap(
      api.POST('/v1/payments/{id}/reversal', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body }),
    ),
};

/** Decimal strings as the API takes them (no float ever): digits, an optional point and decimals. */
export const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;
export const RATE = /^\d{1,9}(\.\d{1,12})?$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const YEAR = /^\d{4}$/;
