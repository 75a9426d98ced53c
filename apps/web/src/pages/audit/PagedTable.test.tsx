import { MantineProvider, Table } from '@mantine/core';
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { i18n, initI18n } from '../../i18n';
import { DateRange, FilterBar, PagedTable, rangeWrong, useCursorPages, type CursorPage, type CursorPages } from './PagedTable';

const wrap = (node: ReactNode) => <MantineProvider>{node}</MantineProvider>;

function loaded<T>(data: CursorPage<T>) {
  return { data, error: null, isPending: false, refetch: vi.fn() } as const;
}

function pagesAt(page: number): CursorPages {
  return { cursor: page > 1 ? `c${page - 1}` : undefined, page, first: vi.fn(), previous: vi.fn(), next: vi.fn() };
}

function Rows({ query, pages }: { query: ReturnType<typeof loaded<string>>; pages: CursorPages }) {
  return (
    <PagedTable
      query={query}
      pages={pages}
      empty="Nada que mostrar"
      label="Lista"
      name="things"
      minWidth={600}
      head={
        <Table.Tr>
          <Table.Th scope="col">Cosa</Table.Th>
        </Table.Tr>
      }
      summary={(items) => <p data-summary>{items.length} cosas</p>}
    >
      {(items) => (
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i} data-thing={i}>
              <Table.Td>{i}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      )}
    </PagedTable>
  );
}

describe('a list read page by page, with its filters', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('useCursorPages keeps the cursors seen, goes back, and starts again when the filters change', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorPages(key), { initialProps: { key: 'from=2005-01-01' } });
    expect(result.current).toMatchObject({ cursor: undefined, page: 1 });
    act(() => result.current.next('c1'));
    act(() => result.current.next('c2'));
    expect(result.current).toMatchObject({ cursor: 'c2', page: 3 });
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ cursor: 'c1', page: 2 });
    act(() => result.current.first());
    expect(result.current).toMatchObject({ cursor: undefined, page: 1 });
    act(() => result.current.next('c1'));
    rerender({ key: 'from=2006-01-01' });
    expect(result.current).toMatchObject({ cursor: undefined, page: 1 });
  });

  it('PagedTable: the rows, the summary, the table named for the reader and the tests, the pager', () => {
    void i18n.changeLanguage('es');
    const pages = pagesAt(1);
    render(wrap(<Rows query={loaded({ items: ['a', 'b'], nextCursor: 'n1' })} pages={pages} />));
    expect(screen.getByRole('region', { name: 'Lista' }).querySelector('table[data-table="things"]')).not.toBeNull();
    expect([...document.querySelectorAll('[data-thing]')].map((r) => r.getAttribute('data-thing'))).toEqual(['a', 'b']);
    expect(screen.getByText('2 cosas')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Cosa' })).toBeTruthy();
    const pager = screen.getByRole('group', { name: i18n.t('pages', { ns: 'audit' }) });
    const [first, previous, next] = pager.querySelectorAll('button');
    expect(first.disabled).toBe(true);
    expect(previous.disabled).toBe(true);
    fireEvent.click(next);
    expect(pages.next).toHaveBeenCalledWith('n1');
  });

  it('PagedTable: on a later page, back and first page; no next page after the last', () => {
    const pages = pagesAt(3);
    render(wrap(<Rows query={loaded({ items: ['z'], nextCursor: null })} pages={pages} />));
    const [first, previous, next] = screen.getByRole('group').querySelectorAll('button');
    expect(next.disabled).toBe(true);
    expect(screen.getByRole('group').textContent).toContain(i18n.t('pageN', { ns: 'audit', n: 3 }));
    fireEvent.click(previous);
    fireEvent.click(first);
    expect(pages.previous).toHaveBeenCalledTimes(1);
    expect(pages.first).toHaveBeenCalledTimes(1);
  });

  it('PagedTable: an empty list is a sentence, without table or pager', () => {
    render(wrap(<Rows query={loaded({ items: [], nextCursor: null })} pages={pagesAt(1)} />));
    expect(screen.getByText('Nada que mostrar')).toBeTruthy();
    expect(document.querySelector('table')).toBeNull();
    expect(screen.queryByRole('group')).toBeNull();
  });

  it.each<[string | undefined, string | undefined, boolean]>([
    ['2005-01-01', '2005-12-31', false],
    ['2005-01-01', '2005-01-01', false],
    ['2005-12-31', '2005-01-01', true],
    ['2005-12-31', undefined, false],
    [undefined, '2005-01-01', false],
  ])('rangeWrong(%s, %s) = %s', (from, to, wrong) => {
    expect(rangeWrong(from, to)).toBe(wrong);
  });

  it('DateRange: both dates by name; "to" before "from" is marked; a change keeps the other date', () => {
    void i18n.changeLanguage('en');
    const onChange = vi.fn();
    const { rerender } = render(wrap(<DateRange names={['gl-from', 'gl-to']} from="2005-06-30" to="2005-01-01" onChange={onChange} />));
    expect(screen.getByText(i18n.t('fromAfterTo', { ns: 'audit' }))).toBeTruthy();
    const to = document.querySelector<HTMLInputElement>('input[name="gl-to"]')!;
    fireEvent.change(to, { target: { value: '2005-12-31' } });
    expect(onChange).toHaveBeenLastCalledWith({ from: '2005-06-30', to: '2005-12-31' });
    fireEvent.change(document.querySelector('input[name="gl-from"]')!, { target: { value: '2004-01-01' } });
    expect(onChange).toHaveBeenLastCalledWith({ from: '2004-01-01', to: '2005-01-01' });
    rerender(wrap(<DateRange from="2005-01-01" to="2005-06-30" onChange={onChange} />));
    expect(screen.queryByText(i18n.t('fromAfterTo', { ns: 'audit' }))).toBeNull();
    expect(document.querySelector('input[name="from"]')).not.toBeNull();
  });

  it('FilterBar: a named box; "apply" submits, "clear filters" clears', () => {
    void i18n.changeLanguage('es');
    const onApply = vi.fn();
    const onClear = vi.fn();
    render(
      wrap(
        <FilterBar onApply={onApply} onClear={onClear}>
          <input name="member" aria-label="Miembro" />
        </FilterBar>,
      ),
    );
    const box = screen.getByRole('region', { name: 'Filtros' });
    expect(box.querySelector('input[name="member"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Aplicar' }));
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(onClear).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Limpiar filtros' }));
    expect(onClear).toHaveBeenCalledTimes(1);
    expect(onApply).toHaveBeenCalledTimes(1);
  });
});
