import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { i18n, initI18n } from '../i18n';
import { fieldProblem, newIdempotencyKey, problemView } from './problem';
import { ProblemAlert } from './ProblemAlert';
import { useSubmission } from './useSubmission';
import { withProviders } from '../testing/providers';

function wrapper({ children }: { children: ReactNode }) {
  return withProviders(children);
}

const refusal = new ApiError(
  422,
  'business_rule_violated',
  'approving 9000.00 exceeds the available balance 5000.00',
  [],
  { rule: 'reserve.available-balance', requested: '9000.00', available: '5000.00', requestId: 'req-1' },
);

describe('problemView: a refusal of the API, ready to be put in words', () => {
  it.each<[string, unknown, Partial<ReturnType<typeof problemView>>]>([
    ['a business rule with its figures', refusal, { status: 422, code: 'business_rule_violated', rule: 'reserve.available-balance', facts: { requested: '9000.00', available: '5000.00' }, requestId: 'req-1' }],
    ['a validation failure with fields', new ApiError(400, 'validation_failed', 'amount: bad', [{ field: 'amount', message: 'must be positive' }]), { code: 'validation_failed', errors: [{ field: 'amount', message: 'must be positive' }], facts: {} }],
    ['a code the console does not know', new ApiError(418, 'teapot', 'short and stout'), { code: 'unknown', detail: 'short and stout' }],
    ['no answer at all', new ApiError(0, 'network', 'Failed to fetch'), { status: 0, code: 'network' }],
    ['something that is not an ApiError', new Error('boom'), { status: 0, code: 'unknown', detail: 'boom' }],
    ['a thrown value that is not an Error', 'boom', { status: 0, code: 'unknown', detail: undefined }],
  ])('%s', (_name, error, expected) => {
    expect(problemView(error)).toMatchObject(expected as object);
  });

  it('is null when there is no error', () => {
    expect(problemView(null)).toBeNull();
    expect(problemView(undefined)).toBeNull();
  });

  it.each([
    ['amount', 'amount'],
    ['lines', 'lines.2.amount'],
    ['lines', 'lines[2].amount'],
  ])('fieldProblem(%s) finds the refusal of %s', (field, refused) => {
    const problem = problemView(new ApiError(400, 'validation_failed', 'x', [{ field: refused, message: 'm' }]));
    expect(fieldProblem(problem, field)?.field).toBe(refused);
  });

  it('fieldProblem does not take a field for another that merely starts alike', () => {
    const problem = problemView(new ApiError(400, 'validation_failed', 'x', [{ field: 'amountBase', message: 'm' }]));
    expect(fieldProblem(problem, 'amount')).toBeUndefined();
  });
});

describe('newIdempotencyKey', () => {
  it('is a UUID v4 made of the generator’s bytes', () => {
    const key = newIdempotencyKey((b) => b.fill(0xff));
    expect(key).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs from one call to the next', () => {
    expect(new Set(Array.from({ length: 50 }, () => newIdempotencyKey())).size).toBe(50);
  });
});

describe('useSubmission: one key per submission, one send at a time', () => {
  it('a double click sends once', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const { result } = renderHook(
      () =>
        useSubmission(async (_values: { amount: string }, key: string) => {
          sent.push(key);
          await new Promise<void>((resolve) => (release = resolve));
          return 'ok';
        }),
      { wrapper },
    );
    act(() => {
      result.current.submit({ amount: '10.00' });
      result.current.submit({ amount: '10.00' });
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    act(() => result.current.submit({ amount: '10.00' }));
    release();
    await waitFor(() => expect(result.current.result).toBe('ok'));
    expect(sent).toHaveLength(1);
  });

  it('a retry of the same values after a refusal sends the same key; other values or a new submission after a success, a new one', async () => {
    const sent: string[] = [];
    let fail = true;
    const { result } = renderHook(
      () =>
        useSubmission(async (_values: { amount: string }, key: string) => {
          sent.push(key);
          if (fail) throw new ApiError(0, 'network', 'Failed to fetch');
          return key;
        }),
      { wrapper },
    );
    await act(() => result.current.submitAsync({ amount: '10.00' }));
    await waitFor(() => expect(result.current.problem?.code).toBe('network'));
    fail = false;
    await act(() => result.current.submitAsync({ amount: '10.00' }));
    expect(sent[1]).toBe(sent[0]);
    await act(() => result.current.submitAsync({ amount: '10.00' }));
    expect(sent[2]).not.toBe(sent[1]);
    fail = true;
    await act(() => result.current.submitAsync({ amount: '10.00' }));
    await act(() => result.current.submitAsync({ amount: '11.00' }));
    expect(sent[4]).not.toBe(sent[3]);
  });
});

describe('<ProblemAlert> says the refusal in the person’s language', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  const rules = {
    'reserve.available-balance': (facts: Readonly<Record<string, unknown>>, lang: 'es' | 'en') =>
      lang === 'es'
        ? `Se piden ${String(facts.requested)} y el fondo tiene ${String(facts.available)} disponibles.`
        : `${String(facts.requested)} asked for; the fund has ${String(facts.available)} available.`,
  };

  it.each<['es' | 'en', string, string]>([
    ['es', 'Una regla del libro no lo permite.', 'Se piden 9000.00 y el fondo tiene 5000.00 disponibles.'],
    ['en', 'A rule of the ledger does not allow it.', '9000.00 asked for; the fund has 5000.00 available.'],
  ])('in %s: the code’s meaning and the rule with its figures', async (lang, title, sentence) => {
    await i18n.changeLanguage(lang);
    render(<ProblemAlert problem={problemView(refusal)} rules={rules} />, { wrapper });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(title);
    expect(alert.textContent).toContain(sentence);
    expect(alert.textContent).not.toContain('exceeds the available balance');
  });

  it('a broken rule sent as a 409 conflict is said to be a rule, not a change made meanwhile', async () => {
    await i18n.changeLanguage('es');
    const conflict = new ApiError(409, 'conflict', 'x', [], { rule: 'reserve.available-balance', requested: '9000.00', available: '5000.00' });
    render(<ProblemAlert problem={problemView(conflict)} rules={rules} />, { wrapper });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Una regla del libro no lo permite.');
    expect(alert.textContent).not.toContain('Los datos cambiaron');
  });

  it('without a sentence for the rule, the API’s detail is shown as the server’s', async () => {
    await i18n.changeLanguage('es');
    render(<ProblemAlert problem={problemView(refusal)} />, { wrapper });
    expect(screen.getByRole('alert').textContent).toContain('Detalle del servidor (en inglés): approving 9000.00 exceeds');
  });

  it('names the refused fields by their labels', async () => {
    await i18n.changeLanguage('es');
    const problem = problemView(new ApiError(400, 'validation_failed', 'x', [{ field: 'lines.1.amount', message: 'must be positive' }]));
    render(<ProblemAlert problem={problem} fieldLabels={{ lines: 'Líneas' }} />, { wrapper });
    expect(screen.getByRole('alert').textContent).toContain('Líneas (1.amount): Este valor no es válido.');
  });

  it('shows nothing when there is no refusal', () => {
    render(<ProblemAlert problem={null} />, { wrapper });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
