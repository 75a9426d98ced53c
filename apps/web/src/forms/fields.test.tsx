import { Grid, MantineProvider } from '@mantine/core';
import { useForm } from '@mantine/form';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { AmountColumns, refusableFields } from './fields';
import { problemView } from './problem';

const wrap = (node: ReactNode) => <MantineProvider>{node}</MantineProvider>;
const labels = { amount: 'Importe', currency: 'Moneda', rate: 'Tipo de cambio' };

describe('the fields of a form that the API may refuse', () => {
  afterEach(cleanup);

  it('refusableFields: the form’s own error first, then the API’s refusal of the field, in words of the language', () => {
    const problem = problemView(
      new ApiError(400, 'validation_failed', 'x', [
        { field: 'amount', message: 'must be positive' },
        { field: 'rate', message: 'too many decimals' },
      ]),
    );
    const { result } = renderHook(() =>
      useForm({
        initialValues: { amount: '0', rate: '', currency: 'USD' },
        validate: { amount: (v) => (v === '0' ? 'Importe no válido' : null) },
      }),
    );
    act(() => {
      result.current.validate();
    });
    const es = refusableFields<'amount' | 'rate' | 'currency'>(result.current, problem, 'es', 'Rechazado');
    expect(es('amount')).toMatchObject({ value: '0', error: 'Importe no válido' });
    expect(es('rate').error).toBe('Rechazado');
    expect(es('currency').error).toBeUndefined();
    expect(refusableFields<'rate'>(result.current, problem, 'en', 'Rechazado')('rate').error).toBe('too many decimals');
  });

  it('AmountColumns: amount and currency; the rate only for a foreign currency, with its hint', () => {
    const field = (name: string) => ({
      value: name === 'currency' ? 'EUR' : '',
      onChange: vi.fn(),
      error: name === 'amount' ? 'Importe no válido' : undefined,
    });
    const { rerender } = render(
      wrap(
        <Grid>
          <AmountColumns field={field} labels={labels} foreign={false} />
        </Grid>,
      ),
    );
    expect(screen.getByRole('textbox', { name: 'Importe' }).getAttribute('inputmode')).toBe('decimal');
    expect(screen.getByText('Importe no válido')).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Moneda' }).value).toBe('EUR');
    expect(screen.getByRole('textbox', { name: 'Moneda' }).getAttribute('autocomplete')).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Tipo de cambio' })).toBeNull();
    rerender(
      wrap(
        <Grid>
          <AmountColumns field={field} labels={labels} foreign rateHint="EUR por USD" autoComplete="off" />
        </Grid>,
      ),
    );
    const rate = screen.getByRole('textbox', { name: 'Tipo de cambio' });
    expect(rate.getAttribute('autocomplete')).toBe('off');
    expect(screen.getByText('EUR por USD')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Moneda' }).getAttribute('autocomplete')).toBe('off');
  });
});
