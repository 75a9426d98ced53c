import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Paper, Table, Text, Title } from '@mantine/core';
import type { StatusOfContributions } from '../../api/responses';
import { Amount } from '../../components/Amount';
import { toChartNumber } from '../../format/decimal';
import { useLang } from '../../i18n';
import { collectionByYear } from './collection';

/** Tick and tooltip labels: geometry only; the tables under the charts hold the exact figures. */
function axisFormatter(locale: string): (value: number) => string {
  const f = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return (value) => f.format(value);
}

function ChartFigure({ title, children, table }: { title: string; children: React.ReactNode; table: React.ReactNode }) {
  const { t } = useLang();
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0}>
      <Title order={2} size="h4" mb="sm" component="figcaption">
        {title}
      </Title>
      {children}
      <details style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
        <summary>
          <Text span size="sm">
            {t('dashboard.chartTable')}
          </Text>
        </summary>
        <Table.ScrollContainer minWidth={300}>{table}</Table.ScrollContainer>
      </details>
    </Paper>
  );
}

export default function DashboardCharts({ status }: { status: StatusOfContributions }) {
  const { t, lang } = useLang();
  const locale = lang === 'es' ? 'es-419' : 'en-US';
  const byMember = status.members.map((m) => ({
    member: m.member,
    paid: toChartNumber(m.paid),
    outstanding: toChartNumber(m.outstanding),
  }));
  const years = collectionByYear(status.members);
  const byYear = years.map((y) => ({
    fiscalYear: String(y.fiscalYear),
    assessed: toChartNumber(y.assessed),
    paid: toChartNumber(y.paid),
  }));
  const format = axisFormatter(locale);

  return (
    <>
      <ChartFigure
        title={t('dashboard.byMember')}
        table={
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.member')}</Table.Th>
                <Table.Th className="num">{t('figures.paid')}</Table.Th>
                <Table.Th className="num">{t('figures.outstanding')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.members.map((m) => (
                <Table.Tr key={m.member}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td className="num">
                    <Amount value={m.paid} currency={status.currency} />
                  </Table.Td>
                  <Table.Td className="num">
                    <Amount value={m.outstanding} currency={status.currency} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      >
        <BarChart
          h={300}
          data={byMember}
          dataKey="member"
          type="stacked"
          valueFormatter={format}
          withLegend
          series={[
            { name: 'paid', label: t('figures.paid'), color: 'teal.7' },
            { name: 'outstanding', label: t('figures.outstanding'), color: 'orange.6' },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        title={t('dashboard.byYear')}
        table={
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.fiscalYear')}</Table.Th>
                <Table.Th className="num">{t('figures.assessed')}</Table.Th>
                <Table.Th className="num">{t('figures.paid')}</Table.Th>
                <Table.Th className="num">{t('figures.outstanding')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {years.map((y) => (
                <Table.Tr key={y.fiscalYear}>
                  <Table.Td>{y.fiscalYear}</Table.Td>
                  <Table.Td className="num">
                    <Amount value={y.assessed} currency={status.currency} />
                  </Table.Td>
                  <Table.Td className="num">
                    <Amount value={y.paid} currency={status.currency} />
                  </Table.Td>
                  <Table.Td className="num">
                    <Amount value={y.outstanding} currency={status.currency} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      >
        <BarChart
          h={300}
          data={byYear}
          dataKey="fiscalYear"
          valueFormatter={format}
          withLegend
          series={[
            { name: 'assessed', label: t('figures.assessed'), color: 'indigo.6' },
            { name: 'paid', label: t('figures.paid'), color: 'teal.7' },
          ]}
        />
      </ChartFigure>
    </>
  );
}
