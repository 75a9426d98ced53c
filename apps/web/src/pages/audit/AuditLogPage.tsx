import { Alert, Button, Code, NativeSelect, Stack, Table, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatTimestamp, isIsoDate } from '../../format/dates';
import { auditQueries, type AuditLogEntry, type AuditLogQuery } from './api';
import { useAuditText } from './messages';
import { AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { DateRange, FilterBar, PagedTable, rangeWrong, useCursorPages } from './PagedTable';
import { Tag } from './ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMITS = [50, 100, 200, 500] as const;
const DEFAULT_LIMIT = 100;
const OUTCOME_COLOR: Record<AuditLogEntry['outcome'], string> = { success: 'teal', failure: 'red', rejected: 'orange' };

type LogFilters = Omit<AuditLogQuery, 'cursor'> & { limit: number };

/** The filters of the address (?from=&to=&actor=&action=&limit=); values the API would refuse are left out. */
export function logFiltersOf(params: URLSearchParams): LogFilters {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const actor = params.get('actor') ?? '';
  const action = (params.get('action') ?? '').trim();
  const limit = Number(params.get('limit'));
  return {
    from: isIsoDate(from) ? from : undefined,
    to: isIsoDate(to) && !(isIsoDate(from) && from > to) ? to : undefined,
    actor: UUID.test(actor) ? actor : undefined,
    action: action && action.length <= 200 ? action : undefined,
    limit: (LIMITS as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

export function logParamsOf(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'actor', 'action'] as const) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  if (filters.limit !== DEFAULT_LIMIT) params.set('limit', String(filters.limit));
  return params;
}

function Filters({ value, onApply }: { value: LogFilters; onApply: (f: LogFilters) => void }) {
  const { t } = useAuditText();
  const [draft, setDraft] = useState(value);
  const actorWrong = Boolean(draft.actor && !UUID.test(draft.actor));
  return (
    <FilterBar
      onApply={() => {
        if (!rangeWrong(draft.from, draft.to) && !actorWrong) onApply({ ...draft, action: draft.action?.trim() || undefined });
      }}
      onClear={() => onApply({ limit: value.limit })}
    >
      <DateRange from={draft.from ?? ''} to={draft.to ?? ''} onChange={({ from, to }) => setDraft({ ...draft, from: from || undefined, to: to || undefined })} />
      <TextInput
        label={t('log.actor')}
        name="actor"
        w={330}
        placeholder={t('log.actorPlaceholder')}
        value={draft.actor ?? ''}
        onChange={(e) => setDraft({ ...draft, actor: e.currentTarget.value.trim() || undefined })}
        error={actorWrong ? t('log.badActor') : undefined}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      <TextInput
        label={t('log.action')}
        name="action"
        w={260}
        placeholder={t('log.actionPlaceholder')}
        value={draft.action ?? ''}
        maxLength={200}
        onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value || undefined })}
      />
      <NativeSelect
        label={t('perPage')}
        name="limit"
        w={120}
        value={String(draft.limit)}
        onChange={(e) => setDraft({ ...draft, limit: Number(e.currentTarget.value) })}
        data={LIMITS.map(String)}
      />
    </FilterBar>
  );
}

function LogRow({ entry, onActor }: { entry: AuditLogEntry; onActor: (id: string) => void }) {
  const { t, lang } = useAuditText();
  const [open, setOpen] = useState(false);
  const panel = `log-detail-${entry.id}`;
  const hasDetail = entry.detail !== null && Object.keys(entry.detail).length > 0;
  return (
    <Fragment>
      <Table.Tr data-log={entry.id} data-action={entry.action}>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTimestamp(entry.occurredAt, lang)}</Table.Td>
        <Table.Td miw={150}>
          {entry.actor ? (
            <UnstyledButton
              onClick={() => onActor(entry.actor!.id)}
              aria-label={t('log.filterActor', { name: entry.actor.name })}
              style={{ textDecoration: 'underline dotted', overflowWrap: 'anywhere' }}
            >
              <Text span size="sm" fw={600}>
                {entry.actor.name}
              </Text>
            </UnstyledButton>
          ) : (
            <Text span size="sm" c="dimmed">
              {t('log.system')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {[entry.actor ? t(`log.kinds.${entry.actor.kind}`) : null, entry.actorRole ? t(`user.roles.${entry.actorRole}`, { ns: 'translation', defaultValue: entry.actorRole }) : null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Table.Td>
        <Table.Td>
          <Code fz="xs" style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}>
            {entry.action}
          </Code>
        </Table.Td>
        <Table.Td miw={230} style={{ wordBreak: 'break-all' }}>
          <Text span size="xs" ff="monospace">
            {entry.target ?? '—'}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Tag color={OUTCOME_COLOR[entry.outcome] ?? 'gray'}>{t(`log.outcomes.${entry.outcome}`, { defaultValue: entry.outcome })}</Tag>{' '}
          <Text span size="sm" data-status>
            {entry.statusCode}
          </Text>
        </Table.Td>
        <Table.Td>
          {hasDetail ? (
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls={panel}>
              {t('log.showDetail')}
            </Button>
          ) : null}
        </Table.Td>
      </Table.Tr>
      {hasDetail ? (
        <Table.Tr id={panel} hidden={!open}>
          <Table.Td colSpan={6}>
            <Stack gap={4}>
              {entry.requestId ? (
                <Text size="xs" c="dimmed">
                  {t('log.requestId')}: <span style={{ fontFamily: 'monospace' }}>{entry.requestId}</span>
                </Text>
              ) : null}
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {JSON.stringify(entry.detail, null, 2)}
              </Code>
            </Stack>
          </Table.Td>
        </Table.Tr>
      ) : null}
    </Fragment>
  );
}

function AuditLogView() {
  const { t } = useAuditText();
  const [params, setParams] = useSearchParams();
  const filters = logFiltersOf(params);
  const filterKey = logParamsOf(filters).toString();
  const pages = useCursorPages(filterKey);
  const cursor = pages.cursor;
  const log = useQuery({ ...auditQueries.auditLog({ ...filters, ...(cursor ? { cursor } : {}) }), placeholderData: keepPreviousData });
  const apply = (f: LogFilters): void => setParams(logParamsOf(f));

  if (log.error instanceof ApiError && log.error.status === 404) {
    return (
      <Stack gap="lg">
        <PageHeader title={t('log.title')} />
        <Alert color="yellow" role="alert">
          {t('log.unavailable')}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <PageHeader title={t('log.title')} subtitle={t('log.intro')} />
      <Filters key={filterKey} value={filters} onApply={apply} />
      <PagedTable
        query={log}
        pages={pages}
        empty={t('log.none')}
        label={t('log.title')}
        name="audit-log"
        minWidth={940}
        striped
        head={
          <Table.Tr>
            <Table.Th scope="col">{t('log.occurredAt')}</Table.Th>
            <Table.Th scope="col">{t('log.who')}</Table.Th>
            <Table.Th scope="col">{t('log.actionColumn')}</Table.Th>
            <Table.Th scope="col">{t('log.target')}</Table.Th>
            <Table.Th scope="col">{t('log.outcome')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('log.detail')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        }
      >
        {(items) => (
          <Table.Tbody>
            {items.map((entry) => (
              <LogRow key={entry.id} entry={entry} onActor={(actor) => apply({ ...filters, actor })} />
            ))}
          </Table.Tbody>
        )}
      </PagedTable>
    </Stack>
  );
}

export default function AuditLogPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('log.title')} message={t('noAccess')}>
      <AuditLogView />
    </RoleGate>
  );
}
