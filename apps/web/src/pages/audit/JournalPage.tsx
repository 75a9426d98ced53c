import { Anchor, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Amount } from '../../components/Amount';
import { PageHeader } from '../../components/PageHeader';
import { formatShortDate } from '../../format/dates';
import { formatAmount } from '../../format/money';
import { auditQueries, type Account, type Fund, type JournalEntry, type PostingLine } from './api';
import { filtersOf, PAGE_SIZES, paramsOf, type JournalFilters } from './journal-filters';
import { useAuditText } from './messages';
import { AUDIT_PATHS, AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { DateRange, FilterBar, PagedTable, rangeWrong, useCursorPages } from './PagedTable';
import { Tag } from './ui';

/** The installation's base currency (GET /v1/policies): the journal's debit and credit columns are in it. */
export function useBaseCurrency(): string | undefined {
  return useQuery(auditQueries.policies()).data?.baseCurrency;
}

export function SourceTag({ source }: { source: string }) {
  const { t } = useAuditText();
  const label = t(`journal.sources.${source}`, { defaultValue: source });
  return (
    <Tag color="gray" data-source={source}>
      {label}
    </Tag>
  );
}

/** The posting's member, grant, budget line and bank account, those it has. */
export function Dimensions({ line }: { line: PostingLine }) {
  const { t } = useAuditText();
  const parts = (
    [
      ['common.member', line.member],
      ['entry.grant', line.grant],
      ['entry.budgetLine', line.budgetLine],
      ['entry.bankAccount', line.bankAccount],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (parts.length === 0) return <>—</>;
  return (
    <Text size="sm">
      {parts.map(([label, value], i) => (
        <span key={label}>
          {i > 0 ? ' · ' : ''}
          <Text span size="xs" c="dimmed">
            {t(label, label === 'common.member' ? { ns: 'translation' } : undefined)}
          </Text>{' '}
          {value}
        </span>
      ))}
    </Text>
  );
}

/** What a posting carries beyond account and fund: its original currency and its dimensions. */
export function PostingDetail({ line, baseCurrency }: { line: PostingLine; baseCurrency: string | undefined }) {
  const { t, lang } = useAuditText();
  const foreign = baseCurrency !== undefined && line.currency !== baseCurrency;
  return (
    <Stack gap={0}>
      {foreign ? (
        <Text size="sm">
          {t('journal.original', { amount: formatAmount(line.amount, lang, line.currency), currency: line.currency, rate: line.rate })}
        </Text>
      ) : null}
      <Dimensions line={line} />
    </Stack>
  );
}

export function accountLabel(accounts: Account[] | undefined, code: string, lang: 'es' | 'en'): string {
  const account = accounts?.find((a) => a.code === code);
  return account ? `${code} ${account.names[lang] ?? account.name}` : code;
}

function Filters({ value, onApply, accounts, funds }: { value: JournalFilters; onApply: (f: JournalFilters) => void; accounts?: Account[]; funds?: Fund[] }) {
  const { t, lang } = useAuditText();
  const [draft, setDraft] = useState(value);
  const memberWrong = Boolean(draft.member && !/^[A-Z]{3}$/.test(draft.member));

  return (
    <FilterBar
      onApply={() => {
        if (!rangeWrong(draft.from, draft.to) && !memberWrong) onApply(draft);
      }}
      onClear={() => onApply({ limit: value.limit })}
    >
      <DateRange from={draft.from ?? ''} to={draft.to ?? ''} onChange={({ from, to }) => setDraft({ ...draft, from: from || undefined, to: to || undefined })} />
      <NativeSelect
        label={t('journal.account')}
        name="account"
        w={260}
        value={draft.account ?? ''}
        onChange={(e) => setDraft({ ...draft, account: e.currentTarget.value || undefined })}
        data={[{ value: '', label: t('all') }, ...(accounts ?? []).map((a) => ({ value: a.code, label: `${a.code} ${a.names[lang] ?? a.name}` }))]}
      />
      <NativeSelect
        label={t('journal.fund')}
        name="fund"
        w={200}
        value={draft.fund ?? ''}
        onChange={(e) => setDraft({ ...draft, fund: e.currentTarget.value || undefined })}
        data={[{ value: '', label: t('all') }, ...(funds ?? []).map((f) => ({ value: f.code, label: `${f.code} ${f.name}` }))]}
      />
      <TextInput
        label={t('journal.member')}
        name="member"
        w={200}
        placeholder={t('journal.memberPlaceholder')}
        value={draft.member ?? ''}
        maxLength={3}
        onChange={(e) => setDraft({ ...draft, member: e.currentTarget.value.toUpperCase() || undefined })}
        error={memberWrong ? t('journal.memberPlaceholder') : undefined}
      />
      <NativeSelect
        label={t('journal.limit')}
        name="limit"
        w={150}
        value={String(draft.limit)}
        onChange={(e) => setDraft({ ...draft, limit: Number(e.currentTarget.value) })}
        data={PAGE_SIZES.map(String)}
      />
    </FilterBar>
  );
}

function EntryRows({ entry, accounts, baseCurrency }: { entry: JournalEntry; accounts?: Account[]; baseCurrency?: string }) {
  const { t, lang } = useAuditText();
  const location = useLocation();
  return (
    <Table.Tbody data-entry={entry.sequence} style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }}>
      <Table.Tr bg="var(--mantine-color-gray-0)">
        <Table.Th scope="rowgroup" style={{ whiteSpace: 'nowrap' }}>
          <Anchor
            component={Link}
            to={AUDIT_PATHS.entry(entry.id)}
            state={{ back: `${location.pathname}${location.search}` }}
            aria-label={t('journal.open', { sequence: entry.sequence })}
            fw={700}
          >
            {entry.sequence}
          </Anchor>
        </Table.Th>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatShortDate(entry.date, lang)}</Table.Td>
        <Table.Td colSpan={5}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {entry.description}
            </Text>
            <SourceTag source={entry.source} />
            {entry.reversedBy ? <Tag color="orange">{t('journal.reversedBy')}</Tag> : null}
            {entry.reverses ? <Tag color="orange">{t('journal.reverses')}</Tag> : null}
          </Group>
          <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {t('journal.hash')}: <span data-hash>{entry.hash}</span>
          </Text>
        </Table.Td>
      </Table.Tr>
      {entry.lines.map((line) => (
        <Table.Tr key={line.line} data-line={line.line}>
          <Table.Td />
          <Table.Td />
          <Table.Td style={{ paddingLeft: line.side === 'credit' ? '2rem' : undefined }}>{accountLabel(accounts, line.account, lang)}</Table.Td>
          <Table.Td>{line.fund}</Table.Td>
          <Table.Td className="num" data-column="debit">
            {line.side === 'debit' ? <Amount value={line.amountBase} currency={baseCurrency} /> : null}
          </Table.Td>
          <Table.Td className="num" data-column="credit">
            {line.side === 'credit' ? <Amount value={line.amountBase} currency={baseCurrency} /> : null}
          </Table.Td>
          <Table.Td>
            <PostingDetail line={line} baseCurrency={baseCurrency} />
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

function Journal() {
  const { t } = useAuditText();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const filterKey = paramsOf(filters).toString();
  // A change of filters starts again from the first page (or from the entry after `after`).
  const pages = useCursorPages(filterKey);
  const cursor = pages.cursor ?? filters.after;
  const { after: _after, ...query } = filters;
  const journal = useQuery({ ...auditQueries.journal({ ...query, ...(cursor ? { cursor } : {}) }), placeholderData: keepPreviousData });
  const accounts = useQuery(auditQueries.accounts()).data;
  const funds = useQuery(auditQueries.funds()).data;
  const baseCurrency = useBaseCurrency();

  return (
    <Stack gap="lg">
      <PageHeader title={t('journal.title')} subtitle={t('journal.intro')} />
      <Filters key={filterKey} value={filters} accounts={accounts} funds={funds} onApply={(f) => setParams(paramsOf({ ...f, after: undefined }))} />
      <PagedTable
        query={journal}
        pages={pages}
        empty={t('journal.none')}
        label={t('journal.title')}
        name="journal"
        minWidth={940}
        summary={(items) => (
          <Text size="sm" c="dimmed">
            {t('journal.shown', { first: items[0].sequence, last: items.at(-1)!.sequence })}
          </Text>
        )}
        head={
          <Table.Tr>
            <Table.Th scope="col">{t('journal.sequence')}</Table.Th>
            <Table.Th scope="col">{t('journal.date')}</Table.Th>
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
            <Table.Th scope="col">{t('journal.detail')}</Table.Th>
          </Table.Tr>
        }
      >
        {(items) => items.map((entry) => <EntryRows key={entry.id} entry={entry} accounts={accounts} baseCurrency={baseCurrency} />)}
      </PagedTable>
    </Stack>
  );
}

export default function JournalPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('journal.title')} message={t('noAccess')}>
      <Journal />
    </RoleGate>
  );
}
