import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { problemView, type Posting } from '../../forms';
import { initI18n } from '../../i18n';
import type { JournalEntry } from './api';
import { PostingDialog } from './ui';
import { testQueryClient, withProviders } from '../../testing/providers';

function withAccounts(node: ReactNode) {
  return withProviders(
    node,
    testQueryClient([
      [['accounts'], [
        { code: '1110', name: 'Banco' },
        { code: '4100', name: 'Donaciones' },
      ]],
    ]),
  );
}

const entry = {
  lines: [
    { line: 1, account: '1110', fund: 'G-1', side: 'debit', amountBase: '100.00' },
    { line: 2, account: '4100', fund: 'G-1', side: 'credit', amountBase: '100.00' },
  ],
} as unknown as JournalEntry;

function flowOf(over: Partial<Posting<{ amount: string }, { entry: JournalEntry }>> = {}) {
  const idle = { submit: vi.fn(), submitAsync: vi.fn(), pending: false, problem: null, fieldError: vi.fn(), result: undefined, reset: vi.fn() };
  return {
    confirming: true,
    preview: { ...idle, result: { entry } },
    submission: { ...idle },
    review: vi.fn(),
    cancel: vi.fn(),
    ...over,
  } as Posting<{ amount: string }, { entry: JournalEntry }>;
}

describe('<PostingDialog>: the confirmation of a posting under review', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('says what it does, shows the dry run’s entry, posts the values and cancels', () => {
    const flow = flowOf();
    render(
      withAccounts(
        <PostingDialog flow={flow} title="Registrar recibo" confirmLabel="Registrar" values={{ amount: '100' }} summary="Se recibe 100,00 USD" rules={{}} labels={{}} currency="USD" />,
      ),
    );
    const dialog = screen.getByRole('dialog', { name: 'Registrar recibo' });
    expect(dialog.textContent).toContain('Se recibe 100,00 USD');
    expect(dialog.querySelector('[data-preview]')?.textContent).toContain('1110 Banco');
    fireEvent.click(screen.getByRole('button', { name: 'Registrar' }));
    expect(flow.submission.submit).toHaveBeenCalledWith({ amount: '100' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancelar' }));
    expect(flow.cancel).toHaveBeenCalledTimes(1);
  });

  it('shows the refusal of the dry run, and is closed unless confirming', async () => {
    const refused = problemView(new ApiError(409, 'period_closed', 'closed'));
    const flow = flowOf({ preview: { ...flowOf().preview, result: undefined, problem: refused } });
    const { rerender } = render(
      withAccounts(<PostingDialog flow={flow} title="Registrar" confirmLabel="Sí" values={{ amount: '1' }} summary="x" rules={{}} labels={{}} currency="USD" />),
    );
    expect(screen.getByRole('alert').getAttribute('data-problem')).toBe('period_closed');
    expect(document.querySelector('[data-preview]')).toBeNull();
    rerender(withAccounts(<PostingDialog flow={{ ...flow, confirming: false }} title="Registrar" confirmLabel="Sí" values={{ amount: '1' }} summary="x" rules={{}} labels={{}} currency="USD" />));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
