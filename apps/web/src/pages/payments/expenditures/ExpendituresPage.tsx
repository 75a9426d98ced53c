import { Alert, Grid, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { HeadRow } from '../../../components/HeadRow';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SECRETARIAT } from '../../../app/pages';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { Amount } from '../../../components/Amount';
import { BankAccountSelect } from '../../../components/BankAccountSelect';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { sumDecimals } from '../../../format/decimal';
import { formatDate, todayIso } from '../../../format/dates';
import { formatMoney, formatPercent } from '../../../format/money';
import {
  AmountColumns,
  ConfirmButton,
  ConfirmPosting,
  PreviewButton,
  PreviewProblem,
  refusableFields,
  usePreviewedPosting,
} from '../../../forms';
import { RoleGate } from '../../audit/RoleGate';
import { AMOUNT, ISO_DATE, paymentQueries, previewOf, RATE } from '../api';
import { useAccountName } from '../ui';
import { useExpendituresText } from './messages';

type ExpenditureBody = components['schemas']['CreateExpenditureDto'];
type Expenditure = components['schemas']['ExpenditureResponse'];
type Execution = components['schemas']['BudgetExecutionResponse'];

const queries = {
  execution: (fiscalYear: number) => ({
    queryKey: ['budget-execution', fiscalYear],
    queryFn: () =>
      unwrap(api.GET('/v1/reports/budget-execution', { params: { query: { fiscalYear: String(fiscalYear) } } })),
  }),
  expenditures: (fiscalYear: number) => ({
    queryKey: ['expenditures', fiscalYear],
    queryFn: () =>
      unwrap(
        api.GET('/v1/expenditures', { params: { query: { fiscalYear: String(fiscalYear), fund: 'GEN', limit: 500 } } }),
      ),
  }),
};

const commands = {
  preview: async (body: ExpenditureBody, key: string): Promise<Expenditure> =>
    previewOf(
      await unwrap(
        api.POST('/v1/expenditures', {
          params: { query: { dryRun: 'true' }, header: { 'Idempotency-Key': key } },
          body,
        }),
      ),
    ),
  record: async (body: ExpenditureBody, key: string): Promise<Expenditure> =>
    previewOf(await unwrap(api.POST('/v1/expenditures', { params: { header: { 'Idempotency-Key': key } }, body }))),
};

interface Values {
  date: string;
  budgetLine: string;
  account: string;
  amount: string;
  currency: string;
  rate: string;
  payee: string;
  description: string;
  bankAccount: string;
}

