import type { Browser, BrowserContext, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { apiGet, consoleContext, env, expect, expectAccessible, screenshot, test } from './fixtures';
import { ROOT } from './global-setup';

/**
 * The Technical Secretariat's bank work in a real browser, on the shared API: a bank account of
 * its own (so nothing another test reads changes), a camt.053 statement built here, automatic
 * and manual matching, a bank charge recorded from its line, the reconciliation prepared by one
 * secretariat person and signed off by another — then checked through the API. The year-end
 * close runs on an API of its own: closing a year locks every year before it, and the shared
 * data's first open year (2005) is the one the other tests post into.
 */
const AS_OF = '2025-03-31';
const BANK = 'E2E-CAMT';
const IBAN = 'CR05E2E000000000000001';
const PW = (): string => `pw-${randomBytes(12).toString('hex')}`;
const preparer = { username: 'tesorera.banco.e2e', displayName: 'Tesorera de banco', password: PW() };
const reviewer = { username: 'revisora.banco.e2e', displayName: 'Revisora de banco', password: PW() };

interface Reconciliation {
  reconciled: boolean;
  difference: string;
  statementBalance: string;
  ledgerBalance: string;
  unmatchedStatementLines: unknown[];
  unmatchedLedgerItems: unknown[];
}
interface SignOff {
  preparedBy: string;
  reviewedBy: string;
  asOf: string;
  reconciled: boolean;
  difference: string;
  preparationId: string | null;
}
interface Match {
  rule: string;
  status: string;
}

async function send(base: string, token: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Promise<Response>, status: number): Promise<unknown> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`${r.url} answered ${r.status}, expected ${status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** A camt.053 message: this account's statement, and one of another account (skipped on import). */
function camt053(
  account: string,
  entries: { amount: string; credit: boolean; date: string; ref: string; text: string; noStatus?: boolean }[],
  opening: string,
  closing: string,
  from: string,
  to: string,
  otherAccount = true,
): string {
  const ntry = entries
    .map(
      (e) =>
        `<Ntry><Amt Ccy="USD">${e.amount}</Amt><CdtDbtInd>${e.credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>${e.noStatus ? '' : '<Sts>BOOK</Sts>'}` +
        `<BookgDt><Dt>${e.date}</Dt></BookgDt><ValDt><Dt>${e.date}</Dt></ValDt><AcctSvcrRef>${e.ref}-BNK</AcctSvcrRef>` +
        `<NtryDtls><TxDtls><Refs><EndToEndId>${e.ref}</EndToEndId></Refs><RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join('\n');
  const stmt = (id: string, acct: string, body: string, op: string, cl: string): string => `
    <Stmt><Id>${id}</Id><CreDtTm>${to}T20:00:00</CreDtTm>
      <FrToDt><FrDtTm>${from}T00:00:00</FrDtTm><ToDtTm>${to}T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><IBAN>${acct}</IBAN></Id><Ccy>USD</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${op}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${from}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${cl}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${to}</Dt></Dt></Bal>
      ${body}
    </Stmt>`;
  const other = `<Ntry><Amt Ccy="USD">75.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${to}</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>Other account</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>E2E-${account}-${to}</MsgId><CreDtTm>${to}T20:00:00</CreDtTm></GrpHdr>
    ${stmt(`${account}-${to}`, account, ntry, opening, closing)}
    ${otherAccount ? stmt(`OTHER-${to}`, 'CR05E2E999999999999999', other, '0.00', '75.00') : ''}
  </BkToCstmrStmt>
</Document>
`;
}

async function newContext(browser: Browser, baseURL: string, width = 1280): Promise<BrowserContext> {
  return consoleContext(browser, { baseURL, width });
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

async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(0);
}

test.describe.serial('web console, the bank: statements, matching, a charge and the sign-off', () => {
  let context: BrowserContext;
  let page: Page;
  const api = (): string => env('CONSOLE_API_URL');
  const admin = (): string => env('CONSOLE_ADMIN_TOKEN');

  test.beforeAll(async ({ browser }) => {
    for (const p of [preparer, reviewer]) {
      await ok(send(api(), admin(), 'POST', '/v1/users', { ...p, role: 'secretariat' }), 201);
    }
    await ok(send(api(), admin(), 'POST', '/v1/accounts', { code: '1019', name: 'Bank — browser test account', type: 'asset' }), 201);
    await ok(
      send(api(), admin(), 'POST', '/v1/bank-accounts', { code: BANK, name: 'Cuenta de prueba camt', currency: 'USD', ledgerAccount: '1019', accountNumber: IBAN }),
      201,
    );
    // A donation received into the account, already in the ledger: the statement's first line.
    await ok(
      send(
        api(),
        admin(),
        'POST',
        '/v1/journal-entries',
        {
          date: '2025-03-03',
          description: 'Donativo recibido E2E-DON-001',
          lines: [
            { account: '1019', fund: 'GEN', side: 'debit', amount: '5000.00' },
            { account: '4900', fund: 'GEN', side: 'credit', amount: '5000.00' },
          ],
        },
        { 'Idempotency-Key': `bank-e2e-${randomBytes(6).toString('hex')}` },
      ),
      201,
    );
    context = await newContext(browser, env('CONSOLE_BASE_URL'));
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context.close();
  });

  test('a camt.053 statement dropped on the page: lines imported, a duplicate on the second try, the other account skipped, warnings', async () => {
    await signIn(page, preparer.username, preparer.password);
    await page.getByRole('navigation').getByRole('link', { name: 'Banco y conciliación' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Banco y conciliación' })).toBeVisible();
    await page.getByLabel('Cuenta bancaria').selectOption(BANK);
    await expect(page).toHaveURL(new RegExp(`cuenta=${BANK}`));
    await page.getByLabel('Al', { exact: true }).fill(AS_OF);
    await expect(page).toHaveURL(new RegExp(`cuenta=${BANK}.*asOf=${AS_OF}|asOf=${AS_OF}.*cuenta=${BANK}`));
    await expect(page.locator('[data-reconciled]')).toHaveText('No conciliada');

    const xml = camt053(
      IBAN,
      [
        { amount: '5000.00', credit: true, date: '2025-03-03', ref: 'E2E-DON-001', text: 'Donativo recibido' },
        { amount: '12.50', credit: false, date: '2025-03-31', ref: 'COM-2025-03', text: 'Comisión de mantenimiento', noStatus: true },
      ],
      '0.00',
      '4987.50',
      '2025-03-01',
      AS_OF,
    );
    // Dropped on the zone as a browser drops a file: a DataTransfer holding it.
    const drop = await page.evaluateHandle(
      ({ text, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'application/xml' }));
        return dt;
      },
      { text: xml, name: 'extracto-marzo-2025.xml' },
    );
    await page.locator('[data-dropzone]').dispatchEvent('drop', { dataTransfer: drop });
    await expect(page.getByText('Archivo elegido: extracto-marzo-2025.xml')).toBeVisible();
    await expect(page.getByLabel('Formato')).toHaveValue('camt053');
    await page.getByRole('button', { name: 'Importar el extracto' }).click();
    const summary = page.locator('[data-import]');
    await expect(summary.locator('[data-import-lines]')).toHaveText('2');
    await expect(summary.locator('[data-import-duplicates]')).toHaveText('0');
    await expect(summary).toContainText('Cuenta CR05E2E999999999999999: 1 extracto(s), 1 línea(s)');
    await expect(summary.locator('[data-import-warnings]')).toBeVisible();
    await expect(page.locator('[data-line]')).toHaveCount(2);
    await expectAccessible(page, 'bank after an import (es)');
    await screenshot(page, 'es-bank-01-imported');

    // The same file again (through the file input this time): every line a duplicate, nothing stored twice.
    await page.locator('#statement-file').setInputFiles({ name: 'extracto-marzo-2025.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.getByRole('button', { name: 'Importar el extracto' }).click();
    await expect(summary.locator('[data-import-duplicates]')).toHaveText('2');
    await expect(summary.locator('[data-import-lines]')).toHaveText('0');
    await expect(page.locator('[data-line]')).toHaveCount(2);
  });

  test('auto-match, then a match undone and made again by hand from its suggestion', async () => {
    await page.getByRole('button', { name: 'Conciliar automáticamente' }).click();
    await expect(page.getByText('Conciliación automática: 1 coincidencia(s) nuevas.')).toBeVisible();
    await expect(page.locator('[data-line]')).toHaveCount(1);
    await expect(page.locator('[data-posting]')).toHaveCount(0);
    await expect(page.locator('[data-table="matches"] tbody tr')).toHaveCount(1);
    await screenshot(page, 'es-bank-02-auto-matched');

    await page.locator('[data-table="matches"] tbody tr').first().getByRole('button', { name: 'Deshacer' }).click();
    await page.getByRole('dialog').getByLabel('Motivo').fill('Revisión manual de la prueba');
    await page.getByRole('dialog').getByRole('button', { name: 'Deshacer' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('[data-line]')).toHaveCount(2);
    await expect(page.locator('[data-posting]')).toHaveCount(1);

    await page.locator('[data-reference="E2E-DON-001"]').getByRole('button', { name: /^Sugerencia: Donativo recibido E2E-DON-001/ }).click();
    await expect(page.locator('[data-selection-totals]')).toHaveText('Elegidas: banco 5,000.00 · libro 5,000.00');
    await expectAccessible(page, 'bank side by side (es)');
    await screenshot(page, 'es-bank-03-side-by-side');
    await page.getByRole('button', { name: 'Conciliar lo elegido' }).click();
    await expect(page.getByText('Conciliado a mano.')).toBeVisible();
    await expect(page.locator('[data-line]')).toHaveCount(1);
    await expect(page.locator('[data-posting]')).toHaveCount(0);
  });

  test('the bank charge recorded from its line in one step, with the entry shown before it is posted', async () => {
    await page.locator('[data-reference="COM-2025-03"]').getByRole('button', { name: 'Registrar cargo o interés' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Cuenta de contrapartida')).toHaveValue('5500');
    await expect(dialog.getByLabel('Fondo')).toHaveValue('GEN');
    await dialog.getByRole('button', { name: 'Revisar el asiento' }).click();
    await expect(dialog.locator('[data-entry-preview]')).toContainText('Un cargo bancario de USD 12.50');
    await expect(dialog.locator('[data-entry-preview]')).toContainText('Débito 5500');
    await expectAccessible(page, 'record a bank charge (es)');
    await screenshot(page, 'es-bank-04-charge');
    await dialog.getByRole('button', { name: 'Registrar el asiento' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('[data-line]')).toHaveCount(0);
    await expect(page.locator('[data-reconciled]')).toHaveText('Conciliada');
    await expect(page.locator('[data-figure="difference"] [data-figure-value]')).toHaveText('0.00');
  });

  test('prepared by one person, who may not sign it off too; reviewed and signed by another', async () => {
    await page.getByRole('button', { name: 'Preparar para la firma al 31 de marzo de 2025' }).click();
    await expect(page.getByRole('dialog')).toContainText('Usted (Tesorera de banco) figura como quien la preparó');
    await page.getByRole('dialog').getByRole('button', { name: 'Preparar para la firma al 31 de marzo de 2025' }).click();
    await expect(page.getByText('Conciliación preparada; falta la revisión de otra persona.')).toBeVisible();
    const row = page.locator('[data-table="preparations"] tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Tesorera de banco');

    // The preparer tries to sign it off as well: the server refuses, the page says why.
    await row.getByRole('button', { name: 'Revisar y firmar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revisar y firmar' }).click();
    const refusal = page.getByRole('dialog').getByRole('alert');
    await expect(refusal).toContainText('Quien preparó la conciliación (Tesorera de banco) no puede revisarla: la firma otra persona.');
    await screenshot(page, 'es-bank-05-own-review-refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancelar' }).click();
    await signOut(page, preparer.displayName);

    await signIn(page, reviewer.username, reviewer.password);
    await page.goto(`/banco?cuenta=${BANK}&asOf=${AS_OF}`);
    await page.locator('[data-table="preparations"] tbody tr').getByRole('button', { name: 'Revisar y firmar' }).click();
    await expect(page.getByRole('dialog')).toContainText('Preparada por Tesorera de banco');
    await expect(page.getByRole('dialog')).toContainText('Usted (Revisora de banco) firma como revisor.');
    await page.getByRole('dialog').getByRole('button', { name: 'Revisar y firmar' }).click();
    await expect(page.getByText('Conciliación firmada.')).toBeVisible();
    const signed = page.locator('[data-table="sign-offs"] tbody tr');
    await expect(signed).toHaveCount(1);
    await expect(signed).toContainText('Tesorera de banco');
    await expect(signed).toContainText('Revisora de banco');
    await expectAccessible(page, 'bank signed off (es)');
    await screenshot(page, 'es-bank-06-signed-off');
  });

  test('checked through the API: reconciled, the charge posted and matched, signed off by the two people; the ledger sound', async () => {
    const rec = await apiGet<Reconciliation>(`/v1/reports/bank-reconciliation?bankAccount=${BANK}&asOf=${AS_OF}`);
    expect(rec).toMatchObject({ reconciled: true, difference: '0.00', statementBalance: '4987.50', ledgerBalance: '4987.50' });
    expect(rec.unmatchedStatementLines).toEqual([]);
    expect(rec.unmatchedLedgerItems).toEqual([]);
    const matches = await apiGet<Match[]>(`/v1/bank-accounts/${BANK}/matches?status=all`);
    expect(matches.filter((m) => m.status === 'active').map((m) => m.rule).sort()).toEqual(['entry', 'manual']);
    expect(matches.filter((m) => m.status === 'unmatched')).toHaveLength(1);
    const signOffs = await apiGet<SignOff[]>(`/v1/reports/bank-reconciliation/sign-offs?bankAccount=${BANK}`);
    expect(signOffs).toHaveLength(1);
    expect(signOffs[0]).toMatchObject({ asOf: AS_OF, preparedBy: preparer.displayName, reviewedBy: reviewer.displayName, reconciled: true, difference: '0.00' });
    expect(signOffs[0].preparationId).not.toBeNull();
    const trial = await apiGet<{ totals: { debit: string; credit: string } }>(`/v1/reports/trial-balance?asOf=${AS_OF}`);
    expect(trial.totals.debit).toBe(trial.totals.credit);
    expect((await apiGet<{ ok: boolean }>('/v1/ledger/verification')).ok).toBe(true);
  });

  test('in English, and at tablet width; a viewer sees no bank page and the API refuses them', async ({ browser }) => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bank and reconciliation' })).toBeVisible();
    await expect(page.locator('[data-reconciled]')).toHaveText('Reconciled');
    await page.mouse.move(0, 0); // not hovering the language button just clicked
    await expectAccessible(page, 'bank (en)');
    await screenshot(page, 'en-bank-01-reconciled');
    await page.getByRole('button', { name: /^(Español|View the console in Spanish)$/ }).click();
    await page.setViewportSize({ width: 768, height: 1000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Banco y conciliación' })).toBeVisible();
    await expectNoSideways(page, 'bank at 768 px');
    await screenshot(page, 'es-bank-07-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    const viewer = await newContext(browser, env('CONSOLE_BASE_URL'));
    const theirs = await viewer.newPage();
    await signIn(theirs, env('CONSOLE_USERNAME'), env('CONSOLE_PASSWORD'));
    await expect(theirs.getByRole('navigation').getByRole('link', { name: 'Tablero' })).toBeVisible();
    await expect(theirs.getByRole('navigation').getByRole('link', { name: 'Banco y conciliación' })).toHaveCount(0);
    await expect(theirs.getByRole('navigation').getByRole('link', { name: 'Cierre del ejercicio' })).toHaveCount(0);
    const refused = await theirs.evaluate(async (code) => {
      const r = await fetch(`/v1/bank-accounts/${code}/auto-match`, { method: 'POST', headers: { 'X-Requested-With': 'fetch' } });
      const p = await fetch('/v1/reports/bank-reconciliation/preparations', {
        method: 'POST',
        headers: { 'X-Requested-With': 'fetch', 'Content-Type': 'application/json' },
        body: JSON.stringify({ bankAccount: code, asOf: '2025-03-31' }),
      });
      return [r.status, p.status];
    }, BANK);
    expect(refused).toEqual([403, 403]);
    await viewer.close();
  });
});

// ------------------------------------------------------------------ year-end close, on an API of its own

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The built API on a fresh database of its own (no demo data): what a year-end close may lock. */
async function startOwnApi(): Promise<{ direct: string; base: string; admin: string; stop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `console_e2e_close_${randomBytes(4).toString('hex')}`;
  const onServer = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await onServer(`CREATE DATABASE "${database}"`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const port = await freePort();
  const admin = `clg_e2e_${randomBytes(24).toString('hex')}`;
  const log = fs.createWriteStream(path.join(ROOT, 'test-results', 'console-e2e-close-api.log'));
  const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), ADMIN_TOKEN: admin, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    log.end();
  };
  const direct = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 360; i++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${direct}/health`).then((r) => r.ok, () => false)) return { direct, base: `http://localhost:${port}`, admin, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('the year-end close API did not start: see test-results/console-e2e-close-api.log');
}

test.describe.serial('web console, the year-end close', () => {
  let own: Awaited<ReturnType<typeof startOwnApi>>;
  let context: BrowserContext;
  let page: Page;
  const treasurer = { username: 'cierre.e2e', displayName: 'Tesorera del cierre', password: PW() };

  test.beforeAll(async ({ browser }) => {
    own = await startOwnApi();
    await ok(send(own.direct, own.admin, 'POST', '/v1/users', { ...treasurer, role: 'secretariat' }), 201);
    await ok(
      send(
        own.direct,
        own.admin,
        'POST',
        '/v1/journal-entries',
        {
          date: '2024-06-10',
          description: 'Contribución voluntaria CLOSE-2024-01',
          lines: [
            { account: '1010', fund: 'GEN', side: 'debit', amount: '1000.00' },
            { account: '4900', fund: 'GEN', side: 'credit', amount: '1000.00' },
          ],
        },
        { 'Idempotency-Key': 'close-e2e-2024-01' },
      ),
      201,
    );
    context = await newContext(browser, own.base);
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context?.close();
    await own?.stop();
  });

  test('refused while the bank account is unreconciled at year end: the checklist says what and links to it', async () => {
    await signIn(page, treasurer.username, treasurer.password);
    await page.getByRole('navigation').getByRole('link', { name: 'Cierre del ejercicio' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cierre del ejercicio' })).toBeVisible();
    await expect(page.getByLabel('Ejercicio fiscal')).toHaveValue('2024');
    const bank = page.locator('[data-check="bank:OPERATING"]');
    await expect(bank).toHaveAttribute('data-ok', 'false');
    await expect(bank).toContainText('Pendiente');
    await expect(bank.getByRole('link', { name: 'Abrir la conciliación' })).toHaveAttribute('href', '/banco?cuenta=OPERATING&asOf=2024-12-31');
    for (const id of ['register-checks', 'trial-balance', 'chain']) {
      await expect(page.locator(`[data-check="${id}"]`)).not.toHaveAttribute('data-ok', 'loading');
    }
    await expect(page.locator('[data-ready]')).toHaveText('No se puede cerrar 2024 todavía: resuelva lo pendiente.');
    await expect(page.getByRole('button', { name: 'Cerrar el ejercicio 2024' })).toBeDisabled();
    await expectAccessible(page, 'year-end close, not ready (es)');
    await screenshot(page, 'es-year-end-01-not-ready');
    const years = (await ok(send(own.direct, own.admin, 'GET', '/v1/fiscal-years'), 200)) as { year: number; status: string }[];
    expect(years.find((y) => y.year === 2024)?.status).toBe('open');
  });

  test('once the account reconciles, the person confirms and the year is closed', async () => {
    // The bank's statement of the year, uploaded and matched as the bank page does it.
    const form = new FormData();
    form.append('format', 'camt053');
    form.append(
      'file',
      new Blob([camt053('OPERATING', [{ amount: '1000.00', credit: true, date: '2024-06-10', ref: 'CLOSE-2024-01', text: 'Contribución voluntaria' }], '0.00', '1000.00', '2024-06-01', '2024-06-30', false)]),
      'junio-2024.xml',
    );
    await ok(fetch(`${own.direct}/v1/bank-accounts/OPERATING/statements`, { method: 'POST', headers: { Authorization: `Bearer ${own.admin}` }, body: form }), 201);
    await ok(send(own.direct, own.admin, 'POST', '/v1/bank-accounts/OPERATING/auto-match'), 200);

    await page.reload();
    await expect(page.locator('[data-check="bank:OPERATING"]')).toHaveAttribute('data-ok', 'true');
    await expect(page.locator('[data-ready]')).toHaveText('Todo está listo para cerrar 2024.');
    await screenshot(page, 'es-year-end-02-ready');
    await page.getByRole('button', { name: 'Cerrar el ejercicio 2024' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('queda bloqueado para siempre');
    await expectAccessible(page, 'year-end close, confirmation (es)');
    await screenshot(page, 'es-year-end-03-confirm');
    await dialog.getByRole('button', { name: 'Sí, cerrar 2024' }).click();
    await expect(page.locator('[data-closed]')).toContainText('Ejercicio 2024 cerrado: 1 asiento(s) de cierre al 31 de diciembre de 2024.');
    await expect(page.getByText('Ejercicios cerrados: 2024')).toBeVisible();
    await screenshot(page, 'es-year-end-04-closed');

    const years = (await ok(send(own.direct, own.admin, 'GET', '/v1/fiscal-years'), 200)) as { year: number; status: string }[];
    expect(years.find((y) => y.year === 2024)?.status).toBe('closed');
    const trial = (await ok(send(own.direct, own.admin, 'GET', '/v1/reports/trial-balance?asOf=2024-12-31'), 200)) as { totals: { debit: string; credit: string } };
    expect(trial.totals.debit).toBe(trial.totals.credit);
    expect(((await ok(send(own.direct, own.admin, 'GET', '/v1/ledger/verification'), 200)) as { ok: boolean }).ok).toBe(true);
    // Locked: an entry dated in 2024 is refused now.
    const late = await send(own.direct, own.admin, 'POST', '/v1/journal-entries', {
      date: '2024-12-30',
      description: 'Too late',
      lines: [
        { account: '1010', fund: 'GEN', side: 'debit', amount: '1.00' },
        { account: '4900', fund: 'GEN', side: 'credit', amount: '1.00' },
      ],
    }, { 'Idempotency-Key': 'close-e2e-late' });
    expect(late.status).toBe(409);
  });
});
