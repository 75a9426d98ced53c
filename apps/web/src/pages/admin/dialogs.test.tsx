import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { i18n, initI18n } from '../../i18n';
import { ConfirmStep, DialogButtons, SecretStep, useChanged, useRoleOptions } from './dialogs';
import { withProviders } from '../../testing/providers';

const idle = { isError: false, error: null, isPending: false };

describe('the pieces of the admin dialogs', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('ConfirmStep: the sentence, "cancel" focused first, the action that does what it says', () => {
    void i18n.changeLanguage('es');
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(withProviders(<ConfirmStep request={idle} text="¿Revocar la clave?" action="Revocar" color="red" onConfirm={onConfirm} onCancel={onCancel} />));
    expect(screen.getByText('¿Revocar la clave?')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    const cancel = screen.getByRole('button', { name: 'Cancelar' });
    expect(cancel.hasAttribute('data-autofocus')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Revocar' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(cancel);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('ConfirmStep: a refusal is read out in the API’s words; the button is busy while the request is under way', () => {
    void i18n.changeLanguage('en');
    const refused = { isError: true, error: new ApiError(409, 'conflict', 'the token is already revoked'), isPending: true };
    render(withProviders(<ConfirmStep request={refused} text="Revoke?" action="Revoke" onConfirm={() => undefined} onCancel={() => undefined} />));
    expect(screen.getByRole('alert').textContent).toBe('the token is already revoked');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(screen.getByText('Revoke').closest('button')?.hasAttribute('data-loading')).toBe(true);
  });

  it('DialogButtons: "cancel" first and not focused unless asked, then the dialog’s own buttons', () => {
    void i18n.changeLanguage('es');
    render(
      withProviders(
        <DialogButtons onCancel={() => undefined}>
          <button type="submit">Crear</button>
        </DialogButtons>,
      ),
    );
    const buttons = screen.getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(['Cancelar', 'Crear']);
    expect(screen.getByRole('button', { name: 'Cancelar' }).hasAttribute('data-autofocus')).toBe(false);
  });

  it('SecretStep: the secret with its note, and the one button that closes', () => {
    void i18n.changeLanguage('es');
    const onClose = vi.fn();
    render(withProviders(<SecretStep label="Clave nueva" value="s3cr3t-value" note="Cópiela ahora" onClose={onClose} />));
    expect(screen.getByText('s3cr3t-value').hasAttribute('data-secret')).toBe(true);
    expect(screen.getByText('Cópiela ahora')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cerrar' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('useRoleOptions: every role, named in the reader’s language', () => {
    void i18n.changeLanguage('en');
    const { result } = renderHook(() => useRoleOptions(), { wrapper: ({ children }) => withProviders(children) });
    expect(result.current).toEqual([
      { value: 'admin', label: 'Administration' },
      { value: 'secretariat', label: 'Technical Secretariat' },
      { value: 'viewer', label: 'Delegation' },
      { value: 'auditor', label: 'Audit' },
    ]);
  });

  it('useChanged: the list and the audit log are read again', async () => {
    const client = new QueryClient();
    const spy = vi.spyOn(client, 'invalidateQueries');
    const { result } = renderHook(() => useChanged('tokens'), { wrapper: ({ children }) => withProviders(children, client) });
    await result.current();
    expect(spy.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([['tokens'], ['audit-log']]);
  });
});
