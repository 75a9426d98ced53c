import type { BrowserContext, Locator, Page } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import { apiGet, env, expect, expectAccessible, screenshot, test } from './fixtures';

/**
 * The Technical Secretariat's payments, budgets and assessments, and expenditures, through the
 * console as a secretariat user, each then checked through the API. The data are the test's own:
 * a member (ISL) and fiscal years (2031–2032 for payments) no other test uses.
 */
const MEMBER = 'ISL';
const OLD_YEAR = 2031;
const STATUS_AS_OF = '2032-12-31';
const TO_ENGLISH = /^(English|Ver la consola en inglés)$/;
const TO_SPANISH = /^(Español|View the console in Spanish)$/;

interface StatusMember {
  member: string;
  assessed: string;
  paid: string;
  outstanding: string;
  advance: string;
  years: { fiscalYear: number; assessed: string; paid: string; outstanding: string }[];
}
interface Status {
  members: StatusMember[];
}
interface PaymentPage {
  items: {
    id: string;
    amountBase: string;
    allocations: { fiscalYear: number; amount: string }[];
    advance: string;
    reversal: unknown;
  }[];
}

async function apiSend(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${env('CONSOLE_API_URL')}${route}`, {
    method,
    headers: { Authorization: `Bearer ${env('CONSOLE_ADMIN_TOKEN')}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function apiOk(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await apiSend(method, route, body, headers);
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function memberStatus(member: string, asOf: string): Promise<StatusMember> {
  const status = await apiGet<Status>(`/v1/reports/status-of-contributions?asOf=${asOf}`);
  const found = status.members.find((m) => m.member === member);
  if (!found) throw new Error(`${member} is not in the status of contributions`);
  return found;
}

/** The trial balance adds to zero and the hash chain verifies. */
async function expectLedgerSound(): Promise<void> {
  const tb = await apiGet<{ totals: { debit: string; credit: string } }>('/v1/reports/trial-balance?asOf=2999-12-31');
  expect(tb.totals.debit).toBe(tb.totals.credit);
  const verification = await apiGet<{ ok: boolean }>('/v1/ledger/verification');
  expect(verification.ok).toBe(true);
}

/** a − b for two-decimal strings, exactly (cents as BigInt). */
function minus(a: string, b: string): string {
  const cents = (v: string) => BigInt(v.replace('.', ''));
  const d = cents(a) - cents(b);
  const sign = d < 0n ? '-' : '';
  const abs = (d < 0n ? -d : d).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/ingresar');
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/tablero/);
}

async function fillPayment(
  form: Locator,
  v: { amount: string; currency: string; rate?: string; receivedOn: string; reference: string },
): Promise<void> {
  await form.getByLabel('Miembro').selectOption(MEMBER);
  await form.getByLabel('Referencia').fill(v.reference);
  await form.getByLabel('Importe recibido').fill(v.amount);
  await form.getByLabel('Moneda').fill(v.currency);
  if (v.rate !== undefined) await form.getByLabel(/^Tasa/).fill(v.rate);
  await form.getByLabel('Fecha de recepción').fill(v.receivedOn);
}

test.describe.serial('web console, the Technical Secretariat: payments, budgets and assessments, expenditures', () => {
  let context: BrowserContext;
  let page: Page;
  const treasurer = {
    username: 'tesoreria.pagos.e2e',
    password: `pw-${randomBytes(12).toString('hex')}`,
    displayName: 'Tesorería de pagos',
  };
  let paymentId = '';

  test.beforeAll(async ({ browser }) => {
    await apiOk('POST', '/v1/users', {
      username: treasurer.username,
      displayName: treasurer.displayName,
      role: 'secretariat',
      password: treasurer.password,
    });
    // A member of the test's own, assessed for an old fiscal year nobody else uses.
    await apiOk('POST', '/v1/members', { code: MEMBER, name: 'Iceland', nameEs: 'Islandia', joinedOn: '2000-01-01' });
    await apiOk('POST', '/v1/budgets', {
      fiscalYear: OLD_YEAR,
      total: '1000.00',
      currency: 'USD',
      approval: { meeting: 'Reunión de prueba 2030', date: '2030-11-20', reference: 'PRUEBA-2030/1' },
      lines: [{ code: 'OPS', name: 'Operaciones', amount: '1000.00' }],
      scale: [{ member: MEMBER, share: '100' }],
    });
    await apiOk(
      'POST',
      `/v1/budgets/${OLD_YEAR}/assessments`,
      { assessedOn: `${OLD_YEAR}-01-01` },
      { 'Idempotency-Key': randomUUID() },
    );
    context = await browser.newContext({
      baseURL: env('CONSOLE_BASE_URL'),
      locale: 'es-MX',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signIn(page, treasurer.username, treasurer.password);
  });
  test.afterAll(async () => {
    await context.close();
  });

  test('a payment in EUR settles an old year and leaves an advance: preview, then Record (a double click posts once)', async () => {
    const before = await memberStatus(MEMBER, STATUS_AS_OF);
    expect(before.outstanding).toBe('1000.00');
    await page.getByRole('navigation').getByRole('link', { name: 'Pagos' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Registrar un pago' })).toBeVisible();
    await expectAccessible(page, 'record a payment (es)');
    await screenshot(page, 'es-payments-01-record');

    const form = page.locator('form');
    await fillPayment(form, {
      amount: '1500.00',
      currency: 'EUR',
      rate: '1.1',
      receivedOn: '2032-03-15',
      reference: 'TRF ISL 2032-001',
    });
    await form.getByRole('button', { name: 'Vista previa' }).click();

    const preview = page.getByRole('region', { name: 'Vista previa: nada se ha registrado todavía' });
    await expect(preview).toBeVisible();
    await expect(preview.locator('[data-table="settles"] [data-year="2031"] [data-amount]')).toHaveText('1,000.00');
    await expect(preview.locator('[data-advance]')).toHaveAttribute('data-advance', '650.00');
    await expect(preview.locator('[data-entry] [data-line^="debit-"]')).toHaveCount(1);
    await expect(preview.locator('[data-entry] [data-line="credit-1100"]')).toContainText('1,000.00');
    await expect(preview.locator('[data-conversion]')).toHaveText(/EUR\s1,500\.00 × 1\.1 = USD\s1,650\.00/);
    await expect(preview.locator('[data-entry] [data-line^="debit-"]')).toContainText('1,650.00');
    await expectAccessible(page, 'payment preview (es)');
    await screenshot(page, 'es-payments-02-preview');
    // The preview wrote nothing.
    expect((await apiGet<PaymentPage>(`/v1/payments?member=${MEMBER}`)).items).toHaveLength(0);

    await preview.getByRole('button', { name: 'Registrar' }).click();
    const dialog = page.getByRole('dialog', { name: /Registrar el pago de ISL/ });
    await expect(dialog).toBeVisible();
    await screenshot(page, 'es-payments-03-confirm');
    await dialog.getByRole('button', { name: 'Registrar el pago' }).dblclick();

    await expect(page).toHaveURL(/\/pagos\/[0-9a-f-]{36}$/);
    paymentId = page.url().split('/').pop() ?? '';
    await expect(page.locator('[data-done]')).toHaveText('Pago registrado.');
    await expect(page.locator('[data-table="allocations"] [data-year="2031"] [data-amount]')).toHaveText('1,000.00');
    await expect(page.locator('[data-figure="advance"]')).toContainText('650.00');
    await expectAccessible(page, 'payment (es)');
    await screenshot(page, 'es-payments-04-recorded');

    // Through the API: posted once; the status moved by exactly this payment; the ledger is sound.
    const payments = await apiGet<PaymentPage>(`/v1/payments?member=${MEMBER}`);
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({
      id: paymentId,
      amountBase: '1650.00',
      advance: '650.00',
      allocations: [{ fiscalYear: 2031, amount: '1000.00' }],
    });
    const after = await memberStatus(MEMBER, STATUS_AS_OF);
    expect(minus(after.paid, before.paid)).toBe('1000.00');
    expect(minus(after.advance, before.advance)).toBe('650.00');
    expect(minus(before.outstanding, after.outstanding)).toBe('1000.00');
    expect(after.years.find((y) => y.fiscalYear === OLD_YEAR)?.outstanding).toBe('0.00');
    await expectLedgerSound();

    await page.getByRole('link', { name: 'Ver el estado de cuenta de ISL' }).click();
    await expect(page).toHaveURL(/\/estado\/ISL/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Islandia');
  });

  test('refusals in words: a closed period, an amount the currency does not allow', async () => {
    await page.goto('/pagos');
    const form = page.locator('form');
    await fillPayment(form, {
      amount: '10.00',
      currency: 'USD',
      receivedOn: '2004-06-01',
      reference: 'TRF ISL closed',
    });
    await form.getByRole('button', { name: 'Vista previa' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'El ejercicio fiscal de esa fecha está cerrado' });
    await expect(alert).toBeVisible();
    await screenshot(page, 'es-payments-05-refused-closed-period');

    await form.getByLabel('Fecha de recepción').fill('2032-04-01');
    await form.getByLabel('Importe recibido').fill('10.005');
    await form.getByRole('button', { name: 'Vista previa' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Revise los campos marcados.' })).toBeVisible();
    await expect(form.getByLabel('Importe recibido')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('El servidor no acepta este valor.')).toBeVisible();
    await expectAccessible(page, 'payment refused (es)');
    await screenshot(page, 'es-payments-06-refused-amount');
    expect((await apiGet<PaymentPage>(`/v1/payments?member=${MEMBER}`)).items).toHaveLength(1);
  });

  test('the payment page in English; the reversal with a reason takes back what it settled', async () => {
    await page.goto(`/pagos/${paymentId}`);
    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.mouse.move(640, 850); // off the language button: axe reads its colours at rest
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Payment of ISL of 15 March 2032/);
    await expectAccessible(page, 'payment (en)');
    await screenshot(page, 'en-payments-04-recorded');
    await page.goto('/pagos');
    await expect(page.getByRole('heading', { level: 1, name: 'Record a payment' })).toBeVisible();
    await screenshot(page, 'en-payments-01-record');
    await page.getByRole('button', { name: TO_SPANISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');

    await page.goto(`/pagos/${paymentId}`);
    await page.getByRole('button', { name: 'Revertir el pago' }).click();
    const dialog = page.getByRole('dialog', { name: /Revertir el pago/ });
    await dialog.getByLabel('Fecha de la reversión').fill('2032-04-10');
    await dialog.getByLabel('Motivo').fill('Transferencia devuelta por el banco');
    await screenshot(page, 'es-payments-07-reversal');
    await dialog.getByRole('button', { name: 'Revertir el pago' }).click();
    await expect(page.locator('[data-done]')).toContainText(
      /Pago revertido\. Vuelve a estar pendiente: 2031: USD\s1,000\.00/,
    );
    await expect(page.locator('[data-reversed]')).toContainText('Transferencia devuelta por el banco');
    await screenshot(page, 'es-payments-08-reversed');

    const detail = await apiGet<{ reversal: { reason: string } | null; allocations: unknown[]; advance: string }>(
      `/v1/payments/${paymentId}`,
    );
    expect(detail.reversal?.reason).toBe('Transferencia devuelta por el banco');
    const status = await memberStatus(MEMBER, STATUS_AS_OF);
    expect(status).toMatchObject({ outstanding: '1000.00', advance: '0.00' });
    await expectLedgerSound();
  });

  test('a viewer sees no payment page and the server refuses a viewer’s payment', async ({ browser }) => {
    const viewerContext = await browser.newContext({ baseURL: env('CONSOLE_BASE_URL'), locale: 'es-MX' });
    const viewer = await viewerContext.newPage();
    await signIn(viewer, env('CONSOLE_USERNAME'), env('CONSOLE_PASSWORD'));
    await expect(viewer.getByRole('navigation').getByRole('link', { name: 'Pagos' })).toHaveCount(0);
    await viewer.goto('/pagos');
    await expect(viewer.locator('form')).toHaveCount(0);
    const refused = await viewer.evaluate(async () => {
      const res = await fetch('/v1/payments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch', 'Idempotency-Key': 'viewer-try-1' },
        body: JSON.stringify({
          member: 'ISL',
          amount: '1.00',
          currency: 'USD',
          receivedOn: '2032-05-01',
          reference: 'viewer',
        }),
      });
      return res.status;
    });
    expect(refused).toBe(403);
    await viewerContext.close();
  });
});
