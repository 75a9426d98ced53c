import { Alert, Anchor, Button, Card, Group, NativeSelect, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import { SECRETARIAT } from '../../app/pages';
import { DownloadMenu } from '../../components/DownloadMenu';
import { AmountFigure, FigureGrid } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePosting } from '../../forms';
import { formatShortDate, todayIso } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { RoleGate } from '../audit/RoleGate';
import { answered, fundsQueries, grantCommands, type ExpenditureBody, type GrantDetail, type ReceiptBody, type RefundBody } from './api';
import { useGrantsText } from './grant-messages';
import { grantRuleSentences } from './rules';
import { amountError, BankAccountSelect, DateField, dateError, notifyDone, PostingDialog } from './ui';

function useGrantChanged(code: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['grant', code] });
    await queryClient.invalidateQueries({ queryKey: ['grant-report', code] });
    await queryClient.invalidateQueries({ queryKey: ['grants'] });
  };
}

function ReceiptForm({ grant, base }: { grant: GrantDetail; base: string }) {
  const { t, lang } = useGrantsText();
  const changed = useGrantChanged(grant.code);
  const form = useForm({
    initialValues: { amount: '', currency: grant.currency, rate: '', grantCurrencyAmount: '', receivedOn: todayIso(), reference: '', bankAccount: '' },
    validate: {
      amount: (v) => amountError(v, t('amountWrong')),
      rate: (v, values) => (values.currency === base || amountError(v, 'x') === null ? null : t('rateWrong')),
      grantCurrencyAmount: (v, values) => (values.currency === grant.currency || amountError(v, 'x') === null ? null : t('amountWrong')),
      receivedOn: (v) => dateError(v, t('dateWrong')),
      reference: (v) => (v.trim() ? null : t('required')),
    },
  });
  const body = (v: typeof form.values): ReceiptBody => ({
    amount: v.amount.trim(),
    currency: v.currency.trim().toUpperCase(),
    ...(v.currency !== base ? { rate: v.rate.trim() } : {}),
    ...(v.currency !== grant.currency ? { grantCurrencyAmount: v.grantCurrencyAmount.trim() } : {}),
    receivedOn: v.receivedOn,
    reference: v.reference.trim(),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
  });
  const flow = usePosting(
    (v: typeof form.values, key: string, preview: boolean) => grantCommands.receipt(grant.code, body(v), key, preview).then(answered),
    async (r) => {
      notifyDone(t('receipt.done', { amount: formatMoney(r.amount, lang, r.currency) }));
      form.reset();
      await changed();
    },
  );
  const currency = form.values.currency.trim().toUpperCase();
  const labels = {
    amount: t('receipt.amount'),
    currency: t('currency'),
    rate: t('rate'),
    grantCurrencyAmount: t('receipt.grantCurrencyAmount', { currency: grant.currency }),
    receivedOn: t('receipt.receivedOn'),
    reference: t('reference'),
    bankAccount: t('bankAccount'),
  };
  return (
    <form onSubmit={form.onSubmit(flow.review)} noValidate>
      <Stack>
        <Text size="sm">{t('receipt.intro')}</Text>
        <Group align="flex-start">
          <TextInput label={labels.amount} inputMode="decimal" required w={200} {...form.getInputProps('amount')} />
          <TextInput label={labels.currency} required w={110} maxLength={3} {...form.getInputProps('currency')} />
          {currency !== base ? (
            <TextInput label={labels.rate} description={t('rateHint', { base, currency })} inputMode="decimal" required w={220} {...form.getInputProps('rate')} />
          ) : null}
          {currency !== grant.currency ? (
            <TextInput label={labels.grantCurrencyAmount} inputMode="decimal" required w={260} {...form.getInputProps('grantCurrencyAmount')} />
          ) : null}
        </Group>
        <Group align="flex-start">
          <DateField label={labels.receivedOn} required {...form.getInputProps('receivedOn')} />
          <TextInput label={labels.reference} required maxLength={200} w={280} {...form.getInputProps('reference')} />
        </Group>
        <BankAccountSelect label={labels.bankAccount} {...form.getInputProps('bankAccount')} />
        <Group>
          <Button type="submit">{t('receipt.review')}</Button>
        </Group>
      </Stack>
      <PostingDialog
        flow={flow}
        title={t('receipt.confirmTitle')}
        confirmLabel={t('receipt.confirm')}
        values={form.values}
        summary={t('receipt.summary', {
          amount: amountError(form.values.amount, 'x') === null ? formatMoney(form.values.amount.trim(), lang, currency) : '—',
          code: grant.code,
          date: formatShortDate(form.values.receivedOn, lang),
        })}
        rules={grantRuleSentences({ currency: base, amount: form.values.amount.trim(), date: form.values.receivedOn })}
        labels={labels}
        currency={base}
      />
    </form>
  );
}

