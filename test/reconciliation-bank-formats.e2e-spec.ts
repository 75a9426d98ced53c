import { ZipArchive } from 'archiver';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Client } from 'pg';
import request from 'supertest';
import { expectLedgerSound } from './support/ledger-assertions';
import {
  fixture,
  reconciliationFootprint,
  SHARED_CAMT_SAMPLES,
  sharedSamplesPresent,
  uploadStatement,
} from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The Spanish-language bank's export: semicolons, decimal commas, Windows-1252, debit and credit columns, three title lines. */
const SPANISH_PROFILE = {
  delimiter: ';',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  dateFormat: 'DD/MM/YYYY',
  encoding: 'windows-1252',
  skipRows: 3,
  columns: {
    date: 'Fecha',
    description: 'Concepto',
    reference: 'Referencia',
    debit: 'Débito',
    credit: 'Crédito',
    balance: 'Saldo',
  },
};

/** One day's MT940 statement of the GAPS account: 1,000.00 in on day 1, 250.00 out on day 2, 40.00 in on day 3. */
function dailyMt940(day: 1 | 2 | 3): Buffer {
  const days = {
    1: { opening: '5000,00', line: '240601C1000,00NTRFIN-0601//B0601', closing: '6000,00' },
    2: { opening: '6000,00', line: '240602D250,00NTRFOUT-0602//B0602', closing: '5750,00' },
    3: { opening: '5750,00', line: '240603C40,00NTRFIN-0603//B0603', closing: '5790,00' },
  }[day];
  return Buffer.from(
    [
      `:20:DAILY-${day}`,
      ':25:GT82TRAJ01020000001210029690',
      `:28C:0000${day}/1`,
      `:60F:C24060${day - 1 || 1}USD${days.opening}`,
      `:61:${days.line}`,
      `:86:/REMI/DAY ${day}`,
      `:62F:C24060${day}USD${days.closing}`,
      '-',
    ].join('\r\n'),
  );
}

