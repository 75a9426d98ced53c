import { Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import type { GrantReport, GrantView } from '../../api/responses';
import { Amount } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { DownloadMenu } from '../../components/DownloadMenu';
import { Figure, FigureGrid } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatShortDate } from '../../format/dates';
import { useLang } from '../../i18n';
import { Tag } from '../../components/Tag';
import { useGrantsText } from '../funds/grant-messages';
import { useCanWrite } from '../funds/ui';

function BudgetLines({ report }: { report: GrantReport }) {
  const { t } = useLang();
  if (report.byBudgetLine.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder striped verticalSpacing={6}>
        <Table.Caption>{t('grants.byBudgetLine')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('grants.budgetLine')}</Table.Th>
            <Table.Th className="num">{t('figures.budget')}</Table.Th>
            <Table.Th className="num">{t('figures.spent')}</Table.Th>
            <Table.Th className="num">{t('figures.available')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.byBudgetLine.map((line) => (
            <Table.Tr key={line.code}>
              <Table.Td>
                {line.name ? (
                  <>
                    {line.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {line.code}
                    </Text>
                  </>
                ) : (
                  line.code
                )}
              </Table.Td>
              <Table.Td className="num">{line.budget ? <Amount value={line.budget} currency={report.currency} /> : '—'}</Table.Td>
              <Table.Td className="num">
                <Amount value={line.spent} currency={report.currency} />
              </Table.Td>
              <Table.Td className="num">{line.available ? <Amount value={line.available} currency={report.currency} /> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GrantCard({ grant, asOf, canWrite }: { grant: GrantView; asOf: string; canWrite: boolean }) {
  const { t, lang } = useLang();
  const { t: tg } = useGrantsText();
  const report = useQuery(queries.grantReport(grant.code, asOf));
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={`grant-${grant.code}`} data-grant={grant.code}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h3" id={`grant-${grant.code}`}>
              {grant.title}
            </Title>
            <Text size="sm" c="dimmed">
              {grant.code} · {t('grants.donor')}: {grant.donor} · {t('grants.signedOn')} {formatShortDate(grant.signedOn, lang)}
            </Text>
          </Stack>
          <Group gap="xs">
            <Tag color="indigo">
              {t(`grants.kind.${grant.kind}`)}
            </Tag>
            <Tag color={grant.status === 'active' ? 'teal' : 'gray'}>
              {t(`grants.statuses.${grant.status}`)}
            </Tag>
            <DownloadMenu
              formats={['pdf', 'xlsx']}
              baseName={`grant-${grant.code}-${asOf}`}
              fetchFile={(format, fileLang) =>
                api.GET('/v1/grants/{code}/report', { params: { path: { code: grant.code }, query: { asOf, format, lang: fileLang } }, parseAs: 'blob' })
              }
            />
            {canWrite && grant.status === 'active' ? (
              <Button
                component={Link}
                to={`/donaciones/${encodeURIComponent(grant.code)}/movimientos`}
                variant="light"
                aria-label={tg('recordFor', { title: grant.title })}
              >
                {tg('record')}
              </Button>
            ) : null}
          </Group>
        </Group>
        <Text size="sm">
          <b>{t('grants.purpose')}:</b> {grant.purpose} · <b>{t('grants.partner')}:</b> {grant.implementingPartner}
        </Text>
        {report.isPending ? <Skeleton h={90} /> : null}
        <QueryState query={report}>
          {(r) => (
            <Stack gap="md">
              <FigureGrid>
                <Figure id={`${grant.code}-pledged`} label={t('figures.pledged')}>
                  <Amount value={r.pledged} currency={r.currency} withCode />
                </Figure>
                <Figure id={`${grant.code}-received`} label={t('figures.received')}>
                  <Amount value={r.received} currency={r.currency} withCode />
                </Figure>
                <Figure id={`${grant.code}-spent`} label={t('figures.spent')}>
                  <Amount value={r.spent} currency={r.currency} withCode />
                </Figure>
                <Figure id={`${grant.code}-available`} label={t('figures.available')}>
                  <Amount value={r.available} currency={r.currency} withCode />
                </Figure>
              </FigureGrid>
              <BudgetLines report={r} />
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}

export default function GrantsPage() {
  const { t } = useLang();
  const { t: tg } = useGrantsText();
  const canWrite = useCanWrite();
  const [asOf, setAsOf] = useAsOf();
  const grants = useQuery(queries.grants());
  return (
    <Stack gap="xl">
      <PageHeader title={t('grants.title')} subtitle={<AsOfDate date={asOf} />}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        {canWrite ? (
          <>
            <Button component={Link} to="/donaciones/donantes" variant="default">
              {tg('donors')}
            </Button>
            <Button component={Link} to="/donaciones/nueva">
              {tg('newGrant')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      <QueryState query={grants}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('grants.none')}</Text>
          ) : (
            <Stack gap="lg">
              {list.map((g) => (
                <GrantCard key={g.code} grant={g} asOf={asOf} canWrite={canWrite} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
