import { readFileSync } from 'fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import { DomainError, ErrorCode } from '@app/common';
import { amountReader, CsvProfile, csvProfileProblems, dateReader } from './csv-profile';
import { parseProfiledCsv, parseProfiledCsvStream } from './profiled-csv.parser';
import { columnLetter } from './profiled-rows';
import type { ParsedStatement, StatementEvent } from './statement.types';
import { parseXlsxStatementFile } from './xlsx-statement.parser';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const SPANISH_EXPORT = readFileSync(path.join(FIXTURES, 'bank-export.es.debit-credit.windows-1252.csv'));

/** The profile of the Spanish-language export: semicolons, decimal commas, Windows-1252, three title lines. */
const SPANISH_PROFILE: CsvProfile = {
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

const SIGNED_PROFILE: CsvProfile = {
  delimiter: ',',
  decimalSeparator: '.',
  dateFormat: 'YYYY-MM-DD',
  encoding: 'utf-8',
  columns: { date: 'Date', amount: 'Amount', description: 'Details', balance: 'Balance' },
};

const parse = (input: Buffer | string, profile: CsvProfile, minorUnits = 2): Promise<ParsedStatement> =>
  parseProfiledCsv(input, { currency: 'USD', minorUnits, profile });

const net = (s: ParsedStatement): string =>
  s.lines
    .reduce((sum, l) => (l.direction === 'credit' ? sum.plus(l.amount) : sum.minus(l.amount)), s.openingBalance!)
    .toFixed(2);

async function malformed(work: Promise<unknown>): Promise<{ message: string; field: string; code: string }> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    return { message: e.message, field: e.errors?.[0]?.field ?? '', code: e.code };
  }
  throw new Error('expected a DomainError');
}