describe('reconciliation: statements as banks send them (MT940, the bank’s own CSV and XLSX)', () => {
  let t: TestApp;
  let db: Client;
  let dir: string;

  const patch = (code: string, body: object) =>
    request(t.http)
      .patch(`/v1/bank-accounts/${code}`)
      .set('Authorization', `Bearer ${t.tokens.secretariat}`)
      .send(body);
  const report = async (code: string, asOf: string) =>
    (await t.as('viewer').get(`/v1/reports/bank-reconciliation?bankAccount=${code}&asOf=${asOf}`).expect(200)).body;

  /** Each statement of an import, as stored: its balances, and whether its opening plus the lines stored under it give its closing. */
  async function storedStatements(
    importId: string,
  ): Promise<[string | null, string | null, string | null, number, boolean | null][]> {
    const { rows } = await db.query(
      `SELECT s.statement_ref, s.opening_balance::text AS opening, s.closing_balance::text AS closing, s.lines_stored,
              s.opening_balance + coalesce((SELECT sum(CASE WHEN l.direction = 'credit' THEN l.amount ELSE -l.amount END)
                                              FROM statement_lines l WHERE l.statement_id = s.id AND NOT l.foreign_currency), 0)
                = s.closing_balance AS adds_up
         FROM bank_statements s WHERE s.import_id = $1 ORDER BY s.position`,
      [importId],
    );
    return rows.map((r) => [r.statement_ref, r.opening, r.closing, r.lines_stored, r.adds_up]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    dir = mkdtempSync(path.join(tmpdir(), 'bank-formats-'));
    for (const [code, name] of [
      ['1021', 'Bank — Banco del Istmo'],
      ['1022', 'Bank — Banco Salvadoreño'],
      ['1023', 'Bank — Banco Centroamericano de Fomento'],
      ['1024', 'Bank — Fomento XLSX'],
      ['1025', 'Bank — Guatemala daily'],
      ['1026', 'Bank — no number'],
      ['1027', 'Bank — Banco Central de Reserva'],
      ['1028', 'Bank — EUR (third-party samples)'],
      ['1029', 'Bank — paginated camt'],
    ]) {
      await t.as('admin').post('/v1/accounts', { code, name, type: 'asset' }).expect(201);
    }
    const account = (code: string, ledgerAccount: string, extra: object = {}) =>
      t
        .as('secretariat')
        .post('/v1/bank-accounts', { code, name: code, currency: 'USD', ledgerAccount, ...extra })
        .expect(201);
    await account('ISTMO', '1021', { accountNumber: 'CR05 0152 0200 1026 2840 66' });
    await account('SALVADOR', '1022');
    await account('FOMENTO', '1023');
    await account('FOMENTO-XLSX', '1024');
    await account('GAPS', '1025', { accountNumber: 'GT82 TRAJ 0102 0000 0012 1002 9690' });
    await account('NO-NUMBER', '1026');
    await account('CENTRAL', '1027', { accountNumber: 'SV62 CENR 0000 0000 0000 0070 0025' });
    await t
      .as('secretariat')
      .post('/v1/bank-accounts', {
        code: 'GENKGO',
        name: 'EUR account',
        currency: 'EUR',
        ledgerAccount: '1028',
        accountNumber: 'NL26 VAYB 8060 4768 90',
      })
      .expect(201);
    await account('PAGED', '1029');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.end();
    await t.close();
  });

  describe('bank account numbers', () => {
    it('keeps the number given on creation without spaces, in capitals; PATCH sets, changes and clears it', async () => {
      const list = (await t.as('viewer').get('/v1/bank-accounts').expect(200)).body as {
        code: string;
        accountNumber: string | null;
      }[];
      expect(list.find((b) => b.code === 'ISTMO')?.accountNumber).toBe('CR05015202001026284066');
      const set = await patch('SALVADOR', { accountNumber: '0012 3456 7890' }).expect(200);
      expect(set.body).toMatchObject({ code: 'SALVADOR', accountNumber: '001234567890', csvProfile: null });
      await patch('SALVADOR', { accountNumber: null }).expect(200);
      const changed = await patch('SALVADOR', {
        accountNumber: '0012-3456-7890',
        name: 'Banco Salvadoreño USD',
      }).expect(200);
      expect(changed.body).toMatchObject({ name: 'Banco Salvadoreño USD', accountNumber: '0012-3456-7890' });
    });

    it.each([
      ['an unknown account', 'NOPE', { accountNumber: '1' }, 404, 'not_found'],
      ['an empty body', 'SALVADOR', {}, 400, 'validation_failed'],
      ['a number of 101 characters', 'SALVADOR', { accountNumber: '1'.repeat(101) }, 400, 'validation_failed'],
      ['an unknown field', 'SALVADOR', { iban: 'X' }, 400, 'validation_failed'],
      [
        'a profile without amount columns',
        'FOMENTO',
        { csvProfile: { ...SPANISH_PROFILE, columns: { date: 'Fecha' } } },
        400,
        'validation_failed',
      ],
    ])('refuses %s', async (_what, code, body, status, errorCode) => {
      const res = await patch(code, body).expect(status);
      expect(res.body.code).toBe(errorCode);
    });

    it('is refused to a viewer', async () => {
      await request(t.http)
        .patch('/v1/bank-accounts/SALVADOR')
        .set('Authorization', `Bearer ${t.tokens.viewer}`)
        .send({ accountNumber: 'X' })
        .expect(403);
    });
  });

  describe('MT940', () => {
    it('imports a SWIFT-wrapped CRLF file (one bank’s style): 2 statements, 6 lines, balances as the file gives them', async () => {
      const res = await uploadStatement(t, 'ISTMO', fixture('mt940.swift-blocks-crlf.usd.sta'), 'istmo.sta', {
        format: 'mt940',
      }).expect(201);
      expect(res.body).toMatchObject({ format: 'mt940', lines: 6, duplicates: 0, skipped: [], warnings: [] });
      expect(
        res.body.statements.map((s: Record<string, unknown>) => [
          s.statementId,
          s.accountIdentifier,
          s.fromDate,
          s.toDate,
          s.openingBalance,
          s.closingBalance,
          s.balancesAgree,
        ]),
      ).toEqual([
        ['00092/1', 'CR05015202001026284066USD', '2024-04-02', '2024-04-02', '12500.00', '14387.50', true],
        ['00093/1', 'CR05015202001026284066USD', '2024-04-03', '2024-04-03', '14387.50', '14137.50', true],
      ]);
      expect(await storedStatements(res.body.id)).toEqual([
        ['00092/1', '12500.00', '14387.50', 3, true],
        ['00093/1', '14387.50', '14137.50', 3, true],
      ]);
      const lines = await db.query(
        `SELECT reference, bank_reference, direction, amount::text, reversal FROM statement_lines WHERE bank_account = 'ISTMO' ORDER BY id`,
      );
      expect(lines.rows.map((r) => [r.reference, r.bank_reference, r.direction, r.amount, r.reversal])).toEqual([
        ['CONTRIB-2024-PA', 'BI0402-0001', 'credit', '2500.00', false],
        ['TRAVEL-0408', 'BI0402-0002', 'debit', '600.00', false],
        ['', 'BI0402-0003', 'debit', '12.50', false],
        ['CONTRIB-2024-GT', 'BI0403-0001', 'credit', '1000.00', false],
        ['CONTRIB-2024-GT', 'BI0403-0002', 'debit', '1000.00', true],
        ['', 'BI0403-0003', 'debit', '250.00', false],
      ]);
    });

    it('re-importing it stores nothing: 6 duplicates', async () => {
      const res = await uploadStatement(t, 'ISTMO', fixture('mt940.swift-blocks-crlf.usd.sta'), 'again.sta', {
        format: 'mt940',
      }).expect(201);
      expect(res.body).toMatchObject({ lines: 0, duplicates: 6 });
      expect((await report('ISTMO', '2024-04-03')).gaps).toEqual([]);
    });

    it('imports a bare LF Windows-1252 file of two accounts (another bank’s style): this account’s two pages, the other listed in skipped', async () => {
      const before = (await db.query(`SELECT count(*)::int AS n FROM statement_lines`)).rows[0].n as number;
      const res = await uploadStatement(
        t,
        'SALVADOR',
        fixture('mt940.plain-lf-latin1.multi-account.usd.sta'),
        'sv.sta',
        {
          format: 'mt940',
        },
      ).expect(201);
      expect(res.body).toMatchObject({
        lines: 4,
        duplicates: 0,
        skipped: [{ accountIdentifier: '0099-8888-1111', statements: 1, lines: 1 }],
      });
      expect(await storedStatements(res.body.id)).toEqual([
        ['00012/001', '8000.00', '9425.00', 2, true],
        ['00012/002', '9425.00', '6300.00', 2, true],
      ]);
      expect((await db.query(`SELECT count(*)::int AS n FROM statement_lines`)).rows[0].n).toBe(before + 4);
      const texts = await db.query(
        `SELECT description FROM statement_lines WHERE bank_account = 'SALVADOR' ORDER BY id`,
      );
      expect(texts.rows[0].description).toContain('REPÚBLICA DE EL SALVADOR?22Cuota año 2024');
      const again = await uploadStatement(
        t,
        'SALVADOR',
        fixture('mt940.plain-lf-latin1.multi-account.usd.sta'),
        'sv.sta',
        {
          format: 'mt940',
        },
      ).expect(201);
      expect(again.body).toMatchObject({ lines: 0, duplicates: 4 });
      const imports = (await t.as('viewer').get('/v1/bank-accounts/SALVADOR/statements').expect(200)).body;
      expect(imports[0].skipped).toEqual([{ accountIdentifier: '0099-8888-1111', statements: 1, lines: 1 }]);
    });

    it('refuses a file with none of this account’s statements, naming the accounts it holds; nothing stored', async () => {
      const before = await reconciliationFootprint(db);
      const res = await uploadStatement(t, 'SALVADOR', fixture('mt940.swift-blocks-crlf.usd.sta'), 'wrong.sta', {
        format: 'mt940',
      }).expect(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'file' }],
        detail:
          "file: the file holds no statement of account 0012-3456-7890 (bank account 'SALVADOR'); it holds statements of CR05015202001026284066USD",
      });
      expect(await reconciliationFootprint(db)).toEqual(before);
    });

    it('refuses a file of several accounts into an account without a number, asking for it; nothing stored', async () => {
      const before = await reconciliationFootprint(db);
      const res = await uploadStatement(
        t,
        'NO-NUMBER',
        fixture('mt940.plain-lf-latin1.multi-account.usd.sta'),
        'sv.sta',
        {
          format: 'mt940',
        },
      ).expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'accountNumber',
          message: expect.stringMatching(
            /^the file holds statements of several accounts \(0012-3456-7890, 0099-8888-1111\): set the account number/,
          ),
        },
      ]);
      expect(await reconciliationFootprint(db)).toEqual(before);
    });

    it('refuses a malformed MT940 naming the line; nothing stored', async () => {
      const before = await reconciliationFootprint(db);
      const broken = fixture('mt940.swift-blocks-crlf.usd.sta')
        .toString('latin1')
        .replace(':61:2404020402D600,', ':61:2404020402X600,');
      const res = await uploadStatement(t, 'ISTMO', Buffer.from(broken, 'latin1'), 'broken.sta', {
        format: 'mt940',
      }).expect(400);
      expect(res.body).toMatchObject({ code: 'statement_malformed', errors: [{ field: 'line 8' }] });
      expect(await reconciliationFootprint(db)).toEqual(before);
    });
  });

  describe("the bank's own CSV, read with the account's profile", () => {
    it('sets the profile', async () => {
      const res = await patch('FOMENTO', { csvProfile: SPANISH_PROFILE }).expect(200);
      expect(res.body.csvProfile).toEqual(SPANISH_PROFILE);
    });

    it('imports the Spanish export (debit/credit, decimal commas, Windows-1252): balances from its balance column', async () => {
      const res = await uploadStatement(
        t,
        'FOMENTO',
        fixture('bank-export.es.debit-credit.windows-1252.csv'),
        'marzo.csv',
        {
          format: 'csv',
          statementId: '2024/03',
        },
      ).expect(201);
      expect(res.body).toMatchObject({
        lines: 6,
        duplicates: 0,
        warnings: ["2 line(s) after the blank line 11 were taken as the export's footer and not read"],
      });
      expect(res.body.statements).toMatchObject([
        {
          statementId: '2024/03',
          fromDate: '2024-03-04',
          toDate: '2024-03-29',
          openingBalance: '5000.00',
          closingBalance: '21853.27',
          balancesAgree: true,
        },
      ]);
      expect(await storedStatements(res.body.id)).toEqual([['2024/03', '5000.00', '21853.27', 6, true]]);
      const texts = await db.query(
        `SELECT description FROM statement_lines WHERE bank_account = 'FOMENTO' ORDER BY id`,
      );
      expect(texts.rows[0].description).toBe('Transferencia recibida República de Panamá — cuota 2024');
    });

    it('re-importing it stores nothing: 6 duplicates', async () => {
      const res = await uploadStatement(
        t,
        'FOMENTO',
        fixture('bank-export.es.debit-credit.windows-1252.csv'),
        'marzo.csv',
        {
          format: 'csv',
        },
      ).expect(201);
      expect(res.body).toMatchObject({ lines: 0, duplicates: 6 });
    });

    it('a profile that does not fit the file is a 400 naming the line and the column; nothing stored', async () => {
      await patch('FOMENTO', {
        csvProfile: { ...SPANISH_PROFILE, decimalSeparator: '.', thousandsSeparator: ',' },
      }).expect(200);
      const before = await reconciliationFootprint(db);
      const res = await uploadStatement(
        t,
        'FOMENTO',
        fixture('bank-export.es.debit-credit.windows-1252.csv'),
        'marzo.csv',
        {
          format: 'csv',
        },
      ).expect(400);
      expect(res.body).toMatchObject({
        code: 'statement_malformed',
        detail:
          "line 5, column 'Crédito' (F): '12.500,00' is not an amount written with decimal separator '.' and thousands separator ','",
        errors: [{ field: 'line 5/Crédito' }],
      });
      expect(await reconciliationFootprint(db)).toEqual(before);
      await patch('FOMENTO', { csvProfile: SPANISH_PROFILE }).expect(200);
    });

    it('columns or a date format sent with the upload are refused: the profile says how to read the file', async () => {
      const res = await uploadStatement(
        t,
        'FOMENTO',
        fixture('bank-export.es.debit-credit.windows-1252.csv'),
        'marzo.csv',
        {
          format: 'csv',
          dateFormat: 'DD/MM/YYYY',
        },
      ).expect(400);
      expect(res.body.errors).toEqual([{ field: 'columns', message: expect.stringContaining('csvProfile') }]);
    });
  });

  describe("the bank's own XLSX export", () => {
    async function workbook(name: string): Promise<Buffer> {
      const ExcelJS = await import('exceljs');
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Movimientos');
      sheet.addRow(['Banco Centroamericano de Fomento — movimientos de abril de 2024']);
      sheet.addRow([]);
      sheet.addRow([]);
      sheet.addRow(['Fecha', 'Fecha valor', 'Concepto', 'Referencia', 'Débito', 'Crédito', 'Saldo']);
      const d = (day: number): Date => new Date(Date.UTC(2024, 3, day));
      sheet.addRow([d(2), d(2), 'Cuota Costa Rica', 'CONTRIB-2024-CR', null, 4200, 26053.27]);
      sheet.addRow([d(5), d(5), 'Viáticos reunión', 'TRAVEL-0405', 1350.4, null, 24702.87]);
      sheet.addRow(['08/04/2024', '08/04/2024', 'Comisión', 'COM-0408', '7,50', null, '24.695,37']);
      sheet.getColumn(1).numFmt = 'dd/mm/yyyy';
      sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
      book.addWorksheet('Resumen').addRow(['Saldo final', 24695.37]);
      const file = path.join(dir, name);
      await book.xlsx.writeFile(file);
      return readFileSync(file);
    }

    it('refuses an XLSX while the account has no profile', async () => {
      const res = await uploadStatement(t, 'FOMENTO-XLSX', await workbook('a.xlsx'), 'abril.xlsx', {
        format: 'xlsx',
      }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'format', message: expect.stringContaining('csvProfile') }]);
    });

    it('reads the first sheet with the profile: 3 lines, balances from the balance column; re-import: 3 duplicates', async () => {
      await patch('FOMENTO-XLSX', { csvProfile: SPANISH_PROFILE }).expect(200);
      const file = await workbook('abril.xlsx');
      const res = await uploadStatement(t, 'FOMENTO-XLSX', file, 'abril.xlsx', { format: 'xlsx' }).expect(201);
      expect(res.body).toMatchObject({ format: 'xlsx', lines: 3, duplicates: 0, warnings: [] });
      expect(res.body.statements).toMatchObject([
        {
          fromDate: '2024-04-02',
          toDate: '2024-04-08',
          openingBalance: '21853.27',
          closingBalance: '24695.37',
          balancesAgree: true,
        },
      ]);
      expect(await storedStatements(res.body.id)).toEqual([[null, '21853.27', '24695.37', 3, true]]);
      const again = await uploadStatement(t, 'FOMENTO-XLSX', file, 'abril.xlsx', { format: 'xlsx' }).expect(201);
      expect(again.body).toMatchObject({ lines: 0, duplicates: 3 });
    });
  });

  describe('an XLSX that unpacks to far more than it weighs', () => {
    /** A workbook whose sheet is 140 MiB of empty rows, deflated to a fraction of a megabyte. */
    async function zipBomb(name: string): Promise<Buffer> {
      const file = path.join(dir, name);
      const archive = new ZipArchive({ zlib: { level: 9 } });
      const out = createWriteStream(file);
      archive.pipe(out);
      const part = (xml: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`;
      archive.append(
        part(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        ),
        { name: '[Content_Types].xml' },
      );
      archive.append(
        part(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        { name: '_rels/.rels' },
      );
      archive.append(
        part(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="M" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        { name: 'xl/workbook.xml' },
      );
      archive.append(
        part(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        ),
        { name: 'xl/_rels/workbook.xml.rels' },
      );
      const rows = Buffer.from('<row/>'.repeat(1 << 16));
      const sheet = Readable.from(
        (function* () {
          yield Buffer.from(
            part('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'),
          );
          for (let written = 0; written < 140 * 1024 * 1024; written += rows.length) yield rows;
          yield Buffer.from('</sheetData></worksheet>');
        })(),
      );
      archive.append(sheet, { name: 'xl/worksheets/sheet1.xml' });
      await archive.finalize();
      await finished(out);
      return readFileSync(file);
    }

    it('is refused as too large (413) before it is unpacked, nothing stored', async () => {
      const bomb = await zipBomb('bomb.xlsx');
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      const before = await reconciliationFootprint(db);
      const res = await uploadStatement(t, 'FOMENTO-XLSX', bomb, 'abril.xlsx', { format: 'xlsx' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'payload_too_large' });
      expect(res.body.detail).toMatch(/unpacks to/);
      expect(await reconciliationFootprint(db)).toEqual(before);
    });
  });

  describe('camt.053 as banks send it', () => {
    it('imports this account’s statements of a multi-account .001.08 message without balance indicators; the other skipped', async () => {
      const res = await uploadStatement(
        t,
        'CENTRAL',
        fixture('camt053.001.08.multi-account.no-indicators.xml'),
        'cenr.xml',
        {
          format: 'camt053',
        },
      ).expect(201);
      expect(res.body).toMatchObject({
        lines: 4,
        duplicates: 0,
        skipped: [{ accountIdentifier: '4455-6677', statements: 1, lines: 1 }],
      });
      expect(res.body.warnings).toEqual([
        'Stmt[1]/Bal[1]: the OPBD balance has no credit/debit indicator (CdtDbtInd): read as a credit',
        'Stmt[1]/Bal[2]: the CLBD balance has no credit/debit indicator (CdtDbtInd): read as a credit',
        'Stmt[3]/Bal[1]: the OPBD balance has no credit/debit indicator (CdtDbtInd): read as a credit',
        'Stmt[3]/Bal[2]: the CLBD balance has no credit/debit indicator (CdtDbtInd): read as a credit',
        'Stmt[3]: 1 entry has no status (Sts): read as booked (Stmt[3]/Ntry[1])',
        'statements of other accounts were not imported: 4455-6677 (1 statement(s), 1 line(s))',
      ]);
      expect(await storedStatements(res.body.id)).toEqual([
        ['CENR-700025-20240502', '10000.00', '58749.30', 3, true],
        ['CENR-700025-20240503', '58749.30', '58849.80', 1, true],
      ]);
      const lines = await db.query(
        `SELECT amount::text, direction, reference, description, batch_count FROM statement_lines WHERE bank_account = 'CENTRAL' ORDER BY id`,
      );
      expect(lines.rows).toEqual([
        { amount: '50000.00', direction: 'credit', reference: 'GRANT-USA-2024-T1', description: '', batch_count: null },
        {
          amount: '0.20',
          direction: 'debit',
          reference: 'CENR-0502-2',
          description: 'Impuesto a las transacciones financieras',
          batch_count: null,
        },
        {
          amount: '1250.50',
          direction: 'debit',
          reference: 'PER-DIEM-2024-05',
          description: 'batch of 3 transactions',
          batch_count: 3,
        },
        {
          amount: '100.50',
          direction: 'credit',
          reference: 'CENR-0503-1',
          description: 'Intereses',
          batch_count: null,
        },
      ]);
      const listed = (await t.as('viewer').get('/v1/bank-accounts/CENTRAL/statement-lines').expect(200)).body.items;
      expect(listed.map((l: { batchCount: number | null }) => l.batchCount)).toEqual([null, null, 3, null]);
    });

    it('re-importing it stores nothing: 4 duplicates', async () => {
      const res = await uploadStatement(
        t,
        'CENTRAL',
        fixture('camt053.001.08.multi-account.no-indicators.xml'),
        'cenr.xml',
        {
          format: 'camt053',
        },
      ).expect(201);
      expect(res.body).toMatchObject({ lines: 0, duplicates: 4 });
    });

    it('appends the second page of a paginated message to the statement its first page began', async () => {
      const page = (n: number, last: boolean, body: string): Buffer =>
        Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>` +
            `<GrpHdr><MsgId>PAGED-0610</MsgId><MsgPgntn><PgNb>${n}</PgNb><LastPgInd>${last}</LastPgInd></MsgPgntn></GrpHdr>` +
            `<Stmt><Id>PAGED-2024-06-10</Id><Acct><Id><Othr><Id>77-001</Id></Othr></Id><Ccy>USD</Ccy></Acct>${body}</Stmt>` +
            `</BkToCstmrStmt></Document>`,
        );
      const bal = (code: string, amount: string) =>
        `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-06-10</Dt></Dt></Bal>`;
      const ntry = (amount: string, sign: string, ref: string) =>
        `<Ntry><Amt Ccy="USD">${amount}</Amt><CdtDbtInd>${sign}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-06-10</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef></Ntry>`;
      const first = await uploadStatement(
        t,
        'PAGED',
        page(1, false, bal('OPBD', '1000.00') + ntry('100.00', 'CRDT', 'P-1')),
        'p1.xml',
        {
          format: 'camt053',
        },
      ).expect(201);
      const second = await uploadStatement(
        t,
        'PAGED',
        page(2, true, ntry('30.00', 'DBIT', 'P-2') + bal('CLBD', '1070.00')),
        'p2.xml',
        {
          format: 'camt053',
        },
      ).expect(201);
      expect(second.body.statements).toMatchObject([
        { statementId: 'PAGED-2024-06-10', continuesStatement: first.body.statements[0].id },
      ]);
      expect(second.body.warnings).toEqual([]);
      const r = await report('PAGED', '2024-06-10');
      expect(r).toMatchObject({
        statementBalanceBasis: { kind: 'closing', statementId: first.body.statements[0].id, balance: '1070.00' },
        statementBalance: '1070.00',
        gaps: [],
      });
    });

    it('a later page that does not add up with its first page is imported with a warning', async () => {
      const res = await uploadStatement(
        t,
        'PAGED',
        Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>` +
            `<GrpHdr><MsgId>PAGED-0610</MsgId><MsgPgntn><PgNb>3</PgNb><LastPgInd>true</LastPgInd></MsgPgntn></GrpHdr>` +
            `<Stmt><Id>PAGED-2024-06-10</Id><Acct><Id><Othr><Id>77-001</Id></Othr></Id></Acct>` +
            `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">999.00</Amt><Dt><Dt>2024-06-10</Dt></Dt></Bal>` +
            `</Stmt></BkToCstmrStmt></Document>`,
        ),
        'p3.xml',
        { format: 'camt053' },
      ).expect(201);
      expect(res.body.warnings).toContain(
        'Stmt[1] (PAGED-2024-06-10): with its earlier pages, opening balance 1000.00 + lines 70.00 ≠ closing balance 999.00',
      );
    });
  });

  const describeSamples = sharedSamplesPresent ? describe : describe.skip;
  describeSamples(
    sharedSamplesPresent
      ? 'third-party camt.053 samples, read in place, into an account with its number'
      : `third-party camt.053 samples SKIPPED: folder absent (${SHARED_CAMT_SAMPLES})`,
    () => {
      const sample = (name: string): Buffer => readFileSync(path.join(SHARED_CAMT_SAMPLES, name));

      it.each([
        [
          'camt053.v2.multi.statement.xml',
          2,
          0,
          [
            ['18.15', '27.00', true],
            ['27.00', '20.00', true],
          ],
        ],
        ['camt053.v4.xml', 1, 0, [['18.15', '-27.00', false]]],
        ['camt053.v8.xml', 0, 1, [['18.15', '-27.00', false]]],
      ] as const)(
        '%s: %i stored, %i duplicate, balances as the file gives them',
        async (file, lines, duplicates, balances) => {
          const res = await uploadStatement(t, 'GENKGO', sample(file), file, { format: 'camt053' }).expect(201);
          expect(res.body).toMatchObject({ lines, duplicates, skipped: [] });
          expect(
            res.body.statements.map((s: Record<string, unknown>) => [
              s.openingBalance,
              s.closingBalance,
              s.balancesAgree,
            ]),
          ).toEqual(balances);
          // The lines stored under each statement add up to its balances exactly when the file's do.
          expect((await storedStatements(res.body.id)).map((r) => r[4])).toEqual(balances.map((b) => b[2]));
        },
      );

      it('refuses the sample of another account (CH28…), naming it; nothing stored', async () => {
        const before = await reconciliationFootprint(db);
        const res = await uploadStatement(t, 'GENKGO', sample('camt053.v2.all-balance-types.xml'), 'x.xml', {
          format: 'camt053',
        }).expect(400);
        expect(res.body.detail).toBe(
          "file: the file holds no statement of account NL26VAYB8060476890 (bank account 'GENKGO'); it holds statements of CH2801234000123456789",
        );
        expect(await reconciliationFootprint(db)).toEqual(before);
      });
    },
  );

  describe('continuity', () => {
    it('a day left out is a gap: listed on the bank reconciliation, the account not reconciled across it', async () => {
      await uploadStatement(t, 'GAPS', dailyMt940(1), 'day1.sta', { format: 'mt940' }).expect(201);
      await uploadStatement(t, 'GAPS', dailyMt940(3), 'day3.sta', { format: 'mt940' }).expect(201);
      const before = await report('GAPS', '2024-06-02');
      expect(before.gaps).toEqual([]);
      const r = await report('GAPS', '2024-06-03');
      expect(r.gaps).toEqual([
        {
          after: '2024-06-01',
          before: '2024-06-03',
          closingBalance: '6000.00',
          openingBalance: '5750.00',
          afterStatement: { id: expect.any(String), statementRef: '00001/1' },
          beforeStatement: { id: expect.any(String), statementRef: '00003/1' },
        },
      ]);
      expect(r.reconciled).toBe(false);
    });

    it('the register check of the account fails with the gap and names it', async () => {
      const checks = (await t.as('auditor').get('/v1/reports/reconciliation?asOf=2024-06-03').expect(200)).body;
      const bank = checks.checks.find((c: { name: string }) => c.name === 'bank:GAPS');
      expect(bank.ok).toBe(false);
      expect(bank.explanation[0].gaps).toHaveLength(1);
    });

    it('the missing day imported, the gap is gone', async () => {
      await uploadStatement(t, 'GAPS', dailyMt940(2), 'day2.sta', { format: 'mt940' }).expect(201);
      expect((await report('GAPS', '2024-06-03')).gaps).toEqual([]);
    });
  });

  it('changed no ledger entry', async () => {
    expect((await db.query('SELECT count(*)::int AS n FROM journal_entries')).rows[0].n).toBe(0);
    await expectLedgerSound(t);
  });
});
