import { Anchor, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import type { StatusOfContributions } from '../../api/responses';
import { Amount, Rate } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { DownloadMenu } from '../../components/DownloadMenu';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SortHeader, type SortDirection } from '../../components/SortHeader';
import { StandingBadge } from '../../components/StandingBadge';
import { formatShortDate } from '../../format/dates';
import { useLang } from '../../i18n';
import { sortMembers, type SortColumn } from './sorting';

const AMOUNT_COLUMNS = ['assessed', 'paid', 'outstanding', 'advance', 'arrears'] as const;

function MembersTable({ report, asOf }: { report: StatusOfContributions; asOf: string }) {
  const { t, lang } = useLang();
  const [sort, setSort] = useState<{ column: SortColumn; direction: SortDirection }>({ column: 'name', direction: 'ascending' });
  const members = sortMembers(report.members, sort.column, sort.direction, lang);
  const header = (column: SortColumn, label: string, numeric = true) => (
    <SortHeader
      key={column}
      label={label}
      numeric={numeric}
      active={sort.column === column}
      direction={sort.direction}
      onSort={() =>
        setSort((s) => ({
          column,
          direction: s.column === column && s.direction === 'ascending' ? 'descending' : 'ascending',
        }))
      }
    />
  );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder verticalSpacing="xs" data-table="status">
        <Table.Caption>
          <AsOfDate date={report.asOf} /> · {report.currency}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {header('name', t('common.member'), false)}
            {AMOUNT_COLUMNS.map((c) => header(c, t(`figures.${c}`)))}
            {header('collectionRate', t('figures.collectionRate'))}
            {header('standing', t('status.standing'), false)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.member} data-member={m.member}>
              <Table.Td>
                <Anchor component={Link} to={`/estado/${m.member}?asOf=${asOf}`} aria-label={t('status.open', { name: m.name })}>
                  {m.name}
                </Anchor>{' '}
                <Text span c="dimmed" size="xs">
                  {m.member}
                </Text>
              </Table.Td>
              {AMOUNT_COLUMNS.map((c) => (
                <Table.Td key={c} className="num" data-column={c}>
                  <Amount value={m[c]} currency={report.currency} />
                </Table.Td>
              ))}
              <Table.Td className="num">
                <Rate value={m.collectionRate} />
              </Table.Td>
              <Table.Td>
                <StandingBadge standing={m.standing} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row">{t('common.total')}</Table.Th>
            {AMOUNT_COLUMNS.map((c) => (
              <Table.Td key={c} className="num" data-total={c}>
                <Amount value={report.totals[c]} currency={report.currency} />
              </Table.Td>
            ))}
            <Table.Td className="num">
              <Rate value={report.totals.collectionRate} />
            </Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function YearsTable({ report }: { report: StatusOfContributions }) {
  const { t } = useLang();
  const years = [...new Set(report.members.flatMap((m) => m.years.map((y) => y.fiscalYear)))].sort((a, b) => a - b);
  if (years.length === 0) return <Text c="dimmed">{t('common.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={300 + years.length * 330}>
      <Table striped withTableBorder withColumnBorders verticalSpacing="xs" data-table="status-years">
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2} scope="col">
              {t('common.member')}
            </Table.Th>
            {years.map((y) => (
              <Table.Th key={y} colSpan={3} scope="colgroup" ta="center">
                {y}
              </Table.Th>
            ))}
          </Table.Tr>
          <Table.Tr>
            {years.map((y) =>
              (['assessed', 'paid', 'outstanding'] as const).map((c) => (
                <Table.Th key={`${y}-${c}`} className="num" scope="col">
                  {t(`figures.${c}`)}
                </Table.Th>
              )),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.members.map((m) => (
            <Table.Tr key={m.member}>
              <Table.Th scope="row" fw={500}>
                {m.name}
              </Table.Th>
              {years.map((y) => {
                const year = m.years.find((v) => v.fiscalYear === y);
                return (['assessed', 'paid', 'outstanding'] as const).map((c) => (
                  <Table.Td key={`${y}-${c}`} className="num">
                    {year ? <Amount value={year[c]} currency={report.currency} /> : '—'}
                  </Table.Td>
                ));
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function StatusPage() {
  const { t, lang } = useLang();
  const [asOf, setAsOf] = useAsOf();
  const status = useQuery(queries.status(asOf, lang));

  return (
    <Stack gap="xl">
      <PageHeader title={t('status.title')} subtitle={<AsOfDate date={asOf} />}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        <DownloadMenu
          formats={['pdf', 'xlsx', 'csv']}
          baseName={`status-of-contributions-${asOf}`}
          fetchFile={(format, fileLang) =>
            api.GET('/v1/reports/status-of-contributions', { params: { query: { asOf, format, lang: fileLang } }, parseAs: 'blob' })
          }
        />
      </PageHeader>
      <QueryState query={status}>
        {(report) => (
          <Stack gap="xl">
            <MembersTable report={report} asOf={asOf} />
            <Stack gap="sm" component="section" aria-labelledby="years-title">
              <Title order={2} size="h3" id="years-title">
                {t('status.years')}
              </Title>
              <YearsTable report={report} />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="honour-title">
              <Title order={2} size="h3" id="honour-title">
                {t('status.honourRoll')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('status.honourRollIntro', { days: report.honourRollDays })}
              </Text>
              {report.honourRoll.length === 0 ? (
                <Text c="dimmed">{t('common.none')}</Text>
              ) : (
                <List>
                  {report.honourRoll.map((h) => (
                    <List.Item key={`${h.member}-${h.fiscalYear}`}>
                      {report.members.find((m) => m.member === h.member)?.name ?? h.member} — {h.fiscalYear} (
                      {t('status.paidInFullOn')} {formatShortDate(h.paidInFullOn, lang)})
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