describe('a bank CSV export read with its profile', () => {
  it('reads the Spanish export: debit and credit columns, decimal commas, thousands points, Windows-1252 accents', async () => {
    const s = await parse(SPANISH_EXPORT, SPANISH_PROFILE);
    expect(
      s.lines.map((l) => [l.lineNumber, l.bookingDate, l.direction, l.amount.toFixed(2), l.reference, l.description]),
    ).toEqual([
      [
        5,
        '2024-03-04',
        'credit',
        '12500.00',
        'CONTRIB-2024-PA',
        'Transferencia recibida República de Panamá — cuota 2024',
      ],
      [6, '2024-03-06', 'debit', '12.50', 'COM-0306', 'Comisión por transferencia'],
      [7, '2024-03-11', 'debit', '3200.00', 'PROV-117', 'Pago a proveedor "Imprenta Año Nuevo"'],
      [8, '2024-03-15', 'credit', '7590.27', 'CONTRIB-2024-MX', 'Depósito de México — cuota'],
      [9, '2024-03-28', 'credit', '0.50', 'INT-0328', 'Intereses ganados'],
      [10, '2024-03-29', 'debit', '25.00', 'MANT-0329', 'Cargo por mantenimiento de cuenta'],
    ]);
  });

  it('takes the balances from the balance column: 5,000.00 before the first row, 21,853.27 after the last; they agree with the lines', async () => {
    const s = await parse(SPANISH_EXPORT, SPANISH_PROFILE);
    expect([s.openingBalance?.toFixed(2), s.closingBalance?.toFixed(2)]).toEqual(['5000.00', '21853.27']);
    expect(net(s)).toBe('21853.27');
  });

  it('leaves the totals after the blank line out, saying so', async () => {
    const s = await parse(SPANISH_EXPORT, SPANISH_PROFILE);
    expect(s.warnings).toEqual(["2 line(s) after the blank line 11 were taken as the export's footer and not read"]);
  });

  it('reads the same from UTF-8 in chunks cut anywhere (a character of two bytes cut in two)', async () => {
    const utf8 = Buffer.from(iconv.decode(SPANISH_EXPORT, 'windows-1252'), 'utf8');
    const chunks = Array.from({ length: Math.ceil(utf8.length / 5) }, (_, i) => utf8.subarray(i * 5, i * 5 + 5));
    const statement: ParsedStatement = { lines: [] };
    for await (const e of parseProfiledCsvStream(chunks, {
      currency: 'USD',
      minorUnits: 2,
      profile: { ...SPANISH_PROFILE, encoding: 'utf-8' },
    })) {
      if (e.kind === 'line') statement.lines.push(e.line);
      else Object.assign(statement, e.header);
    }
    expect(statement).toEqual(await parse(SPANISH_EXPORT, SPANISH_PROFILE));
  });

  it('a signed amount column, newest row first: opening and closing read the other way round', async () => {
    const text = ['Date,Amount,Details,Balance', '2024-03-05,-20.00,fee,1080.00', '2024-03-02,100.00,in,1100.00'].join(
      '\n',
    );
    const s = await parse(text, SIGNED_PROFILE);
    expect([s.openingBalance?.toFixed(2), s.closingBalance?.toFixed(2), s.warnings]).toEqual([
      '1000.00',
      '1080.00',
      undefined,
    ]);
  });

  it('warns when the balance column does not follow the amounts', async () => {
    const text = ['Date,Amount,Details,Balance', '2024-03-02,100.00,in,1100.00', '2024-03-05,-20.00,fee,1000.00'].join(
      '\n',
    );
    const s = await parse(text, SIGNED_PROFILE);
    expect(s.warnings).toEqual([
      'the balance column does not follow the amounts from line to line: the opening balance is taken from line 2 and the closing balance from line 3',
    ]);
  });

  it.each([
    ['Date,Amount,Details,Balance\n2024-03-02,1.00,x,1.00\n2024-03-02,-1.00,y,0.00', '1.00', '-1.00'],
    ['Date,Amount,Details,Balance\n2024-03-02,(1.00),x,-1.00', '-1.00', undefined],
    ['Date,Amount,Details,Balance\n2024-03-02,1.00-,x,-1.00', '-1.00', undefined],
    ['Date,Amount,Details,Balance\n2024-03-02,+5,x,5', '5.00', undefined],
  ])('amount signs: %j', async (text, first, second) => {
    const s = await parse(text, SIGNED_PROFILE);
    const signed = s.lines.map((l) => (l.direction === 'credit' ? l.amount : l.amount.neg()).toFixed(2));
    expect(signed).toEqual(second === undefined ? [first] : [first, second]);
  });

  it.each([
    [
      'a header without a profile column',
      'Date,Amount,Notes,Balance\n2024-03-02,1.00,x,1.00',
      SIGNED_PROFILE,
      "line 1: the header has no column 'Details' (the profile's description); it holds 'Date', 'Amount', 'Notes', 'Balance'",
      'line 1/Details',
    ],
    [
      'an amount the separators do not fit',
      'Date,Amount,Details,Balance\n2024-03-02,"1,000.00",x,1.00',
      SIGNED_PROFILE,
      "line 2, column 'Amount' (B): '1,000.00' is not an amount written with decimal separator '.' and no thousands separator",
      'line 2/Amount',
    ],
    [
      'a date in another format',
      'Date,Amount,Details,Balance\n02/03/2024,1.00,x,1.00',
      SIGNED_PROFILE,
      "line 2, column 'Date' (A): '02/03/2024' is not a date in the format YYYY-MM-DD",
      'line 2/Date',
    ],
    [
      'too many decimals',
      'Date,Amount,Details,Balance\n2024-03-02,1.005,x,1.00',
      SIGNED_PROFILE,
      "line 2, column 'Amount' (B): '1.005' has 3 decimal places, USD allows at most 2",
      'line 2/Amount',
    ],
    [
      'a row after the blank line',
      'Date,Amount,Details,Balance\n2024-03-02,1.00,x,1.00\n\n2024-03-03,1.00,x,2.00',
      SIGNED_PROFILE,
      'line 4: a statement row after the blank line 3: remove the blank line',
      'line 4',
    ],
    [
      'debit and credit both filled',
      'Fecha;Concepto;Referencia;Débito;Crédito;Saldo\n01/03/2024;x;r;1,00;2,00;1,00',
      { ...SPANISH_PROFILE, skipRows: 0, encoding: 'utf-8' as const },
      "line 2, column 'Débito' (D): both 'Débito' and 'Crédito' hold an amount",
      'line 2/Débito',
    ],
    [
      'the wrong encoding (Windows-1252 read as UTF-8)',
      SPANISH_EXPORT,
      { ...SPANISH_PROFILE, encoding: 'utf-8' as const },
      'line 4: invalid character U+FFFD: the file is not valid UTF-8 (is it encoded in Windows-1252 or Latin-1?)',
      'line 4',
    ],
    [
      'more title lines than the profile skips',
      SPANISH_EXPORT,
      { ...SPANISH_PROFILE, skipRows: 1 },
      "line 2: the header has no column 'Fecha' (the profile's date); it holds 'Cuenta corriente', 'CR21 0152 0200 1026 2840 66' (after skipping 1 line(s))",
      'line 2/Fecha',
    ],
  ])('%s: a 400 naming the line and the column', async (_what, input, profile, message, field) => {
    const e = await malformed(parse(input, profile));
    expect(e).toEqual({ message, field, code: ErrorCode.StatementMalformed });
  });

  it('an unusable profile is a 400 naming its setting', async () => {
    const e = await malformed(parse('x', { ...SIGNED_PROFILE, decimalSeparator: ';' as ',' }));
    expect(e).toEqual({
      message: "csvProfile.decimalSeparator: must be '.' or ','",
      field: 'csvProfile.decimalSeparator',
      code: ErrorCode.ValidationFailed,
    });
  });
});