function ExecutionTable({ execution }: { execution: Execution }) {
  const { t, lang } = useExpendituresText();
  if (!execution.budget) return <Alert color="yellow">{t('noBudget', { year: execution.fiscalYear })}</Alert>;
  const c = execution.currency;
  return (
    <Table withTableBorder striped verticalSpacing={4} data-table="execution">
      <Table.Thead>
        <HeadRow
          columns={[
            t('line'),
            { label: t('approved'), numeric: true },
            { label: t('spent'), numeric: true },
            { label: t('available'), numeric: true },
            { label: t('percent'), numeric: true },
          ]}
        />
      </Table.Thead>
      <Table.Tbody>
        {execution.lines.map((l) => (
          <Table.Tr key={l.code} data-line={l.code}>
            <Table.Th scope="row">
              {l.code} — {l.name}
            </Table.Th>
            <Table.Td ta="right">
              <Amount value={l.approved} currency={c} />
            </Table.Td>
            <Table.Td ta="right" data-spent>
              <Amount value={l.spent} currency={c} />
            </Table.Td>
            <Table.Td ta="right" data-available>
              <Amount value={l.available} currency={c} />
            </Table.Td>
            <Table.Td ta="right">{formatPercent(l.executionPercent, lang)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th scope="row">{t('totals')}</Table.Th>
          <Table.Td ta="right">
            <Amount value={execution.totals.approved} currency={c} />
          </Table.Td>
          <Table.Td ta="right">
            <Amount value={execution.totals.spent} currency={c} />
          </Table.Td>
          <Table.Td ta="right">
            <Amount value={execution.totals.available} currency={c} />
          </Table.Td>
          <Table.Td ta="right">{formatPercent(execution.totals.executionPercent, lang)}</Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}

function ExpendituresScreen() {
  const { t, lang } = useExpendituresText();
  const queryClient = useQueryClient();
  const accountName = useAccountName();
  const policies = useQuery(paymentQueries.policies());
  const accounts = useQuery(paymentQueries.accounts());
  const baseCurrency = policies.data?.baseCurrency ?? 'USD';
  const [year, setYear] = useState(String(new Date().getUTCFullYear()));
  const fiscalYear = /^\d{4}$/.test(year) ? Number(year) : undefined;
  const execution = useQuery({ ...queries.execution(fiscalYear ?? 0), enabled: fiscalYear !== undefined });
  const expenditures = useQuery({ ...queries.expenditures(fiscalYear ?? 0), enabled: fiscalYear !== undefined });
  const [done, setDone] = useState<string | null>(null);

  const form = useForm<Values>({
    initialValues: {
      date: todayIso(),
      budgetLine: '',
      account: '',
      amount: '',
      currency: baseCurrency,
      rate: '',
      payee: '',
      description: '',
      bankAccount: '',
    },
    validate: {
      date: (v) => (ISO_DATE.test(v) ? null : t('dateFormat')),
      budgetLine: (v) => (v ? null : t('required')),
      account: (v) => (v ? null : t('required')),
      amount: (v) => (AMOUNT.test(v.trim()) && !/^0+(\.0+)?$/.test(v.trim()) ? null : t('amountFormat')),
      currency: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : t('required')),
      rate: (v, all) =>
        all.currency.trim().toUpperCase() === baseCurrency || RATE.test(v.trim()) ? null : t('rateFormat'),
      payee: (v) => (v.trim() ? null : t('required')),
      description: (v) => (v.trim() ? null : t('required')),
    },
  });
  const v = form.values;
  const currency = v.currency.trim().toUpperCase();
  const body: ExpenditureBody = {
    fund: 'GEN',
    budgetLine: v.budgetLine,
    account: v.account,
    amount: v.amount.trim(),
    currency,
    ...(currency !== baseCurrency ? { rate: v.rate.trim() } : {}),
    date: v.date,
    payee: v.payee.trim(),
    description: v.description.trim(),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
  };
  const flow = usePreviewedPosting(body, commands, async (result) => {
    await queryClient.invalidateQueries({ queryKey: ['budget-execution'] });
    await queryClient.invalidateQueries({ queryKey: ['expenditures'] });
    setDone(t('done', { amount: formatMoney(result.amountBase, lang, baseCurrency), line: result.budgetLine }));
    flow.resetPreview();
    form.setValues({ amount: '', payee: '', description: '', rate: '' });
  });
  const field = refusableFields<keyof Values>(form, flow.problem, lang, t('refused'));
  const labels = {
    date: t('date'),
    budgetLine: t('budgetLine'),
    account: t('account'),
    amount: t('amount'),
    currency: t('currency'),
    rate: t('rate', { base: baseCurrency, currency }),
    payee: t('payee'),
    description: t('description'),
    bankAccount: t('bankAccount'),
    fund: 'GEN',
  };
  const lines = execution.data?.lines ?? [];
  const previewed = flow.previewed;
  const lineAfter = previewed ? lines.find((l) => l.code === previewed.budgetLine) : undefined;
  const after = lineAfter && previewed ? sumDecimals([lineAfter.available, `-${previewed.amountBase}`]) : undefined;
  // What the posting will do, in a sentence: under the preview and again in the confirmation.
  const summary = previewed
    ? t('previewText', {
        amount: formatMoney(previewed.amountBase, lang, baseCurrency),
        line: previewed.budgetLine,
        account: accountName(previewed.account),
        payee: previewed.payee,
        date: formatDate(previewed.date, lang),
        after: after === undefined ? '—' : formatMoney(after, lang, baseCurrency),
      })
    : '';

  return (
    <Stack>
      <PageHeader title={t('title')} subtitle={t('intro')}>
        <TextInput
          label={t('fiscalYear')}
          value={year}
          onChange={(e) => setYear(e.currentTarget.value)}
          maxLength={4}
          w={120}
          inputMode="numeric"
        />
      </PageHeader>
      {fiscalYear !== undefined ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('execution', { year: fiscalYear })}
          </Title>
          <QueryState query={execution}>{(e) => <ExecutionTable execution={e} />}</QueryState>
        </Stack>
      ) : null}

      <Paper withBorder p="md" component="section" aria-labelledby="record-expenditure">
        <Stack>
          <Title order={2} size="h4" id="record-expenditure">
            {t('record')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('recordIntro')}
          </Text>
          <form
            noValidate
            onSubmit={form.onSubmit(() => {
              setDone(null);
              flow.review(body);
            })}
          >
            <Grid>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput label={labels.date} type="date" required {...field('date')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8 }}>
                <NativeSelect
                  label={labels.budgetLine}
                  required
                  data={[
                    { value: '', label: t('chooseLine') },
                    ...lines.map((l) => ({ value: l.code, label: `${l.code} — ${l.name}` })),
                  ]}
                  {...field('budgetLine')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <NativeSelect
                  label={labels.account}
                  required
                  data={[
                    { value: '', label: t('chooseAccount') },
                    ...(accounts.data ?? [])
                      .filter((a) => a.type === 'expense' && a.active)
                      .map((a) => ({ value: a.code, label: accountName(a.code) })),
                  ]}
                  {...field('account')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <BankAccountSelect
                  label={labels.bankAccount}
                  defaultLabel={t('bankDefault')}
                  activeOnly
                  {...field('bankAccount')}
                />
              </Grid.Col>
              <AmountColumns field={field} labels={labels} foreign={currency !== baseCurrency} />
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput label={labels.payee} required maxLength={200} {...field('payee')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput label={labels.description} required maxLength={500} {...field('description')} />
              </Grid.Col>
            </Grid>
            <PreviewButton flow={flow}>{t('preview')}</PreviewButton>
          </form>
          <PreviewProblem flow={flow} labels={labels} />
          {done ? (
            <Alert color="green" role="status" data-done>
              {done}
            </Alert>
          ) : null}
          {previewed ? (
            <Stack data-preview>
              <Text>{summary}</Text>
              <ConfirmButton flow={flow}>{t('submit')}</ConfirmButton>
            </Stack>
          ) : null}
        </Stack>
      </Paper>

      {fiscalYear !== undefined ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('recent', { year: fiscalYear })}
          </Title>
          <QueryState query={expenditures}>
            {(page) =>
              page.items.length === 0 ? (
                <Text c="dimmed">{t('none')}</Text>
              ) : (
                <Table withTableBorder verticalSpacing={4} data-table="expenditures">
                  <Table.Thead>
                    <HeadRow
                      columns={[
                        t('date'),
                        t('budgetLine'),
                        t('payee'),
                        t('description'),
                        { label: t('amount'), numeric: true },
                      ]}
                    />
                  </Table.Thead>
                  <Table.Tbody>
                    {[...page.items].reverse().map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>{formatDate(e.date, lang)}</Table.Td>
                        <Table.Td>{e.budgetLine}</Table.Td>
                        <Table.Td>{e.payee}</Table.Td>
                        <Table.Td>{e.description}</Table.Td>
                        <Table.Td ta="right">
                          <Amount value={e.amountBase} currency={baseCurrency} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </Stack>
      ) : null}

      <ConfirmPosting flow={flow} title={t('confirmTitle')} confirmLabel={t('submit')} labels={labels}>
        {previewed ? <Text>{summary}</Text> : null}
      </ConfirmPosting>
    </Stack>
  );
}

export default function ExpendituresPage() {
  const { t } = useExpendituresText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('title')} message={t('noAccess')}>
      <ExpendituresScreen />
    </RoleGate>
  );
}
