import { MantineProvider, Table } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../i18n';
import { SignOffTable, UnmatchedItem, UnmatchedSide } from './ui';

const wrap = (node: ReactNode) => <MantineProvider>{node}</MantineProvider>;

interface Line {
  id: string;
  amount: string;
}

function Side({ items, onToggle = vi.fn() }: { items: Line[]; onToggle?: (id: string) => void }) {
  return (
    <UnmatchedSide title="Extracto sin conciliar (2)" id="lines" side="lines" items={items} none="No queda nada.">
      {(l) => (
        <UnmatchedItem
          key={l.id}
          data={{ 'data-line': l.id }}
          checked={l.id === 'a'}
          onToggle={() => onToggle(l.id)}
          label={`Línea ${l.id}`}
          amount={l.amount}
        >
          <span data-extra={l.id} />
        </UnmatchedItem>
      )}
    </UnmatchedSide>
  );
}

const loaded = <T,>(data: T) => ({ data, error: null, isPending: false, refetch: vi.fn() }) as const;

describe('the pieces of the bank page', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('UnmatchedSide: a named section, one item each with its box, amount and extras', () => {
    const onToggle = vi.fn();
    render(
      wrap(
        <Side
          items={[
            { id: 'a', amount: '10,00' },
            { id: 'b', amount: '20,00' },
          ]}
          onToggle={onToggle}
        />,
      ),
    );
    const section = screen.getByRole('region', { name: 'Extracto sin conciliar (2)' });
    expect(section.querySelectorAll('[data-side="lines"] [data-line]')).toHaveLength(2);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Línea a' }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Línea b' }).checked).toBe(false);
    expect(section.querySelector('[data-line="b"]')?.textContent).toContain('20,00');
    expect(section.querySelector('[data-line="b"] [data-extra="b"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Línea b' }));
    expect(onToggle).toHaveBeenCalledWith('b');
  });

  it('UnmatchedSide: a sentence when nothing is left', () => {
    render(wrap(<Side items={[]} />));
    expect(screen.getByText('No queda nada.')).toBeTruthy();
    expect(document.querySelector('[data-side]')).toBeNull();
  });

  it('SignOffTable: the title, then a table of the records, or a sentence when there is none', () => {
    const head = (
      <Table.Tr>
        <Table.Th scope="col">Fecha</Table.Th>
      </Table.Tr>
    );
    const row = (d: string) => (
      <Table.Tr key={d} data-sign-off={d}>
        <Table.Td>{d}</Table.Td>
      </Table.Tr>
    );
    const { rerender } = render(
      wrap(
        <SignOffTable
          title="Firmadas"
          query={loaded(['2026-01-31', '2026-02-28'])}
          none="Ninguna."
          table="sign-offs"
          head={head}
        >
          {row}
        </SignOffTable>,
      ),
    );
    expect(screen.getByRole('heading', { name: 'Firmadas' })).toBeTruthy();
    const region = screen.getByRole('region', { name: 'Firmadas' });
    expect(region.querySelectorAll('table[data-table="sign-offs"] tbody [data-sign-off]')).toHaveLength(2);
    expect(screen.getByRole('columnheader', { name: 'Fecha' })).toBeTruthy();
    rerender(
      wrap(
        <SignOffTable title="Firmadas" query={loaded<string[]>([])} none="Ninguna." table="sign-offs" head={head}>
          {row}
        </SignOffTable>,
      ),
    );
    expect(screen.getByText('Ninguna.')).toBeTruthy();
    expect(document.querySelector('table')).toBeNull();
  });
});
