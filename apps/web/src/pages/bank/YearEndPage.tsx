import { Alert, Anchor, Button, Group, List, NativeSelect, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSetSearchParams } from '../../app/search-params';
import { api, unwrap } from '../../api/client';
import { PAGES, SECRETARIAT, visibleTo } from '../../app/pages';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDate, todayIso } from '../../format/dates';
import { compareDecimals } from '../../format/decimal';
import { formatAmount } from '../../format/money';
import { ConfirmDialog, ProblemAlert, useSubmission } from '../../forms';
import { RoleGate } from '../audit/RoleGate';
import { ResultTag } from '../audit/ui';
import { bankCommands, bankQueries, type FiscalYearView } from './api';
import { useBankText } from './messages';

interface CheckItem {
  id: string;
  label: string;
  ok: boolean | undefined;
  detail?: string;
  link?: { to: string; label: string };
}

/** A link to a page of the console, only when the person's role may open it. */
function useLinkIfVisible(): (path: string, to: string, label: string) => CheckItem['link'] {
  const { user } = useSession();
  return (path, to, label) => {
    const page = PAGES.find((p) => p.path === path);
    return page && visibleTo(page, user?.role) ? { to, label } : undefined;
  };
}

function Checklist({ year, onClosed }: { year: FiscalYearView; onClosed: (message: string) => void }) {
  const { t, lang } = useBankText();
  const client = useQueryClient();
  const linkIf = useLinkIfVisible();
  const asOf = year.endsOn;
  const accounts = useQuery(bankQueries.accounts());
  const active = (accounts.data ?? []).filter((a) => a.active);
  const recs = useQueries({
    queries: active.map((a) => ({ ...bankQueries.reconciliation(a.code, asOf), staleTime: 0 })),
  });
  const checks = useQuery({
    queryKey: ['register-checks', asOf],
    queryFn: () => bankCommands.registerChecks(asOf),
    staleTime: 0,
  });
  const trial = useQuery({
    queryKey: ['trial-balance', asOf, ''],
    queryFn: () => unwrap(api.GET('/v1/reports/trial-balance', { params: { query: { asOf } } })),
    staleTime: 0,
  });
  const chain = useQuery({ queryKey: ['ledger-verification'], queryFn: () => unwrap(api.GET('/v1/ledger/verification')), staleTime: 0 });
  const [confirming, setConfirming] = useState(false);
  const close = useSubmission<{ year: number }, { closedOn: string; closingEntries: unknown[] }>((v) => bankCommands.closeYear(v.year), {
    onSuccess: async (r) => {
      setConfirming(false);
      onClosed(t('yearEnd.closed', { year: year.year, count: r.closingEntries.length, date: formatDate(r.closedOn, lang) }));
      await client.invalidateQueries();
    },
  });

  const items: CheckItem[] = [
    ...active.map((a, i) => {
      const r = recs[i]?.data;
      const detail = r
        ? [
            t('yearEnd.bankDetail', {
              difference: formatAmount(r.difference, lang, r.currency),
              lines: r.counts.unmatchedStatementLines,
              items: r.counts.unmatchedLedgerItems,
            }),
            ...r.gaps.map((g) => t('yearEnd.bankGaps', { after: formatDate(g.after, lang), before: formatDate(g.before, lang) })),
          ].join(' ')
        : undefined;
      return {
        id: `bank:${a.code}`,
        label: t('yearEnd.bankItem', { name: `${a.code} — ${a.name}` }),
        ok: r?.reconciled,
        detail,
        link: linkIf('banco', `/banco?cuenta=${encodeURIComponent(a.code)}&asOf=${asOf}`, t('yearEnd.openBank')),
      };
    }),
    {
      id: 'register-checks',
      label: t('yearEnd.checksItem'),
      ok: checks.data?.ok,
      detail: checks.data && !checks.data.ok ? t('yearEnd.checksFailing', { names: checks.data.checks.filter((c) => !c.ok).map((c) => c.name).join(', ') }) : undefined,
      link: linkIf('auditoria/controles', `/auditoria/controles?asOf=${asOf}`, t('yearEnd.openChecks')),
    },
    {
      id: 'trial-balance',
      label: t('yearEnd.trialItem'),
      ok: trial.data ? compareDecimals(trial.data.totals.debit, trial.data.totals.credit) === 0 : undefined,
      detail: trial.data
        ? t('yearEnd.trialDetail', { debit: formatAmount(trial.data.totals.debit, lang, trial.data.currency), credit: formatAmount(trial.data.totals.credit, lang, trial.data.currency) })
        : undefined,
      link: linkIf('auditoria/balance-de-comprobacion', `/auditoria/balance-de-comprobacion?asOf=${asOf}`, t('yearEnd.openTrial')),
    },
    {
      id: 'chain',
      label: t('yearEnd.chainItem'),
      ok: chain.data?.ok,
      detail: chain.data
        ? chain.data.ok
          ? t('yearEnd.chainDetail', { entries: chain.data.entries })
          : t('yearEnd.chainBroken', { sequence: chain.data.firstBrokenSequence ?? '?' })
        : undefined,
      link: linkIf('auditoria/verificacion', '/auditoria/verificacion', t('yearEnd.openChain')),
    },
  ];
  const loading = items.some((i) => i.ok === undefined);
  const ready = !loading && items.every((i) => i.ok === true);

  return (
    <Stack>
      <Text fw={600}>{t('yearEnd.checklist', { date: formatDate(asOf, lang) })}</Text>
      <List spacing="sm" listStyleType="none" data-checklist>
        {items.map((item) => (
          <List.Item key={item.id} data-check={item.id} data-ok={item.ok === undefined ? 'loading' : String(item.ok)}>
            <Paper withBorder p="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <ThemeIcon color={item.ok ? 'teal' : item.ok === false ? 'red' : 'gray'} size="sm" radius="xl" aria-hidden>
                    {item.ok ? '✓' : item.ok === false ? '!' : '…'}
                  </ThemeIcon>
                  <Text fw={600}>{item.label}</Text>
                </Group>
                <Group gap="xs">
                  {item.ok === undefined ? null : <ResultTag ok={item.ok}>{item.ok ? t('yearEnd.ready') : t('yearEnd.notReady')}</ResultTag>}
                  {item.link && item.ok === false ? (
                    <Anchor component={Link} to={item.link.to} size="sm">
                      {item.link.label}
                    </Anchor>
                  ) : null}
                </Group>
              </Group>
              {item.detail ? (
                <Text size="sm" c="dimmed" mt={4}>
                  {item.detail}
                </Text>
              ) : null}
            </Paper>
          </List.Item>
        ))}
      </List>
      {loading ? null : (
        <Alert color={ready ? 'teal' : 'orange'} data-ready={ready}>
          {ready ? t('yearEnd.allReady', { year: year.year }) : t('yearEnd.notAllReady', { year: year.year })}
        </Alert>
      )}
      <Group>
        <Button color="red" disabled={!ready} onClick={() => setConfirming(true)}>
          {t('yearEnd.close', { year: year.year })}
        </Button>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title={t('yearEnd.confirmTitle', { year: year.year })}
        confirmLabel={t('yearEnd.confirm', { year: year.year })}
        color="red"
        onConfirm={() => close.submit({ year: year.year })}
        onCancel={() => setConfirming(false)}
        pending={close.pending}
        problem={<ProblemAlert problem={close.problem} />}
      >
        <Text size="sm">{t('yearEnd.confirmText', { year: year.year, date: formatDate(year.endsOn, lang) })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function YearEnd() {
  const { t } = useBankText();
  const years = useQuery(bankQueries.fiscalYears());
  const [params] = useSearchParams();
  const setParams = useSetSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const today = todayIso();
  return (
    <Stack gap="lg">
      <PageHeader title={t('yearEnd.title')} subtitle={t('yearEnd.intro')} />
      {done ? (
        <Alert color="teal" role="status" data-closed>
          {done}
        </Alert>
      ) : null}
      <QueryState query={years}>
        {(list) => {
          const open = list.filter((y) => y.status === 'open' && y.endsOn < today);
          const closed = list.filter((y) => y.status === 'closed').map((y) => y.year);
          const wanted = Number(params.get('ejercicio'));
          const year = open.find((y) => y.year === wanted) ?? open[0];
          return (
            <Stack>
              {closed.length > 0 ? (
                <Text size="sm" c="dimmed">
                  {t('yearEnd.closedYears', { years: closed.join(', ') })}
                </Text>
              ) : null}
              {year === undefined ? (
                <Text c="dimmed">{t('yearEnd.noYears')}</Text>
              ) : (
                <>
                  <NativeSelect
                    label={t('yearEnd.year')}
                    w={200}
                    value={String(year.year)}
                    onChange={(e) => {
                      const next = e.currentTarget.value;
                      setParams({ ejercicio: next });
                    }}
                    data={open.map((y) => String(y.year))}
                  />
                  <Checklist year={year} key={year.year} onClosed={setDone} />
                </>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

export default function YearEndPage() {
  const { t } = useBankText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('yearEnd.title')} message={t('bank.readOnly')}>
      <YearEnd />
    </RoleGate>
  );
}
