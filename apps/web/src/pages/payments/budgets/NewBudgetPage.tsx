import { Button, Grid, Group, List, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { HeadRow } from '../../../components/HeadRow';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { SECRETARIAT } from '../../../app/pages';
import { PageHeader } from '../../../components/PageHeader';
import { sumDecimals } from '../../../format/decimal';
import { formatDate } from '../../../format/dates';
import { formatMoney } from '../../../format/money';
import { ConfirmDialog, fieldProblem, ProblemAlert, useSubmission } from '../../../forms';
import { RoleGate } from '../../audit/RoleGate';
import { AMOUNT, ISO_DATE, paymentQueries, YEAR } from '../api';
import { budgetCommands, type BudgetBody } from './api';
import { useBudgetsText } from './messages';
import { duplicates, isComplete, parseScale } from './scale';

interface Line {
  code: string;
  name: string;
  amount: string;
}

interface Values {
  fiscalYear: string;
  meeting: string;
  approvalDate: string;
  reference: string;
  lines: Line[];
  scale: string;
}

const LINE_CODE = /^[A-Za-z0-9._-]{1,30}$/;

function ScaleSum({ text }: { text: string }) {
  const { t } = useBudgetsText();
  const scale = parseScale(text);
  const complete = isComplete(scale);
  const over = scale.remaining.startsWith('-');
  const twice = duplicates(scale.rows);
  // Percentages as typed and summed: exact decimal strings.
  const pct = (v: string) => v;
  return (
    <Stack gap={4} aria-live="polite" data-scale-sum={scale.sum}>
      <Text
        fw={600}
        c={complete ? 'teal.9' : 'red.9'}
        data-scale-state={complete ? 'complete' : over ? 'over' : 'short'}
      >
        {t('form.scaleSum', { sum: pct(scale.sum) })} —{' '}
        {complete
          ? t('form.scaleComplete')
          : over
            ? t('form.scaleOver', { over: pct(scale.remaining.slice(1)) })
            : t('form.scaleRemaining', { remaining: pct(scale.remaining) })}
      </Text>
      {scale.rejected.length > 0 || twice.length > 0 ? (
        <List size="sm" c="red.9">
          {scale.rejected.map((r) => (
            <List.Item key={r.line}>{t('form.scaleRejected', { line: r.line, text: r.text })}</List.Item>
          ))}
          {twice.length > 0 ? <List.Item>{t('form.scaleTwice', { members: twice.join(', ') })}</List.Item> : null}
        </List>
      ) : null}
      {scale.rows.length > 0 ? (
        <Table withTableBorder verticalSpacing={2} maw={360} data-table="scale">
          <Table.Thead>
            <HeadRow columns={[t('form.member'), { label: t('form.share'), numeric: true }]} />
          </Table.Thead>
          <Table.Tbody>
            {scale.rows.map((r, i) => (
              <Table.Tr key={`${r.member}-${i}`}>
                <Table.Td>{r.member}</Table.Td>
                <Table.Td ta="right">{pct(r.share)} %</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

function NewBudgetForm() {
  const { t, lang } = useBudgetsText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const policies = useQuery(paymentQueries.policies());
  const currency = policies.data?.baseCurrency ?? 'USD';
  const [confirming, setConfirming] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      fiscalYear: '',
      meeting: '',
      approvalDate: '',
      reference: '',
      lines: [{ code: '', name: '', amount: '' }],
      scale: '',
    },
    validate: {
      fiscalYear: (v) => (YEAR.test(v.trim()) ? null : t('yearFormat')),
      meeting: (v) => (v.trim() ? null : t('required')),
      approvalDate: (v) => (ISO_DATE.test(v) ? null : t('dateFormat')),
      reference: (v) => (v.trim() ? null : t('required')),
      lines: {
        code: (v) => (LINE_CODE.test(v.trim()) ? null : t('codeFormat')),
        name: (v) => (v.trim() ? null : t('required')),
        amount: (v) => (AMOUNT.test(v.trim()) ? null : t('amountFormat')),
      },
      scale: (v) => (isComplete(parseScale(v)) ? null : t('form.scaleHint')),
    },
  });
  const validAmounts = form.values.lines.map((l) => l.amount.trim()).filter((a) => AMOUNT.test(a));
  const total = sumDecimals(validAmounts.length > 0 ? validAmounts : ['0.00']);
  const bodyOf = (v: Values): BudgetBody => ({
    fiscalYear: Number(v.fiscalYear.trim()),
    total,
    currency,
    approval: { meeting: v.meeting.trim(), date: v.approvalDate, reference: v.reference.trim() },
    lines: v.lines.map((l) => ({ code: l.code.trim(), name: l.name.trim(), amount: l.amount.trim() })),
    scale: parseScale(v.scale).rows.map((r) => ({ member: r.member, share: r.share })),
  });
  const submission = useSubmission((body: BudgetBody) => budgetCommands.create(body), {
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['budgets'] });
      setConfirming(false);
      await navigate(`/presupuestos/${created.fiscalYear}`, { state: { created: true } });
    },
  });
  const refused = (field: string) => (fieldProblem(submission.problem, field) ? t('refused') : undefined);
  const labels: Record<string, string> = {
    fiscalYear: t('fiscalYear'),
    total: t('total'),
    currency: t('total'),
    'approval.meeting': t('form.meeting'),
    'approval.date': t('form.approvalDate'),
    'approval.reference': t('form.reference'),
    lines: t('form.lines'),
    scale: t('form.scale'),
  };
  const body = bodyOf(form.values);

  return (
    <Stack>
      <PageHeader title={t('form.title')} subtitle={t('form.intro')} />
      <form noValidate onSubmit={form.onSubmit(() => setConfirming(true))}>
        <Stack>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                label={t('fiscalYear')}
                required
                inputMode="numeric"
                maxLength={4}
                {...form.getInputProps('fiscalYear')}
                error={form.errors.fiscalYear ?? refused('fiscalYear')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 9 }}>
              <TextInput
                label={t('form.meeting')}
                required
                maxLength={200}
                {...form.getInputProps('meeting')}
                error={form.errors.meeting ?? refused('approval.meeting')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t('form.approvalDate')}
                type="date"
                required
                {...form.getInputProps('approvalDate')}
                error={form.errors.approvalDate ?? refused('approval.date')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <TextInput
                label={t('form.reference')}
                required
                maxLength={200}
                {...form.getInputProps('reference')}
                error={form.errors.reference ?? refused('approval.reference')}
              />
            </Grid.Col>
          </Grid>

          <Paper withBorder p="md" component="fieldset" style={{ border: '1px solid var(--mantine-color-gray-4)' }}>
            <Title order={2} size="h4" component="legend">
              {t('form.lines')}
            </Title>
            <Stack gap="xs">
              {form.values.lines.map((_, i) => (
                <Group key={i} align="flex-end" gap="xs" wrap="wrap">
                  <TextInput
                    label={t('form.lineCode', { n: i + 1 })}
                    required
                    w={150}
                    maxLength={30}
                    {...form.getInputProps(`lines.${i}.code`)}
                  />
                  <TextInput
                    label={t('form.lineName', { n: i + 1 })}
                    required
                    style={{ flex: 1, minWidth: 180 }}
                    maxLength={200}
                    {...form.getInputProps(`lines.${i}.name`)}
                  />
                  <TextInput
                    label={t('form.lineAmount', { n: i + 1, currency })}
                    required
                    w={180}
                    inputMode="decimal"
                    {...form.getInputProps(`lines.${i}.amount`)}
                  />
                  <Button
                    variant="default"
                    disabled={form.values.lines.length === 1}
                    onClick={() => form.removeListItem('lines', i)}
                  >
                    {t('form.removeLine', { n: i + 1 })}
                  </Button>
                </Group>
              ))}
              <Group justify="space-between">
                <Button
                  variant="default"
                  onClick={() => form.insertListItem('lines', { code: '', name: '', amount: '' })}
                >
                  {t('form.addLine')}
                </Button>
                <Text fw={600} data-budget-total={total}>
                  {t('form.total', { total: formatMoney(total, lang, currency) })}
                </Text>
              </Group>
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack gap="xs">
              <Textarea
                label={t('form.scale')}
                description={t('form.scaleHint')}
                required
                autosize
                minRows={4}
                maxRows={16}
                spellCheck={false}
                styles={{ input: { fontFamily: 'monospace' } }}
                {...form.getInputProps('scale')}
                error={form.errors.scale ? ' ' : refused('scale')}
              />
              <ScaleSum text={form.values.scale} />
            </Stack>
          </Paper>

          <Group>
            <Button type="submit">{t('form.submit')}</Button>
          </Group>
        </Stack>
      </form>
      {!confirming ? <ProblemAlert problem={submission.problem} fieldLabels={labels} /> : null}
      <ConfirmDialog
        opened={confirming}
        title={t('form.confirmTitle', { year: body.fiscalYear })}
        confirmLabel={t('form.submit')}
        pending={submission.pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => submission.submit(body)}
        problem={<ProblemAlert problem={submission.problem} fieldLabels={labels} />}
      >
        <Text>
          {t('form.confirmText', {
            year: body.fiscalYear,
            total: formatMoney(total, lang, currency),
            lines: body.lines.length,
            members: body.scale.length,
            meeting: body.approval.meeting,
            date: ISO_DATE.test(body.approval.date) ? formatDate(body.approval.date, lang) : '',
          })}
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

export default function NewBudgetPage() {
  const { t } = useBudgetsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('form.title')} message={t('noAccess')}>
      <NewBudgetForm />
    </RoleGate>
  );
}
