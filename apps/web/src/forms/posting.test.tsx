import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { initI18n } from '../i18n';
import { problemView } from './problem';
import { ConfirmButton, ConfirmPosting, PreviewButton, PreviewProblem } from './PreviewedPosting';
import { usePosting } from './usePosting';
import { usePreviewedPosting } from './usePreviewedPosting';
import { withProviders } from '../testing/providers';

function wrapper({ children }: { children: ReactNode }) {
  return withProviders(children);
}

interface Body {
  amount: string;
}

describe('usePosting: review in a dry run, then confirm', () => {
  it('review opens the confirmation and sends a dry run; confirming posts with another key, closes and calls onDone', async () => {
    const sent: { key: string; preview: boolean }[] = [];
    const onDone = vi.fn();
    const { result } = renderHook(
      () =>
        usePosting(async (values: Body, key: string, preview: boolean) => {
          sent.push({ key, preview });
          return { amount: values.amount, preview };
        }, onDone),
      { wrapper },
    );
    expect(result.current.confirming).toBe(false);
    act(() => result.current.review({ amount: '10.00' }));
    expect(result.current.confirming).toBe(true);
    await waitFor(() => expect(result.current.preview.result).toEqual({ amount: '10.00', preview: true }));
    await act(() => result.current.submission.submitAsync({ amount: '10.00' }));
    expect(sent.map((s) => s.preview)).toEqual([true, false]);
    expect(sent[1].key).not.toBe(sent[0].key);
    expect(result.current.confirming).toBe(false);
    expect(onDone).toHaveBeenCalledWith({ amount: '10.00', preview: false });
  });

  it('cancel closes the confirmation; a refusal keeps it open', async () => {
    const { result } = renderHook(
      () =>
        usePosting(async (_values: Body, _key: string, preview: boolean) => {
          if (!preview) throw new ApiError(409, 'period_closed', 'closed');
          return 'ok';
        }, vi.fn()),
      { wrapper },
    );
    act(() => result.current.review({ amount: '1' }));
    await act(() => result.current.submission.submitAsync({ amount: '1' }));
    // The refusal reaches the hook's state on react-query's next notification, not with the promise.
    await waitFor(() => expect(result.current.submission.problem?.code).toBe('period_closed'));
    expect(result.current.confirming).toBe(true);
    act(() => result.current.cancel());
    expect(result.current.confirming).toBe(false);
  });
});

describe('usePreviewedPosting: a preview on the page that holds while the form says the same', () => {
  it('previews the body, goes stale when the body changes, posts the body under review and closes after onPosted', async () => {
    const keys: string[] = [];
    const onPosted = vi.fn();
    const commands = {
      preview: async (body: Body, key: string) => {
        keys.push(key);
        return { base: body.amount };
      },
      record: async (body: Body, key: string) => {
        keys.push(key);
        return { base: `posted ${body.amount}` };
      },
    };
    const { result, rerender } = renderHook(({ body }) => usePreviewedPosting(body, commands, onPosted), {
      wrapper,
      initialProps: { body: { amount: '10.00' } },
    });
    expect(result.current).toMatchObject({ previewed: undefined, stale: false, confirming: false });
    act(() => result.current.review({ amount: '10.00' }));
    await waitFor(() => expect(result.current.previewed).toEqual({ base: '10.00' }));
    rerender({ body: { amount: '11.00' } });
    expect(result.current).toMatchObject({ previewed: undefined, stale: true });
    rerender({ body: { amount: '10.00' } });
    expect(result.current).toMatchObject({ previewed: { base: '10.00' }, stale: false });
    act(() => result.current.confirm());
    expect(result.current.confirming).toBe(true);
    act(() => result.current.post());
    await waitFor(() => expect(onPosted).toHaveBeenCalledWith({ base: 'posted 10.00' }));
    await waitFor(() => expect(result.current.confirming).toBe(false));
    expect(keys[1]).not.toBe(keys[0]);
    act(() => result.current.resetPreview());
    await waitFor(() => expect(result.current).toMatchObject({ previewed: undefined, stale: false }));
  });

  it('the refusal of the preview is the problem until a posting is refused', async () => {
    const commands = {
      preview: async (): Promise<string> => {
        throw new ApiError(400, 'validation_failed', 'x', [{ field: 'amount', message: 'must be positive' }]);
      },
      record: async (): Promise<string> => {
        throw new ApiError(409, 'period_closed', 'closed');
      },
    };
    const { result } = renderHook(() => usePreviewedPosting({ amount: '0' }, commands, vi.fn()), { wrapper });
    act(() => result.current.review({ amount: '0' }));
    await waitFor(() => expect(result.current.problem?.code).toBe('validation_failed'));
    await act(() => result.current.submission.submitAsync({ amount: '0' }));
    await waitFor(() => expect(result.current.problem?.code).toBe('period_closed'));
  });
});

