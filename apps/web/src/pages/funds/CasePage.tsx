import { Alert, Anchor, Button, Card, Group, List, NativeSelect, Radio, Stack, Text, Textarea, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { Tag } from '../../components/Tag';
import { ConfirmDialog, ProblemAlert, usePosting, useSubmission } from '../../forms';
import { formatShortDate, todayIso } from '../../format/dates';
import { compareDecimals } from '../../format/decimal';
import { formatMoney } from '../../format/money';
import { useLang } from '../../i18n';
import { RoleGate } from '../audit/RoleGate';
import { ReserveFundFigures } from '../reserve-fund/ReserveFundFigures';
import { answered, fundsQueries, perCaseCapOf, reserveCommands, type CaseView, type DisbursementBody, type ReserveFundPosition } from './api';
import { useFundsText } from './messages';
import { notConsulted, nextAction, PROTOCOL_STEPS, protocolState, type ProtocolStep, type StepState } from './protocol';
import { reserveRuleSentences } from './rules';
import { amountError, BankAccountSelect, DateField, dateError, notifyDone, PostingDialog } from './ui';

const STATE_COLOR: Record<StepState, string> = { done: 'teal', current: 'blue', pending: 'gray', stopped: 'gray' };

/** The date of the case's last step: no step may be dated before it. */
function lastDate(c: CaseView): string {
  return c.history.reduce((latest, h) => (h.date > latest ? h.date : latest), c.requestedOn);
}

function useCaseChanged(id: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['reserve-case', id] });
    await queryClient.invalidateQueries({ queryKey: ['reserve-fund'] });
  };
}

function stepDetail(step: ProtocolStep, c: CaseView, currency: string, t: ReturnType<typeof useFundsText>['t'], lang: 'es' | 'en'): string | null {
  const money = (v: string) => formatMoney(v, lang, currency);
  switch (step) {
    case 'requested':
      return t('reserve.stepDetail.requested', { amount: money(c.requestedAmount), people: c.people, date: formatShortDate(c.requestedOn, lang) });
    case 'consulted': {
      const done = c.consultations.map((x) => `${x.country} (${formatShortDate(x.date, lang)})`).join(', ');
      const missing = notConsulted(c).join(', ');
      if (!missing) return t('reserve.stepDetail.consultedAll', { done });
      return done ? t('reserve.stepDetail.consultedSome', { done, missing }) : t('reserve.stepDetail.consultedNone', { missing });
    }
    case 'decided':
      if (!c.decidedOn) return null;
      return c.approvedAmount
        ? t('reserve.stepDetail.approved', { by: c.decidedBy ?? '', date: formatShortDate(c.decidedOn, lang), amount: money(c.approvedAmount) })
        : t('reserve.stepDetail.rejected', { by: c.decidedBy ?? '', date: formatShortDate(c.decidedOn, lang) });
    case 'notified':
      return !c.notifiedOn ? null : t('reserve.stepDetail.notified', { date: formatShortDate(c.notifiedOn, lang), reference: c.notificationReference });
    case 'disbursed':
      return !c.approvedAmount || !c.notifiedOn
        ? null
        : t('reserve.stepDetail.disbursed', { disbursed: money(c.disbursed), approved: money(c.approvedAmount), commitment: money(c.commitment) });
  }
}

