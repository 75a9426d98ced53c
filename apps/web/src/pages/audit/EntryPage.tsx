import { Alert, Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Amount } from '../../components/Amount';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatShortDate, formatTimestamp } from '../../format/dates';
import { formatAmount } from '../../format/money';
import { auditQueries, type JournalEntry } from './api';
import { accountLabel, Dimensions, SourceTag, useBaseCurrency } from './JournalPage';
import { useAuditText } from './messages';
import { AUDIT_PATHS, AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { Hash, ScrollTable } from './ui';

/** A labelled fact of the entry (a description-list pair). */
function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" m={0} mt={2}>
        {children}
      </Text>
    </div>
  );
}

function LinkedEntry({ id }: { id: string }) {
  return (
    <Anchor component={Link} to={AUDIT_PATHS.entry(id)} ff="monospace" size="sm">
      {id}
    </Anchor>
  );
}

function EntryView({ entry }: { entry: JournalEntry }) {
  const { t, lang } = useAuditText();
  const baseCurrency = useBaseCurrency();
  const accounts = useQuery(auditQueries.accounts()).data;
  const metadata = Object.entries(entry.metadata);
  return (
    <Stack gap="xl">
      <Paper withBorder p="md" radius="md">
        <SimpleGrid component="dl" m={0} cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Fact label={t('journal.date')}>{formatShortDate(entry.date, lang)}</Fact>
          <Fact label={t('entry.fiscalYear')}>
            {entry.fiscalYear} · {t('entry.period')} {entry.period}
          </Fact>
          <Fact label={t('journal.source')}>
            <SourceTag source={entry.source} />
          </Fact>
          <Fact label={t('entry.postedAt')}>{formatTimestamp(entry.postedAt, lang)}</Fact>
          <Fact label={t('entry.id')}>
            <Text span ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
              {entry.id}
            </Text>
          </Fact>
          {entry.sourceId ? (
            <Fact label={t('entry.sourceId')}>
              <Text span ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
                {entry.sourceId}
              </Text>
            </Fact>
          ) : null}
          {entry.reverses ? (
            <Fact label={t('entry.reverses')}>
              <LinkedEntry id={entry.reverses} />
            </Fact>
          ) : null}
          {entry.reversedBy ? (
            <Fact label={t('entry.reversedBy')}>
              <LinkedEntry id={entry.reversedBy} />
            </Fact>
          ) : null}
        </SimpleGrid>
      </Paper>

      <Stack gap="sm" component="section" aria-labelledby="postings-title">
        <Title order={2} size="h3" id="postings-title">
          {t('entry.postings')}
        </Title>
        <ScrollTable minWidth={940} label={t('entry.postings')}>
          <Table striped withTableBorder verticalSpacing={6} data-table="postings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('entry.line')}</Table.Th>
                <Table.Th scope="col">{t('journal.account')}</Table.Th>
                <Table.Th scope="col">{t('journal.fund')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('journal.debit')}
                  {baseCurrency ? ` (${baseCurrency})` : ''}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('journal.credit')}
                  {baseCurrency ? ` (${baseCurrency})` : ''}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('entry.amount')}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('entry.rate')}
                </Table.Th>
                <Table.Th scope="col">{t('entry.dimensions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entry.lines.map((l) => (
                <Table.Tr key={l.line} data-line={l.line} data-side={l.side}>
                  <Table.Td>{l.line}</Table.Td>
                  <Table.Td>{accountLabel(accounts, l.account, lang)}</Table.Td>
                  <Table.Td>{l.fund}</Table.Td>
                  <Table.Td className="num" data-column="debit">
                    {l.side === 'debit' ? <Amount value={l.amountBase} currency={baseCurrency} /> : null}
                  </Table.Td>
                  <Table.Td className="num" data-column="credit">
                    {l.side === 'credit' ? <Amount value={l.amountBase} currency={baseCurrency} /> : null}
                  </Table.Td>
                  <Table.Td className="num" data-column="amount">
                    {formatAmount(l.amount, lang, l.currency)} {l.currency}
                  </Table.Td>
                  <Table.Td className="num" data-column="rate">
                    {l.rate}
                  </Table.Td>
                  <Table.Td>
                    <Dimensions line={l} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="chain-title">
        <Title order={2} size="h3" id="chain-title">
          {t('entry.chain')}
        </Title>
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm" component="dl" m={0}>
            <Fact label={t('journal.prevHash')}>
              <Hash value={entry.prevHash} label={t('journal.prevHash')} />
            </Fact>
            <Fact label={t('journal.hash')}>
              <Hash value={entry.hash} label={t('journal.hash')} />
            </Fact>
          </Stack>
        </Paper>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="metadata-title">
        <Title order={2} size="h3" id="metadata-title">
          {t('entry.metadata')}
        </Title>
        {metadata.length === 0 ? (
          <Text c="dimmed">{t('entry.noMetadata')}</Text>
        ) : (
          <Table withTableBorder maw={720} data-table="metadata">
            <Table.Tbody>
              {metadata.map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row" ff="monospace" fw={500}>
                    {key}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

function Entry() {
  const { t } = useAuditText();
  const { id = '' } = useParams();
  const location = useLocation();
  const back = (location.state as { back?: unknown } | null)?.back;
  const entry = useQuery(auditQueries.entry(id));
  const backLink = (
    <Anchor component={Link} to={typeof back === 'string' && back.startsWith('/') ? back : AUDIT_PATHS.journal}>
      ← {t('entry.back')}
    </Anchor>
  );
  if (entry.error instanceof ApiError && entry.error.status === 404) {
    return (
      <Stack>
        <PageHeader title={t('journal.title')} />
        <Alert color="yellow" role="alert">
          {t('entry.notFound')}
        </Alert>
        {backLink}
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      {backLink}
      <PageHeader title={entry.data ? t('entry.title', { sequence: entry.data.sequence }) : t('journal.title')} subtitle={entry.data?.description} />
      <QueryState query={entry}>{(e) => <EntryView entry={e} />}</QueryState>
    </Stack>
  );
}

export default function EntryPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('journal.title')} message={t('noAccess')}>
      <Entry />
    </RoleGate>
  );
}
