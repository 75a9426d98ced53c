import type { Browser, BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { components } from '../src/api/schema';
import { sumDecimals } from '../src/format/decimal';
import { formatAmount } from '../src/format/money';
import { apiGet, consoleContext, env, expect, expectAccessible, screenshot, test } from './fixtures';

/**
 * The Technical Secretariat's funds work through the console, each flow once, then checked through
 * the API: a contribution to the reserve fund and a case taken through the Protocol (one refusal
 * shown in words with its figures). Everything is dated today and made for this file alone (its
 * own case), so the other browser tests read the same demo data.
 */
type CaseView = components['schemas']['CaseView'];
type GrantDetail = components['schemas']['GrantDetail'];
type GrantReport = components['schemas']['GrantReport'];
type Donor = components['schemas']['DonorResponse'];
type Position = components['schemas']['ReserveFundPosition'];
interface TrialBalance {
  totals: { debit: string; credit: string };
}
interface Verification {
  ok: boolean;
}

const TO_ENGLISH = /^(English|Ver la consola en inglés)$/;
const TO_SPANISH = /^(Español|View the console in Spanish)$/;
const TODAY = new Date().toISOString().slice(0, 10);
const SUFFIX = randomBytes(3).toString('hex');

async function apiSend(method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${env('CONSOLE_API_URL')}${route}`, {
    method,
    headers: { Authorization: `Bearer ${env('CONSOLE_ADMIN_TOKEN')}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return consoleContext(browser);
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/ingresar');
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/tablero/);
}

/** Nothing on the page is wider than the window. */
async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The ledger still balances and its chain verifies. */
async function expectLedgerSound(): Promise<void> {
  const tb = await apiGet<TrialBalance>(`/v1/reports/trial-balance?asOf=${TODAY}`);
  expect(tb.totals.debit).toBe(tb.totals.credit);
  expect((await apiGet<Verification>('/v1/ledger/verification')).ok).toBe(true);
}

