import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import type { Response } from 'supertest';
import { expectLedgerSound } from './support/ledger-assertions';
import { uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The TS reconciliation pack (PDF and XLSX, es/en) of `GET /v1/reports/reconciliation`. By hand, USD:
 *   GEN   dues 1,000.00 in (01-15)
 *   grant CAMPAIGN: receipt 2,000.00 (02-01); a consultant paid 120.00 straight from its fund (03-01),
 *         outside the grant register → spent: ledger 120.00, register 0.00, difference −120.00;
 *         available: ledger 1,880.00, register 2,000.00, difference 120.00
 *   bank  statement 0.00 → 2,865.00: +1,000.00, +2,000.00, −120.00 (all matched) and a charge of
 *         −15.00 (03-05) not in the ledger; ledger 2,880.00; difference 2,865 − (2,880 − 15) = 0.00;
 *         not reconciled as at 03-31 (the charge is older than the 5-day window); signed off.
 */
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

const EXTRACT = `
const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify(result.pages.map((p) => p.text)));
});`;

/** pdf.js needs a dynamic import() that Jest refuses: the text is extracted in a child process. */
const pdfText = (pdf: Buffer): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', EXTRACT],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`pdf-parse failed: ${stderr}`));
        else resolve((JSON.parse(stdout) as string[]).join('\n').replace(/\s+/g, ' '));
      },
    );
    child.stdin?.end(pdf);
  });

/** The values of the first row of `ws` that has a cell equal to `key`. */
function rowWith(ws: ExcelJS.Worksheet, key: string): ExcelJS.CellValue[] {
  let found: ExcelJS.CellValue[] | undefined;
  ws.eachRow((row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    if (found === undefined && values.includes(key)) found = values;
  });
  if (found === undefined) throw new Error(`no row with "${key}" in sheet ${ws.name}`);
  return found;
}

