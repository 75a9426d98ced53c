import { Table } from '@mantine/core';
import { Amount } from '../../components/Amount';

export interface Row {
  key: string;
  label: string;
  amount: string;
  prior: string;
  /** A subtotal or total: bold, a header cell for its row. */
  total?: boolean;
}

/** One statement: its lines with the current and the prior year side by side. */
export function StatementTable({
  rows,
  currency,
  year,
  priorYear,
  caption,
  lineHeader,
}: {
  rows: Row[];
  currency: string;
  year: number;
  priorYear: number;
  caption: string;
  lineHeader: string;
}) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder verticalSpacing={6} striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{lineHeader}</Table.Th>
            <Table.Th scope="col" className="num">
              {year}
            </Table.Th>
            <Table.Th scope="col" className="num">
              {priorYear}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} fw={row.total ? 700 : undefined} data-row={row.key}>
              {row.total ? <Table.Th scope="row">{row.label}</Table.Th> : <Table.Td>{row.label}</Table.Td>}
              <Table.Td className="num">
                <Amount value={row.amount} currency={currency} />
              </Table.Td>
              <Table.Td className="num">
                <Amount value={row.prior} currency={currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
