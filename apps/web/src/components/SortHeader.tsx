import { Table, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type SortDirection = 'ascending' | 'descending';

/** A column header that sorts its table; states the order to assistive technology (aria-sort). */
export function SortHeader({
  label,
  active,
  direction,
  onSort,
  numeric = false,
}: {
  label: string;
  active: boolean;
  direction: SortDirection;
  onSort: () => void;
  numeric?: boolean;
}) {
  const { t } = useTranslation();
  const arrow = active ? (direction === 'ascending' ? ' ▲' : ' ▼') : '';
  return (
    <Table.Th aria-sort={active ? direction : 'none'} className={numeric ? 'num' : undefined}>
      <UnstyledButton onClick={onSort} fw={700} fz="sm" title={t('status.sortBy', { column: label })}>
        {label}
        <span aria-hidden>{arrow}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
