import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { HeadRow } from '../../../components/HeadRow';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { SECRETARIAT } from '../../../app/pages';
import { Amount } from '../../../components/Amount';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDate } from '../../../format/dates';
import { RoleGate } from '../../audit/RoleGate';
import { budgetQueries } from './api';
import { useBudgetsText } from './messages';

function BudgetsList() {
  const { t, lang } = useBudgetsText();
  const budgets = useQuery(budgetQueries.list());
  return (
    <Stack>
      <PageHeader title={t('title')} subtitle={t('intro')}>
        <Button component={Link} to="/presupuestos/nuevo">
          {t('create')}
        </Button>
      </PageHeader>
      <QueryState query={budgets}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('none')}</Text>
          ) : (
            <Table withTableBorder striped verticalSpacing={6} data-table="budgets">
              <Table.Thead>
                <HeadRow
                  columns={[
                    t('fiscalYear'),
                    t('version'),
                    { label: t('total'), numeric: true },
                    t('approval'),
                    t('assessed'),
                  ]}
                />
              </Table.Thead>
              <Table.Tbody>
                {[...list]
                  .sort((a, b) => b.fiscalYear - a.fiscalYear)
                  .map((b) => (
                    <Table.Tr key={b.fiscalYear} data-year={b.fiscalYear}>
                      <Table.Th scope="row">
                        <Anchor
                          component={Link}
                          to={`/presupuestos/${b.fiscalYear}`}
                          aria-label={t('open', { year: b.fiscalYear })}
                        >
                          {b.fiscalYear}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{b.version}</Table.Td>
                      <Table.Td ta="right">
                        <Amount value={b.total} currency={b.currency} />
                      </Table.Td>
                      <Table.Td>
                        {b.approval.meeting} · {formatDate(b.approval.date, lang)}
                      </Table.Td>
                      <Table.Td>
                        {b.assessedVersion ? t('yes', { version: b.assessedVersion }) : t('notAssessed')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

export default function BudgetsPage() {
  const { t } = useBudgetsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('title')} message={t('noAccess')}>
      <BudgetsList />
    </RoleGate>
  );
}
