import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BankAccountSelect } from './BankAccountSelect';
import { testQueryClient, withProviders } from '../testing/providers';

const accounts = [
  { code: 'BNK-USD', name: 'Cuenta corriente', currency: 'USD', active: true },
  { code: 'BNK-OLD', name: 'Cuenta cerrada', currency: 'USD', active: false },
  { code: 'BNK-EUR', name: 'Cuenta en euros', currency: 'EUR', active: true },
];

function withAccounts(node: ReactNode) {
  return withProviders(node, testQueryClient([[['bank-accounts'], accounts]]));
}

const options = () => screen.getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent]);

describe('<BankAccountSelect>: the bank account to pay from or into', () => {
  afterEach(cleanup);

  it('offers the default account first, then every account with its currency', () => {
    render(withAccounts(<BankAccountSelect label="Cuenta bancaria" defaultLabel="La cuenta por defecto" value="" onChange={vi.fn()} />));
    expect(screen.getByRole('combobox', { name: 'Cuenta bancaria' })).toBeTruthy();
    expect(options()).toEqual([
      ['', 'La cuenta por defecto'],
      ['BNK-USD', 'BNK-USD — Cuenta corriente (USD)'],
      ['BNK-OLD', 'BNK-OLD — Cuenta cerrada (USD)'],
      ['BNK-EUR', 'BNK-EUR — Cuenta en euros (EUR)'],
    ]);
  });

  it('keeps the active accounts, or those in one currency, when asked', () => {
    render(withAccounts(<BankAccountSelect label="Cuenta" defaultLabel="Por defecto" activeOnly value="" onChange={vi.fn()} />));
    expect(options().map(([v]) => v)).toEqual(['', 'BNK-USD', 'BNK-EUR']);
    cleanup();
    render(withAccounts(<BankAccountSelect label="Cuenta" defaultLabel="Por defecto" currency="USD" value="" onChange={vi.fn()} />));
    expect(options().map(([v]) => v)).toEqual(['', 'BNK-USD', 'BNK-OLD']);
  });
});
