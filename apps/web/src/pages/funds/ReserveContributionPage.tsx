import { Anchor, Button, Card, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { PageHeader } from '../../components/PageHeader';
import { usePosting } from '../../forms';
import { formatShortDate, todayIso } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { RoleGate } from '../audit/RoleGate';
import { answered, fundsQueries, reserveCommands, type ReserveContributionBody } from './api';
import { useFundsText } from './messages';
import { reserveRuleSentences } from './rules';
import { amountError, BankAccountSelect, DateField, dateError, notifyDone, PostingDialog } from './ui';

type Source = ReserveContributionBody['source'];
const SOURCES: readonly Source[] = ['member', 'general_fund', 'donor'];

function ContributionForm() {
  const { t, lang } = useFundsText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const policies = useQuery(fundsQueries.policies());
  const members = useQuery(fundsQueries.members());
  const donors = useQuery(fundsQueries.donors());
  const base = policies.data?.baseCurrency ?? 'USD';
  const form = useForm({
    initialValues: { source: 'member' as Source, member: '', donor: '', decision: '', amount: '', date: todayIso(), reference: '', bankAccount: '' },
    validate: {
      member: (v, values) => (values.source === 'member' && !v ? t('required') : null),
      donor: (v, values) => (values.source === 'donor' && !v ? t('required') : null),
      decision: (v, values) => (values.source === 'general_fund' && !v.trim() ? t('required') : null),
      amount: (v) => amountError(v, t('amountWrong')),
      date: (v) => dateError(v, t('dateWrong')),
    },
  });
  const body = (v: typeof form.values): ReserveContributionBody => ({
    source: v.source,
    amount: v.amount.trim(),
    date: v.date,
    ...(v.source === 'member' ? { member: v.member } : {}),
    ...(v.source === 'donor' ? { donor: v.donor } : {}),
    ...(v.source === 'general_fund' ? { decision: v.decision.trim() } : {}),
    ...(v.reference.trim() ? { reference: v.reference.trim() } : {}),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
  });
  const flow = usePosting(
    (values: typeof form.values, key: string, preview: boolean) =>
      preview ? reserveCommands.previewContribution(body(values), key).then(answered) : reserveCommands.contribute(body(values), key),
    async (result) => {
      notifyDone(t('reserve.contributionDone', { amount: formatMoney(result.amountBase, lang, base) }));
      await queryClient.invalidateQueries({ queryKey: ['reserve-fund'] });
      await navigate('/fondo-de-reserva');
    },
  );
  const rules = reserveRuleSentences({ currency: base, amount: form.values.amount.trim(), date: form.values.date });
  const labels = {
    source: t('reserve.source'),
    member: t('reserve.member'),
    donor: t('reserve.donor'),
    decision: t('reserve.decision'),
    amount: `${t('amount')} (${base})`,
    date: t('date'),
    reference: t('reference'),
    bankAccount: t('bankAccount'),
  };
  const source = form.values.source;
  return (
    <Card withBorder radius="md" padding="lg" maw={720}>
      <form onSubmit={form.onSubmit(flow.review)} noValidate>
        <Stack>
          <Text size="sm">{t('reserve.contributionIntro')}</Text>
          <NativeSelect
            label={labels.source}
            data={SOURCES.map((s) => ({ value: s, label: t(`reserve.sources.${s}`) }))}
            data-autofocus
            {...form.getInputProps('source')}
          />
          {source === 'member' ? (
            <NativeSelect
              label={labels.member}
              required
              data={[{ value: '', label: '—' }, ...(members.data ?? []).map((m) => ({ value: m.code, label: `${m.code} — ${m.name}` }))]}
              {...form.getInputProps('member')}
            />
          ) : null}
          {source === 'donor' ? (
            <NativeSelect
              label={labels.donor}
              required
              data={[{ value: '', label: '—' }, ...(donors.data ?? []).map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }))]}
              {...form.getInputProps('donor')}
            />
          ) : null}
          {source === 'general_fund' ? (
            <TextInput label={labels.decision} description={t('reserve.decisionHint')} required maxLength={200} {...form.getInputProps('decision')} />
          ) : null}
          <TextInput label={labels.amount} inputMode="decimal" required w={240} {...form.getInputProps('amount')} />
          <DateField label={labels.date} required {...form.getInputProps('date')} />
          <TextInput label={labels.reference} maxLength={200} {...form.getInputProps('reference')} />
          <BankAccountSelect currency={base} {...form.getInputProps('bankAccount')} />
          <Group>
            <Button type="submit">{t('reserve.reviewContribution')}</Button>
            <Anchor component={Link} to="/fondo-de-reserva">
              {t('cancel')}
            </Anchor>
          </Group>
        </Stack>
      </form>
      <PostingDialog
        flow={flow}
        title={t('reserve.contributionTitle')}
        confirmLabel={t('reserve.confirmContribution')}
        values={form.values}
        summary={
          <>
            {t(`reserve.sources.${source}`)}
            {source === 'member' && form.values.member ? ` (${form.values.member})` : ''}
            {source === 'donor' && form.values.donor ? ` (${form.values.donor})` : ''}: {formatMoney(form.values.amount.trim() || '0', lang, base)},{' '}
            {formatShortDate(form.values.date, lang)}
          </>
        }
        rules={rules}
        labels={labels}
        currency={base}
      />
    </Card>
  );
}

/** Money into the reserve fund: from a member state, a donor, or a transfer from the general fund. */
export default function ReserveContributionPage() {
  const { t } = useFundsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('reserve.contributionTitle')} message={t('notAllowed')}>
      <PageHeader title={t('reserve.contributionTitle')} />
      <ContributionForm />
    </RoleGate>
  );
}
