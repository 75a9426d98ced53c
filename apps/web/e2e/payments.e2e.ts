import type { BrowserContext, Locator, Page } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { apiGet, consoleContext, env, expect, expectAccessible, screenshot, test } from './fixtures';

/**
 * The Technical Secretariat's payments, budgets and assessments, and expenditures, through the
 * console as a secretariat user, each then checked through the API. The data are the test's own:
 * a member (ISL) and fiscal years (2031–2032 for payments) no other test uses.
 */
const MEMBER = 'ISL';
const OTHER_MEMBER = 'NOR';
const BUDGET_YEAR = 2037;
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
    await apiOk('POST', '/v1/members', {
      code: OTHER_MEMBER,
      name: 'Norway',
      nameEs: 'Noruega',
      joinedOn: '2000-01-01',
    });
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
    context = await consoleContext(browser);
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

  test('a budget with its scale pasted from a spreadsheet (the sum shown as typed), its assessment previewed and posted, and the notices', async () => {
    test.slow();
    await page.goto('/tablero');
    await page.getByRole('navigation').getByRole('link', { name: 'Presupuestos y cuotas' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Presupuestos y cuotas' })).toBeVisible();
    await expect(page.locator('[data-table="budgets"] [data-year="2005"]')).toBeVisible();
    await expectAccessible(page, 'budgets (es)');
    await screenshot(page, 'es-budgets-01-list');

    await page.getByRole('link', { name: 'Nuevo presupuesto' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nuevo presupuesto' })).toBeVisible();
    const form = page.locator('form');
    await form.getByLabel('Ejercicio').fill(String(BUDGET_YEAR));
    await form.getByLabel('Reunión que lo aprobó').fill('Reunión Viceministerial de prueba');
    await form.getByLabel('Fecha de la aprobación').fill('2036-11-15');
    await form.getByLabel('Referencia de la decisión').fill('RVM-2036/4');
    await form.getByLabel('Código de la línea 1').fill('PERSONAL');
    await form.getByLabel('Nombre de la línea 1').fill('Personal de la Secretaría');
    await form.getByLabel('Importe de la línea 1 (USD)').fill('50000.00');
    await form.getByRole('button', { name: 'Añadir una línea' }).click();
    await form.getByLabel('Código de la línea 2').fill('REUNIONES');
    await form.getByLabel('Nombre de la línea 2').fill('Reuniones');
    await form.getByLabel('Importe de la línea 2 (USD)').fill('30000.00');
    await expect(form.locator('[data-budget-total]')).toHaveAttribute('data-budget-total', '80000.00');

    // Pasted from a spreadsheet (tab, decimal comma) and typed (semicolon): the sum as it stands.
    const scale = form.getByLabel('Escala de cuotas');
    await scale.fill(`Miembro\tCuota\n${MEMBER}\t62,5\n${OTHER_MEMBER};30`);
    await expect(form.locator('[data-scale-state]')).toHaveAttribute('data-scale-state', 'short');
    await expect(form.locator('[data-scale-state]')).toContainText('Falta 7.5 % para llegar a 100 %.');
    await expect(form.getByText('Línea 1 no leída')).toBeVisible();
    await screenshot(page, 'es-budgets-02-scale-short');
    await scale.fill(`${MEMBER}\t62,5\n${OTHER_MEMBER};37.5`);
    await expect(form.locator('[data-scale-state]')).toHaveAttribute('data-scale-state', 'complete');
    await expect(form.locator('[data-scale-sum]')).toHaveAttribute('data-scale-sum', '100.0');
    await expectAccessible(page, 'new budget (es)');
    await screenshot(page, 'es-budgets-03-new');

    await form.getByRole('button', { name: 'Registrar el presupuesto' }).click();
    const dialog = page.getByRole('dialog', { name: `Registrar el presupuesto ${BUDGET_YEAR}` });
    await expect(dialog).toContainText('80,000.00');
    await dialog.getByRole('button', { name: 'Registrar el presupuesto' }).click();
    await expect(page).toHaveURL(new RegExp(`/presupuestos/${BUDGET_YEAR}$`));
    await expect(page.locator('[data-table="scale"] [data-member="ISL"] [data-amount]')).toHaveText('50,000.00');
    await expect(page.locator('[data-table="scale"] [data-member="NOR"] [data-amount]')).toHaveText('30,000.00');

    const assess = page.getByRole('region', { name: 'Emitir las cuotas' });
    await assess.getByRole('button', { name: 'Vista previa de las cuotas' }).click();
    await expect(assess.locator('[data-table="assessment-preview"] [data-member="ISL"] [data-amount]')).toHaveText(
      '50,000.00',
    );
    await expect(assess.locator('[data-table="assessment-preview"] [data-member="NOR"] [data-amount]')).toHaveText(
      '30,000.00',
    );
    expect(
      (await apiGet<{ current: { assessed: unknown } }>(`/v1/budgets/${BUDGET_YEAR}`)).current.assessed,
    ).toBeNull();
    await expectAccessible(page, 'budget and assessment preview (es)');
    await screenshot(page, 'es-budgets-04-assessment-preview');
    await assess.getByRole('button', { name: 'Emitir las cuotas' }).click();
    const confirm = page.getByRole('dialog', { name: `Emitir las cuotas ${BUDGET_YEAR}` });
    await expect(confirm).toContainText('80,000.00');
    await confirm.getByRole('button', { name: 'Emitir las cuotas' }).click();
    await expect(page.locator('[data-assessed]')).toHaveAttribute('data-assessed', `${BUDGET_YEAR}-01-01`);
    await expectAccessible(page, 'budget assessed (es)');
    await screenshot(page, 'es-budgets-05-assessed');

    // Through the API: the budget as typed, assessed once, in the status of contributions.
    const budget = await apiGet<{
      current: {
        total: string;
        lines: { code: string; amount: string }[];
        scale: { member: string; share: string; assessment: string }[];
        assessed: { assessedOn: string } | null;
      };
    }>(`/v1/budgets/${BUDGET_YEAR}`);
    expect(budget.current).toMatchObject({
      total: '80000.00',
      lines: [
        { code: 'PERSONAL', amount: '50000.00' },
        { code: 'REUNIONES', amount: '30000.00' },
      ],
      assessed: { assessedOn: `${BUDGET_YEAR}-01-01` },
    });
    expect(budget.current.scale.map((s) => [s.member, s.share, s.assessment])).toEqual([
      [MEMBER, '62.5', '50000.00'],
      [OTHER_MEMBER, '37.5', '30000.00'],
    ]);
    const nor = await memberStatus(OTHER_MEMBER, `${BUDGET_YEAR}-12-31`);
    expect(nor.years.find((y) => y.fiscalYear === BUDGET_YEAR)).toMatchObject({
      assessed: '30000.00',
      outstanding: '30000.00',
    });
    await expectLedgerSound();

    for (const [label, lang] of [
      ['Aviso de NOR en español (PDF)', 'es'],
      ['Aviso de NOR en inglés (PDF)', 'en'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        new RegExp(`^assessment-notice-nor-${BUDGET_YEAR}.*-${lang}\\.pdf$`),
      );
      const file = await download.path();
      const head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
      expect(head, `notice ${lang}`).toBe('%PDF-');
    }
  });

  test('an expenditure of the general fund on a budget line, and the budget execution', async () => {
    await page.goto('/tablero');
    await page.getByRole('navigation').getByRole('link', { name: 'Gastos' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Gastos y ejecución del presupuesto' })).toBeVisible();
    await page.getByLabel('Ejercicio').fill(String(BUDGET_YEAR));
    const execution = page.locator('[data-table="execution"]');
    await expect(execution.locator('[data-line="PERSONAL"] [data-available]')).toHaveText('50,000.00');
    const before = await apiGet<{ lines: { code: string; spent: string; available: string }[] }>(
      `/v1/reports/budget-execution?fiscalYear=${BUDGET_YEAR}`,
    );

    const record = page.getByRole('region', { name: 'Registrar un gasto' });
    await record.getByLabel('Fecha').fill(`${BUDGET_YEAR}-03-10`);
    await record.getByLabel('Línea del presupuesto').selectOption('PERSONAL');
    const expense = await apiGet<{ code: string; type: string; active: boolean }[]>('/v1/accounts');
    await record
      .getByLabel('Cuenta de gasto')
      .selectOption(expense.find((a) => a.type === 'expense' && a.active)?.code ?? '');
    await record.getByLabel('Importe').fill('1250.50');
    await record.getByLabel('Beneficiario').fill('Consultora de prueba S.A.');
    await record.getByLabel('Descripción').fill('Honorarios de marzo');
    await record.getByRole('button', { name: 'Vista previa' }).click();
    await expect(record.locator('[data-preview]')).toContainText(
      /Disponible en la línea después del gasto: USD\s48,749\.50/,
    );
    await expectAccessible(page, 'expenditures (es)');
    await screenshot(page, 'es-expenditures-01-preview');
    await record.getByRole('button', { name: 'Registrar el gasto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Registrar el gasto' });
    await dialog.getByRole('button', { name: 'Registrar el gasto' }).dblclick();
    await expect(record.locator('[data-done]')).toContainText('Gasto registrado');
    await expect(execution.locator('[data-line="PERSONAL"] [data-spent]')).toHaveText('1,250.50');
    await expect(execution.locator('[data-line="PERSONAL"] [data-available]')).toHaveText('48,749.50');
    await screenshot(page, 'es-expenditures-02-recorded');

    const after = await apiGet<{ lines: { code: string; spent: string; available: string }[] }>(
      `/v1/reports/budget-execution?fiscalYear=${BUDGET_YEAR}`,
    );
    const line = (r: typeof after, code: string) => r.lines.find((l) => l.code === code);
    expect(minus(line(after, 'PERSONAL')?.spent ?? '0.00', line(before, 'PERSONAL')?.spent ?? '0.00')).toBe('1250.50');
    expect(line(after, 'REUNIONES')).toEqual(line(before, 'REUNIONES'));
    const list = await apiGet<{ items: { payee: string }[] }>(`/v1/expenditures?fiscalYear=${BUDGET_YEAR}`);
    expect(list.items.filter((e) => e.payee === 'Consultora de prueba S.A.')).toHaveLength(1);
    await expectLedgerSound();

    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.mouse.move(640, 850);
    await expect(page.getByRole('heading', { level: 1, name: 'Expenditures and budget execution' })).toBeVisible();
    await expectAccessible(page, 'expenditures (en)');
    await screenshot(page, 'en-expenditures-01');
    await page.getByRole('button', { name: TO_SPANISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });

  test('a viewer sees no payment page and the server refuses a viewer’s payment', async ({ browser }) => {
    const viewerContext = await consoleContext(browser);
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
