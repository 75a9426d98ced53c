import { Checkbox, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../audit/ui';

/** One part of the bank page: a bordered section named by its heading. */
export function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** One side of the reconciliation: what is still unmatched, on the statement or in the ledger, one item each. */
export function UnmatchedSide<T>({
  title,
  id,
  side,
  items,
  none,
  children,
}: {
  title: string;
  id: string;
  /** The side's name for the page's tests and styles (`data-side`). */
  side: string;
  items: readonly T[];
  /** What is said when nothing is left unmatched. */
  none: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <Section title={title} id={id}>
      {items.length === 0 ? (
        <Text c="dimmed">{none}</Text>
      ) : (
        <Stack gap="xs" data-side={side}>
          {items.map(children)}
        </Stack>
      )}
    </Section>
  );
}

/** An unmatched item: a box to choose it, named by its date and words, its amount beside, and whatever else below. */
export function UnmatchedItem({
  checked,
  onToggle,
  label,
  amount,
  data,
  children,
}: {
  checked: boolean;
  onToggle: () => void;
  label: ReactNode;
  amount: ReactNode;
  /** The item's `data-*` attributes. */
  data: Readonly<Record<`data-${string}`, string>>;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="xs" {...data}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Checkbox checked={checked} onChange={onToggle} label={label} />
        <Text fw={600} style={{ whiteSpace: 'nowrap' }}>
          {amount}
        </Text>
      </Group>
      {children}
    </Paper>
  );
}

/** A titled list of the sign-off's records read from the API: a sentence when there is none, a table otherwise. */
export function SignOffTable<T>({
  title,
  query,
  none,
  table,
  head,
  children,
}: {
  title: string;
  query: Pick<UseQueryResult<readonly T[]>, 'data' | 'error' | 'isPending' | 'refetch'>;
  none: string;
  /** The table's name for the page's tests (`data-table`). */
  table: string;
  /** The header row. */
  head: ReactNode;
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <Title order={3} size="h5">
        {title}
      </Title>
      <QueryState query={query}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              {none}
            </Text>
          ) : (
            <ScrollTable minWidth={600} label={title}>
              <Table withTableBorder verticalSpacing={4} data-table={table}>
                <Table.Thead>{head}</Table.Thead>
                <Table.Tbody>{list.map(children)}</Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </>
  );
}
