import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column of a table's header: its title, and whether it holds numbers (aligned right). */
export type HeadColumn = ReactNode | { label: ReactNode; numeric: true };

const isNumeric = (c: HeadColumn): c is { label: ReactNode; numeric: true } =>
  typeof c === 'object' && c !== null && 'numeric' in c;

/** A table's header row: one column header (scope col) each; number columns aligned right. */
export function HeadRow({ columns }: { columns: readonly HeadColumn[] }) {
  return (
    <Table.Tr>
      {columns.map((c, i) =>
        isNumeric(c) ? (
          <Table.Th key={i} scope="col" ta="right">
            {c.label}
          </Table.Th>
        ) : (
          <Table.Th key={i} scope="col">
            {c}
          </Table.Th>
        ),
      )}
    </Table.Tr>
  );
}
