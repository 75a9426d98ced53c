import { Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { useAuditText } from './messages';
import { CursorPager, DateField, ScrollTable } from './ui';

/** One page of a list the API reads by cursor. */
export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface CursorPages {
  /** The cursor of the page shown (undefined: the first). */
  cursor: string | undefined;
  /** 1 for the first page. */
  page: number;
  first: () => void;
  previous: () => void;
  next: (cursor: string) => void;
}

/**
 * The cursors of the pages seen, for "previous" (the API gives the next one only); a change of
 * `key` (the filters, as the address writes them) starts again from the first page.
 */
export function useCursorPages(key: string): CursorPages {
  const [pages, setPages] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  const cursors = pages.key === key ? pages.cursors : [];
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    first: () => setPages({ key, cursors: [] }),
    previous: () => setPages({ key, cursors: cursors.slice(0, -1) }),
    next: (cursor) => setPages({ key, cursors: [...cursors, cursor] }),
  };
}

/**
 * A list read page by page: loading and failure as everywhere, a sentence when it is empty, else
 * the table in its scroll box (`head`: the header row; `children`: the table's bodies) and the pager.
 */
export function PagedTable<T>({
  query,
  pages,
  empty,
  label,
  name,
  minWidth,
  striped,
  head,
  summary,
  children,
}: {
  query: Pick<UseQueryResult<CursorPage<T>>, 'data' | 'error' | 'isPending' | 'refetch'>;
  pages: CursorPages;
  empty: string;
  label: string;
  name: string;
  minWidth: number;
  striped?: boolean;
  head: ReactNode;
  summary?: (items: T[]) => ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <QueryState query={query}>
      {(page) =>
        page.items.length === 0 ? (
          <Text c="dimmed">{empty}</Text>
        ) : (
          <Stack gap="sm">
            {summary?.(page.items)}
            <ScrollTable minWidth={minWidth} label={label}>
              <Table withTableBorder striped={striped} verticalSpacing={6} data-table={name}>
                <Table.Thead>{head}</Table.Thead>
                {children(page.items)}
              </Table>
            </ScrollTable>
            <CursorPager
              page={pages.page}
              hasNext={page.nextCursor !== null}
              onFirst={pages.first}
              onPrevious={pages.previous}
              onNext={() => page.nextCursor && pages.next(page.nextCursor)}
            />
          </Stack>
        )
      }
    </QueryState>
  );
}

/** "From" after "to": both given and out of order. */
export function rangeWrong(from: string | undefined, to: string | undefined): boolean {
  return Boolean(from && to && from > to);
}

/** The two dates of a period ("from", "to"), "to" marked when it comes before "from". */
export function DateRange({
  from,
  to,
  onChange,
  names = ['from', 'to'],
}: {
  from: string;
  to: string;
  onChange: (next: { from: string; to: string }) => void;
  names?: [string, string];
}) {
  const { t } = useAuditText();
  return (
    <>
      <DateField name={names[0]} label={t('from')} value={from} onChange={(v) => onChange({ from: v, to })} />
      <DateField
        name={names[1]}
        label={t('to')}
        value={to}
        onChange={(v) => onChange({ from, to: v })}
        error={rangeWrong(from, to) ? t('fromAfterTo') : null}
      />
    </>
  );
}

/**
 * The filters of a list, in a named box: the fields (`children`), "apply" (the form's submit) and
 * "clear filters".
 */
export function FilterBar({ onApply, onClear, children }: { onApply: () => void; onClear: () => void; children: ReactNode }) {
  const { t } = useAuditText();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('filters')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onApply();
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          {children}
          <Button type="submit">{t('apply')}</Button>
          <Button variant="subtle" onClick={onClear}>
            {t('clear')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
