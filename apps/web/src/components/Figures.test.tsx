import { MantineProvider } from '@mantine/core';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import { AmountFigure, FigureGrid } from './Figures';

describe('<AmountFigure>: a key figure that is an amount of money', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it('its label as the term, the amount with its currency’s code as the description, named by its id', () => {
    const { container } = render(
      <MantineProvider>
        <FigureGrid>
          <AmountFigure id="paid" label="Pagado" value="351200.00" currency="USD" />
        </FigureGrid>
      </MantineProvider>,
    );
    const figure = container.querySelector('dl [data-figure="paid"]');
    expect(figure?.querySelector('dt')?.textContent).toBe('Pagado');
    expect(figure?.querySelector('dd[data-figure-value]')?.textContent).toBe('USD\u00a0351,200.00');
  });
});
