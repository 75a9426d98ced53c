import { Anchor, Button, Card, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert, useSubmission } from '../../forms';
import { todayIso } from '../../format/dates';
import { RoleGate } from '../audit/RoleGate';
import { fundsQueries, reserveCommands } from './api';
import { useFundsText } from './messages';
import { amountError, DateField, dateError, notifyDone } from './ui';

const ISO3 = /^[A-Z]{3}$/;

/** "cri, nic" → ['CRI', 'NIC']. */
export function parseCountries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0);
}

function NewCaseForm() {
  const { t } = useFundsText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const policies = useQuery(fundsQueries.policies());
  const currency = policies.data?.baseCurrency ?? 'USD';
  const form = useForm({
    initialValues: { title: '', countries: '', requestedAmount: '', people: 1 as number | string, requestedOn: todayIso() },
    validate: {
      title: (v) => (v.trim() ? null : t('required')),
      countries: (v) => {
        const list = parseCountries(v);
        return list.length > 0 && list.every((c) => ISO3.test(c)) && new Set(list).size === list.length ? null : t('reserve.countriesWrong');
      },
      requestedAmount: (v) => amountError(v, t('amountWrong')),
      people: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : t('reserve.peopleWrong')),
      requestedOn: (v) => dateError(v, t('dateWrong')),
    },
  });
  const submission = useSubmission(
    (values: typeof form.values) =>
      reserveCommands.createCase({
        title: values.title.trim(),
        countriesInvolved: parseCountries(values.countries),
        requestedAmount: values.requestedAmount.trim(),
        people: Number(values.people),
        requestedOn: values.requestedOn,
      }),
    {
      onSuccess: async (created) => {
        notifyDone(t('reserve.caseCreated'));
        await queryClient.invalidateQueries({ queryKey: ['reserve-fund'] });
        await navigate(`/fondo-de-reserva/casos/${created.id}`);
      },
    },
  );
  const labels = {
    title: t('reserve.caseTitle'),
    countriesInvolved: t('reserve.countries'),
    requestedAmount: t('reserve.requestedAmount', { currency }),
    people: t('reserve.people'),
    requestedOn: t('reserve.requestedOn'),
  };
  return (
    <Card withBorder radius="md" padding="lg" maw={720}>
      <form onSubmit={form.onSubmit((values) => submission.submit(values))} noValidate>
        <Stack>
          <Text size="sm">{t('reserve.newCaseIntro')}</Text>
          <TextInput label={labels.title} required maxLength={300} data-autofocus {...form.getInputProps('title')} />
          <TextInput
            label={labels.countriesInvolved}
            description={t('reserve.countriesHint')}
            required
            {...form.getInputProps('countries')}
            error={form.errors.countries ?? (submission.fieldError('countriesInvolved') ? t('reserve.countriesWrong') : undefined)}
          />
          <TextInput label={labels.requestedAmount} inputMode="decimal" required w={240} {...form.getInputProps('requestedAmount')} />
          <NumberInput label={labels.people} required min={1} max={100000} allowDecimal={false} w={240} {...form.getInputProps('people')} />
          <DateField label={labels.requestedOn} required {...form.getInputProps('requestedOn')} />
          <ProblemAlert problem={submission.problem} fieldLabels={labels} />
          <Group>
            <Button type="submit" loading={submission.pending}>
              {t('reserve.createCase')}
            </Button>
            <Anchor component={Link} to="/fondo-de-reserva">
              {t('cancel')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A request for an assisted return: the first step of the Protocol. */
export default function NewCasePage() {
  const { t } = useFundsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('reserve.newCaseTitle')} message={t('notAllowed')}>
      <PageHeader title={t('reserve.newCaseTitle')} />
      <NewCaseForm />
    </RoleGate>
  );
}
