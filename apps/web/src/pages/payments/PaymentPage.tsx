import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { HeadRow } from '../../components/HeadRow';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { Amount } from '../../components/Amount';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDate, todayIso } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { ConfirmDialog, ProblemAlert, useSubmission } from '../../forms';
import { RoleGate } from '../audit/RoleGate';
import { ISO_DATE, paymentCommands, paymentQueries, type PaymentDetail } from './api';
import { usePaymentsText } from './messages';

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{children}</Text>
    </Stack>
  );
}

function Reversal({ payment, onDone }: { payment: PaymentDetail; onDone: (message: string) => void }) {
  const { t, lang } = usePaymentsText();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const form = useForm({
    initialValues: { date: todayIso() < payment.receivedOn ? payment.receivedOn : todayIso(), reason: '' },
    validate: {
      date: (v) => (ISO_DATE.test(v) ? null : t('dateFormat')),
      reason: (v) => (v.trim() ? null : t('required')),
    },
  });
  const submission = useSubmission(
    (values: { date: string; reason: string }, key: string) => paymentCommands.reverse(payment.id, values, key),
    {
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: ['payments'] });
        await queryClient.invalidateQueries({ queryKey: ['status-of-contributions'] });
        await queryClient.invalidateQueries({ queryKey: ['member-statement'] });
        setOpened(false);
        const reopened =
          result.reopened.map((r) => `${r.fiscalYear}: ${formatMoney(r.amount, lang)}`).join('; ') || '—';
        onDone(t('payment.reversedDone', { reopened }));
      },
    },
  );
  const labels = { date: t('payment.reverseDate'), reason: t('payment.reason') };
  return (
    <>
      <Group>
        <Button color="red" variant="light" onClick={() => setOpened(true)}>
          {t('payment.reverse')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={opened}
        title={t('payment.reverseTitle', { reference: payment.reference })}
        confirmLabel={t('payment.reverseButton')}
        color="red"
        pending={submission.pending}
        onCancel={() => setOpened(false)}
        onConfirm={() => {
          const checked = form.validate();
          if (!checked.hasErrors) submission.submit({ date: form.values.date, reason: form.values.reason.trim() });
        }}
        problem={<ProblemAlert problem={submission.problem} fieldLabels={labels} />}
      >
        <Text size="sm">{t('payment.reverseText')}</Text>
        <Stack gap="sm">
          <TextInput label={labels.date} type="date" required {...form.getInputProps('date')} />
          <TextInput
            label={labels.reason}
            description={t('payment.reasonHint')}
            required
            maxLength={400}
            {...form.getInputProps('reason')}
          />
        </Stack>
      </ConfirmDialog>
    </>
  );
}

function PaymentView({ payment, baseCurrency }: { payment: PaymentDetail; baseCurrency: string }) {
  const { t, lang } = usePaymentsText();
  const location = useLocation();
  const [done, setDone] = useState<string | null>(
    (location.state as { recorded?: boolean } | null)?.recorded ? t('payment.recorded') : null,
  );
  return (
    <Stack>
      <PageHeader title={t('payment.title', { member: payment.member, date: formatDate(payment.receivedOn, lang) })}>
        <Anchor component={Link} to="/pagos">
          {t('payment.back')}
        </Anchor>
      </PageHeader>
      {done ? (
        <Alert color="green" role="status" data-done>
          {done}
        </Alert>
      ) : null}
      {payment.reversal ? (
        <Alert color="orange" data-reversed>
          {t('payment.reversed', { date: formatDate(payment.reversal.date, lang), reason: payment.reversal.reason })}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={t('payment.amount')}>
          <Amount value={payment.amount} currency={payment.currency} withCode />
        </Figure>
        <Figure label={t('payment.amountBase')}>
          <Amount value={payment.amountBase} currency={baseCurrency} withCode />
        </Figure>
        <Figure label={t('payment.reference')}>{payment.reference}</Figure>
        <Figure label={t('payment.bankAccount')}>{payment.bankAccount}</Figure>
        <Figure label={t('payment.designated')}>{payment.designatedFiscalYear ?? t('payment.none')}</Figure>
        <Figure label={t('payment.advance')}>
          <span data-figure="advance">
            <Amount value={payment.advance} currency={baseCurrency} withCode />
          </span>
        </Figure>
      </SimpleGrid>
      <Anchor component={Link} to={`/estado/${payment.member}`} data-statement-link>
        {t('payment.statement', { member: payment.member })}
      </Anchor>
      <Title order={2} size="h4">
        {t('payment.allocations')}
      </Title>
      {payment.allocations.length === 0 ? (
        <Text c="dimmed">—</Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} maw={420} data-table="allocations">
          <Table.Thead>
            <HeadRow columns={[t('fiscalYear'), { label: t('amountCol'), numeric: true }]} />
          </Table.Thead>
          <Table.Tbody>
            {payment.allocations.map((a) => (
              <Table.Tr key={a.fiscalYear} data-year={a.fiscalYear}>
                <Table.Th scope="row">{a.fiscalYear}</Table.Th>
                <Table.Td ta="right" data-amount>
                  <Amount value={a.amount} currency={baseCurrency} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h4">
        {t('payment.history')}
      </Title>
      <Table withTableBorder verticalSpacing={4} data-table="history">
        <Table.Thead>
          <HeadRow
            columns={[t('date'), t('fiscalYear'), t('payment.entry'), { label: t('amountCol'), numeric: true }]}
          />
        </Table.Thead>
        <Table.Tbody>
          {payment.history.map((h, i) => (
            <Table.Tr key={i}>
              <Table.Td>{formatDate(h.effectiveOn, lang)}</Table.Td>
              <Table.Td>
                {h.fiscalYear} · {t(`payment.kinds.${h.kind}`)}
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {h.entryId.slice(0, 8)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Amount value={h.amount} currency={baseCurrency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {payment.reversal ? null : <Reversal payment={payment} onDone={setDone} />}
    </Stack>
  );
}

function PaymentScreen() {
  const { id = '' } = useParams();
  const payment = useQuery(paymentQueries.payment(id));
  const policies = useQuery(paymentQueries.policies());
  return (
    <QueryState query={payment}>
      {(p) => <PaymentView payment={p} baseCurrency={policies.data?.baseCurrency ?? 'USD'} />}
    </QueryState>
  );
}

export default function PaymentPage() {
  const { t } = usePaymentsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('record.title')} message={t('noAccess')}>
      <PaymentScreen />
    </RoleGate>
  );
}