function ExpenditureForm({ grant, base }: { grant: GrantDetail; base: string }) {
  const { t, lang } = useGrantsText();
  const changed = useGrantChanged(grant.code);
  const asOf = useMemo(() => todayIso(), []);
  const report = useQuery(queries.grantReport(grant.code, asOf));
  const lines = grant.budgetLines;
  const form = useForm({
    initialValues: { amount: '', budgetLine: lines[0]?.code ?? '', date: todayIso(), description: '', bankAccount: '' },
    validate: {
      amount: (v) => amountError(v, t('amountWrong')),
      budgetLine: (v) => (v.trim() ? null : t('required')),
      date: (v) => dateError(v, t('dateWrong')),
      description: (v) => (v.trim() ? null : t('required')),
    },
  });
  const body = (v: typeof form.values): ExpenditureBody => ({
    amount: v.amount.trim(),
    budgetLine: v.budgetLine.trim(),
    date: v.date,
    description: v.description.trim(),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
  });
  const flow = usePosting(
    (v: typeof form.values, key: string, preview: boolean) => grantCommands.expenditure(grant.code, body(v), key, preview).then(answered),
    async (r) => {
      notifyDone(t('expenditure.done', { amount: formatMoney(r.amount, lang, r.currency) }));
      form.reset();
      await changed();
    },
  );
  const figures = report.data?.byBudgetLine.find((l) => l.code === form.values.budgetLine);
  const money = (v: string) => formatMoney(v, lang, base);
  const labels = {
    amount: t('paid'),
    budgetLine: lines.length > 0 ? t('expenditure.budgetLine') : t('expenditure.budgetLineFree'),
    date: t('date'),
    description: t('description'),
    bankAccount: t('bankAccount'),
  };
  return (
    <form onSubmit={form.onSubmit(flow.review)} noValidate>
      <Stack>
        <Text size="sm">{t('expenditure.intro')}</Text>
        {lines.length > 0 ? (
          <NativeSelect label={labels.budgetLine} required data={lines.map((l) => ({ value: l.code, label: `${l.code} — ${l.name}` }))} {...form.getInputProps('budgetLine')} />
        ) : (
          <TextInput label={labels.budgetLine} required maxLength={30} w={240} {...form.getInputProps('budgetLine')} />
        )}
        {figures && figures.budget && figures.available ? (
          <Alert color="blue" data-line-figures>
            {t('expenditure.lineAvailable', { line: figures.code, budget: money(figures.budget), spent: money(figures.spent), available: money(figures.available) })}
          </Alert>
        ) : null}
        <Group align="flex-start">
          <TextInput label={labels.amount} inputMode="decimal" required w={200} {...form.getInputProps('amount')} />
          <DateField label={labels.date} required {...form.getInputProps('date')} />
        </Group>
        <TextInput label={labels.description} required maxLength={500} {...form.getInputProps('description')} />
        <BankAccountSelect label={labels.bankAccount} {...form.getInputProps('bankAccount')} />
        <Group>
          <Button type="submit">{t('expenditure.review')}</Button>
        </Group>
      </Stack>
      <PostingDialog
        flow={flow}
        title={t('expenditure.confirmTitle')}
        confirmLabel={t('expenditure.confirm')}
        values={form.values}
        summary={t('expenditure.summary', {
          amount: amountError(form.values.amount, 'x') === null ? formatMoney(form.values.amount.trim(), lang, base) : '—',
          code: grant.code,
          line: form.values.budgetLine,
          date: formatShortDate(form.values.date, lang),
        })}
        rules={grantRuleSentences({ currency: base, amount: form.values.amount.trim(), date: form.values.date })}
        labels={labels}
        currency={base}
      />
    </form>
  );
}