/** Where the case stands: the Protocol's five steps, each done, next, pending or not applying. */
function ProtocolSteps({ c, currency }: { c: CaseView; currency: string }) {
  const { t, lang } = useFundsText();
  const state = protocolState(c);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="protocol-title">
      <Title order={2} size="h4" id="protocol-title" mb="sm">
        {t('reserve.protocol')}
      </Title>
      <List component="ol" spacing="sm" listStyleType="none" data-protocol>
        {PROTOCOL_STEPS.map((step, i) => {
          const detail = stepDetail(step, c, currency, t, lang);
          return (
            <List.Item
              key={step}
              data-step={step}
              data-state={state[step]}
              aria-current={state[step] === 'current' ? 'step' : undefined}
              icon={
                <ThemeIcon radius="xl" size={26} color={STATE_COLOR[state[step]]} variant={state[step] === 'done' ? 'filled' : 'light'} aria-hidden>
                  {state[step] === 'done' ? '✓' : i + 1}
                </ThemeIcon>
              }
            >
              <Group gap="xs">
                <Text fw={600}>{t(`reserve.steps.${step}`)}</Text>
                <Tag color={STATE_COLOR[state[step]]}>{t(`reserve.stepState.${state[step]}`)}</Tag>
              </Group>
              {detail ? (
                <Text size="sm" c="dimmed">
                  {detail}
                </Text>
              ) : null}
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}

function ConsultStep({ c }: { c: CaseView }) {
  const { t } = useFundsText();
  const changed = useCaseChanged(c.id);
  const missing = notConsulted(c);
  const form = useForm({
    initialValues: { country: missing[0] ?? '', date: todayIso(), response: '' },
    validate: {
      date: (v) => dateError(v, t('dateWrong')),
      response: (v) => (v.trim() ? null : t('required')),
    },
  });
  const submission = useSubmission((values: typeof form.values) => reserveCommands.consult(c.id, { ...values, response: values.response.trim() }), {
    onSuccess: async (_r, values) => {
      notifyDone(t('reserve.consult.done', { country: values.country }));
      form.reset();
      await changed();
    },
  });
  const rules = reserveRuleSentences({ currency: 'USD', country: form.values.country, date: form.values.date, previous: lastDate(c) });
  return (
    <form onSubmit={form.onSubmit((values) => submission.submit(values))} noValidate>
      <Stack>
        <Text size="sm">{t('reserve.consult.intro')}</Text>
        <NativeSelect label={t('reserve.consult.country')} data={missing} required {...form.getInputProps('country')} />
        <DateField label={t('date')} required min={lastDate(c)} {...form.getInputProps('date')} />
        <Textarea label={t('reserve.consult.response')} required autosize minRows={2} maxLength={2000} {...form.getInputProps('response')} />
        <ProblemAlert problem={submission.problem} rules={rules} fieldLabels={{ country: t('reserve.consult.country'), date: t('date'), response: t('reserve.consult.response') }} />
        <Group>
          <Button type="submit" loading={submission.pending}>
            {t('reserve.consult.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function minDecimal(values: (string | null)[]): string {
  return values.filter((v): v is string => v !== null).reduce((a, b) => (compareDecimals(a, b) <= 0 ? a : b));
}

function DecideStep({ c, position, cap }: { c: CaseView; position: ReserveFundPosition; cap: string | null }) {
  const { t, lang } = useFundsText();
  const changed = useCaseChanged(c.id);
  const currency = position.currency;
  const money = (v: string) => formatMoney(v, lang, currency);
  const [confirming, setConfirming] = useState(false);
  const form = useForm({
    initialValues: { outcome: 'approved' as 'approved' | 'rejected', approvedAmount: c.requestedAmount, date: todayIso() },
    validate: {
      approvedAmount: (v, values) => (values.outcome === 'approved' ? amountError(v, t('amountWrong')) : null),
      date: (v) => dateError(v, t('dateWrong')),
    },
  });
  const available = compareDecimals(position.available, '0') > 0 ? position.available : '0.00';
  const max = minDecimal([c.requestedAmount, cap, available]);
  const approving = form.values.outcome === 'approved';
  const over = approving && amountError(form.values.approvedAmount, 'x') === null && compareDecimals(form.values.approvedAmount.trim(), max) > 0;
  const submission = useSubmission(
    (values: typeof form.values) =>
      reserveCommands.decide(c.id, {
        decidedBy: 'IOM',
        date: values.date,
        outcome: values.outcome,
        ...(values.outcome === 'approved' ? { approvedAmount: values.approvedAmount.trim() } : {}),
      }),
    {
      onSuccess: async () => {
        notifyDone(t('reserve.decide.done'));
        setConfirming(false);
        await changed();
      },
    },
  );
  const rules = reserveRuleSentences({
    currency,
    approved: form.values.approvedAmount.trim(),
    requested: c.requestedAmount,
    date: form.values.date,
    previous: lastDate(c),
  });
  return (
    <form
      onSubmit={form.onSubmit(() => {
        submission.reset();
        setConfirming(true);
      })}
      noValidate
    >
      <Stack>
        <Text size="sm">{t('reserve.decide.intro')}</Text>
        <Alert color="blue" data-limits>
          {t('reserve.decide.limits', {
            max: money(max),
            requested: money(c.requestedAmount),
            cap: cap === null ? t('reserve.decide.noCap') : money(cap),
            available: money(available),
            balance: money(position.balance),
            committed: money(position.committed),
            floor: money(position.floor),
          })}
        </Alert>
        <Radio.Group label={t('reserve.decide.outcome')} required {...form.getInputProps('outcome')}>
          <Group mt="xs">
            <Radio value="approved" label={t('reserve.decide.approve')} />
            <Radio value="rejected" label={t('reserve.decide.reject')} />
          </Group>
        </Radio.Group>
        {approving ? (
          <TextInput
            label={t('reserve.decide.approvedAmount', { currency })}
            inputMode="decimal"
            required
            w={240}
            {...form.getInputProps('approvedAmount')}
          />
        ) : null}
        {over ? (
          <Alert color="yellow" data-over>
            {t('reserve.decide.over', { max: money(max) })}
          </Alert>
        ) : null}
        <DateField label={t('date')} required min={lastDate(c)} {...form.getInputProps('date')} />
        <Group>
          <Button type="submit">{t('reserve.decide.review')}</Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('reserve.decide.confirmTitle')}
        confirmLabel={t(approving ? 'reserve.decide.confirmApprove' : 'reserve.decide.confirmReject')}
        color={approving ? undefined : 'red'}
        onConfirm={() => submission.submit(form.values)}
        onCancel={() => setConfirming(false)}
        pending={submission.pending}
        problem={<ProblemAlert problem={submission.problem} rules={rules} fieldLabels={{ approvedAmount: t('reserve.decide.approvedAmount', { currency }), date: t('date') }} />}
      >
        <Text>
          {approving
            ? t('reserve.decide.summaryApprove', { amount: money(form.values.approvedAmount.trim() || '0'), title: c.title, date: formatShortDate(form.values.date, lang) })
            : t('reserve.decide.summaryReject', { title: c.title, date: formatShortDate(form.values.date, lang) })}
        </Text>
      </ConfirmDialog>
    </form>
  );
}

function NotifyStep({ c }: { c: CaseView }) {
  const { t } = useFundsText();
  const changed = useCaseChanged(c.id);
  const form = useForm({
    initialValues: { date: todayIso(), reference: '' },
    validate: { date: (v) => dateError(v, t('dateWrong')), reference: (v) => (v.trim() ? null : t('required')) },
  });
  const submission = useSubmission((values: typeof form.values) => reserveCommands.notify(c.id, { date: values.date, reference: values.reference.trim() }), {
    onSuccess: async () => {
      notifyDone(t('reserve.notify.done'));
      await changed();
    },
  });
  const rules = reserveRuleSentences({ currency: 'USD', date: form.values.date, previous: lastDate(c) });
  return (
    <form onSubmit={form.onSubmit((values) => submission.submit(values))} noValidate>
      <Stack>
        <Text size="sm">{t('reserve.notify.intro')}</Text>
        <TextInput label={t('reserve.notify.reference')} required maxLength={200} {...form.getInputProps('reference')} />
        <DateField label={t('date')} required min={lastDate(c)} {...form.getInputProps('date')} />
        <ProblemAlert problem={submission.problem} rules={rules} fieldLabels={{ reference: t('reserve.notify.reference'), date: t('date') }} />
        <Group>
          <Button type="submit" loading={submission.pending}>
            {t('reserve.notify.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DisburseStep({ c, currency }: { c: CaseView; currency: string }) {
  const { t, lang } = useFundsText();
  const changed = useCaseChanged(c.id);
  const money = (v: string) => formatMoney(v, lang, currency);
  const form = useForm({
    initialValues: { amount: c.commitment, date: todayIso(), reference: '', bankAccount: '' },
    validate: {
      amount: (v) => amountError(v, t('amountWrong')),
      date: (v) => dateError(v, t('dateWrong')),
      reference: (v) => (v.trim() ? null : t('required')),
    },
  });
  const body = (values: typeof form.values): DisbursementBody => ({
    amount: values.amount.trim(),
    date: values.date,
    reference: values.reference.trim(),
    ...(values.bankAccount ? { bankAccount: values.bankAccount } : {}),
  });
  const flow = usePosting(
    (values: typeof form.values, key: string, preview: boolean) =>
      preview ? reserveCommands.previewDisbursement(c.id, body(values), key).then(answered) : reserveCommands.disburse(c.id, body(values), key),
    async (result) => {
      notifyDone(t('reserve.disburse.done', { amount: money(result.amount) }));
      form.reset();
      await changed();
    },
  );
  const rules = reserveRuleSentences({ currency, amount: form.values.amount.trim(), date: form.values.date, previous: lastDate(c) });
  const labels = { amount: t('amount'), date: t('date'), reference: t('reference'), bankAccount: t('bankAccount') };
  return (
    <form onSubmit={form.onSubmit(flow.review)} noValidate>
      <Stack>
        <Text size="sm">{t('reserve.disburse.intro')}</Text>
        <Text size="sm" fw={600} data-remaining>
          {t('reserve.disburse.remaining', { amount: money(c.commitment) })}
        </Text>
        <TextInput label={`${t('amount')} (${currency})`} inputMode="decimal" required w={240} {...form.getInputProps('amount')} />
        <DateField label={t('date')} required min={lastDate(c)} {...form.getInputProps('date')} />
        <TextInput label={t('reference')} required maxLength={200} {...form.getInputProps('reference')} />
        <BankAccountSelect currency={currency} {...form.getInputProps('bankAccount')} />
        <Group>
          <Button type="submit">{t('reserve.disburse.review')}</Button>
        </Group>
      </Stack>
      <PostingDialog
        flow={flow}
        title={t('reserve.disburse.confirmTitle')}
        confirmLabel={t('reserve.disburse.confirm')}
        values={form.values}
        summary={t('reserve.disburse.summary', { amount: money(form.values.amount.trim() || '0'), title: c.title, date: formatShortDate(form.values.date, lang) })}
        rules={rules}
        labels={labels}
        currency={currency}
      />
    </form>
  );
}

function CloseStep({ c, note }: { c: CaseView; note: string }) {
  const { t } = useFundsText();
  const changed = useCaseChanged(c.id);
  const form = useForm({ initialValues: { date: todayIso(), reason: '' }, validate: { date: (v) => dateError(v, t('dateWrong')) } });
  const submission = useSubmission(
    (values: typeof form.values) => reserveCommands.close(c.id, { date: values.date, ...(values.reason.trim() ? { reason: values.reason.trim() } : {}) }),
    {
      onSuccess: async () => {
        notifyDone(t('reserve.close.done'));
        await changed();
      },
    },
  );
  const rules = reserveRuleSentences({ currency: 'USD', date: form.values.date, previous: lastDate(c) });
  return (
    <form onSubmit={form.onSubmit((values) => submission.submit(values))} noValidate>
      <Stack>
        <Text size="sm">{note}</Text>
        <Text size="sm">{t('reserve.close.intro')}</Text>
        <DateField label={t('date')} required min={lastDate(c)} {...form.getInputProps('date')} />
        <TextInput label={t('reserve.close.reason')} maxLength={500} {...form.getInputProps('reason')} />
        <ProblemAlert problem={submission.problem} rules={rules} fieldLabels={{ date: t('date'), reason: t('reserve.close.reason') }} />
        <Group>
          <Button type="submit" variant="default" loading={submission.pending}>
            {t('reserve.close.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The one step the case can take now, as a form; nothing else is offered. */
function NextStep({ c, position, cap }: { c: CaseView; position: ReserveFundPosition; cap: string | null }) {
  const { t, lang } = useFundsText();
  const action = nextAction(c);
  if (action === null) {
    return (
      <Alert color="gray" data-next="none">
        {t('reserve.closedNote', { date: c.closedOn ? formatShortDate(c.closedOn, lang) : '' })}
      </Alert>
    );
  }
  const title = action === 'close' ? t('reserve.close.title') : t(`reserve.steps.${action}`);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="next-step" data-next={action}>
      <Title order={2} size="h4" id="next-step" mb="sm">
        {t('reserve.nextStep', { step: title })}
      </Title>
      {action === 'consulted' ? <ConsultStep key={c.consultations.length} c={c} /> : null}
      {action === 'decided' ? <DecideStep c={c} position={position} cap={cap} /> : null}
      {action === 'notified' ? <NotifyStep c={c} /> : null}
      {action === 'disbursed' ? <DisburseStep key={c.disbursed} c={c} currency={position.currency} /> : null}
      {action === 'close' ? <CloseStep c={c} note={c.status === 'rejected' ? t('reserve.rejectedNote') : t('reserve.doneNote')} /> : null}
    </Card>
  );
}

function CaseContent({ id }: { id: string }) {
  const { t } = useFundsText();
  const { t: tr } = useLang();
  const today = useMemo(() => todayIso(), []);
  const reserveCase = useQuery(fundsQueries.reserveCase(id));
  const position = useQuery(fundsQueries.reserveFund(today));
  const policies = useQuery(fundsQueries.policies());
  return (
    <QueryState query={reserveCase}>
      {(c) => (
        <Stack gap="lg">
          <PageHeader title={t('reserve.caseHeading', { title: c.title })} subtitle={<Tag color="indigo">{tr(`reserve.statuses.${c.status}`)}</Tag>}>
            <Anchor component={Link} to="/fondo-de-reserva">
              {t('back')}
            </Anchor>
          </PageHeader>
          <ProtocolSteps c={c} currency={position.data?.currency ?? 'USD'} />
          <QueryState query={position}>
            {(p) => (
              <Stack gap="lg">
                <ReserveFundFigures
                  position={p}
                  idPrefix="case-fund"
                  labels={{ balance: t('reserve.balance'), committed: t('reserve.committed'), available: t('reserve.available') }}
                />
                {policies.data ? <NextStep c={c} position={p} cap={perCaseCapOf(policies.data)} /> : null}
              </Stack>
            )}
          </QueryState>
        </Stack>
      )}
    </QueryState>
  );
}

/** A reserve-fund case taken through the Protocol, one step at a time. */
export default function CasePage() {
  const { t } = useFundsText();
  const { id = '' } = useParams();
  return (
    <RoleGate roles={SECRETARIAT} title={t('reserve.protocol')} message={t('notAllowed')}>
      <CaseContent id={id} />
    </RoleGate>
  );
}