test.describe.serial('web console, the Secretariat’s funds work', () => {
  let context: BrowserContext;
  let page: Page;
  const secretariat = { username: `secretaria.fondos.${SUFFIX}`, password: `pw-${randomBytes(12).toString('hex')}`, displayName: 'Secretaría de fondos' };

  test.beforeAll(async ({ browser }) => {
    const created = await apiSend('POST', '/v1/users', { ...secretariat, role: 'secretariat' });
    expect(created.status, await created.clone().text()).toBe(201);
    context = await newContext(browser);
    page = await context.newPage();
    await signIn(page, secretariat.username, secretariat.password);
  });

  test.afterAll(async () => {
    await context.close();
  });

  test('reserve fund: a contribution, previewed then recorded', async () => {
    test.slow();
    const before = await apiGet<Position>(`/v1/reserve-fund?asOf=${TODAY}`);
    await page.getByRole('navigation').getByRole('link', { name: 'Fondo de reserva' }).click();
    await page.getByRole('link', { name: 'Registrar un aporte' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Aporte al fondo de reserva' })).toBeVisible();
    await page.getByLabel('Origen').selectOption('donor');
    await page.getByLabel('Donante').selectOption('USA-GOV');
    await page.getByLabel('Importe (USD)').fill('5000.00');
    await page.getByLabel('Referencia').fill(`RF-E2E-${SUFFIX}`);
    await expectAccessible(page, 'reserve-fund contribution (es)');
    await screenshot(page, 'es-funds-01-contribution');
    await page.getByRole('button', { name: 'Revisar el aporte…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aporte al fondo de reserva' });
    await expect(dialog.locator('[data-preview]')).toContainText('RES');
    await screenshot(page, 'es-funds-02-contribution-preview');
    await dialog.getByRole('button', { name: 'Registrar el aporte' }).click();
    await expect(page).toHaveURL(/\/fondo-de-reserva$/);

    const after = await apiGet<Position>(`/v1/reserve-fund?asOf=${TODAY}`);
    expect(sumDecimals([after.balance, `-${before.balance}`])).toBe('5000.00');
    await expectLedgerSound();
  });

  test('reserve fund: a case through the Protocol, one refusal in words with its figures', async () => {
    test.slow();
    const title = `Retorno asistido de prueba ${SUFFIX}`;
    await page.goto('/tablero');
    await page.getByRole('navigation').getByRole('link', { name: 'Fondo de reserva' }).click();
    await page.getByRole('link', { name: 'Nuevo caso' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nueva solicitud de retorno asistido' })).toBeVisible();
    await page.getByLabel('Título del caso').fill(title);
    await page.getByLabel('Países involucrados').fill('cri, nic');
    await page.getByLabel('Importe solicitado (USD)').fill('900000.00');
    await page.getByLabel('Personas que retornan').fill('3');
    await expectAccessible(page, 'new reserve-fund case (es)');
    await screenshot(page, 'es-funds-03-new-case');
    await page.getByRole('button', { name: 'Registrar la solicitud' }).click();
    await expect(page).toHaveURL(/\/fondo-de-reserva\/casos\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';

    // Consultations: the only step offered, country by country.
    const next = page.locator('[data-next]');
    await expect(next).toHaveAttribute('data-next', 'consulted');
    await expect(page.locator('[data-step="decided"]')).toHaveAttribute('data-state', 'pending');
    await expectAccessible(page, 'reserve-fund case (es)');
    await screenshot(page, 'es-funds-04-case-requested');
    await expect(next.getByLabel('País consultado')).toHaveValue('CRI');
    await next.getByLabel('Respuesta del país').fill('De acuerdo; emitirá los permisos de salida');
    await next.getByRole('button', { name: 'Registrar la consulta' }).click();
    await expect(next.getByLabel('País consultado')).toHaveValue('NIC');
    await next.getByLabel('Respuesta del país').fill('De acuerdo');
    await next.getByRole('button', { name: 'Registrar la consulta' }).click();

    // IOM decides: more than the fund has is refused, in words, with the figures.
    await expect(next).toHaveAttribute('data-next', 'decided');
    const position = await apiGet<Position>(`/v1/reserve-fund?asOf=${TODAY}`);
    await expect(next.locator('[data-over]')).toBeVisible();
    await screenshot(page, 'es-funds-05-decision');
    await next.getByRole('button', { name: 'Revisar la decisión…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Decisión de la OIM' });
    await dialog.getByRole('button', { name: 'Registrar la aprobación' }).click();
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toHaveAttribute('data-rule', 'reserve.available_balance');
    await expect(refusal).toContainText('Una regla del libro no lo permite.');
    await expect(refusal).toContainText(`Se quiso aprobar USD ${formatAmount('900000.00', 'es', 'USD')}`);
    await expect(refusal).toContainText(`solo puede aprobar USD ${formatAmount(position.available, 'es', 'USD')}`);
    await expect(refusal).toContainText(`saldo USD ${formatAmount(position.balance, 'es', 'USD')}`);
    await expect(refusal).not.toContainText('does not fit');
    await expectAccessible(page, 'a refused decision (es)');
    await screenshot(page, 'es-funds-06-decision-refused');
    expect((await apiGet<CaseView>(`/v1/reserve-fund/cases/${id}`)).status).toBe('consulting');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();

    await next.getByLabel('Importe aprobado (USD)').fill('4000.00');
    await expect(next.locator('[data-over]')).toHaveCount(0);
    await next.getByRole('button', { name: 'Revisar la decisión…' }).click();
    dialog = page.getByRole('dialog', { name: 'Decisión de la OIM' });
    await dialog.getByRole('button', { name: 'Registrar la aprobación' }).click();

    // The Pro-Tempore Presidency is notified, then the money leaves the fund.
    await expect(next).toHaveAttribute('data-next', 'notified');
    await expect(page.locator('[data-step="decided"]')).toHaveAttribute('data-state', 'done');
    await next.getByLabel('Referencia de la nota a la Presidencia Pro Tempore').fill(`PPT-E2E-${SUFFIX}`);
    await screenshot(page, 'es-funds-07-notification');
    await next.getByRole('button', { name: 'Registrar la notificación' }).click();

    await expect(next).toHaveAttribute('data-next', 'disbursed');
    await expect(next.getByLabel('Importe (USD)')).toHaveValue('4000.00');
    await next.getByLabel('Referencia').fill(`RF-E2E-D1-${SUFFIX}`);
    const balanceBefore = (await apiGet<Position>(`/v1/reserve-fund?asOf=${TODAY}`)).balance;
    await next.getByRole('button', { name: 'Revisar el desembolso…' }).click();
    dialog = page.getByRole('dialog', { name: 'Desembolso del caso' });
    await expect(dialog.locator('[data-preview]')).toContainText('5400');
    await screenshot(page, 'es-funds-08-disbursement-preview');
    await dialog.getByRole('button', { name: 'Registrar el desembolso' }).click();
    await expect(next).toHaveAttribute('data-next', 'close');
    await expect(page.locator('[data-step="disbursed"]')).toHaveAttribute('data-state', 'done');
    await screenshot(page, 'es-funds-09-case-disbursed');

    const c = await apiGet<CaseView>(`/v1/reserve-fund/cases/${id}`);
    expect(c).toMatchObject({ status: 'disbursed', countriesInvolved: ['CRI', 'NIC'], decidedBy: 'IOM', approvedAmount: '4000.00', disbursed: '4000.00', commitment: '0.00' });
    expect(c.consultations.map((x) => x.country)).toEqual(['CRI', 'NIC']);
    expect(c.history.map((h) => h.event)).toEqual(['requested', 'consulted', 'consulted', 'approved', 'notified', 'disbursed']);
    const balanceAfter = (await apiGet<Position>(`/v1/reserve-fund?asOf=${TODAY}`)).balance;
    expect(sumDecimals([balanceBefore, `-${balanceAfter}`])).toBe('4000.00');
    await expectLedgerSound();

    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await page.mouse.move(0, 0);
    await expect(page.getByRole('heading', { level: 1, name: `Case: ${title}` })).toBeVisible();
    await expect(page.locator('[data-step="notified"]')).toContainText('Notification to the Pro-Tempore Presidency');
    await expectAccessible(page, 'reserve-fund case (en)');
    await screenshot(page, 'en-funds-09-case-disbursed');
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoSideways(page, 'reserve-fund case at 768 px');
    await screenshot(page, 'en-funds-09-case-disbursed-768');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: TO_SPANISH }).click();
  });

  const donor = `E2E-DON-${SUFFIX}`.toUpperCase();
  const code = `E2E-GRANT-${SUFFIX}`.toUpperCase();

  test('grants: a donor, then a grant with budget lines, previewed then recorded', async () => {
    test.slow();
    // From the dashboard, loaded afresh: each flow starts where a person starts.
    await page.goto('/tablero');
    await page.getByRole('navigation').getByRole('link', { name: 'Donaciones' }).click();
    await page.getByRole('link', { name: 'Donantes' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Donantes' })).toBeVisible();
    await page.getByLabel('Código del donante').fill(donor);
    await page.getByLabel('Nombre').fill('Fundación de prueba');
    await page.getByRole('button', { name: 'Registrar el donante' }).click();
    await expect(page.locator(`[data-donor="${donor}"]`)).toBeVisible();
    await expectAccessible(page, 'donors (es)');
    await screenshot(page, 'es-funds-10-donors');

    await page.getByRole('link', { name: 'Volver a las donaciones' }).click();
    await page.getByRole('link', { name: 'Nueva donación' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nuevo convenio de donación' })).toBeVisible();
    await page.getByLabel('Código de la donación').fill(code);
    await page.getByLabel('Donante').selectOption(donor);
    await page.getByLabel('Título').fill('Capacitación de funcionarios de migración (prueba)');
    await page.getByLabel('Importe del convenio').fill('10000.00');
    await page.getByLabel('Finalidad').fill('Talleres regionales de capacitación');
    await page.getByLabel('Socio ejecutor').fill('OIM');
    await page.getByRole('button', { name: 'Añadir una línea' }).click();
    await page.getByLabel('Código de la línea 1').fill('TRAVEL');
    await page.getByLabel('Nombre de la línea 1').fill('Viajes');
    await page.getByLabel('Importe de la línea 1').fill('6000.00');
    await page.getByRole('button', { name: 'Añadir una línea' }).click();
    await page.getByLabel('Código de la línea 2').fill('MATERIALS');
    await page.getByLabel('Nombre de la línea 2').fill('Materiales');
    await page.getByLabel('Importe de la línea 2').fill('4000.00');
    await expect(page.locator('[data-lines-total]')).toContainText('10,000.00 de USD');
    await expectAccessible(page, 'new grant (es)');
    await screenshot(page, 'es-funds-11-new-grant');
    await page.getByRole('button', { name: 'Revisar el convenio…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuevo convenio de donación' });
    await expect(dialog.locator('[data-preview]')).toContainText('1200');
    await screenshot(page, 'es-funds-12-new-grant-preview');
    await dialog.getByRole('button', { name: 'Registrar el convenio' }).click();
    await expect(page).toHaveURL(new RegExp(`/donaciones/${code}/movimientos$`));
    const grant = await apiGet<GrantDetail>(`/v1/grants/${code}`);
    expect(grant).toMatchObject({ donor, amount: '10000.00', currency: 'USD', kind: 'restricted', status: 'active' });
    expect(grant.budgetLines.map((l) => [l.code, l.amount])).toEqual([
      ['TRAVEL', '6000.00'],
      ['MATERIALS', '4000.00'],
    ]);
    expect((await apiGet<Donor[]>('/v1/donors')).find((d) => d.code === donor)).toMatchObject({ name: 'Fundación de prueba', member: null });
  });

  test('grants: a tranche received, an expenditure by budget line (one refused in words), the donor report', async () => {
    test.slow();
    await expect(page.getByRole('heading', { level: 1, name: `Donación ${code}` })).toBeVisible();
    await page.getByLabel('Importe recibido').fill('6000.00');
    await page.getByLabel('Referencia').fill(`T1-${SUFFIX}`);
    await expectAccessible(page, 'grant movements (es)');
    await screenshot(page, 'es-funds-13-grant-receipt');
    await page.getByRole('button', { name: 'Revisar el ingreso…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Ingreso de un tramo' });
    await expect(dialog.locator('[data-preview]')).toContainText('1200');
    await dialog.getByRole('button', { name: 'Registrar el ingreso' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('[data-figure="work-received"]')).toContainText('6,000.00');

    // Spending beyond what was received is refused, in words, with what is available.
    await page.getByRole('tab', { name: 'Gasto por línea' }).click();
    await page.getByLabel('Línea presupuestaria').selectOption('TRAVEL');
    await expect(page.locator('[data-line-figures]')).toContainText('6,000.00');
    await page.getByLabel('Importe pagado').fill('9000.00');
    await page.getByLabel('Descripción').fill('Pasajes del taller de Tegucigalpa');
    await page.getByRole('button', { name: 'Revisar el gasto…' }).click();
    dialog = page.getByRole('dialog', { name: 'Gasto de la donación' });
    const refusal = dialog.getByRole('alert').first();
    await expect(refusal).toHaveAttribute('data-rule', 'grant.spending_exceeds_received');
    await expect(refusal).toContainText('Gastar USD 9,000.00 superaría lo recibido');
    await expect(refusal).toContainText('USD 6,000.00 recibidos y no gastados');
    await screenshot(page, 'es-funds-14-grant-expenditure-refused');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByLabel('Importe pagado').fill('2500.00');
    await page.getByRole('button', { name: 'Revisar el gasto…' }).click();
    await expect(dialog.locator('[data-preview]')).toContainText('5300');
    await dialog.getByRole('button', { name: 'Registrar el gasto' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('[data-figure="work-spent"]')).toContainText('2,500.00');
    await screenshot(page, 'es-funds-15-grant-expenditure');

    // The donor report, as the donor gets it.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Descargar' }).click();
    await page.getByRole('menuitem', { name: 'PDF — español' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const grant = await apiGet<GrantDetail>(`/v1/grants/${code}`);
    expect(grant.figures).toMatchObject({ pledged: '10000.00', received: '6000.00', spent: '2500.00', available: '3500.00' });
    const report = await apiGet<GrantReport>(`/v1/grants/${code}/report`);
    expect(report.byBudgetLine.find((l) => l.code === 'TRAVEL')?.spent).toBe('2500.00');
    await expectLedgerSound();

    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await page.mouse.move(0, 0);
    await expect(page.getByRole('heading', { level: 1, name: `Grant ${code}` })).toBeVisible();
    await expectAccessible(page, 'grant movements (en)');
    await screenshot(page, 'en-funds-15-grant-expenditure');
    await page.getByRole('button', { name: TO_SPANISH }).click();
  });

  test('a viewer sees no write control, and the API refuses one anyway', async ({ browser }) => {
    const viewer = await newContext(browser);
    const viewerPage = await viewer.newPage();
    try {
      await signIn(viewerPage, env('CONSOLE_USERNAME'), env('CONSOLE_PASSWORD'));
      await viewerPage.goto('/fondo-de-reserva');
      await expect(viewerPage.getByRole('heading', { level: 1, name: 'Fondo de reserva' })).toBeVisible();
      await expect(viewerPage.locator('[data-case]').first()).toBeVisible();
      await expect(viewerPage.getByRole('link', { name: 'Nuevo caso' })).toHaveCount(0);
      await expect(viewerPage.getByRole('link', { name: 'Registrar un aporte' })).toHaveCount(0);
      await expect(viewerPage.getByRole('link', { name: /^Tramitar/ })).toHaveCount(0);
      await viewerPage.goto('/donaciones');
      await expect(viewerPage.locator('[data-grant]').first()).toBeVisible();
      await expect(viewerPage.getByRole('link', { name: 'Nueva donación' })).toHaveCount(0);
      await expect(viewerPage.getByRole('link', { name: /^Registrar movimientos/ })).toHaveCount(0);
      await viewerPage.goto('/fondo-de-reserva/casos/nuevo');
      await expect(viewerPage.locator('[data-no-access]')).toBeVisible();
      const refused = await viewerPage.request.post('/v1/reserve-fund/cases', {
        headers: { 'X-Requested-With': 'fetch' },
        data: { title: 'x', countriesInvolved: ['CRI'], requestedAmount: '1.00', people: 1, requestedOn: TODAY },
      });
      expect(refused.status()).toBe(403);
    } finally {
      await viewer.close();
    }
  });
});
