import { Alert, Anchor, Grid, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { HeadRow } from '../../components/HeadRow';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { Amount } from '../../components/Amount';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, todayIso } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { BankAccountSelect } from '../../components/BankAccountSelect';
import {
  AmountColumns,
  ConfirmButton,
  ConfirmPosting,
  PreviewButton,
  PreviewProblem,
  refusableFields,
  usePreviewedPosting,
} from '../../forms';
import { RoleGate } from '../audit/RoleGate';
import {
  AMOUNT,
  ISO_DATE,
  paymentCommands,
  paymentQueries,
  RATE,
  YEAR,
  type PaymentBody,
  type RecordedPayment,
} from './api';
import { usePaymentsText } from './messages';
import { EntryTable } from './ui';

interface Values {
  member: string;
  amount: string;
  currency: string;
  rate: string;
  receivedOn: string;
  reference: string;
  bankAccount: string;
  designatedFiscalYear: string;
}

/** The request body from the form's values: optional fields only when given, the rate only for a foreign currency. */
function bodyOf(v: Values, baseCurrency: string): PaymentBody {
  const currency = v.currency.trim().toUpperCase();
  return {
    member: v.member,
    amount: v.amount.trim(),
    currency,
    ...(currency !== baseCurrency ? { rate: v.rate.trim() } : {}),
    receivedOn: v.receivedOn,
    reference: v.reference.trim(),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
    ...(v.designatedFiscalYear.trim() ? { designatedFiscalYear: Number(v.designatedFiscalYear.trim()) } : {}),
  };
}

