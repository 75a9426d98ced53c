import ExcelJS from 'exceljs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GlRow } from './general-ledger.repository';
import {
  csvFormatter,
  exactNumber,
  jsonlFormatter,
  loadExcel,
  numberFormat,
  sheetEntryInput,
  xlsxFormatter,
} from './gl-formats';

const row = (sequence: number, overrides: Partial<Record<number, string | null>> = {}): GlRow => {
  const base: GlRow = [
    String(sequence),
    '67525db2-2c99-485b-87bf-55deb29ffe31',
    '2005-12-15',
    'Assessment 2005',
    '1100',
    'GEN',
    'debit',
    '1250.50',
    'USD',
    '1',
    '1250.50',
    'MEX',
    null,
    'a'.repeat(64),
  ];
  for (const [i, v] of Object.entries(overrides)) (base as (string | null)[])[Number(i)] = v ?? null;
  return base;
};

async function render(transform: NodeJS.ReadWriteStream, rows: GlRow[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    Readable.from(rows),
    transform,
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    }),
  );
  return Buffer.concat(chunks);
}

describe('exactNumber: a spreadsheet number only when it is exactly the stored decimal', () => {
  it.each([
    ['250000.00', 250000],
    ['0.0512', 0.0512],
    ['1250.50', 1250.5],
    ['0.1', 0.1],
    ['150000', 150000],
    ['123456789012345', 123456789012345],
    ['9999999999999.99', 9999999999999.99],
    ['12345678901234567', '12345678901234567'],
    ['1234567890123456.78', '1234567890123456.78'],
    ['99999999999999999999.9999', '99999999999999999999.9999'],
    ['0.123456789012345678', '0.123456789012345678'],
  ])('%s → %p', (text, expected) => {
    expect(exactNumber(text)).toBe(expected);
  });
});

describe('numberFormat', () => {
  it.each([
    [0, '#,##0'],
    [2, '#,##0.00'],
    [3, '#,##0.000'],
  ])('scale %i → %s', (scale, format) => {
    expect(numberFormat(scale)).toBe(format);
  });
});

describe('csvFormatter', () => {
  it('writes the header, quotes what needs quoting and leaves null dimensions empty', async () => {
    const text = (
      await render(csvFormatter(), [row(1), row(2, { 3: 'Pago "parcial", México\nlínea 2', 11: null, 12: 'G-1' })])
    ).toString();
    expect(text).toBe(
      'sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash\n' +
        `1,67525db2-2c99-485b-87bf-55deb29ffe31,2005-12-15,Assessment 2005,1100,GEN,debit,1250.50,USD,1,1250.50,MEX,,${'a'.repeat(64)}\n` +
        `2,67525db2-2c99-485b-87bf-55deb29ffe31,2005-12-15,"Pago ""parcial"", México\nlínea 2",1100,GEN,debit,1250.50,USD,1,1250.50,,G-1,${'a'.repeat(64)}\n`,
    );
  });

  it('guards text a spreadsheet would run as a formula, in the text columns only', async () => {
    const text = (
      await render(csvFormatter(), [row(1, { 3: '=HYPERLINK("http://x")', 4: '-9100', 5: '@F', 12: "'+G" })])
    ).toString();
    expect(text.split('\n')[1]).toBe(
      `1,67525db2-2c99-485b-87bf-55deb29ffe31,2005-12-15,"'=HYPERLINK(""http://x"")",'-9100,'@F,debit,1250.50,USD,1,1250.50,MEX,''+G,${'a'.repeat(64)}`,
    );
  });

  it('writes only the header for no rows', async () => {
    expect((await render(csvFormatter(), [])).toString()).toBe(
      'sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash\n',
    );
  });
});

describe('jsonlFormatter', () => {
  it('writes one object per line, amounts as strings, nulls as null', async () => {
    const text = (
      await render(jsonlFormatter(), [row(7, { 7: '150000', 8: 'JPY', 9: '0.0091', 10: '1365.00' })])
    ).toString();
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      sequence: 7,
      entry_id: '67525db2-2c99-485b-87bf-55deb29ffe31',
      date: '2005-12-15',
      description: 'Assessment 2005',
      account: '1100',
      fund: 'GEN',
      side: 'debit',
      amount: '150000',
      currency: 'JPY',
      rate: '0.0091',
      amount_base: '1365.00',
      member: 'MEX',
      grant: null,
      entry_hash: 'a'.repeat(64),
    });
  });
});

describe('xlsxFormatter', () => {
  it('reaches the zip entry behind an exceljs streaming sheet (the back-pressure it relies on)', async () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink });
    const sheet = workbook.addWorksheet('x');
    sheet.addRow([1]).commit();
    const input = sheetEntryInput(sheet);
    expect(input).toBeDefined();
    expect(typeof input?._writableState.length).toBe('number');
    sheet.commit();
    await workbook.commit();
  });

  it('writes numbers as numbers with their currency format, text as text, the header frozen', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => row(i + 1));
    rows[1] = row(2, { 7: '150000', 8: 'JPY', 9: '0.0091', 10: '1365.00', 11: null, 12: 'G-1' });
    const workbook = new ExcelJS.Workbook();
    const bytes = await render(xlsxFormatter('USD', await loadExcel()), rows);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(3_001);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    const usd = sheet.getRow(2);
    expect([1, 3, 8, 10, 11].map((c) => usd.getCell(c).value)).toEqual([
      1,
      new Date('2005-12-15T00:00:00Z'),
      1250.5,
      1,
      1250.5,
    ]);
    expect([3, 8, 10, 11].map((c) => usd.getCell(c).numFmt)).toEqual([
      'yyyy-mm-dd',
      '#,##0.00',
      '0.0###########',
      '#,##0.00',
    ]);
    const jpy = sheet.getRow(3);
    expect([8, 9, 10, 11, 12, 13].map((c) => jpy.getCell(c).value)).toEqual([150000, 'JPY', 0.0091, 1365, null, 'G-1']);
    expect(jpy.getCell(8).numFmt).toBe('#,##0');
    expect(sheet.getRow(3_001).getCell(1).value).toBe(3_000);
  });
});
