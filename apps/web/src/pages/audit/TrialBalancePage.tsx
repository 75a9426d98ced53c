import { Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useSetSearchParams } from '../../app/search-params';
import { Amount } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { auditQueries, type Account, type TrialBalance } from './api';
import { useAuditText } from './messages';
import { AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { ResultTag, ScrollTable } from './ui';

function Balances({ report, accounts }: { report: TrialBalance; accounts?: Account[] }) {
  const { t, lang } = useAuditText();
  const name = (code: string): string => {
    const a = accounts?.find((x) => x.code === code);
    return a ? (a.names[lang] ?? a.name) : '';
  };
  if (report.rows.length === 0) return <Text c="dimmed">{t('trialBalance.none')}</Text>;
  return (
    <Stack gap="xl">
      <Group gap="sm">
        <ResultTag ok={report.balanced}>{report.balanced ? t('trialBalance.balanced') : t('trialBalance.unbalanced')}</ResultTag>
        <Text size="sm" c="dimmed">
          <AsOfDate date={report.asOf} /> · {report.currency}
        </Text>
      </Group>
      <ScrollTable minWidth={720} label={t('trialBalance.title')}>
        <Table striped highlightOnHover withTableBorder verticalSpacing={6} data-table="trial-balance">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('trialBalance.account')}</Table.Th>
              <Table.Th scope="col">{t('trialBalance.fund')}</Table.Th>
              <Table.Th scope="col" className="num">
                {t('trialBalance.debit')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('trialBalance.credit')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((r) => (
              <Table.Tr key={`${r.account}-${r.fund}`} data-account={r.account} data-fund={r.fund}>
                <Table.Td>
                  <Text span fw={600} size="sm">
                    {r.account}
                  </Text>{' '}
                  <Text span size="sm">
                    {name(r.account)}
                  </Text>
                </Table.Td>
                <Table.Td>{r.fund}</Table.Td>
                <Table.Td className="num" data-column="debit">
                  <Amount value={r.debit} currency={report.currency} />
                </Table.Td>
                <Table.Td className="num" data-column="credit">
                  <Amount value={r.credit} currency={report.currency} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Th scope="row" colSpan={2}>
                {t('total')}
              </Table.Th>
              <Table.Td className="num" data-total="debit">
                <Amount value={report.totals.debit} currency={report.currency} />
              </Table.Td>
              <Table.Td className="num" data-total="credit">
                <Amount value={report.totals.credit} currency={report.currency} />
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>

      <Stack gap="sm" component="section" aria-labelledby="by-fund-title">
        <Title order={2} size="h3" id="by-fund-title">
          {t('trialBalance.byFund')}
        </Title>
        <ScrollTable minWidth={560} label={t('trialBalance.byFund')}>
          <Table withTableBorder verticalSpacing={6} maw={820} data-table="trial-balance-funds">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('trialBalance.fund')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('trialBalance.debit')}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('trialBalance.credit')}
                </Table.Th>
                <Table.Th scope="col">{t('checks.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.funds.map((f) => (
                <Table.Tr key={f.fund} data-fund={f.fund}>
                  <Table.Th scope="row" fw={600}>
                    {f.fund}
                  </Table.Th>
                  <Table.Td className="num">
                    <Amount value={f.debit} currency={report.currency} />
                  </Table.Td>
                  <Table.Td className="num">
                    <Amount value={f.credit} currency={report.currency} />
                  </Table.Td>
                  <Table.Td>
                    <ResultTag ok={f.balanced}>{f.balanced ? t('trialBalance.balanced') : t('trialBalance.unbalanced')}</ResultTag>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Stack>
    </Stack>
  );
}

function TrialBalanceView() {
  const { t } = useAuditText();
  const [asOf, setAsOf] = useAsOf();
  const [params] = useSearchParams();
  const setParams = useSetSearchParams();
  const fund = params.get('fund') ?? undefined;
  const funds = useQuery(auditQueries.funds()).data;
  const accounts = useQuery(auditQueries.accounts()).data;
  const report = useQuery(auditQueries.trialBalance(asOf, fund));

  return (
    <Stack gap="lg">
      <PageHeader title={t('trialBalance.title')} subtitle={t('trialBalance.intro')}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        <NativeSelect
          label={t('trialBalance.fund')}
          name="fund"
          w={220}
          value={fund ?? ''}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setParams({ fund: next || null }, { replace: true });
          }}
          data={[{ value: '', label: t('trialBalance.allFunds') }, ...(funds ?? []).map((f) => ({ value: f.code, label: `${f.code} ${f.name}` }))]}
        />
      </PageHeader>
      <QueryState query={report}>{(r) => <Balances report={r} accounts={accounts} />}</QueryState>
    </Stack>
  );
}

export default function TrialBalancePage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('trialBalance.title')} message={t('noAccess')}>
      <TrialBalanceView />
    </RoleGate>
  );
}
