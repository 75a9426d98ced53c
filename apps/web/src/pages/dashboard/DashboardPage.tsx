import { Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { queries } from '../../api/queries';
import { Amount, Rate } from '../../components/Amount';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { AmountFigure, Figure, FigureGrid } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../format/dates';
import { useLang } from '../../i18n';
import { ReserveFundFigures } from '../reserve-fund/ReserveFundFigures';

// Charts (recharts) are the heaviest code of the console: loaded after the figures, on their own.
const DashboardCharts = lazy(() => import('./DashboardCharts'));

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack component="section" gap="sm" aria-label={title}>
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function GrantsAvailable({ asOf }: { asOf: string }) {
  const { t } = useLang();
  const grants = useQuery(queries.grants());
  const reports = useQueries({ queries: (grants.data ?? []).map((g) => queries.grantReport(g.code, asOf)) });
  return (
    <QueryState query={grants}>
      {(list) =>
        list.length === 0 ? (
          <Text c="dimmed">{t('dashboard.noGrants')}</Text>
        ) : (
          <FigureGrid>
            {list.map((grant, i) => {
              const report = reports[i];
              return (
                <Figure key={grant.code} id={`grant-${grant.code}`} label={`${grant.code} — ${grant.title}`}>
                  {report?.data ? <Amount value={report.data.available} currency={report.data.currency} withCode /> : <Skeleton h={28} />}
                </Figure>
              );
            })}
          </FigureGrid>
        )
      }
    </QueryState>
  );
}

function CashByBankAccount({ asOf }: { asOf: string }) {
  const { t } = useLang();
  const accounts = useQuery(queries.bankAccounts());
  const active = (accounts.data ?? []).filter((a) => a.active);
  const balances = useQueries({ queries: active.map((a) => queries.bankReconciliation(a.code, asOf)) });
  return (
    <QueryState query={accounts}>
      {() =>
        active.length === 0 ? (
          <Text c="dimmed">{t('dashboard.noBankAccounts')}</Text>
        ) : (
          <FigureGrid>
            {active.map((account, i) => {
              const balance = balances[i];
              return (
                <Figure key={account.code} id={`cash-${account.code}`} label={`${account.name} (${account.code})`}>
                  {balance?.data ? (
                    <Amount value={balance.data.ledgerBalance} currency={balance.data.currency} withCode />
                  ) : (
                    <Skeleton h={28} />
                  )}
                </Figure>
              );
            })}
          </FigureGrid>
        )
      }
    </QueryState>
  );
}

export default function DashboardPage() {
  const { t, lang } = useLang();
  const [asOf, setAsOf] = useAsOf();
  const status = useQuery(queries.status(asOf, lang));
  const reserve = useQuery(queries.reserveFund(asOf));

  return (
    <Stack gap="xl">
      <PageHeader title={t('dashboard.title')} subtitle={t('common.asOfDate', { date: formatDate(asOf, lang) })}>
        <AsOfInput value={asOf} onChange={setAsOf} />
      </PageHeader>

      <Section title={t('dashboard.contributions')}>
        <QueryState query={status}>
          {(s) => (
            <FigureGrid>
              <AmountFigure id="assessed" label={t('figures.assessed')} value={s.totals.assessed} currency={s.currency} />
              <AmountFigure id="paid" label={t('figures.paid')} value={s.totals.paid} currency={s.currency} />
              <AmountFigure id="outstanding" label={t('figures.outstanding')} value={s.totals.outstanding} currency={s.currency} />
              <AmountFigure id="arrears" label={t('figures.arrears')} value={s.totals.arrears} currency={s.currency} />
              <Figure id="collection-rate" label={t('figures.collectionRate')}>
                <Rate value={s.totals.collectionRate} />
              </Figure>
              <AmountFigure id="advance" label={t('figures.advance')} value={s.totals.advance} currency={s.currency} />
            </FigureGrid>
          )}
        </QueryState>
      </Section>

      <Section title={t('dashboard.reserveFund')}>
        <QueryState query={reserve}>
          {(r) => (
            <ReserveFundFigures
              position={r}
              idPrefix="reserve"
              labels={{ balance: t('figures.reserveBalance'), committed: t('figures.reserveCommitted'), available: t('figures.reserveAvailable') }}
            />
          )}
        </QueryState>
      </Section>

      <Section title={t('dashboard.grants')}>
        <GrantsAvailable asOf={asOf} />
      </Section>

      <Section title={t('dashboard.cash')}>
        <CashByBankAccount asOf={asOf} />
      </Section>

      {status.data ? (
        <Suspense
          fallback={
            <Paper withBorder p="md" role="status">
              <Text c="dimmed">{t('dashboard.chartLoading')}</Text>
            </Paper>
          }
        >
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <DashboardCharts status={status.data} />
          </SimpleGrid>
        </Suspense>
      ) : null}
    </Stack>
  );
}
