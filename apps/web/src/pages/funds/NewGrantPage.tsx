import { Anchor, Button, Card, Fieldset, Group, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { PageHeader } from '../../components/PageHeader';
import { usePosting } from '../../forms';
import { formatShortDate, isIsoDate, todayIso } from '../../format/dates';
import { compareDecimals, isDecimal, sumDecimals } from '../../format/decimal';
import { formatMoney } from '../../format/money';
import { RoleGate } from '../audit/RoleGate';
import { answered, fundsQueries, grantCommands, type NewGrantBody } from './api';
import { CODE } from './DonorsPage';
import { useGrantsText } from './grant-messages';
import { grantRuleSentences } from './rules';
import { amountError, DateField, dateError, notifyDone, PostingDialog } from './ui';

type Kind = NewGrantBody['kind'];
interface Line {
  code: string;
  name: string;
  amount: string;
}

function NewGrantForm() {
  const { t, lang } = useGrantsText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const donors = useQuery(fundsQueries.donors());
  const policies = useQuery(fundsQueries.policies());
  const base = policies.data?.baseCurrency ?? 'USD';
  const form = useForm({
    initialValues: {
      code: '',
      donor: '',
      title: '',
      amount: '',
      currency: base,
      rate: '',
      signedOn: todayIso(),
      purpose: '',
      implementingPartner: '',
      kind: 'restricted' as Kind,
      periodFrom: '',
      periodTo: '',
      budgetLines: [] as Line[],
    },
    validate: {
      code: (v) => (CODE.test(v.trim()) ? null : t('codeWrong')),
      donor: (v) => (v ? null : t('required')),
      title: (v) => (v.trim() ? null : t('required')),
      amount: (v) => amountError(v, t('amountWrong')),
      currency: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : t('currencyWrong')),
      rate: (v, values) => (values.currency.trim().toUpperCase() === base || amountError(v, 'x') === null ? null : t('rateWrong')),
      signedOn: (v) => dateError(v, t('dateWrong')),
      purpose: (v) => (v.trim() ? null : t('required')),
      implementingPartner: (v) => (v.trim() ? null : t('required')),
      periodFrom: (v) => (v === '' || isIsoDate(v) ? null : t('dateWrong')),
      periodTo: (v) => (v === '' || isIsoDate(v) ? null : t('dateWrong')),
      budgetLines: {
        code: (v) => (CODE.test(v.trim()) ? null : t('codeWrong')),
        name: (v) => (v.trim() ? null : t('required')),
        amount: (v) => amountError(v, t('amountWrong')),
      },
    },
  });
  const currency = form.values.currency.trim().toUpperCase();
  const body = (v: typeof form.values): NewGrantBody => ({
    code: v.code.trim(),
    donor: v.donor,
    title: v.title.trim(),
    amount: v.amount.trim(),
    currency: v.currency.trim().toUpperCase(),
    ...(v.currency.trim().toUpperCase() !== base ? { rate: v.rate.trim() } : {}),
    signedOn: v.signedOn,
    purpose: v.purpose.trim(),
    implementingPartner: v.implementingPartner.trim(),
    kind: v.kind,
    ...(v.periodFrom ? { periodFrom: v.periodFrom } : {}),
    ...(v.periodTo ? { periodTo: v.periodTo } : {}),
    ...(v.budgetLines.length > 0 ? { budgetLines: v.budgetLines.map((l) => ({ code: l.code.trim(), name: l.name.trim(), amount: l.amount.trim() })) } : {}),
  });
  const flow = usePosting(
    (v: typeof form.values, key: string, preview: boolean) =>
      preview ? grantCommands.previewGrant(body(v), key).then(answered) : grantCommands.createGrant(body(v), key),
    async (grant) => {
      notifyDone(t('grantCreated', { code: grant.code }));
      await queryClient.invalidateQueries({ queryKey: ['grants'] });
      await navigate(`/donaciones/${encodeURIComponent(grant.code)}/movimientos`);
    },
  );
  const lineAmounts = form.values.budgetLines.map((l) => l.amount.trim());
  const linesTotal = lineAmounts.every(isDecimal) ? sumDecimals(lineAmounts) : null;
  const amountOk = isDecimal(form.values.amount.trim());
  const money = (v: string) => formatMoney(v, lang, currency.length === 3 ? currency : base);
  const labels = {
    code: t('code'),
    donor: t('donor'),
    title: t('title'),
    amount: t('amount'),
    currency: t('currency'),
    rate: t('rate'),
    signedOn: t('signedOn'),
    purpose: t('purpose'),
    implementingPartner: t('partner'),
    kind: t('kind'),
    periodFrom: t('periodFrom'),
    periodTo: t('periodTo'),
    budgetLines: t('lines'),
  };
  const rules = grantRuleSentences({ currency: base });
  return (
    <Card withBorder radius="md" padding="lg" maw={860}>
      <form onSubmit={form.onSubmit(flow.review)} noValidate>
        <Stack>
          <Text size="sm">{t('newGrantIntro')}</Text>
          <Group grow align="flex-start">
            <TextInput label={labels.code} required maxLength={30} data-autofocus {...form.getInputProps('code')} />
            <NativeSelect
              label={labels.donor}
              required
              data={[{ value: '', label: '—' }, ...(donors.data ?? []).map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }))]}
              {...form.getInputProps('donor')}
            />
          </Group>
          <TextInput label={labels.title} required maxLength={300} {...form.getInputProps('title')} />
          <Group align="flex-start">
            <TextInput label={labels.amount} inputMode="decimal" required w={200} {...form.getInputProps('amount')} />
            <TextInput label={labels.currency} required w={110} maxLength={3} {...form.getInputProps('currency')} />
            {currency !== base ? (
              <TextInput label={labels.rate} description={t('rateHint', { base, currency })} inputMode="decimal" required w={220} {...form.getInputProps('rate')} />
            ) : null}
            <DateField label={labels.signedOn} required {...form.getInputProps('signedOn')} />
          </Group>
          <Textarea label={labels.purpose} required autosize minRows={2} maxLength={2000} {...form.getInputProps('purpose')} />
          <TextInput label={labels.implementingPartner} required maxLength={200} {...form.getInputProps('implementingPartner')} />
          <Radio.Group label={labels.kind} required {...form.getInputProps('kind')}>
            <Group mt="xs">
              <Radio value="restricted" label={t('kinds.restricted')} />
              <Radio value="conditional" label={t('kinds.conditional')} />
            </Group>
          </Radio.Group>
          <Group align="flex-start">
            <DateField label={labels.periodFrom} {...form.getInputProps('periodFrom')} />
            <DateField label={labels.periodTo} {...form.getInputProps('periodTo')} />
          </Group>
          <Fieldset legend={labels.budgetLines}>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('linesHint')}
              </Text>
              {form.values.budgetLines.map((_line, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <TextInput label={t('lineCode', { n: i + 1 })} required w={160} maxLength={30} {...form.getInputProps(`budgetLines.${i}.code`)} />
                  <TextInput label={t('lineName', { n: i + 1 })} required style={{ flex: 1, minWidth: 180 }} {...form.getInputProps(`budgetLines.${i}.name`)} />
                  <TextInput label={t('lineAmount', { n: i + 1 })} required inputMode="decimal" w={170} {...form.getInputProps(`budgetLines.${i}.amount`)} />
                  <Button variant="subtle" color="red" onClick={() => form.removeListItem('budgetLines', i)}>
                    {t('removeLine', { n: i + 1 })}
                  </Button>
                </Group>
              ))}
              {form.values.budgetLines.length > 0 && linesTotal !== null && amountOk ? (
                <Text size="sm" c={compareDecimals(linesTotal, form.values.amount.trim()) === 0 ? undefined : 'red.8'} data-lines-total>
                  {compareDecimals(linesTotal, form.values.amount.trim()) === 0
                    ? t('linesTotal', { total: money(linesTotal), amount: money(form.values.amount.trim()) })
                    : t('linesMismatch', { total: money(linesTotal), amount: money(form.values.amount.trim()) })}
                </Text>
              ) : null}
              <Group>
                <Button variant="default" onClick={() => form.insertListItem('budgetLines', { code: '', name: '', amount: '' })}>
                  {t('addLine')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Group>
            <Button type="submit">{t('reviewGrant')}</Button>
            <Anchor component={Link} to="/donaciones">
              {t('back')}
            </Anchor>
          </Group>
        </Stack>
      </form>
      <PostingDialog
        flow={flow}
        title={t('newGrantTitle')}
        confirmLabel={t('confirmGrant')}
        values={form.values}
        summary={t('grantSummary', {
          title: form.values.title.trim(),
          donor: form.values.donor,
          amount: amountOk ? money(form.values.amount.trim()) : '—',
          kind: t(`kinds.${form.values.kind}`),
          date: isIsoDate(form.values.signedOn) ? formatShortDate(form.values.signedOn, lang) : '—',
        })}
        rules={rules}
        labels={labels}
        currency={base}
      />
    </Card>
  );
}

/** A new grant agreement: its restricted fund and the donor's pledge. */
export default function NewGrantPage() {
  const { t } = useGrantsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('newGrantTitle')} message={t('notAllowed')}>
      <PageHeader title={t('newGrantTitle')} />
      <NewGrantForm />
    </RoleGate>
  );
}
