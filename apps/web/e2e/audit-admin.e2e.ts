import type { Browser, BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { readManifest } from '../src/pages/audit/manifest';
import { readZipEntry } from '../src/pages/audit/zip';
import { apiGet, consoleContext, env, expect, expectAccessible, screenshot, test } from './fixtures';

/**
 * An auditor reads the ledger's proofs (hash chain, journal, trial balance, register checks,
 * exports, audit log) and an admin manages people and API tokens, on the demo data set. What the
 * pages show is compared with what the API answers.
 */
const AS_OF = '2005-06-30';
/** The language switch, named by what it shows (or by what it does). */
const TO_ENGLISH = /^(English|Ver la consola en inglés)$/;
const TO_SPANISH = /^(Español|View the console in Spanish)$/;
const GL_HEADER = 'sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash';

interface Verification {
  ok: boolean;
  entries: number;
  head: string;
}
interface JournalPage {
  items: { id: string; sequence: number; hash: string; lines: unknown[] }[];
  nextCursor: string | null;
}
interface TrialBalance {
  totals: { debit: string; credit: string };
  rows: unknown[];
}
interface RegisterChecks {
  ok: boolean;
  checks: { name: string; ok: boolean }[];
}
interface AuditLogPage {
  items: { action: string }[];
}

async function apiSend(method: string, route: string, body?: unknown, token = env('CONSOLE_ADMIN_TOKEN')): Promise<Response> {
  return fetch(`${env('CONSOLE_API_URL')}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createUser(username: string, role: string, password: string, displayName: string): Promise<void> {
  const res = await apiSend('POST', '/v1/users', { username, displayName, role, password });
  if (res.status !== 201) throw new Error(`POST /v1/users answered ${res.status}: ${await res.text()}`);
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/ingresar');
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/tablero/);
}

async function signOut(page: Page, displayName: string): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: new RegExp(displayName) }).click();
  await page.getByRole('menuitem', { name: /^(Cerrar sesión|Sign out)$/ }).click();
  await expect(page).toHaveURL(/\/ingresar/);
}

/** Nothing on the page is wider than the window (tables scroll inside their own box). */
async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(0);
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return consoleContext(browser);
}

test.describe.serial('web console, as an auditor and as an admin', () => {
  let context: BrowserContext;
  let page: Page;
  const auditor = { username: 'auditora.e2e', password: `pw-${randomBytes(12).toString('hex')}`, displayName: 'Auditora de prueba' };
  const admin = { username: 'admin.e2e', password: `pw-${randomBytes(12).toString('hex')}`, displayName: 'Administradora de prueba' };
  const newcomer = { username: 'tesorera.e2e', password: `pw-${randomBytes(12).toString('hex')}`, displayName: 'Tesorera de prueba' };

  test.beforeAll(async ({ browser }) => {
    await createUser(auditor.username, 'auditor', auditor.password, auditor.displayName);
    await createUser(admin.username, 'admin', admin.password, admin.displayName);
    context = await newContext(browser);
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context.close();
  });

  test('an auditor sees the auditors’ pages and not the admin ones; the hash chain verifies', async () => {
    await signIn(page, auditor.username, auditor.password);
    const nav = page.getByRole('navigation');
    for (const label of ['Verificación de la cadena', 'Libro diario', 'Balance de comprobación', 'Controles de registros', 'Exportaciones', 'Bitácora de auditoría']) {
      await expect(nav.getByRole('link', { name: label })).toBeVisible();
    }
    await expect(nav.getByRole('link', { name: 'Usuarios' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Tokens de API' })).toHaveCount(0);

    await nav.getByRole('link', { name: 'Verificación de la cadena' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Verificación de la cadena de hashes' })).toBeFocused();
    const verification = await apiGet<Verification>('/v1/ledger/verification');
    expect(verification.ok).toBe(true);
    await expect(page.locator('[data-verification="ok"]')).toHaveText('La cadena es íntegra');
    await expect(page.locator('[data-figure="entries"]')).toHaveText(String(verification.entries));
    await expect(page.locator('[data-figure="head"] [data-hash]')).toHaveText(verification.head);
    await expectAccessible(page, 'verification (es)');
    await screenshot(page, 'es-audit-01-verification');
  });

  test('the journal, filtered and paged, and one entry with its postings and hash', async () => {
    test.slow();
    await page.getByRole('navigation').getByRole('link', { name: 'Libro diario' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Libro diario' })).toBeVisible();

    // 25 entries a page: the next page and back.
    await page.getByLabel('Asientos por página').selectOption('25');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await expect(page).toHaveURL(/\/auditoria\/diario\?limit=25$/);
    const entries = page.locator('[data-table="journal"] tbody[data-entry]');
    const sequences = (): Promise<number[]> => entries.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-entry'))));
    const page1 = await apiGet<JournalPage>('/v1/journal-entries?limit=25');
    expect(page1.nextCursor).not.toBeNull();
    await expect(entries).toHaveCount(25);
    expect(await sequences()).toEqual(page1.items.map((e) => e.sequence));
    const page2 = await apiGet<JournalPage>(`/v1/journal-entries?limit=25&cursor=${page1.nextCursor}`);
    await page.getByRole('button', { name: 'Página siguiente' }).click();
    await expect(entries.first()).toHaveAttribute('data-entry', String(page2.items[0].sequence));
    expect(await sequences()).toEqual(page2.items.map((e) => e.sequence));
    await expect(page.getByText('Página 2', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Página anterior' }).click();
    await expect(entries.first()).toHaveAttribute('data-entry', String(page1.items[0].sequence));

    // Filters: the first half of 2005, general fund.
    await page.getByLabel('Desde').fill('2005-01-01');
    await page.getByLabel('Hasta').fill(AS_OF);
    await page.getByLabel('Fondo').selectOption('GEN');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await expect(page).toHaveURL(/from=2005-01-01&to=2005-06-30&fund=GEN&limit=25/);
    const first = await apiGet<JournalPage>(`/v1/journal-entries?from=2005-01-01&to=${AS_OF}&fund=GEN&limit=25`);
    expect(first.items.length).toBeGreaterThan(0);
    await expect(entries).toHaveCount(first.items.length);
    expect(await sequences()).toEqual(first.items.map((e) => e.sequence));
    for (const e of first.items.slice(0, 5)) {
      await expect(page.locator(`tbody[data-entry="${e.sequence}"] [data-hash]`)).toHaveText(e.hash);
      await expect(page.locator(`tbody[data-entry="${e.sequence}"] tr[data-line]`)).toHaveCount(e.lines.length);
    }
    await expectAccessible(page, 'journal (es)');
    await screenshot(page, 'es-audit-02-journal');

    // The keyboard opens an entry: its link, then Enter.
    const entry = first.items[0];
    const link = page.getByRole('link', { name: `Abrir el asiento nº ${entry.sequence}` });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Asiento nº ${entry.sequence}` })).toBeFocused();
    await expect(page.locator('[data-table="postings"] tbody tr')).toHaveCount(entry.lines.length);
    await expect(page.locator('#chain-title ~ * [data-hash]').last()).toHaveText(entry.hash);
    await expectAccessible(page, 'journal entry (es)');
    await screenshot(page, 'es-audit-03-entry');

    await page.getByRole('link', { name: '← Volver al libro diario' }).click();
    await expect(page).toHaveURL(/\/auditoria\/diario\?from=2005-01-01/);
  });

  test('the trial balance at a date, and the register checks', async () => {
    await page.goto(`/auditoria/balance-de-comprobacion?asOf=${AS_OF}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Balance de comprobación' })).toBeVisible();
    const tb = await apiGet<TrialBalance>(`/v1/reports/trial-balance?asOf=${AS_OF}`);
    await expect(page.locator('[data-table="trial-balance"] tbody tr')).toHaveCount(tb.rows.length);
    const digits = (s: string | null): string => (s ?? '').replace(/[\s\u00a0,]/g, '');
    expect(digits(await page.locator('[data-total="debit"]').textContent())).toBe(tb.totals.debit);
    expect(digits(await page.locator('[data-total="credit"]').textContent())).toBe(tb.totals.credit);
    await expectAccessible(page, 'trial balance (es)');
    await screenshot(page, 'es-audit-04-trial-balance');

    await page.getByRole('navigation').getByRole('link', { name: 'Controles de registros' }).click();
    await expect(page).toHaveURL(new RegExp(`/auditoria/controles\\?asOf=${AS_OF}$`));
    const checks = await apiGet<RegisterChecks>(`/v1/reports/reconciliation?asOf=${AS_OF}`);
    const rows = page.locator('[data-table="register-checks"] tbody tr[data-check]');
    await expect(rows).toHaveCount(checks.checks.length);
    for (const c of checks.checks) {
      await expect(page.locator(`tr[data-check="${c.name}"]`)).toHaveAttribute('data-ok', String(c.ok));
    }
    await expectAccessible(page, 'register checks (es)');
    await screenshot(page, 'es-audit-05-register-checks');
  });

  test('exports: the general ledger as CSV, and the audit package with its manifest on screen', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Exportaciones' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Exportaciones para auditoría' })).toBeVisible();

    await page.getByLabel('Desde').fill('2005-01-01');
    await page.getByLabel('Hasta').fill(AS_OF);
    let downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Descargar el libro mayor' }).click();
    const gl = await downloading;
    expect(gl.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync(await gl.path(), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe(GL_HEADER);
    expect(csv.split(/\r?\n/).filter((l) => l.trim()).length).toBeGreaterThan(1);

    // 2004 is the demo's closed year: the one offered first.
    await expect(page.getByLabel('Ejercicio fiscal')).toHaveValue('2004');
    downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Descargar el paquete' }).click();
    const pkg = await downloading;
    expect(pkg.suggestedFilename()).toBe('audit-package-2004.zip');
    const bytes = fs.readFileSync(await pkg.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const zip = new Blob([bytes]);
    const manifest = await readManifest(zip);
    expect(JSON.parse(new TextDecoder().decode(await readZipEntry(zip, 'manifest.json')))).toEqual(manifest);
    expect(manifest.fiscalYear).toBe(2004);

    const shown = page.locator('[data-manifest-of="audit-package-2004.zip"]');
    await expect(shown).toBeVisible();
    await expect(shown.locator('[data-manifest="fiscalYear"] [data-value]')).toHaveText('2004');
    await expect(shown.locator('[data-manifest="chainHead"] [data-hash]')).toHaveText(manifest.chainHead);
    await expect(shown.locator('[data-manifest="prevHashBeforeYear"] [data-hash]')).toHaveText(manifest.prevHashBeforeYear);
    await expect(shown.locator('[data-table="manifest-files"] tbody tr')).toHaveCount(manifest.files.length);
    for (const f of manifest.files) {
      await expect(shown.locator(`tr[data-file="${f.name}"] code`)).toHaveText(f.sha256);
    }
    await expectAccessible(page, 'exports with the manifest (es)');
    await screenshot(page, 'es-audit-06-exports');
  });

  test('the audit log, filtered by action, and paged', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Bitácora de auditoría' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bitácora de auditoría' })).toBeVisible();
    const all = await apiGet<AuditLogPage>('/v1/audit-log?limit=100');
    expect(all.items.length).toBeGreaterThan(0);
    await expect(page.locator('[data-table="audit-log"] tbody tr[data-log]')).toHaveCount(all.items.length);
    await expectAccessible(page, 'audit log (es)');
    await screenshot(page, 'es-audit-07-audit-log');

    await page.getByLabel('Acción (exacta)').fill('login');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await expect(page).toHaveURL(/action=login/);
    const logins = await apiGet<AuditLogPage>('/v1/audit-log?action=login&limit=100');
    expect(logins.items.length).toBeGreaterThan(0);
    const rows = page.locator('[data-table="audit-log"] tbody tr[data-log]');
    await expect(rows).toHaveCount(logins.items.length);
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))).toEqual(new Set(['login']));
  });

  test('the auditors’ pages in English', async () => {
    // Six pages, each checked by axe: more than the default time on a busy machine.
    test.slow();
    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const pages: [string, string, string][] = [
      ['Chain verification', 'Hash chain verification', 'en-audit-01-verification'],
      ['Journal', 'Journal', 'en-audit-02-journal'],
      ['Trial balance', 'Trial balance', 'en-audit-04-trial-balance'],
      ['Register checks', 'Register checks', 'en-audit-05-register-checks'],
      ['Exports', 'Exports for auditors', 'en-audit-06-exports'],
      ['Audit log', 'Audit log', 'en-audit-07-audit-log'],
    ];
    for (const [link, heading, shot] of pages) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, `${heading} (en)`);
      await screenshot(page, shot);
    }
    await page.goto('/auditoria/diario?limit=25');
    await page.locator('[data-table="journal"] tbody[data-entry] a').first().click();
    await expect(page.getByRole('heading', { level: 1, name: /^Entry no\. \d+$/ })).toBeVisible();
    await expectAccessible(page, 'journal entry (en)');
    await screenshot(page, 'en-audit-03-entry');
  });

  test('at tablet width the auditors’ tables scroll in their own box, not the page', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [path, shot] of [
      ['/auditoria/diario?limit=25', 'en-audit-08-journal-tablet'],
      [`/auditoria/balance-de-comprobacion?asOf=${AS_OF}`, 'en-audit-09-trial-balance-tablet'],
      ['/auditoria/bitacora', 'en-audit-10-audit-log-tablet'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectNoSideways(page, path);
      await screenshot(page, shot);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: TO_SPANISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await signOut(page, auditor.displayName);
  });

  test('an admin creates a person, who signs in; disabled, they are signed out and can no longer sign in', async ({ browser }) => {
    test.slow();
    await signIn(page, admin.username, admin.password);
    await page.getByRole('navigation').getByRole('link', { name: 'Usuarios' }).click();
    // The console puts the focus on the new page's title first.
    await expect(page.getByRole('heading', { level: 1, name: 'Usuarios' })).toBeFocused();

    // Keyboard only: open the dialog, fill it, submit it.
    // The list has loaded (the page no longer re-renders) before the button takes the focus.
    await expect(page.locator('[data-table="users"]')).toBeVisible();
    const create = page.getByRole('button', { name: 'Nuevo usuario' }).first();
    await create.focus();
    await expect(create).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Nuevo usuario' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Usuario')).toBeFocused();
    await page.keyboard.type(newcomer.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(newcomer.displayName);
    await dialog.getByLabel('Rol').selectOption('secretariat');
    await dialog.getByLabel('Contraseña inicial').fill(newcomer.password);
    await expectAccessible(page, 'new user dialog (es)');
    await screenshot(page, 'es-admin-02-new-user');
    await dialog.getByLabel('Contraseña inicial').press('Enter');
    await expect(dialog).toBeHidden();
    const row = page.locator(`[data-table="users"] tr[data-user="${newcomer.username}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('[data-column="role"]')).toHaveText('Secretaría Técnica');
    await expect(row).toHaveAttribute('data-disabled', 'false');

    // The new person signs in (in another browser).
    const theirs = await newContext(browser);
    const theirPage = await theirs.newPage();
    await signIn(theirPage, newcomer.username, newcomer.password);
    await expect(theirPage.getByRole('banner').getByRole('button', { name: new RegExp(newcomer.displayName) })).toBeVisible();

    // The role changes, then the person is disabled.
    await row.getByRole('button', { name: `Acciones para ${newcomer.username}` }).click();
    await page.getByRole('menuitem', { name: 'Cambiar el rol' }).click();
    const roleDialog = page.getByRole('dialog', { name: `Cambiar el rol de ${newcomer.displayName}` });
    await roleDialog.getByLabel('Rol').selectOption('viewer');
    await roleDialog.getByRole('button', { name: 'Guardar' }).click();
    await expect(row.locator('[data-column="role"]')).toHaveText('Delegación');

    await row.getByRole('button', { name: `Acciones para ${newcomer.username}` }).click();
    await page.getByRole('menuitem', { name: 'Deshabilitar' }).click();
    const disableDialog = page.getByRole('dialog', { name: `Deshabilitar a ${newcomer.displayName}` });
    await expect(disableDialog).toBeVisible();
    await expectAccessible(page, 'disable dialog (es)');
    await disableDialog.getByRole('button', { name: 'Deshabilitar' }).click();
    await expect(row).toHaveAttribute('data-disabled', 'true');
    await expect(row.locator('[data-column="status"]')).toHaveText('Deshabilitado');
    await expectAccessible(page, 'users (es)');
    await screenshot(page, 'es-admin-01-users');

    // Their open session has ended, and signing in again is refused.
    await theirPage.goto('/estado');
    await expect(theirPage).toHaveURL(/\/ingresar\?next=/);
    await theirPage.getByLabel('Usuario').fill(newcomer.username);
    await theirPage.getByLabel('Contraseña').fill(newcomer.password);
    await theirPage.getByRole('button', { name: 'Entrar' }).click();
    await expect(theirPage.getByRole('alert')).toContainText('Usuario o contraseña incorrectos');
    await expect(theirPage).toHaveURL(/\/ingresar/);
    const login = await fetch(`${env('CONSOLE_API_URL')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: newcomer.username, password: newcomer.password }),
    });
    expect(login.status).toBe(401);
    await theirs.close();
  });

  test('an admin resets a password, shown once with a copy button', async () => {
    const row = page.locator(`[data-table="users"] tr[data-user="${auditor.username}"]`);
    await row.getByRole('button', { name: `Acciones para ${auditor.username}` }).click();
    await page.getByRole('menuitem', { name: 'Restablecer la contraseña' }).click();
    await page.getByRole('button', { name: 'Generar y guardar' }).click();
    const secret = page.locator('[data-secret]');
    await expect(secret).toHaveText(/^[A-Za-z0-9_-]{24}$/);
    const password = (await secret.textContent())!;
    await expect(page.getByRole('button', { name: 'Copiar' })).toBeVisible();
    await expectAccessible(page, 'new password dialog (es)');
    await screenshot(page, 'es-admin-03-password-reset');
    await page.getByRole('button', { name: 'Cerrar', exact: true }).click();

    const old = await fetch(`${env('CONSOLE_API_URL')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: auditor.username, password: auditor.password }),
    });
    expect(old.status).toBe(401);
    const fresh = await fetch(`${env('CONSOLE_API_URL')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: auditor.username, password }),
    });
    expect(fresh.status).toBe(200);
  });

  test('an admin creates an API token, sees its secret once, and revokes it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Tokens de API' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tokens de API' })).toBeVisible();
    await page.getByRole('button', { name: 'Nuevo token' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nuevo token de API' });
    await dialog.getByLabel('Nombre').fill('Conciliación nocturna e2e');
    await dialog.getByLabel('Rol').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Crear el token' }).click();

    const secretDialog = page.getByRole('dialog', { name: 'Secreto del token «Conciliación nocturna e2e»' });
    await expect(secretDialog).toBeVisible();
    const secret = (await secretDialog.locator('[data-secret]').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await expect(secretDialog.getByRole('button', { name: 'Copiar' })).toBeVisible();
    await expectAccessible(page, 'token secret dialog (es)');
    await screenshot(page, 'es-admin-05-token-secret');
    expect((await apiSend('GET', '/v1/fiscal-years', undefined, secret)).status).toBe(200);
    await secretDialog.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await expect(page.locator('[data-secret]')).toHaveCount(0);

    const row = page.locator('[data-table="tokens"] tr[data-token="Conciliación nocturna e2e"]');
    await expect(row).toHaveAttribute('data-revoked', 'false');
    await expectAccessible(page, 'tokens (es)');
    await screenshot(page, 'es-admin-04-tokens');
    await row.getByRole('button', { name: 'Revocar: Conciliación nocturna e2e' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revocar' }).click();
    await expect(row).toBeHidden();
    await page.getByLabel('Mostrar los revocados').check();
    await expect(row).toHaveAttribute('data-revoked', 'true');
    expect((await apiSend('GET', '/v1/fiscal-years', undefined, secret)).status).toBe(401);
  });

  test('the admin pages in English', async () => {
    await page.getByRole('button', { name: TO_ENGLISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    for (const [link, shot] of [
      ['Users', 'en-admin-01-users'],
      ['API tokens', 'en-admin-04-tokens'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: link })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, `${link} (en)`);
      await screenshot(page, shot);
    }
    await page.getByRole('button', { name: 'New token' }).first().click();
    await expect(page.getByRole('dialog', { name: 'New API token' })).toBeVisible();
    await expectAccessible(page, 'new token dialog (en)');
    await screenshot(page, 'en-admin-05-new-token');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: TO_SPANISH }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });
});