function Preview({ preview, baseCurrency }: { preview: RecordedPayment; baseCurrency: string }) {
  const { t, lang } = usePaymentsText();
  return (
    <Stack gap="sm" data-preview>
      <Text data-conversion>
        {t('record.amountBase')}:{' '}
        {preview.currency !== baseCurrency ? (
          <>
            <Amount value={preview.amount} currency={preview.currency} withCode /> × {preview.rate} ={' '}
          </>
        ) : null}
        <Amount value={preview.amountBase} currency={baseCurrency} withCode />
      </Text>
      <Title order={3} size="h5">
        {t('record.settles')}
      </Title>
      {preview.allocations.length === 0 ? (
        <Text c="dimmed">{t('record.noSettles')}</Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} maw={480} data-table="settles">
          <Table.Thead>
            <HeadRow columns={[t('fiscalYear'), t('record.appliedOn'), { label: t('amountCol'), numeric: true }]} />
          </Table.Thead>
          <Table.Tbody>
            {preview.allocations.map((a) => (
              <Table.Tr key={`${a.fiscalYear}-${a.appliedOn}`} data-year={a.fiscalYear}>
                <Table.Th scope="row">{a.fiscalYear}</Table.Th>
                <Table.Td>{formatDate(a.appliedOn, lang)}</Table.Td>
                <Table.Td ta="right" data-amount>
                  <Amount value={a.amount} currency={baseCurrency} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text data-advance={preview.advance}>
        {t('record.advance')}: <Amount value={preview.advance} currency={baseCurrency} withCode />
        {preview.advance !== '0.00' && !/^0(\.0+)?$/.test(preview.advance) ? (
          <Text span c="dimmed" size="sm">
            {' '}
            — {t('record.advanceNote')}
          </Text>
        ) : null}
      </Text>
      <Title order={3} size="h5">
        {t('record.entries')}
      </Title>
      {(preview.entries ?? []).map((e) => (
        <EntryTable key={e.id} entry={e} baseCurrency={baseCurrency} />
      ))}
    </Stack>
  );
}

function MemberPayments({ member, baseCurrency }: { member: string; baseCurrency: string }) {
  const { t, lang } = usePaymentsText();
  const payments = useQuery({ ...paymentQueries.memberPayments(member), enabled: member !== '' });
  const items = payments.data?.items ?? [];
  if (!member || !payments.data) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('record.memberPayments', { member })}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed">{t('record.noPayments')}</Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} data-table="member-payments">
          <Table.Thead>
            <HeadRow columns={[t('date'), t('payment.reference'), { label: t('payment.amountBase'), numeric: true }]} />
          </Table.Thead>
          <Table.Tbody>
            {[...items].reverse().map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDate(p.receivedOn, lang)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/pagos/${p.id}`}>
                    {p.reference}
                  </Anchor>
                  {p.reversal ? ` (${t('payment.kinds.reversal')})` : ''}
                </Table.Td>
                <Table.Td ta="right">
                  <Amount value={p.amountBase} currency={baseCurrency} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function RecordPaymentForm() {
  const { t, lang } = usePaymentsText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useQuery(paymentQueries.members());
  const policies = useQuery(paymentQueries.policies());
  const baseCurrency = policies.data?.baseCurrency ?? 'USD';

  const form = useForm<Values>({
    initialValues: {
      member: '',
      amount: '',
      currency: baseCurrency,
      rate: '',
      receivedOn: todayIso(),
      reference: '',
      bankAccount: '',
      designatedFiscalYear: '',
    },
    validate: {
      member: (v) => (v ? null : t('required')),
      amount: (v) => (AMOUNT.test(v.trim()) && !/^0+(\.0+)?$/.test(v.trim()) ? null : t('amountFormat')),
      currency: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : t('required')),
      rate: (v, all) =>
        all.currency.trim().toUpperCase() === baseCurrency || (RATE.test(v.trim()) && !/^0+(\.0+)?$/.test(v.trim()))
          ? null
          : t('rateFormat'),
      receivedOn: (v) => (ISO_DATE.test(v) ? null : t('dateFormat')),
      reference: (v) => (v.trim() ? null : t('required')),
      designatedFiscalYear: (v) => (!v.trim() || YEAR.test(v.trim()) ? null : t('yearFormat')),
    },
  });
  const body = bodyOf(form.values, baseCurrency);
  const flow = usePreviewedPosting(body, paymentCommands, async (result) => {
    await queryClient.invalidateQueries({ queryKey: ['payments'] });
    await queryClient.invalidateQueries({ queryKey: ['status-of-contributions'] });
    await queryClient.invalidateQueries({ queryKey: ['member-statement'] });
    await navigate(`/pagos/${result.id}`, { state: { recorded: true } });
  });
  const field = refusableFields<keyof Values>(form, flow.problem, lang, t('refused'));
  const labels = {
    member: t('record.member'),
    amount: t('record.amount'),
    currency: t('record.currency'),
    rate: t('record.rate', { base: baseCurrency, currency: body.currency }),
    receivedOn: t('record.receivedOn'),
    reference: t('record.reference'),
    bankAccount: t('record.bankAccount'),
    designatedFiscalYear: t('record.designated'),
  };
  const foreign = body.currency !== baseCurrency;
  const memberName = (code: string) => {
    const m = members.data?.find((x) => x.code === code);
    return m ? `${m.code} — ${lang === 'es' ? m.nameEs : m.name}` : code;
  };

  return (
    <Stack>
      <PageHeader title={t('record.title')} subtitle={t('record.intro')} />
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          flow.review(bodyOf(values, baseCurrency));
        })}
      >
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <NativeSelect
              label={labels.member}
              required
              data={[
                { value: '', label: t('record.memberPlaceholder') },
                ...(members.data ?? []).map((m) => ({ value: m.code, label: memberName(m.code) })),
              ]}
              {...field('member')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={labels.reference}
              description={t('record.referenceHint')}
              required
              maxLength={200}
              {...field('reference')}
            />
          </Grid.Col>
          <AmountColumns
            field={field}
            labels={labels}
            foreign={foreign}
            rateHint={t('record.rateHint', { base: baseCurrency, currency: body.currency })}
            autoComplete="off"
          />
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput label={labels.receivedOn} type="date" required {...field('receivedOn')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <BankAccountSelect
              label={labels.bankAccount}
              defaultLabel={t('record.bankDefault')}
              activeOnly
              {...field('bankAccount')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={labels.designatedFiscalYear}
              description={t('record.designatedHint')}
              inputMode="numeric"
              maxLength={4}
              autoComplete="off"
              {...field('designatedFiscalYear')}
            />
          </Grid.Col>
        </Grid>
        <PreviewButton flow={flow}>{t('record.preview')}</PreviewButton>
      </form>

      <PreviewProblem flow={flow} labels={labels} />

      {flow.stale ? (
        <Alert color="yellow" role="status">
          {t('record.previewStale')}
        </Alert>
      ) : null}

      {flow.previewed ? (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="payment-preview-title">
          <Stack>
            <Title order={2} size="h4" id="payment-preview-title">
              {t('record.previewTitle')}
            </Title>
            <Preview preview={flow.previewed} baseCurrency={baseCurrency} />
            <ConfirmButton flow={flow}>{t('record.submit')}</ConfirmButton>
          </Stack>
        </Paper>
      ) : null}

      <MemberPayments member={form.values.member} baseCurrency={baseCurrency} />

      <ConfirmPosting
        flow={flow}
        title={t('record.confirmTitle', { member: memberName(body.member) })}
        confirmLabel={t('record.confirmButton')}
        labels={labels}
      >
        <Text>
          {t('record.confirmText', {
            amount: formatMoney(body.amount || '0', lang, body.currency),
            date: body.receivedOn ? formatDate(body.receivedOn, lang) : '',
            reference: body.reference,
            base: flow.previewed ? formatMoney(flow.previewed.amountBase, lang, baseCurrency) : '',
          })}
        </Text>
        {flow.previewed ? <Preview preview={flow.previewed} baseCurrency={baseCurrency} /> : null}
      </ConfirmPosting>
    </Stack>
  );
}

export default function RecordPaymentPage() {
  const { t } = usePaymentsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('record.title')} message={t('noAccess')}>
      <RecordPaymentForm />
    </RoleGate>
  );
}
