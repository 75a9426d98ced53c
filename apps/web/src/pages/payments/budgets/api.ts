import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { saveDownload } from '../../../api/download';
import type { components } from '../../../api/schema';
import { previewOf } from '../api';

type Schemas = components['schemas'];
export type BudgetBody = Schemas['CreateBudgetDto'];
export type BudgetVersion = Schemas['BudgetVersionResponse'];
export type Assessment = Schemas['AssessmentResponse'];

export const budgetQueries = {
  list: () => queryOptions({ queryKey: ['budgets'], queryFn: () => unwrap(api.GET('/v1/budgets')) }),
  year: (fiscalYear: number) =>
    queryOptions({
      queryKey: ['budgets', fiscalYear],
      queryFn: () => unwrap(api.GET('/v1/budgets/{fiscalYear}', { params: { path: { fiscalYear } } })),
    }),
};

export const budgetCommands = {
  create: (body: BudgetBody) => unwrap(api.POST('/v1/budgets', { body })),
  /** Every member's amount and the advances it would apply; nothing is posted. */
  previewAssessment: async (fiscalYear: number, assessedOn: string | undefined, key: string): Promise<Assessment> =>
    previewOf(
      await unwrap(
        api.POST('/v1/budgets/{fiscalYear}/assessments', {
          params: { path: { fiscalYear }, query: { dryRun: 'true' }, header: { 'Idempotency-Key': key } },
          body: assessedOn ? { assessedOn } : {},
        }),
      ),
    ),
  assess: async (fiscalYear: number, assessedOn: string | undefined, key: string): Promise<Assessment> =>
    previewOf(
      await unwrap(
        api.POST('/v1/budgets/{fiscalYear}/assessments', {
          params: { path: { fiscalYear }, header: { 'Idempotency-Key': key } },
          body: assessedOn ? { assessedOn } : {},
        }),
      ),
    ),
  notice: (member: string, fiscalYear: number, lang: 'es' | 'en') =>
    saveDownload(
      api.GET('/v1/members/{code}/assessment-notices/{fiscalYear}', {
        params: { path: { code: member, fiscalYear: String(fiscalYear) }, query: { lang, format: 'pdf' } },
        parseAs: 'blob',
      }),
      `assessment-notice-${member}-${fiscalYear}-${lang}.pdf`,
    ),
};