describe('reconciliation: the TS reconciliation pack in PDF and XLSX', () => {
  let t: TestApp;
  const url = (q: string): string => `/v1/reports/reconciliation?asOf=2010-03-31${q}`;
  const file = (q: string, role: 'auditor' | 'secretariat' | 'admin' = 'auditor') =>
    t.as(role).get(url(q)).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    const sec = () => t.as('secretariat');
    await sec()
      .post('/v1/journal-entries', {
        date: '2010-01-15',
        description: 'Dues received MEX-2010',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '1000.00' },
          { account: '4100', fund: 'GEN', side: 'credit', amount: '1000.00' },
        ],
      })
      .expect(201);
    await sec().post('/v1/donors', { code: 'USA', name: 'United States of America' }).expect(201);
    await sec()
      .post('/v1/grants', {
        code: 'CAMPAIGN',
        donor: 'USA',
        title: 'Awareness campaign',
        amount: '5000.00',
        currency: 'USD',
        signedOn: '2010-01-20',
        purpose: 'Inform migrants of the risks of smuggling',
        implementingPartner: 'IOM',
        kind: 'restricted',
      })
      .expect(201);
    await sec()
      .post('/v1/grants/CAMPAIGN/receipts', {
        amount: '2000.00',
        currency: 'USD',
        receivedOn: '2010-02-01',
        reference: 'USA-T1',
      })
      .expect(201);
    await sec()
      .post('/v1/journal-entries', {
        date: '2010-03-01',
        description: 'Consultant paid outside the grant register',
        lines: [
          { account: '5300', fund: 'CAMPAIGN', side: 'debit', amount: '120.00', grant: 'CAMPAIGN' },
          { account: '1010', fund: 'CAMPAIGN', side: 'credit', amount: '120.00', grant: 'CAMPAIGN' },
        ],
      })
      .expect(201);
    const csv = [
      'date,amount,reference,description',
      '2010-01-15,1000.00,MEX-2010,Transfer Mexico',
      '2010-02-01,2000.00,USA-T1,Transfer United States',
      '2010-03-01,-120.00,CONS-1,Consultant',
      '2010-03-05,-15.00,FEE-03,Bank charge',
      '',
    ].join('\n');
    await uploadStatement(t, 'OPERATING', Buffer.from(csv), 'march.csv', {
      format: 'csv',
      openingBalance: '0.00',
      closingBalance: '2865.00',
    }).expect(201);
    const matched = await sec().post('/v1/bank-accounts/OPERATING/auto-match', undefined, null).expect(200);
    expect(matched.body.matched).toBe(3);
    await sec()
      .post('/v1/reports/bank-reconciliation/sign-offs', {
        bankAccount: 'OPERATING',
        asOf: '2010-03-31',
        preparedBy: 'M. Rojas',
        reviewedBy: 'A. Castillo',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('json stays the default and unchanged', async () => {
    const plain = await t.as('auditor').get(url('')).expect(200);
    expect(plain.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(plain.body).sort()).toEqual(['asOf', 'checks', 'ok']);
    expect(plain.body.checks.find((c: { name: string }) => c.name === 'grant:CAMPAIGN:spent')).toMatchObject({
      ledger: '120.00',
      register: '0.00',
      difference: '-120.00',
      ok: false,
    });
    const json = await t.as('auditor').get(url('&format=json')).expect(200);
    expect(json.body.checks.map((c: { name: string }) => c.name)).toEqual(
      plain.body.checks.map((c: { name: string }) => c.name),
    );
  });

  it('XLSX (es): the checks and the bank reconciliation as numbers, one sheet each, currency formats', async () => {
    const res = await file('&format=xlsx&lang=es');
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="reconciliation-.*-es\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Resumen');
    expect(names).toContain('Comprobaciones de los registros');
    expect(names.some((n) => n.startsWith('Movimientos del extracto'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['Diferencia 1', 'Diferencia 2']));

    const checks = wb.getWorksheet('Comprobaciones de los registros') as ExcelJS.Worksheet;
    const spent = rowWith(checks, 'grant:CAMPAIGN:spent');
    expect(spent).toEqual(['Donación CAMPAIGN: gastado', 'grant:CAMPAIGN:spent', 120, 0, -120, 'Con diferencia']);
    expect(rowWith(checks, 'grant:CAMPAIGN:available')).toEqual([
      'Donación CAMPAIGN: disponible',
      'grant:CAMPAIGN:available',
      1880,
      2000,
      120,
      'Con diferencia',
    ]);
    expect(rowWith(checks, 'bank:OPERATING').slice(2)).toEqual([2880, 2880, 0, 'Conforme']);
    expect(checks.views[0]).toMatchObject({ state: 'frozen' });
    const ledgerCell = checks.getCell(
      `C${(() => {
        let n = 0;
        checks.eachRow((row, i) => {
          if ((row.values as ExcelJS.CellValue[]).includes('grant:CAMPAIGN:spent')) n = i;
        });
        return n;
      })()}`,
    );
    expect(ledgerCell.numFmt).toMatch(/0\.00/);

    const lines = wb.worksheets.find((w) => w.name.startsWith('Movimientos del extracto')) as ExcelJS.Worksheet;
    expect(rowWith(lines, 'FEE-03').slice(1, 4)).toEqual(['FEE-03', 'Bank charge', -15]);

    const summary = wb.getWorksheet('Resumen') as ExcelJS.Worksheet;
    expect(rowWith(summary, 'Saldo según extracto')).toContain(2865);
    expect(rowWith(summary, 'Saldo según libro mayor')).toContain(2880);

    const why = wb.getWorksheet('Diferencia 1') as ExcelJS.Worksheet;
    expect(rowWith(why, 'Asiento sin fila en el registro')).toEqual(
      expect.arrayContaining([120, -120, expect.stringContaining('Consultant paid outside the grant register')]),
    );
  });

  it('PDF in Spanish and in English: cover, bank reconciliation, sign-off, checks and their explanation', async () => {
    const es = await pdfText((await file('&format=pdf')).body as Buffer);
    for (const label of [
      'Informe de conciliación',
      'Conciliaciones bancarias y comprobaciones de los registros',
      'Conciliación bancaria: Operating account (OPERATING, USD)',
      'Saldo según extracto',
      'No conciliada',
      'preparó M. Rojas, revisó A. Castillo',
      'Movimientos del extracto sin conciliar: OPERATING',
      'Comprobaciones de los registros',
      'Donación CAMPAIGN: gastado',
      'Explicación de las diferencias',
      'Asiento sin fila en el registro',
      'Consultant paid outside the grant register',
      'Origen: manual',
      '2,865.00',
      '-120.00',
    ]) {
      expect(es).toContain(label);
    }
    const en = await pdfText((await file('&format=pdf&lang=en', 'secretariat')).body as Buffer);
    for (const label of [
      'Reconciliation report',
      'Bank reconciliation: Operating account (OPERATING, USD)',
      'Balance per statement',
      'Not reconciled',
      'prepared by M. Rojas, reviewed by A. Castillo',
      'Register checks',
      'Grant CAMPAIGN: spent',
      'Explanation of the differences',
      'Entry with no register row',
      'Source: manual',
      '2,865.00',
    ]) {
      expect(en).toContain(label);
    }
    expect(en).not.toContain('Conciliación bancaria');
  });

  it('refuses formats and languages it does not render, and delegates as for the JSON', async () => {
    expect((await t.as('auditor').get(url('&format=csv')).expect(400)).body.code).toBeDefined();
    await t.as('auditor').get(url('&format=pdf&lang=fr')).expect(400);
    await t.as('viewer').get(url('&format=pdf')).expect(403);
    await file('&format=xlsx&lang=en', 'admin');
    await expectLedgerSound(t);
  });
});
