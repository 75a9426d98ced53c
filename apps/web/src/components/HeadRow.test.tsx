import { MantineProvider, Table, VisuallyHidden } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadRow } from './HeadRow';

describe('<HeadRow>: a table’s header row', () => {
  afterEach(cleanup);

  it('one column header each, in order; number columns aligned right; any content as a title', () => {
    render(
      <MantineProvider>
        <Table>
          <Table.Thead>
            <HeadRow
              columns={[
                'Fecha',
                { label: 'Importe', numeric: true },
                <VisuallyHidden key="action">Revisar</VisuallyHidden>,
              ]}
            />
          </Table.Thead>
        </Table>
      </MantineProvider>,
    );
    const heads = screen.getAllByRole('columnheader');
    expect(heads.map((h) => h.textContent)).toEqual(['Fecha', 'Importe', 'Revisar']);
    expect(heads.every((h) => h.getAttribute('scope') === 'col')).toBe(true);
    expect(heads.map((h) => h.style.textAlign)).toEqual(['', 'right', '']);
  });
});
