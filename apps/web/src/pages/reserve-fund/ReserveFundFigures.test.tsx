import { MantineProvider } from '@mantine/core';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { Figure } from '../../components/Figures';
import { ReserveFundFigures } from './ReserveFundFigures';

const NBSP = '\u00a0';
const position = { balance: '250000.00', committed: '40000.00', available: '160000.00', currency: 'USD' };
const labels = { balance: 'Saldo', committed: 'Comprometido', available: 'Disponible' };

describe('<ReserveFundFigures>: the reserve fund’s position in key figures', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('balance, committed and available, named by the prefix, with the currency; further figures follow', () => {
    const { container } = render(
      <MantineProvider>
        <ReserveFundFigures position={position} idPrefix="case-fund" labels={labels}>
          <Figure id="reserve-floor" label="Saldo mínimo">
            50,000.00
          </Figure>
        </ReserveFundFigures>
      </MantineProvider>,
    );
    const figures = [...container.querySelectorAll('dl [data-figure]')].map((f) => [
      f.getAttribute('data-figure'),
      f.querySelector('dt')?.textContent,
      f.querySelector('dd')?.textContent,
    ]);
    expect(figures).toEqual([
      ['case-fund-balance', 'Saldo', `USD${NBSP}250,000.00`],
      ['case-fund-committed', 'Comprometido', `USD${NBSP}40,000.00`],
      ['case-fund-available', 'Disponible', `USD${NBSP}160,000.00`],
      ['reserve-floor', 'Saldo mínimo', '50,000.00'],
    ]);
  });
});
