import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { HeadRow } from '../../../components/HeadRow';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { SECRETARIAT } from '../../../app/pages';
import { Amount } from '../../../components/Amount';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { sumDecimals } from '../../../format/decimal';
import { formatDate } from '../../../format/dates';
import { formatMoney } from '../../../format/money';
import { ConfirmDialog, newIdempotencyKey, ProblemAlert, problemView, useSubmission } from '../../../forms';
import { RoleGate } from '../../audit/RoleGate';
import { ISO_DATE } from '../api';
import { budgetCommands, budgetQueries, type Assessment, type BudgetVersion } from './api';
import { useBudgetsText } from './messages';

function AssessmentTable({ assessment, currency }: { assessment: Assessment; currency: string }) {
  const { t } = useBudgetsText();
  const advance = (member: string) => assessment.advancesApplied.find((a) => a.member === member)?.amount;
  return (
    <Table withTableBorder verticalSpacing={4} data-table="assessment-preview">
      <Table.Thead>
        <HeadRow
          columns={[
            t('form.member'),
            { label: t('budget.assessment'), numeric: true },
            { label: t('budget.difference'), numeric: true },
            { label: t('budget.advanceApplied'), numeric: true },
          ]}
        />
      </Table.Thead>
      <Table.Tbody>
        {assessment.assessments.map((a) => (
          <Table.Tr key={a.member} data-member={a.member}>
            <Table.Th scope="row">{a.member}</Table.Th>
            <Table.Td ta="right" data-amount>
              <Amount value={a.amount} currency={currency} />
            </Table.Td>
            <Table.Td ta="right">
              <Amount value={a.difference} currency={currency} />
            </Table.Td>
            <Table.Td ta="right">
              {advance(a.member) ? <Amount value={advance(a.member) ?? '0'} currency={currency} /> : '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Assess({ budget, onDone }: { budget: BudgetVersion; onDone: () => void }) {
  const { t, lang } = useBudgetsText();
  const queryClient = useQueryClient();
  const [assessedOn, setAssessedOn] = useState('');
  const [confirming, setConfirming] = useState(false);
  const date = assessedOn.trim() || undefined;
  const dateError = date !== undefined && !ISO_DATE.test(date) ? t('dateFormat') : undefined;
  const preview = useMutation({
    mutationFn: (on: string | undefined) =>
      budgetCommands.previewAssessment(budget.fiscalYear, on, newIdempotencyKey()),
  });
  const previewed = preview.data && preview.variables === date ? preview.data : undefined;
  const submission = useSubmission(
    (on: { assessedOn?: string }, key: string) => budgetCommands.assess(budget.fiscalYear, on.assessedOn, key),
    {
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: ['budgets'] });
        await queryClient.invalidateQueries({ queryKey: ['status-of-contributions'] });
        setConfirming(false);
        onDone();
      },
    },
  );
  const problem = submission.problem ?? problemView(preview.error);
  const total = previewed ? sumDecimals(previewed.assessments.map((a) => a.difference)) : '0';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="assess-title">
      <Stack>
        <Title order={2} size="h4" id="assess-title">
          {t('budget.assess')}
        </Title>
        <Text size="sm">{t('budget.assessIntro')}</Text>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!dateError) {
              submission.reset();
              preview.mutate(date);
            }
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t('budget.assessedOnLabel')}
              description={t('budget.assessedOnHint')}
              type="date"
              value={assessedOn}
              onChange={(e) => setAssessedOn(e.currentTarget.value)}
              error={dateError}
            />
            <Button type="submit" variant={previewed ? 'default' : 'filled'} loading={preview.isPending}>
              {t('budget.preview')}
            </Button>
          </Group>
        </form>
        {!confirming ? (
          <ProblemAlert problem={problem} fieldLabels={{ assessedOn: t('budget.assessedOnLabel') }} />
        ) : null}
        {previewed ? (
          <Stack data-preview>
            <Title order={3} size="h5">
              {t('budget.previewTitle')}
            </Title>
            <AssessmentTable assessment={previewed} currency={budget.currency} />
            <Group>
              <Button onClick={() => setConfirming(true)}>{t('budget.assessButton')}</Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
      <ConfirmDialog
        opened={confirming && previewed !== undefined}
        title={t('budget.confirmTitle', { year: budget.fiscalYear })}
        confirmLabel={t('budget.assessButton')}
        pending={submission.pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => submission.submit(date ? { assessedOn: date } : {})}
        problem={<ProblemAlert problem={submission.problem} />}
      >
        <Text>
          {t('budget.confirmText', {
            members: previewed?.assessments.length ?? 0,
            total: formatMoney(total, lang, budget.currency),
            date: previewed ? formatDate(previewed.assessedOn, lang) : '',
          })}
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}

function Notices({ budget }: { budget: BudgetVersion }) {
  const { t } = useBudgetsText();
  const download = useMutation({
    mutationFn: (v: { member: string; lang: 'es' | 'en' }) =>
      budgetCommands.notice(v.member, budget.fiscalYear, v.lang),
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('budget.notices')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('budget.noticesIntro')}
      </Text>
      {download.error ? <ProblemAlert problem={problemView(download.error)} /> : null}
      <Group gap="xs">
        {budget.scale.map((s) => (
          <Group key={s.member} gap={4} data-notices={s.member}>
            <Button size="xs" variant="light" onClick={() => download.mutate({ member: s.member, lang: 'es' })}>
              {t('budget.noticeEs', { member: s.member })}
            </Button>
            <Button size="xs" variant="light" onClick={() => download.mutate({ member: s.member, lang: 'en' })}>
              {t('budget.noticeEn', { member: s.member })}
            </Button>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}

function BudgetView({ budget }: { budget: BudgetVersion }) {
  const { t, lang } = useBudgetsText();
  const location = useLocation();
  const [done, setDone] = useState<string | null>(
    (location.state as { created?: boolean } | null)?.created ? t('form.created') : null,
  );
  return (
    <Stack>
      <PageHeader
        title={t('budget.title', { year: budget.fiscalYear })}
        subtitle={t('budget.approvedBy', {
          meeting: budget.approval.meeting,
          date: formatDate(budget.approval.date, lang),
          reference: budget.approval.reference,
        })}
      >
        <Anchor component={Link} to="/presupuestos">
          {t('budget.back')}
        </Anchor>
      </PageHeader>
      {done ? (
        <Alert color="green" role="status" data-done>
          {done}
        </Alert>
      ) : null}
      <Text fw={600}>
        {t('total')}: <Amount value={budget.total} currency={budget.currency} withCode /> · {t('version')}{' '}
        {budget.version}
      </Text>
      <Title order={2} size="h4">
        {t('budget.lines')}
      </Title>
      <Table withTableBorder verticalSpacing={4} data-table="lines">
        <Table.Thead>
          <HeadRow columns={[t('budget.code'), t('budget.name'), { label: t('budget.amount'), numeric: true }]} />
        </Table.Thead>
        <Table.Tbody>
          {budget.lines.map((l) => (
            <Table.Tr key={l.code}>
              <Table.Th scope="row">{l.code}</Table.Th>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ta="right">
                <Amount value={l.amount} currency={budget.currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        {t('budget.scale')}
      </Title>
      <Table withTableBorder verticalSpacing={4} data-table="scale">
        <Table.Thead>
          <HeadRow
            columns={[
              t('form.member'),
              { label: budget.scaleKind === 'share' ? t('budget.share') : t('budget.amount'), numeric: true },
              { label: t('budget.assessment'), numeric: true },
            ]}
          />
        </Table.Thead>
        <Table.Tbody>
          {budget.scale.map((s) => (
            <Table.Tr key={s.member} data-member={s.member}>
              <Table.Th scope="row">{s.member}</Table.Th>
              <Table.Td ta="right">
                {s.share !== undefined ? `${s.share} %` : <Amount value={s.amount ?? '0'} currency={budget.currency} />}
              </Table.Td>
              <Table.Td ta="right" data-amount>
                <Amount value={s.assessment} currency={budget.currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {budget.assessed ? (
        <>
          <Alert color="blue" data-assessed={budget.assessed.assessedOn}>
            {t('budget.assessedOn', { date: formatDate(budget.assessed.assessedOn, lang) })}
          </Alert>
          <Notices budget={budget} />
        </>
      ) : (
        <Assess budget={budget} onDone={() => setDone(t('budget.assessedDone'))} />
      )}
    </Stack>
  );
}

function BudgetScreen() {
  const { year = '' } = useParams();
  const budget = useQuery(budgetQueries.year(Number(year)));
  return <QueryState query={budget}>{(b) => <BudgetView budget={b.current} />}</QueryState>;
}

export default function BudgetPage() {
  const { t } = useBudgetsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('title')} message={t('noAccess')}>
      <BudgetScreen />
    </RoleGate>
  );
}
