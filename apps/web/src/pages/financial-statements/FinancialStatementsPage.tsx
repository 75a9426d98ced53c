import { Alert, Group, NativeSelect, Stack, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import type { FinancialStatements, FiscalYear, StatementsLine } from '../../api/responses';
import { Amount } from '../../components/Amount';
import { DownloadMenu } from '../../components/DownloadMenu';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatPercent } from '../../format/money';
import { todayIso } from '../../format/dates';
import { useLang } from '../../i18n';
import { type Row, StatementTable } from './StatementTable';
import { Tag } from '../../components/Tag';

const lines = (items: StatementsLine[]): Row[] => items.map((l) => ({ key: l.code, label: l.label, amount: l.amount, prior: l.prior }));

/** The year shown first: the one asked for in the address, else the latest that has begun. */
export function defaultYear(years: FiscalYear[], asked: string | null, today = todayIso()): number | undefined {
  const wanted = Number(asked);
  if (years.some((y) => y.year === wanted)) return wanted;
  const begun = years.filter((y) => y.startsOn <= today);
  return (begun.at(-1) ?? years.at(-1))?.year;
}

function BudgetTable({ s }: { s: FinancialStatements }) {
  const { t, lang } = useLang();
  const b = s.budgetVsActual;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table withTableBorder striped verticalSpacing={6}>
        <Table.Caption>
          {b.title} · {s.fiscalYear}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('statements.line')}</Table.Th>
            <Table.Th className="num">{t('statements.budget')}</Table.Th>
            <Table.Th className="num">{t('statements.actual')}</Table.Th>
            <Table.Th className="num">{t('statements.variance')}</Table.Th>
            <Table.Th className="num">{t('statements.execution')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {b.lines.map((l) => (
            <Table.Tr key={l.code}>
              <Table.Td>
                {l.name}{' '}
                <Text span size="xs" c="dimmed">
                  {l.code}
                </Text>
              </Table.Td>
              <Table.Td className="num">
                <Amount value={l.budget} currency={s.currency} />
              </Table.Td>
              <Table.Td className="num">
                <Amount value={l.actual} currency={s.currency} />
              </Table.Td>
              <Table.Td className="num">
                <Amount value={l.variance} currency={s.currency} />
              </Table.Td>
              <Table.Td className="num">{formatPercent(l.executionPercent, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row">{t('common.total')}</Table.Th>
            <Table.Td className="num">
              <Amount value={b.totals.budget} currency={s.currency} />
            </Table.Td>
            <Table.Td className="num">
              <Amount value={b.totals.actual} currency={s.currency} />
            </Table.Td>
            <Table.Td className="num">
              <Amount value={b.totals.variance} currency={s.currency} />
            </Table.Td>
            <Table.Td className="num">{formatPercent(b.totals.executionPercent, lang)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function Statements({ s }: { s: FinancialStatements }) {
  const { t } = useLang();
  const p = s.financialPosition;
  const f = s.financialPerformance;
  const c = s.changesInNetAssets;
  const cash = s.cashFlow;
  const common = { currency: s.currency, year: s.fiscalYear, priorYear: s.priorFiscalYear, lineHeader: t('statements.line') };
  return (
    <Tabs defaultValue="position" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="position">{p.title}</Tabs.Tab>
        <Tabs.Tab value="performance">{f.title}</Tabs.Tab>
        <Tabs.Tab value="net-assets">{c.title}</Tabs.Tab>
        <Tabs.Tab value="cash-flow">{cash.title}</Tabs.Tab>
        <Tabs.Tab value="budget">{s.budgetVsActual.title}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="position" pt="md">
        <StatementTable
          {...common}
          caption={p.title}
          rows={[
            ...lines(p.assets),
            { key: 'assets', label: t('statements.assets'), amount: p.totals.assets, prior: p.totals.prior.assets, total: true },
            ...lines(p.liabilities),
            { key: 'liabilities', label: t('statements.liabilities'), amount: p.totals.liabilities, prior: p.totals.prior.liabilities, total: true },
            ...lines(p.netAssets),
            { key: 'net-assets', label: t('statements.netAssets'), amount: p.totals.netAssets, prior: p.totals.prior.netAssets, total: true },
          ]}
        />
      </Tabs.Panel>
      <Tabs.Panel value="performance" pt="md">
        <StatementTable
          {...common}
          caption={f.title}
          rows={[
            ...lines(f.revenue),
            { key: 'revenue', label: t('statements.revenue'), amount: f.totals.revenue, prior: f.totals.prior.revenue, total: true },
            ...lines(f.expenses),
            { key: 'expenses', label: t('statements.expenses'), amount: f.totals.expenses, prior: f.totals.prior.expenses, total: true },
            { key: 'surplus', label: t('statements.surplus'), amount: f.totals.surplus, prior: f.totals.prior.surplus, total: true },
          ]}
        />
      </Tabs.Panel>
      <Tabs.Panel value="net-assets" pt="md">
        <StatementTable
          {...common}
          caption={c.title}
          rows={[
            { key: 'opening', label: t('statements.opening'), amount: c.totals.opening, prior: c.totals.prior.opening },
            { key: 'surplus', label: t('statements.surplus'), amount: c.totals.surplus, prior: c.totals.prior.surplus },
            ...c.byKind.map((k) => ({ key: `closing-${k.kind}`, label: k.label, amount: k.closing, prior: k.prior.closing })),
            { key: 'closing', label: t('statements.closing'), amount: c.totals.closing, prior: c.totals.prior.closing, total: true },
          ]}
        />
      </Tabs.Panel>
      <Tabs.Panel value="cash-flow" pt="md">
        <StatementTable
          {...common}
          caption={cash.title}
          rows={[
            { key: 'opening-cash', label: t('statements.openingCash'), amount: cash.totals.openingCash, prior: cash.totals.prior.openingCash },
            ...lines(cash.lines),
            { key: 'net-flow', label: t('statements.netFlow'), amount: cash.totals.netFlow, prior: cash.totals.prior.netFlow, total: true },
            { key: 'closing-cash', label: t('statements.closingCash'), amount: cash.totals.closingCash, prior: cash.totals.prior.closingCash, total: true },
          ]}
        />
      </Tabs.Panel>
      <Tabs.Panel value="budget" pt="md">
        <BudgetTable s={s} />
      </Tabs.Panel>
    </Tabs>
  );
}

function ForYear({ year }: { year: number }) {
  const { t, lang } = useLang();
  const statements = useQuery(queries.financialStatements(year, lang));
  return (
    <QueryState query={statements}>
      {(s) => (
        <Stack gap="md">
          <Group gap="sm">
            <Tag color={s.period.status === 'closed' ? 'gray' : 'yellow'}>
              {s.period.status === 'closed' ? t('statements.periodClosed') : t('statements.periodOpen')}
            </Tag>
          </Group>
          <Statements s={s} />
        </Stack>
      )}
    </QueryState>
  );
}

export default function FinancialStatementsPage() {
  const { t } = useLang();
  const [params, setParams] = useSearchParams();
  const years = useQuery(queries.fiscalYears());
  const year = years.data ? defaultYear(years.data, params.get('ejercicio')) : undefined;

  return (
    <Stack gap="xl">
      <PageHeader title={t('statements.title')}>
        {years.data && year !== undefined ? (
          <>
            <NativeSelect
              label={t('statements.pick')}
              value={String(year)}
              data={years.data.map((y) => String(y.year)).reverse()}
              onChange={(event) => setParams({ ejercicio: event.currentTarget.value }, { replace: true })}
              w={150}
            />
            <DownloadMenu
              formats={['pdf', 'xlsx']}
              baseName={`financial-statements-${year}`}
              fetchFile={(format, fileLang) =>
                api.GET('/v1/reports/financial-statements', {
                  params: { query: { fiscalYear: String(year), format, lang: fileLang } },
                  parseAs: 'blob',
                })
              }
            />
          </>
        ) : null}
      </PageHeader>
      <QueryState query={years}>
        {(list) =>
          year === undefined || list.length === 0 ? (
            <Alert color="gray">{t('statements.noYears')}</Alert>
          ) : (
            <ForYear year={year} />
          )
        }
      </QueryState>
    </Stack>
  );
}
