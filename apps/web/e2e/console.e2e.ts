import type { BrowserContext, Page } from '@playwright/test';
import * as fs from 'node:fs';
import type { BankAccount, BankReconciliation, FinancialStatements, GrantReport, GrantView, MemberStatement, ReserveFundPosition, StatusOfContributions } from '../src/api/responses';
import { compareDecimals } from '../src/format/decimal';
import { formatRate } from '../src/format/money';
import { apiGet, consoleContext, digitsOf, env, expect, expectAccessible, screenshot, test } from './fixtures';

/**
 * A delegate (role viewer) signs in and reads what the console is for, on the demo data set.
 * Every figure on the dashboard is compared with what the API answers for the same date.
 */
const AS_OF = '2005-06-30';

test.describe.serial('web console, as a delegate', () => {
  let context: BrowserContext;
  let page: Page;
  const base = (): string => env('CONSOLE_BASE_URL');

  test.beforeAll(async ({ browser }) => {
    context = await consoleContext(browser, { baseURL: base() });
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context.close();
  });

  async function figure(id: string): Promise<string> {
    const value = page.locator(`[data-figure="${id}"] [data-figure-value]`);
    await expect(value).not.toBeEmpty();
    await expect(value.locator('.mantine-Skeleton-root')).toHaveCount(0);
    return (await value.textContent()) ?? '';
  }

  test('a page behind the sign-in sends a person to the sign-in page, in Spanish', async () => {
    await page.goto('/tablero');
    await expect(page).toHaveURL(/\/ingresar\?next=%2Ftablero/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
    await expectAccessible(page, 'sign-in (es)');
    await screenshot(page, 'es-01-sign-in');
  });

  test('a wrong password is refused with a message, then the viewer signs in', async () => {
    await page.getByLabel('Usuario').fill(env('CONSOLE_USERNAME'));
    await page.getByLabel('Contraseña').fill('not-the-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert')).toContainText('Usuario o contraseña incorrectos');

    await page.getByLabel('Contraseña').fill(env('CONSOLE_PASSWORD'));
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page).toHaveURL(/\/tablero$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Tablero' })).toBeVisible();
  });

  test('the dashboard shows the API’s figures as at a date', async () => {
    // Time to the figures: a fresh page load (no cached bundle) until the first key figure shows.
    const fresh = await consoleContext(context.browser()!, { baseURL: base(), storageState: await context.storageState() });
    const timed = await fresh.newPage();
    const started = Date.now();
    await timed.goto(`/tablero?asOf=${AS_OF}`);
    await expect(timed.locator('[data-figure="assessed"] [data-figure-value]')).toHaveText(/\d/);
    const shownAfterMs = Date.now() - started;
    const timings = await timed.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const call = (part: string) => {
        const r = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes(part));
        return r ? `${Math.round(r.startTime)}→${Math.round(r.responseEnd)} ms` : 'not seen';
      };
      return `DOMContentLoaded ${Math.round(nav.domContentLoadedEventEnd)} ms, session ${call('/v1/auth/session')}, status report ${call('/v1/reports/status-of-contributions')}`;
    });
    await fresh.close();

    await page.goto(`/tablero?asOf=${AS_OF}`);
    const status = await apiGet<StatusOfContributions>(`/v1/reports/status-of-contributions?asOf=${AS_OF}`);
    expect(digitsOf(await figure('assessed'))).toBe(status.totals.assessed);
    expect(digitsOf(await figure('paid'))).toBe(status.totals.paid);
    expect(digitsOf(await figure('outstanding'))).toBe(status.totals.outstanding);
    expect(digitsOf(await figure('arrears'))).toBe(status.totals.arrears);
    expect(digitsOf(await figure('advance'))).toBe(status.totals.advance);
    expect(await figure('collection-rate')).toBe(formatRate(status.totals.collectionRate, 'es'));
    expect(status.totals.outstanding).not.toBe('0.00');

    const reserve = await apiGet<ReserveFundPosition>(`/v1/reserve-fund?asOf=${AS_OF}`);
    expect(digitsOf(await figure('reserve-balance'))).toBe(reserve.balance);
    expect(digitsOf(await figure('reserve-committed'))).toBe(reserve.committed);
    expect(digitsOf(await figure('reserve-available'))).toBe(reserve.available);

    const grants = await apiGet<GrantView[]>('/v1/grants');
    expect(grants.length).toBeGreaterThan(0);
    for (const grant of grants) {
      const report = await apiGet<GrantReport>(`/v1/grants/${grant.code}/report?asOf=${AS_OF}`);
      expect(digitsOf(await figure(`grant-${grant.code}`))).toBe(report.available);
    }

    const accounts = (await apiGet<BankAccount[]>('/v1/bank-accounts')).filter((a) => a.active);
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      const rec = await apiGet<BankReconciliation>(`/v1/reports/bank-reconciliation?bankAccount=${account.code}&asOf=${AS_OF}`);
      expect(digitsOf(await figure(`cash-${account.code}`))).toBe(rec.ledgerBalance);
    }

    await expect(page.locator('.recharts-surface')).toHaveCount(2);
    process.stdout.write(`console e2e: dashboard figures shown ${shownAfterMs} ms after navigation (signed in, empty browser cache; ${timings})\n`);
    await expectAccessible(page, 'dashboard (es)');
    await screenshot(page, 'es-02-dashboard');
  });

  test('the status of contributions lists every member, sorts, and opens a member’s statement', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Estado de las contribuciones' }).click();
    await expect(page).toHaveURL(new RegExp(`/estado\\?asOf=${AS_OF}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Estado de las contribuciones' })).toBeVisible();
    const status = await apiGet<StatusOfContributions>(`/v1/reports/status-of-contributions?asOf=${AS_OF}&lang=es`);
    const rows = page.locator('[data-table="status"] tbody tr');
    await expect(rows).toHaveCount(status.members.length);
    for (const m of status.members) {
      const row = page.locator(`[data-table="status"] tbody tr[data-member="${m.member}"]`);
      expect(digitsOf((await row.locator('[data-column="outstanding"]').textContent()) ?? '')).toBe(m.outstanding);
      expect(digitsOf((await row.locator('[data-column="arrears"]').textContent()) ?? '')).toBe(m.arrears);
    }
    expect(digitsOf((await page.locator('[data-total="outstanding"]').textContent()) ?? '')).toBe(status.totals.outstanding);

    // Sorting by the amount outstanding, largest first: the first row is the member that owes most.
    const outstandingHeader = page.locator('[data-table="status"] thead th', { hasText: 'Pendiente' });
    await outstandingHeader.getByRole('button').click();
    await outstandingHeader.getByRole('button').click();
    await expect(outstandingHeader).toHaveAttribute('aria-sort', 'descending');
    const most = status.members.reduce((a, b) => (compareDecimals(b.outstanding, a.outstanding) > 0 ? b : a));
    const firstCode = await rows.first().getAttribute('data-member');
    const first = status.members.find((m) => m.member === firstCode);
    expect(first?.outstanding).toBe(most.outstanding);

    await expectAccessible(page, 'status of contributions (es)');
    await screenshot(page, 'es-03-status');

    await page.getByRole('link', { name: `Ver estado de cuenta de ${first!.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/estado/${first!.member}\\?asOf=${AS_OF}$`));
    const statement = await apiGet<MemberStatement>(`/v1/members/${first!.member}/statement?asOf=${AS_OF}&lang=es`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Estado de cuenta: ${statement.name}`);
    expect(digitsOf((await page.locator('[data-total="balance"]').textContent()) ?? '')).toBe(statement.closing.balance);
    expect(digitsOf(await figure('outstanding'))).toBe(statement.closing.outstanding);
    await expect(page.locator('[data-table="statement"] tbody tr')).toHaveCount(statement.lines.length + 1);
    await expectAccessible(page, 'member statement (es)');
    await screenshot(page, 'es-04-member');
  });

  test('the financial statements of a year, and the Spanish PDF', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Estados financieros' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Estados financieros' })).toBeVisible();
    await page.getByLabel('Ejercicio fiscal').selectOption('2005');
    const statements = await apiGet<FinancialStatements>('/v1/reports/financial-statements?fiscalYear=2005&lang=es');
    const netAssets = page.locator('[data-row="net-assets"] td').first();
    await expect(netAssets).not.toBeEmpty();
    expect(digitsOf((await netAssets.textContent()) ?? '')).toBe(statements.financialPosition.totals.netAssets);
    await expectAccessible(page, 'financial statements (es)');
    await screenshot(page, 'es-05-financial-statements');

    await page.getByRole('button', { name: 'Descargar' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'PDF — español' }).click();
    const download = await downloading;
    const file = await download.path();
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('grants and the reserve fund', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Donaciones' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Donaciones' })).toBeVisible();
    const grants = await apiGet<GrantView[]>('/v1/grants');
    const report = await apiGet<GrantReport>(`/v1/grants/${grants[0].code}/report?asOf=${AS_OF}`);
    expect(digitsOf(await figure(`${grants[0].code}-received`))).toBe(report.received);
    expect(digitsOf(await figure(`${grants[0].code}-available`))).toBe(report.available);
    await expectAccessible(page, 'grants (es)');
    await screenshot(page, 'es-06-grants');

    await page.getByRole('navigation').getByRole('link', { name: 'Fondo de reserva' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Fondo de reserva' })).toBeVisible();
    const reserve = await apiGet<ReserveFundPosition>(`/v1/reserve-fund?asOf=${AS_OF}`);
    expect(digitsOf(await figure('reserve-available'))).toBe(reserve.available);
    await expect(page.locator('[data-case]')).toHaveCount(reserve.cases.length);
    await expectAccessible(page, 'reserve fund (es)');
    await screenshot(page, 'es-07-reserve-fund');
  });

  test('English is a click away, remembered, and Spanish comes back', async () => {
    await page.goto(`/tablero?asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByText('Figures as at 30 June 2005')).toBeVisible();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await figure('assessed');
    await expect(page.locator('.recharts-surface')).toHaveCount(2);
    await expectAccessible(page, 'dashboard (en)');
    await screenshot(page, 'en-02-dashboard');

    const pages: [string, string, string][] = [
      ['Status of contributions', 'Status of contributions', 'en-03-status'],
      ['Financial statements', 'Financial statements', 'en-05-financial-statements'],
      ['Grants', 'Grants', 'en-06-grants'],
      ['Reserve fund', 'Reserve fund', 'en-07-reserve-fund'],
    ];
    for (const [link, heading, shot] of pages) {
      await page.getByRole('navigation').getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, `${heading} (en)`);
      await screenshot(page, shot);
    }
    await page.goto(`/estado/NIC?asOf=${AS_OF}`);
    await expect(page.getByRole('heading', { level: 1, name: /^Statement of account: / })).toBeVisible();
    await expect(page.locator('[data-table="statement"]')).toBeVisible();
    await screenshot(page, 'en-04-member');

    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1, name: /^Estado de cuenta: / })).toBeVisible();
  });

  test('on a tablet the navigation opens from the menu button, and the keyboard reaches everything', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`/tablero?asOf=${AS_OF}`);
    await figure('assessed');
    await screenshot(page, 'es-08-dashboard-tablet');

    await page.setViewportSize({ width: 700, height: 1000 });
    const menu = page.getByRole('button', { name: 'Abrir el menú' });
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Fondo de reserva' })).toBeVisible();
    await screenshot(page, 'es-09-menu-small');
    await page.getByRole('navigation').getByRole('link', { name: 'Fondo de reserva' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Fondo de reserva' })).toBeFocused();

    // From the top of the page: the skip link first, then into the page.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/tablero?asOf=${AS_OF}`);
    await figure('assessed');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Saltar al contenido' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
    // Keyboard only: reach the navigation link and follow it.
    const link = page.getByRole('navigation').getByRole('link', { name: 'Estado de las contribuciones' });
    for (let i = 0; i < 10 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
    await expect(link).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Estado de las contribuciones' })).toBeFocused();
  });

  test('signing out ends the session', async () => {
    await page.getByRole('button', { name: /Delegada de prueba/ }).click();
    await page.getByRole('menuitem', { name: 'Cerrar sesión' }).click();
    await expect(page).toHaveURL(/\/ingresar\?next=%2Festado/);
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
    await page.goto('/estado');
    await expect(page).toHaveURL(/\/ingresar\?next=/);
    const session = await page.request.get('/v1/auth/session');
    expect(session.status()).toBe(401);
  });
});