describe('csv profile rules', () => {
  it.each([
    [{ ...SPANISH_PROFILE }, []],
    [
      { ...SIGNED_PROFILE, thousandsSeparator: '.' },
      ['csvProfile.thousandsSeparator: must differ from decimalSeparator'],
    ],
    [{ ...SIGNED_PROFILE, columns: { date: 'D' } }, ['csvProfile.columns: name amount, or both debit and credit']],
    [
      { ...SIGNED_PROFILE, columns: { date: 'D', amount: 'A', debit: 'X', credit: 'Y' } },
      ['csvProfile.columns: name either amount or debit and credit, not both'],
    ],
    [
      { ...SIGNED_PROFILE, columns: { date: 'D', amount: 'D' } },
      ['csvProfile.columns: two settings name the same column'],
    ],
    [
      { ...SIGNED_PROFILE, dateFormat: 'DD/MM' },
      ['csvProfile.dateFormat: must hold the year (YYYY or YY), the month (MM or M) and the day (DD or D) once each'],
    ],
    [
      { ...SIGNED_PROFILE, dateFormat: 'DD/MMM/YYYY' },
      ['csvProfile.dateFormat: must hold the year (YYYY or YY), the month (MM or M) and the day (DD or D) once each'],
    ],
    [
      { ...SIGNED_PROFILE, encoding: 'utf-16' },
      ['csvProfile.encoding: must be one of utf-8, windows-1252, iso-8859-1'],
    ],
    [{ ...SIGNED_PROFILE, skipRows: 101 }, ['csvProfile.skipRows: must be an integer from 0 to 100']],
    [{ ...SIGNED_PROFILE, delimiter: ':' }, ["csvProfile.delimiter: must be one of ',' ';' '|' or a tab"]],
    [{ ...SIGNED_PROFILE, extra: 1 }, ['csvProfile.extra: is not a profile setting']],
  ])('%j', (profile, problems) => {
    expect(csvProfileProblems(profile).map((p) => `${p.field}: ${p.message}`)).toEqual(problems);
  });

  it.each([
    ['DD/MM/YYYY', '31/03/2024', '2024-03-31'],
    ['D/M/YYYY', '1/3/2024', '2024-03-01'],
    ['DD.MM.YY', '01.03.24', '2024-03-01'],
    ['YYYYMMDD', '20240301', '2024-03-01'],
    ['MM/DD/YYYY', '03/31/2024', '2024-03-31'],
    ['DD-MM-YYYY HH:mm', '31-03-2024 10:22', '2024-03-31'],
    ['DD/MM/YYYY', '30/02/2024', undefined],
    ['DD/MM/YYYY', '2024-03-01', undefined],
  ])('date format %s reads %s as %s', (format, text, iso) => {
    expect(dateReader(format)(text)).toBe(iso);
  });

  it.each([
    [',', '.', '1.234,56', '1234.56'],
    [',', '.', '1234,5', '1234.5'],
    [',', undefined, '0,2', '0.2'],
    ['.', ',', '50,000', '50000'],
    ['.', ' ', '1 234 567.89', '1234567.89'],
    ['.', "'", "1'234.00", '1234'],
    [',', '.', '12.34,56', undefined],
    ['.', undefined, '1e5', undefined],
    ['.', undefined, 'USD 5', undefined],
  ])('amount with decimal %s and thousands %s: %s', (decimal, thousands, text, value) => {
    expect(amountReader(decimal as '.' | ',', thousands)(text)?.toFixed()).toBe(value);
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('a bank XLSX export read with the same profile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xlsx-statement-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A workbook as banks export it: a title row, the header, date cells, number cells and one amount typed as text. */
  async function writeWorkbook(name: string, rows: unknown[][], secondSheet = false): Promise<string> {
    const ExcelJS = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Movimientos');
    for (const row of rows) sheet.addRow(row);
    sheet.getColumn(1).numFmt = 'dd/mm/yyyy';
    if (secondSheet) workbook.addWorksheet('Resumen').addRow(['not', 'read']);
    const file = path.join(dir, name);
    await workbook.xlsx.writeFile(file);
    return file;
  }

  const read = async (file: string, profile: CsvProfile): Promise<ParsedStatement> => {
    const statement: ParsedStatement = { lines: [] };
    for await (const e of parseXlsxStatementFile(file, {
      currency: 'USD',
      minorUnits: 2,
      profile,
    }) as AsyncIterable<StatementEvent>) {
      if (e.kind === 'line') statement.lines.push(e.line);
      else Object.assign(statement, e.header);
    }
    return statement;
  };

  const xlsxProfile: CsvProfile = { ...SPANISH_PROFILE, skipRows: 1, encoding: 'utf-8' };

  it('reads the first sheet: date cells, numbers, a text amount with decimal comma, balances from the balance column', async () => {
    const file = await writeWorkbook(
      'export.xlsx',
      [
        ['Banco Centroamericano de Fomento — movimientos'],
        ['Fecha', 'Concepto', 'Referencia', 'Débito', 'Crédito', 'Saldo'],
        [new Date(Date.UTC(2024, 2, 4)), 'Cuota Panamá', 'CONTRIB-2024-PA', null, 12500, 17500],
        [new Date(Date.UTC(2024, 2, 6)), 'Comisión', 'COM-0306', 12.5, null, 17487.5],
        ['11/03/2024', 'Proveedor', 'PROV-117', '3.200,00', null, '14.287,50'],
        [new Date(Date.UTC(2024, 2, 15)), 'México', 'CONTRIB-2024-MX', null, 0.1 + 7590.17, 21877.77],
      ],
      true,
    );
    const s = await read(file, xlsxProfile);
    expect(s.lines.map((l) => [l.lineNumber, l.bookingDate, l.direction, l.amount.toFixed(2), l.reference])).toEqual([
      [3, '2024-03-04', 'credit', '12500.00', 'CONTRIB-2024-PA'],
      [4, '2024-03-06', 'debit', '12.50', 'COM-0306'],
      [5, '2024-03-11', 'debit', '3200.00', 'PROV-117'],
      [6, '2024-03-15', 'credit', '7590.27', 'CONTRIB-2024-MX'],
    ]);
    expect([s.openingBalance?.toFixed(2), s.closingBalance?.toFixed(2)]).toEqual(['5000.00', '21877.77']);
    expect(net(s)).toBe('21877.77');
  });

  it('a row the profile does not fit is a 400 naming the row and the column', async () => {
    const file = await writeWorkbook('bad.xlsx', [
      ['title'],
      ['Fecha', 'Concepto', 'Referencia', 'Débito', 'Crédito', 'Saldo'],
      [new Date(Date.UTC(2024, 2, 4)), 'x', 'r', 'doce', null, 1],
    ]);
    const e = await malformed(read(file, xlsxProfile));
    expect(e).toEqual({
      message:
        "row 3, column 'Débito' (D): 'doce' is not an amount written with decimal separator ',' and thousands separator '.'",
      field: 'row 3/Débito',
      code: ErrorCode.StatementMalformed,
    });
  });

  it('a file that is not a workbook is a 400', async () => {
    const file = path.join(dir, 'not.xlsx');
    writeFileSync(file, 'Fecha;Concepto\n');
    const e = await malformed(read(file, xlsxProfile));
    expect(e.code).toBe(ErrorCode.StatementMalformed);
    expect(e.message).toMatch(/^file: not a readable XLSX workbook|^file: the workbook has no sheet/);
  });
});