function RefundForm({ grant, base }: { grant: GrantDetail; base: string }) {
  const { t, lang } = useGrantsText();
  const changed = useGrantChanged(grant.code);
  const form = useForm({
    initialValues: { amount: '', date: todayIso(), reference: '', bankAccount: '' },
    validate: {
      amount: (v) => (v.trim() === '' ? null : amountError(v, t('amountWrong'))),
      date: (v) => dateError(v, t('dateWrong')),
      reference: (v) => (v.trim() ? null : t('required')),
    },
  });
  const body = (v: typeof form.values): RefundBody => ({
    ...(v.amount.trim() ? { amount: v.amount.trim() } : {}),
    date: v.date,
    reference: v.reference.trim(),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
  });
  const flow = usePosting(
    (v: typeof form.values, key: string, preview: boolean) => grantCommands.refund(grant.code, body(v), key, preview).then(answered),
    async () => {
      notifyDone(t('refund.done', { code: grant.code }));
      await changed();
    },
  );
  const labels = { amount: t('refund.amount'), date: t('date'), reference: t('reference'), bankAccount: t('bankAccount') };
  return (
    <form onSubmit={form.onSubmit(flow.review)} noValidate>
      <Stack>
        <Text size="sm">{t('refund.intro')}</Text>
        <Group align="flex-start">
          <TextInput label={labels.amount} inputMode="decimal" w={320} {...form.getInputProps('amount')} />
          <DateField label={labels.date} required {...form.getInputProps('date')} />
        </Group>
        <TextInput label={labels.reference} required maxLength={200} w={320} {...form.getInputProps('reference')} />
        <BankAccountSelect label={labels.bankAccount} {...form.getInputProps('bankAccount')} />
        <Group>
          <Button type="submit" color="red" variant="light">
            {t('refund.review')}
          </Button>
        </Group>
      </Stack>
      <PostingDialog
        flow={flow}
        title={t('refund.confirmTitle')}
        confirmLabel={t('refund.confirm')}
        color="red"
        values={form.values}
        summary={t('refund.summary', {
          amount: amountError(form.values.amount, 'x') === null ? formatMoney(form.values.amount.trim(), lang, grant.currency) : t('refund.everything'),
          code: grant.code,
          date: formatShortDate(form.values.date, lang),
        })}
        rules={grantRuleSentences({ currency: base, amount: form.values.amount.trim(), date: form.values.date })}
        labels={labels}
        currency={base}
      />
    </form>
  );
}

function GrantWork({ code }: { code: string }) {
  const { t, lang } = useGrantsText();
  const grant = useQuery(fundsQueries.grant(code));
  const policies = useQuery(fundsQueries.policies());
  const base = policies.data?.baseCurrency ?? 'USD';
  return (
    <QueryState query={grant}>
      {(g) => (
        <Stack gap="lg">
          <PageHeader title={t('workTitle', { code: g.code })} subtitle={g.title}>
            <DownloadMenu
              formats={['pdf', 'xlsx']}
              baseName={`grant-${g.code}`}
              fetchFile={(format, fileLang) =>
                api.GET('/v1/grants/{code}/report', { params: { path: { code: g.code }, query: { format, lang: fileLang } }, parseAs: 'blob' })
              }
            />
            <Anchor component={Link} to="/donaciones">
              {t('back')}
            </Anchor>
          </PageHeader>
          <Card withBorder radius="md" padding="lg" component="section" aria-label={t('figures')}>
            <FigureGrid>
              <AmountFigure id="work-pledged" label={t('pledged')} value={g.figures.pledged} currency={g.figures.currency} />
              <AmountFigure id="work-received" label={t('received')} value={g.figures.received} currency={g.figures.currency} />
              <AmountFigure id="work-spent" label={t('spent')} value={g.figures.spent} currency={g.figures.currency} />
              <AmountFigure id="work-available" label={t('available')} value={g.figures.available} currency={g.figures.currency} />
              <AmountFigure id="work-outstanding" label={t('outstandingPledge')} value={g.figures.outstandingPledgeInGrantCurrency} currency={g.currency} />
            </FigureGrid>
          </Card>
          {g.status === 'closed' ? (
            <Alert color="gray" data-closed>
              {t('closedNote', { date: g.closedOn ? formatShortDate(g.closedOn, lang) : '' })}
            </Alert>
          ) : (
            <Card withBorder radius="md" padding="lg">
              <Tabs defaultValue="receipt" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="receipt">{t('tabs.receipt')}</Tabs.Tab>
                  <Tabs.Tab value="expenditure">{t('tabs.expenditure')}</Tabs.Tab>
                  <Tabs.Tab value="refund">{t('tabs.refund')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="receipt" pt="md">
                  <ReceiptForm grant={g} base={base} />
                </Tabs.Panel>
                <Tabs.Panel value="expenditure" pt="md">
                  <ExpenditureForm grant={g} base={base} />
                </Tabs.Panel>
                <Tabs.Panel value="refund" pt="md">
                  <RefundForm grant={g} base={base} />
                </Tabs.Panel>
              </Tabs>
            </Card>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

/** One grant's movements: tranches received, spending by budget line, the refund that closes it; the donor report. */
export default function GrantWorkPage() {
  const { t } = useGrantsText();
  const { code = '' } = useParams();
  return (
    <RoleGate roles={SECRETARIAT} title={t('workTitle', { code })} message={t('notAllowed')}>
      <GrantWork code={code} />
    </RoleGate>
  );
}
