import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Dec } from '@app/common';
import { assess, createMember, pay } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { binary, parseCsv, pdfPages, workbookOf } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';

/**
 * CSV, XLSX and PDF (es/en) of the status of contributions, the member statement, the grant report
 * and the reserve-fund report, and the assessment notices. Scenario (USD), worked out by hand:
 *
 *   FY 2005 budget 100,000.00 (IX meeting): USA 50 % 50,000 · MEX 30 % 30,000 · CAN 15 % 15,000 · BLZ 5 % 5,000
 *   FY 2006 budget 120,000.00 (X meeting):  USA 60,000 · MEX 36,000 · CAN 18,000 · BLZ 6,000
 *   payments  USA 50,000 (2005-01-20) → 2005 paid in full within 30 days: honour roll
 *             CAN 18,000 (2005-02-10) → 2005 15,000 + advance 3,000, applied on 2006-01-01 to 2006
 *             MEX 20,000 (2005-03-15) → 2005; MEX 16,000 (2006-04-01) → 2005 10,000 + 2006 6,000
 *             USA 60,000 (2006-02-15) → 2006 (after the 30 days: not on the roll)
 *   status as at 2006-06-30       assessed   paid      outstanding  arrears  rate
 *             USA                 110,000   110,000         0            0  100.00 %
 *             MEX                  66,000    36,000    30,000            0   54.55 % (0.5455)
 *             CAN                  33,000    18,000    15,000            0   54.55 %
 *             BLZ                  11,000         0    11,000        5,000    0.00 %
 *             total               220,000   164,000    56,000        5,000   74.55 %
 *   statement MEX: 30,000 → 10,000 → 46,000 → 30,000
 *   notice MEX 2006 (2006-01-01): 36,000 + arrears 10,000 = 46,000, due 2006-01-31
 *   notice CAN 2006: 18,000 − advance 3,000 = 15,000
 *   grant USA-2004-CAMPAIGN: pledged 250,000; received 125,000; spent MEDIA 40,000 + PRINT 12,500.50 =
 *     52,500.50; available 72,499.50; MEDIA 150,000 − 40,000 = 110,000; PRINT 60,000 − 12,500.50 = 47,499.50
 *   reserve fund 2005: opening 0 + MEX 40,000 − case 9,000 = 31,000; committed 15,000 − 9,000 = 6,000;
 *     available 25,000
 */

/** CSV records as objects keyed by the header. */
function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(text, '\r\n');
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** Table sheets: title, meta line, a blank row, then the header on row 4. */
const HEADER_ROW = 4;

/** The first row after the header whose first or second cell holds `text`, as values by header. */
function sheetRow(ws: ExcelJS.Worksheet, text: string): Map<string, ExcelJS.CellValue> {
  let found = 0;
  ws.eachRow((r, n) => {
    if (found === 0 && n > HEADER_ROW && [1, 2].some((c) => r.getCell(c).value === text)) found = n;
  });
  if (found === 0) throw new Error(`no row "${text}" in sheet ${ws.name}`);
  const headers = ws.getRow(HEADER_ROW);
  const out = new Map<string, ExcelJS.CellValue>();
  ws.getRow(found).eachCell((cell, col) => {
    const header = headers.getCell(col).value;
    if (typeof header !== 'string') throw new Error(`sheet ${ws.name}: column ${col} has no text header`);
    out.set(header, cell.value);
  });
  return out;
}

/** An XLSX number cell as a decimal string at 2 places (exceljs hands numbers over as JS numbers). */
const amountOf = (v: ExcelJS.CellValue | undefined): string => {
  if (typeof v !== 'number') throw new Error(`not a number cell: ${JSON.stringify(v)}`);
  return new Dec(String(v)).toFixed(2);
};

const BUDGET_2005 = {
  fiscalYear: 2005,
  total: '100000.00',
  currency: 'USD',
  approval: { meeting: 'IX Reunión Viceministerial, Ciudad de Panamá', date: '2004-12-02', reference: 'CRM-IX/2004/7' },
  lines: [
    { code: 'PERS', name: 'Personnel', amount: '60000.00' },
    { code: 'MEET', name: 'Meetings', amount: '40000.00' },
  ],
  scale: [
    { member: 'USA', share: '50' },
    { member: 'MEX', share: '30' },
    { member: 'CAN', share: '15' },
    { member: 'BLZ', share: '5' },
  ],
};
const BUDGET_2006 = {
  ...BUDGET_2005,
  fiscalYear: 2006,
  total: '120000.00',
  approval: { meeting: 'X Reunión Viceministerial, Tegucigalpa', date: '2005-12-01', reference: 'CRM-X/2005/4' },
  lines: [
    { code: 'PERS', name: 'Personnel', amount: '70000.00' },
    { code: 'MEET', name: 'Meetings', amount: '50000.00' },
  ],
};
const GRANT = 'USA-2004-CAMPAIGN';