describe('the pieces of a previewed posting', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  const refusal = problemView(new ApiError(409, 'period_closed', 'closed'));

  it('PreviewButton submits the form, filled until the values are previewed', () => {
    const onSubmit = vi.fn((e: { preventDefault: () => void }) => e.preventDefault());
    const { rerender } = render(
      <form onSubmit={onSubmit}>
        <PreviewButton flow={{ previewed: undefined, previewPending: false }}>Vista previa</PreviewButton>
      </form>,
      { wrapper },
    );
    const button = screen.getByRole('button', { name: 'Vista previa' });
    expect(button.getAttribute('type')).toBe('submit');
    expect(button.getAttribute('data-variant')).toBe('filled');
    fireEvent.click(button);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    rerender(
      <form onSubmit={onSubmit}>
        <PreviewButton flow={{ previewed: { base: '1' }, previewPending: false }}>Vista previa</PreviewButton>
      </form>,
    );
    expect(screen.getByRole('button', { name: 'Vista previa' }).getAttribute('data-variant')).toBe('default');
  });

  it('PreviewProblem shows the refusal on the page only while no confirmation is open', () => {
    const { rerender } = render(<PreviewProblem flow={{ confirming: false, problem: refusal }} labels={{}} />, { wrapper });
    expect(screen.getByRole('alert').getAttribute('data-problem')).toBe('period_closed');
    rerender(<PreviewProblem flow={{ confirming: true, problem: refusal }} labels={{}} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('ConfirmButton opens the confirmation', () => {
    const confirm = vi.fn();
    render(<ConfirmButton flow={{ confirm }}>Registrar</ConfirmButton>, { wrapper });
    fireEvent.click(screen.getByRole('button', { name: 'Registrar' }));
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('ConfirmPosting is open while confirming a preview that holds; it posts, cancels and shows the posting’s refusal', async () => {
    const flow = { confirming: true, previewed: { base: '1' }, cancel: vi.fn(), post: vi.fn(), submission: { pending: false, problem: refusal } };
    const { rerender } = render(
      <ConfirmPosting flow={flow} title="¿Registrar?" confirmLabel="Sí, registrar" labels={{}}>
        <p>Se registrarán 10,00</p>
      </ConfirmPosting>,
      { wrapper },
    );
    const dialog = screen.getByRole('dialog', { name: '¿Registrar?' });
    expect(dialog.textContent).toContain('Se registrarán 10,00');
    expect(screen.getByRole('alert').getAttribute('data-problem')).toBe('period_closed');
    fireEvent.click(screen.getByRole('button', { name: 'Sí, registrar' }));
    expect(flow.post).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancelar' }));
    expect(flow.cancel).toHaveBeenCalledTimes(1);
    rerender(
      <ConfirmPosting flow={{ ...flow, previewed: undefined }} title="¿Registrar?" confirmLabel="Sí, registrar" labels={{}}>
        <p>Se registrarán 10,00</p>
      </ConfirmPosting>,
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
