import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n, initI18n } from '../i18n';
import { Amount, Rate } from './Amount';
import { AsOfDate } from './AsOfDate';

const NBSP = '\u00a0';

function renderIn(lang: 'es' | 'en', node: React.ReactNode): HTMLElement {
  void i18n.changeLanguage(lang);
  render(<MantineProvider>{node}</MantineProvider>);
  return screen.getByTestId('subject');
}

describe('components format what the API sends, in the reader’s language', () => {
  beforeAll(() => {
    initI18n('es');
  });
  afterEach(cleanup);

  it.each<['es' | 'en', string, string, boolean, string]>([
    ['es', '1250000.50', 'USD', false, '1,250,000.50'],
    ['en', '1250000.50', 'USD', false, '1,250,000.50'],
    ['es', '250000.00', 'USD', true, `USD${NBSP}250,000.00`],
    ['en', '-35.00', 'USD', true, `USD${NBSP}-35.00`],
    ['es', '12345678901234567890.12', 'USD', false, '12,345,678,901,234,567,890.12'],
    ['en', '1500', 'JPY', true, `JPY${NBSP}1,500`],
  ])('<Amount> in %s: %s %s (code %s) → %s', (lang, value, currency, withCode, expected) => {
    const el = renderIn(
      lang,
      <span data-testid="subject">
        <Amount value={value} currency={currency} withCode={withCode} />
      </span>,
    );
    expect(el.textContent).toBe(expected);
  });

  it.each<['es' | 'en', string | null, string]>([
    ['es', '0.8750', `87.5${NBSP}%`],
    ['en', '0.8750', '87.5%'],
    ['en', null, '—'],
  ])('<Rate> in %s: %s → %s', (lang, value, expected) => {
    const el = renderIn(
      lang,
      <span data-testid="subject">
        <Rate value={value} />
      </span>,
    );
    expect(el.textContent).toBe(expected);
  });

  it.each<['es' | 'en', string, string]>([
    ['es', '2005-06-30', 'Cifras al 30 de junio de 2005'],
    ['en', '2005-06-30', 'Figures as at 30 June 2005'],
    ['es', '2004-01-01', 'Cifras al 1 de enero de 2004'],
    ['en', '2024-02-29', 'Figures as at 29 February 2024'],
  ])('<AsOfDate> in %s: %s → %s', (lang, date, expected) => {
    const el = renderIn(
      lang,
      <span data-testid="subject">
        <AsOfDate date={date} />
      </span>,
    );
    expect(el.textContent).toBe(expected);
  });
});