describe('report documents of each domain: CSV, XLSX and PDF in Spanish and English', () => {
  let t: TestApp;
  let pngDir: string;

  const download = (path: string, role: 'viewer' | 'auditor' = 'viewer') =>
    t.as(role).get(path).buffer(true).parse(binary);

  /** 200 with the content type and an attachment named `file`. */
  const fetchFile = async (path: string, contentType: string, file: string): Promise<Buffer> => {
    const res = await download(path);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: contentType });
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="${file.replace(/\./g, '\\.')}"`),
    );
    return res.body as Buffer;
  };
  const CSV = 'text/csv; charset=utf-8';
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const PDF = 'application/pdf';

  /** Page 1 of a PDF as PNG (70 dpi), kept for a look. */
  const pageOne = (pdf: Buffer, name: string): string => {
    const file = join(pngDir, `${name}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, join(pngDir, name)]);
    const png = readdirSync(pngDir).find((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
    if (png === undefined) throw new Error(`pdftoppm wrote no page for ${name}`);
    return join(pngDir, png);
  };

  /** With REPORT_PNG_DIR set, keeps a PDF there for a look. */
  const keep = (pdf: Buffer, name: string): Buffer => {
    if (process.env.REPORT_PNG_DIR !== undefined) writeFileSync(join(pngDir, `${name}.pdf`), pdf);
    return pdf;
  };

  beforeAll(async () => {
    t = await startTestApp();
    // REPORT_PNG_DIR keeps the page images (and PDFs) for a look; otherwise they go to a temporary folder.
    pngDir = process.env.REPORT_PNG_DIR ?? mkdtempSync(join(tmpdir(), 'report-documents-'));
    mkdirSync(pngDir, { recursive: true });
    for (const [code, name] of [
      ['BLZ', 'Belize'],
      ['CAN', 'Canada'],
      ['MEX', 'Mexico'],
      ['USA', 'United States of America'],
    ]) {
      await createMember(t, code, '1996-03-13', { name });
    }
    const sec = t.as('secretariat');
    await sec.post('/v1/budgets', BUDGET_2005).expect(201);
    await assess(t, 2005);
    await pay(t, 'USA', '50000.00', '2005-01-20');
    await pay(t, 'CAN', '18000.00', '2005-02-10');
    await pay(t, 'MEX', '20000.00', '2005-03-15');
    await sec.post('/v1/budgets', BUDGET_2006).expect(201);
    await assess(t, 2006);
    await pay(t, 'USA', '60000.00', '2006-02-15');
    await pay(t, 'MEX', '16000.00', '2006-04-01');

    await sec.post('/v1/donors', { code: 'USA', name: 'United States of America', member: 'USA' }).expect(201);
    await sec
      .post('/v1/grants', {
        code: GRANT,
        donor: 'USA',
        title: 'Campaña sobre los riesgos del tráfico ilícito de migrantes',
        amount: '250000.00',
        currency: 'USD',
        signedOn: '2004-12-03',
        purpose:
          'Informar a migrantes y al público de los riesgos del tráfico ilícito de migrantes y la trata de personas',
        implementingPartner: 'IOM',
        kind: 'restricted',
        periodFrom: '2005-01-01',
        periodTo: '2005-12-31',
        budgetLines: [
          { code: 'MEDIA', name: 'Radio and television spots', amount: '150000.00' },
          { code: 'PRINT', name: 'Posters and leaflets', amount: '60000.00' },
          { code: 'EVAL', name: 'Evaluation', amount: '40000.00' },
        ],
      })
      .expect(201);
    await sec
      .post(`/v1/grants/${GRANT}/receipts`, {
        amount: '125000.00',
        currency: 'USD',
        receivedOn: '2005-01-10',
        reference: 'TR-1',
      })
      .expect(201);
    await sec
      .post(`/v1/grants/${GRANT}/expenditures`, {
        amount: '40000.00',
        budgetLine: 'MEDIA',
        date: '2005-02-10',
        description: 'TV spots',
      })
      .expect(201);
    await sec
      .post(`/v1/grants/${GRANT}/expenditures`, {
        amount: '12500.50',
        budgetLine: 'PRINT',
        date: '2005-03-05',
        description: 'Posters',
      })
      .expect(201);

    await sec
      .post('/v1/reserve-fund/contributions', {
        amount: '40000.00',
        date: '2005-01-15',
        source: 'member',
        member: 'MEX',
      })
      .expect(201);
    const created = await sec
      .post('/v1/reserve-fund/cases', {
        title: 'Retorno asistido de 12 migrantes varados en Panamá',
        countriesInvolved: ['PAN', 'ECU'],
        requestedAmount: '18000.00',
        people: 12,
        requestedOn: '2005-03-01',
      })
      .expect(201);
    const caseUrl = `/v1/reserve-fund/cases/${created.body.id as string}`;
    await sec
      .post(`${caseUrl}/consultations`, { country: 'PAN', date: '2005-03-04', response: 'De acuerdo' })
      .expect(201);
    await sec.post(`${caseUrl}/consultations`, { country: 'ECU', date: '2005-03-05', response: 'Agrees' }).expect(201);
    await sec
      .post(`${caseUrl}/decision`, {
        decidedBy: 'IOM',
        date: '2005-03-10',
        outcome: 'approved',
        approvedAmount: '15000.00',
      })
      .expect(201);
    await sec.post(`${caseUrl}/notification`, { date: '2005-03-11', reference: 'OIM/PPT/2005/031' }).expect(201);
    await sec
      .post(`${caseUrl}/disbursements`, { amount: '9000.00', date: '2005-03-15', reference: 'tickets' })
      .expect(201);
    await expectLedgerSound(t);
  });
  afterAll(async () => {
    await t.close();
    if (process.env.REPORT_PNG_DIR === undefined) rmSync(pngDir, { recursive: true, force: true });
  });

  it('leaves the ledger sound after the scenario (every figure below rests on it)', async () => {
    await expectLedgerSound(t);
  });

  describe('status of contributions', () => {
    const path = (format: string, lang: string) =>
      `/v1/reports/status-of-contributions?asOf=2006-06-30&format=${format}&lang=${lang}`;

    it('CSV: one row per member with machine keys and exact figures, member × fiscal year wide', async () => {
      const es = csvObjects(
        (await fetchFile(path('csv', 'es'), CSV, 'status-of-contributions-2006-06-30-es.csv')).toString('utf8'),
      );
      expect(es.header).toEqual([
        'member',
        'name',
        'assessed',
        'paid',
        'written_off',
        'outstanding',
        'advance',
        'arrears',
        'collection_rate',
        'standing',
        'assessed_2005',
        'paid_2005',
        'written_off_2005',
        'outstanding_2005',
        'assessed_2006',
        'paid_2006',
        'written_off_2006',
        'outstanding_2006',
      ]);
      const mex = es.rows.find((r) => r.member === 'MEX');
      expect(mex).toEqual({
        member: 'MEX',
        name: 'México',
        assessed: '66000.00',
        paid: '36000.00',
        written_off: '0.00',
        outstanding: '30000.00',
        advance: '0.00',
        arrears: '0.00',
        collection_rate: '54.55',
        standing: 'good',
        assessed_2005: '30000.00',
        paid_2005: '30000.00',
        written_off_2005: '0.00',
        outstanding_2005: '0.00',
        assessed_2006: '36000.00',
        paid_2006: '6000.00',
        written_off_2006: '0.00',
        outstanding_2006: '30000.00',
      });
      expect(es.rows.map((r) => [r.member, r.outstanding, r.arrears, r.collection_rate])).toEqual([
        ['BLZ', '11000.00', '5000.00', '0.00'],
        ['CAN', '15000.00', '0.00', '54.55'],
        ['MEX', '30000.00', '0.00', '54.55'],
        ['USA', '0.00', '0.00', '100.00'],
      ]);
      const en = csvObjects(
        (await fetchFile(path('csv', 'en'), CSV, 'status-of-contributions-2006-06-30-en.csv')).toString('utf8'),
      );
      expect(en.header).toEqual(es.header);
      expect(en.rows.find((r) => r.member === 'MEX')).toEqual({ ...mex, name: 'Mexico' });
    });

    it('XLSX: one sheet per table, figures as numbers', async () => {
      const es = await workbookOf(
        await fetchFile(path('xlsx', 'es'), XLSX, 'status-of-contributions-2006-06-30-es.xlsx'),
      );
      expect(es.worksheets.map((w) => w.name)).toEqual([
        'Resumen',
        'Situación por miembro',
        'Pagado y pendiente por miembro',
        'Detalle por ejercicio fiscal',
        'Cuadro de honor',
      ]);
      const mex = sheetRow(es.getWorksheet('Situación por miembro') as ExcelJS.Worksheet, 'México');
      expect(amountOf(mex.get('Pagado'))).toBe('36000.00');
      expect(amountOf(mex.get('Pendiente'))).toBe('30000.00');
      const blz = sheetRow(es.getWorksheet('Situación por miembro') as ExcelJS.Worksheet, 'Belice');
      expect(amountOf(blz.get('Atrasos'))).toBe('5000.00');
      const en = await workbookOf(
        await fetchFile(path('xlsx', 'en'), XLSX, 'status-of-contributions-2006-06-30-en.xlsx'),
      );
      expect(en.worksheets.map((w) => w.name)).toEqual([
        'Summary',
        'Position by member',
        'Paid and outstanding by member',
        'Detail by fiscal year',
        'Honour roll',
      ]);
      const total = sheetRow(en.getWorksheet('Position by member') as ExcelJS.Worksheet, 'Total');
      expect([
        amountOf(total.get('Assessed')),
        amountOf(total.get('Paid')),
        amountOf(total.get('Outstanding')),
      ]).toEqual(['220000.00', '164000.00', '56000.00']);
      const roll = en.getWorksheet('Honour roll') as ExcelJS.Worksheet;
      expect(sheetRow(roll, 'United States of America').get('Fiscal year')).toBe('2005');
    });

    it('PDF: titles, member names and figures in Spanish and in English; page 1 rendered', async () => {
      const es = await fetchFile(path('pdf', 'es'), PDF, 'status-of-contributions-2006-06-30-es.pdf');
      expect(es.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const textEs = (await pdfPages(es)).join(' ');
      for (const s of [
        'Estado de las contribuciones',
        'Situación al 30 de junio de 2006',
        'Situación por miembro',
        'Pagado y pendiente por miembro',
        'México',
        'Belice',
        'Canadá',
        'Cuadro de honor',
        '220,000.00',
        '164,000.00',
        '56,000.00',
        '36,000.00',
        '74.55 %',
        '54.55 %',
      ]) {
        expect(textEs).toContain(s);
      }
      const en = await fetchFile(path('pdf', 'en'), PDF, 'status-of-contributions-2006-06-30-en.pdf');
      const textEn = (await pdfPages(en)).join(' ');
      for (const s of [
        'Status of contributions',
        'Position as at 30 June 2006',
        'Paid and outstanding by member',
        'Mexico',
        'Canada',
        'Honour roll',
        '220,000.00',
        '30,000.00',
      ]) {
        expect(textEn).toContain(s);
      }
      expect(textEn).not.toContain('México');
      pageOne(es, 'status-of-contributions-es');
    });
  });

  describe('member statement', () => {
    const path = (format: string, lang: string) =>
      `/v1/members/MEX/statement?asOf=2006-06-30&format=${format}&lang=${lang}`;

    it('CSV: the lines in ledger order with the running balance and where the money went', async () => {
      const csv = csvObjects(
        (await fetchFile(path('csv', 'en'), CSV, 'statement-mex-2006-06-30-en.csv')).toString('utf8'),
      );
      expect(csv.header).toEqual([
        'date',
        'sequence',
        'entry_id',
        'type',
        'description',
        'fiscal_year',
        'reference',
        'amount',
        'debit',
        'credit',
        'balance',
        'allocations',
      ]);
      expect(csv.rows.map((r) => [r.date, r.type, r.fiscal_year, r.debit, r.credit, r.balance, r.allocations])).toEqual(
        [
          ['2005-01-01', 'assessment', '2005', '30000.00', '0.00', '30000.00', ''],
          ['2005-03-15', 'payment', '', '0.00', '20000.00', '10000.00', '2005:20000.00'],
          ['2006-01-01', 'assessment', '2006', '36000.00', '0.00', '46000.00', ''],
          ['2006-04-01', 'payment', '', '0.00', '16000.00', '30000.00', '2005:10000.00;2006:6000.00'],
        ],
      );
      const es = csvObjects(
        (await fetchFile(path('csv', 'es'), CSV, 'statement-mex-2006-06-30-es.csv')).toString('utf8'),
      );
      expect(es.rows.map((r) => r.balance)).toEqual(['30000.00', '10000.00', '46000.00', '30000.00']);
    });

    it('PDF in both languages', async () => {
      const es = (
        await pdfPages(keep(await fetchFile(path('pdf', 'es'), PDF, 'statement-mex-2006-06-30-es.pdf'), 'statement-es'))
      ).join(' ');
      for (const s of [
        'Estado de cuenta del miembro',
        'México (MEX)',
        'Saldo final',
        'Pago recibido',
        '46,000.00',
        '30,000.00',
        'aplicado a 2005: 10,000.00; 2006: 6,000.00',
      ]) {
        expect(es).toContain(s);
      }
      const en = (await pdfPages(await fetchFile(path('pdf', 'en'), PDF, 'statement-mex-2006-06-30-en.pdf'))).join(' ');
      for (const s of [
        'Member statement of account',
        'Mexico (MEX)',
        'Closing balance',
        'Payment received',
        '46,000.00',
      ]) {
        expect(en).toContain(s);
      }
    });
  });

  describe('grant report', () => {
    const path = (format: string, lang: string) =>
      `/v1/grants/${GRANT}/report?asOf=2005-12-31&format=${format}&lang=${lang}`;
    const stem = 'grant-usa-2004-campaign-2005-12-31';

    it('CSV: budget, spent and available by budget line', async () => {
      const csv = csvObjects((await fetchFile(path('csv', 'es'), CSV, `${stem}-es.csv`)).toString('utf8'));
      expect(csv.header).toEqual(['grant', 'budget_line', 'name', 'budget', 'spent', 'available']);
      expect(csv.rows.map((r) => [r.budget_line, r.budget, r.spent, r.available])).toEqual([
        ['MEDIA', '150000.00', '40000.00', '110000.00'],
        ['PRINT', '60000.00', '12500.50', '47499.50'],
        ['EVAL', '40000.00', '0.00', '40000.00'],
      ]);
    });

    it('XLSX: a sheet per table, the figures as numbers', async () => {
      const wb = await workbookOf(await fetchFile(path('xlsx', 'en'), XLSX, `${stem}-en.xlsx`));
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Summary',
        'Spending by budget line',
        'Budget and spending by line',
        'Movements by month',
        'Entries behind the figures',
      ]);
      const print = sheetRow(wb.getWorksheet('Spending by budget line') as ExcelJS.Worksheet, 'PRINT');
      expect([amountOf(print.get('Spent')), amountOf(print.get('Available'))]).toEqual(['12500.50', '47499.50']);
      const jan = sheetRow(wb.getWorksheet('Movements by month') as ExcelJS.Worksheet, '2005-01');
      expect(amountOf(jan.get('Received'))).toBe('125000.00');
    });

    it('PDF in both languages', async () => {
      const es = (await pdfPages(keep(await fetchFile(path('pdf', 'es'), PDF, `${stem}-es.pdf`), 'grant-es'))).join(
        ' ',
      );
      for (const s of [
        'Informe de contribución voluntaria',
        'Comprometido',
        'Ejecutado',
        'Estados Unidos',
        '250,000.00',
        '52,500.50',
        '72,499.50',
        'Asientos que sustentan las cifras',
        'Fondos recibidos',
      ]) {
        expect(es).toContain(s);
      }
      const en = (await pdfPages(keep(await fetchFile(path('pdf', 'en'), PDF, `${stem}-en.pdf`), 'grant-en'))).join(
        ' ',
      );
      for (const s of [
        'Grant report',
        'Pledged',
        'Spent',
        'Spending by budget line',
        '47,499.50',
        'Receipts',
        'Expenditures',
      ]) {
        expect(en).toContain(s);
      }
    });
  });

  describe('reserve fund report', () => {
    const path = (format: string, lang: string) =>
      `/v1/reserve-fund/report?from=2005-01-01&asOf=2005-12-31&format=${format}&lang=${lang}`;

    it('CSV: every figure of the period under a stable item key', async () => {
      const csv = csvObjects(
        (await fetchFile(path('csv', 'en'), CSV, 'reserve-fund-2005-12-31-en.csv')).toString('utf8'),
      );
      expect(csv.header).toEqual(['from', 'as_of', 'item', 'label', 'amount']);
      expect(Object.fromEntries(csv.rows.map((r) => [r.item, r.amount]))).toEqual({
        opening_balance: '0.00',
        contributions_member: '40000.00',
        contributions_general_fund: '0.00',
        contributions_donor: '0.00',
        contributions_total: '40000.00',
        disbursements: '9000.00',
        other_movements: '0.00',
        closing_balance: '31000.00',
        committed: '6000.00',
        floor: '0.00',
        available: '25000.00',
      });
      const es = csvObjects(
        (await fetchFile(path('csv', 'es'), CSV, 'reserve-fund-2005-12-31-es.csv')).toString('utf8'),
      );
      expect(es.rows.find((r) => r.item === 'closing_balance')).toMatchObject({
        label: 'Saldo final',
        amount: '31000.00',
      });
    });

    it('XLSX: sheets for the movement, the cases and their history', async () => {
      const wb = await workbookOf(await fetchFile(path('xlsx', 'es'), XLSX, 'reserve-fund-2005-12-31-es.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Resumen',
        'Movimiento del fondo',
        'Disponible',
        'Desembolsos por caso',
        'Evolución del saldo del fondo',
        'Casos',
        'Historial de los casos',
      ]);
      const closing = sheetRow(wb.getWorksheet('Movimiento del fondo') as ExcelJS.Worksheet, 'Saldo final');
      expect(amountOf(closing.get('Monto'))).toBe('31000.00');
      const c = sheetRow(
        wb.getWorksheet('Casos') as ExcelJS.Worksheet,
        'Retorno asistido de 12 migrantes varados en Panamá',
      );
      expect([amountOf(c.get('Desembolsado')), amountOf(c.get('Compromiso'))]).toEqual(['9000.00', '6000.00']);
      expect(c.get('Países involucrados')).toBe('Panamá, Ecuador');
    });

    it('PDF in both languages', async () => {
      const es = (
        await pdfPages(
          keep(await fetchFile(path('pdf', 'es'), PDF, 'reserve-fund-2005-12-31-es.pdf'), 'reserve-fund-es'),
        )
      ).join(' ');
      for (const s of [
        'Informe del fondo de reserva',
        'Período del 1 de enero de 2005 al 31 de diciembre de 2005',
        'Saldo inicial',
        'Saldo final',
        '31,000.00',
        '25,000.00',
        'Notificación a la PPT',
        'Panamá',
        'OIM/PPT/2005/031',
      ]) {
        expect(es).toContain(s);
      }
      const en = (await pdfPages(await fetchFile(path('pdf', 'en'), PDF, 'reserve-fund-2005-12-31-en.pdf'))).join(' ');
      for (const s of [
        'Reserve fund report',
        'Opening balance',
        'Closing balance',
        'Available',
        '6,000.00',
        'Notified to the PPT',
        'Panama',
      ]) {
        expect(en).toContain(s);
      }
    });
  });

  describe('assessment notices', () => {
    const path = (member: string, year: number | string, query = '') =>
      `/v1/members/${member}/assessment-notices/${year}${query}`;

    it.each([
      [
        'MEX',
        2006,
        {
          assessment: '36000.00',
          advancesApplied: '0.00',
          paymentsCredited: '0.00',
          yearBalance: '36000.00',
          arrears: '10000.00',
          totalDue: '46000.00',
        },
      ],
      [
        'CAN',
        2006,
        {
          assessment: '18000.00',
          advancesApplied: '3000.00',
          paymentsCredited: '0.00',
          yearBalance: '15000.00',
          arrears: '0.00',
          totalDue: '15000.00',
        },
      ],
      [
        'BLZ',
        2006,
        {
          assessment: '6000.00',
          advancesApplied: '0.00',
          paymentsCredited: '0.00',
          yearBalance: '6000.00',
          arrears: '5000.00',
          totalDue: '11000.00',
        },
      ],
      [
        'MEX',
        2005,
        {
          assessment: '30000.00',
          advancesApplied: '0.00',
          paymentsCredited: '0.00',
          yearBalance: '30000.00',
          arrears: '0.00',
          totalDue: '30000.00',
        },
      ],
    ])('%s %s: figures as at the assessment date (JSON)', async (member, year, figures) => {
      const res = await t
        .as('auditor')
        .get(path(member, year, '?format=json&lang=en'))
        .expect(200);
      expect(res.body).toMatchObject({
        member,
        fiscalYear: year,
        noticeDate: `${year}-01-01`,
        dueDate: `${year}-01-31`,
        paymentTermDays: 30,
        share: { MEX: '30', CAN: '15', BLZ: '5' }[member],
        writtenOff: '0.00',
        payTo: { code: 'OPERATING', name: 'Operating account', currency: 'USD' },
        paymentReference: `${member} ${year}`,
        ...figures,
      });
    });

    it('MEX 2006: arrears by year and the budget decision', async () => {
      const res = await t
        .as('viewer')
        .get(path('MEX', 2006, '?format=json'))
        .expect(200);
      expect(res.body.lang).toBe('es');
      expect(res.body.name).toBe('México');
      expect(res.body.budget).toEqual({
        version: 1,
        total: '120000.00',
        approval: { meeting: 'X Reunión Viceministerial, Tegucigalpa', date: '2005-12-01', reference: 'CRM-X/2005/4' },
        assessedOn: '2006-01-01',
      });
      expect(res.body.arrearsByYear).toEqual([
        { fiscalYear: 2005, assessed: '30000.00', paid: '20000.00', writtenOff: '0.00', outstanding: '10000.00' },
      ]);
    });

    it('PDF, Spanish by default and English on request; page 1 rendered', async () => {
      const es = await fetchFile(path('MEX', 2006), PDF, 'assessment-notice-mex-2006-2006-01-01-es.pdf');
      const textEs = (await pdfPages(es)).join(' ');
      for (const s of [
        'Aviso de contribución señalada 2006',
        'México (MEX) · Ejercicio fiscal 2006',
        'X Reunión Viceministerial, Tegucigalpa',
        'CRM-X/2005/4',
        '30 %',
        '36,000.00',
        '10,000.00',
        '46,000.00',
        'Total adeudado',
        'Fecha de vencimiento',
        '31 de enero de 2006',
        'Operating account',
        'OPERATING',
        'MEX 2006',
      ]) {
        expect(textEs).toContain(s);
      }
      const en = await fetchFile(path('CAN', 2006, '?lang=en'), PDF, 'assessment-notice-can-2006-2006-01-01-en.pdf');
      const textEn = (await pdfPages(en)).join(' ');
      for (const s of [
        'Assessment notice 2006',
        'Canada (CAN) · Fiscal year 2006',
        'Less: advances applied',
        '-3,000.00',
        '15,000.00',
        'Total due',
        'Due date',
        '31 January 2006',
        'How to pay',
        'CAN 2006',
      ]) {
        expect(textEn).toContain(s);
      }
      pageOne(es, 'assessment-notice-mex-2006-es');
      pageOne(en, 'assessment-notice-can-2006-en');
    });

    it('refuses what is not a notice: 404 unknown member, year without budget, member not assessed; 400 bad year or lang; 401', async () => {
      await t.as('viewer').get(path('ZZZ', 2006)).expect(404);
      await t.as('viewer').get(path('mex', 2006)).expect(404);
      const noBudget = await t.as('viewer').get(path('MEX', 2007)).expect(404);
      expect(noBudget.headers['content-type']).toMatch(/^application\/problem\+json/);
      await createMember(t, 'GTM', '2007-01-01', { name: 'Guatemala' });
      await t.as('viewer').get(path('GTM', 2006)).expect(404);
      const badYear = await t.as('viewer').get(path('MEX', 'abcd')).expect(400);
      expect(badYear.body.errors).toEqual([{ field: 'fiscalYear', message: 'must be a year between 1900 and 2999' }]);
      await t
        .as('viewer')
        .get(path('MEX', 2006, '?lang=fr'))
        .expect(400);
      await t
        .as('viewer')
        .get(path('MEX', 2006, '?format=xlsx'))
        .expect(400);
      await request(t.http).get(path('MEX', 2006)).expect(401);
    });
  });
});
