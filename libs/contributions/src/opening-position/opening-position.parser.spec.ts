import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDelimiter, readCsvRecords } from './csv-records';
import { formatProblem } from './opening-position.model';
import { cellText, parseOpeningPosition } from './opening-position.parser';
import { openingPositionWorkbook } from './opening-position.template';
import { DatabaseFacts, validateOpeningPosition } from './opening-position.validator';

const templates = path.resolve(__dirname, '../../../../templates');
const problemsOf = async (name: string, text: string | Buffer): Promise<string[]> =>
  (await parseOpeningPosition(name, Buffer.isBuffer(text) ? text : Buffer.from(text))).problems.map(formatProblem);

const emptyDatabase: DatabaseFacts = {
  baseCurrency: 'USD',
  fiscalYearStartMonth: 1,
  defaultBankAccount: 'OPERATING',
  bankAccounts: new Map([['OPERATING', { currency: 'USD', active: true }]]),
  members: new Map(),
  budgets: new Map(),
  payments: [],
  lastClosedYear: null,
};

describe('CSV records', () => {
  it.each<[string, string[][]]>([
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n"x, y","say ""hi"""\n',
      [
        ['a', 'b'],
        ['x, y', 'say "hi"'],
      ],
    ],
    [
      'a,b\n"two\nlines",z',
      [
        ['a', 'b'],
        ['two\nlines', 'z'],
      ],
    ],
    ['a\r\rb\n\n', [['a'], ['b']]],
    [
      'a,,\n,,\n',
      [
        ['a', '', ''],
        ['', '', ''],
      ],
    ],
  ])('reads %j', (text, expected) => {
    expect(readCsvRecords(text, ',', 10).map((r) => r.fields)).toEqual(expected);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    expect(readCsvRecords('h\n"a\nb"\nc\n', ',', 10).map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('takes the delimiter from the header line', () => {
    expect(detectDelimiter('registro;miembro;nombre\nmiembro;MEX;"a, b"')).toBe(';');
    expect(detectDelimiter('record,member\nmember,MEX')).toBe(',');
  });
});

describe('opening position parser', () => {
  it('yields typed rows with their sheet and row number; blank lines keep the numbering', async () => {
    const parsed = await parseOpeningPosition(
      'dir/op.csv',
      Buffer.from(
        'record,member,name,joined_on\nmember,MEX,Mexico,1996-03-13\n\n,,,\nmember, GTM ,Guatemala,1996-03-13\n',
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { sheet: 'op.csv', row: 2, kind: 'member', cells: { member: 'MEX', name: 'Mexico', joined_on: '1996-03-13' } },
      { sheet: 'op.csv', row: 5, kind: 'member', cells: { member: 'GTM', name: 'Guatemala', joined_on: '1996-03-13' } },
    ]);
  });

  it('accepts Spanish column labels and record types, a BOM and semicolons (Spanish-locale Excel)', async () => {
    const text =
      '\ufeffRegistro;Ejercicio;Miembro;Nombre;Fecha de ingreso;Monto;Porcentaje;Moneda;Fecha recepción;Referencia\n' +
      'miembro;;MEX;México;1996-03-13;;;;;\n' +
      'Escala;2005;MEX;;;;100;;;\n' +
      'pago;;MEX;;;"1250.50";;USD;2005-03-01;Transferencia 1\n';
    const parsed = await parseOpeningPosition('es.csv', Buffer.from(text));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.kind, r.cells])).toEqual([
      ['member', { member: 'MEX', name: 'México', joined_on: '1996-03-13' }],
      ['scale', { fiscal_year: '2005', member: 'MEX', share: '100' }],
      [
        'payment',
        { member: 'MEX', amount: '1250.50', currency: 'USD', received_on: '2005-03-01', reference: 'Transferencia 1' },
      ],
    ]);
  });

  it('reports every problem of shape, each with its row: unknown and doubled columns, record types, long cells', async () => {
    const text =
      'record,member,colour,Member,name\n' +
      'member,MEX,red,,Mexico\n' +
      'refund,MEX,,,\n' +
      ',GTM,,,\n' +
      `member,BLZ,,,${'x'.repeat(501)}\n` +
      'member,BLZ,,,Belize,surplus\n';
    expect(await problemsOf('op.csv', text)).toEqual([
      'op.csv/row 1: colour: unknown column; the columns are record, member, name, name_es, joined_on, left_on, fiscal_year, code, amount, share, currency, rate, approved_on, meeting, reference, assessed_on, received_on, designated_fiscal_year, bank_account',
      "op.csv/row 1: Member: a second 'member' column",
      "op.csv/row 3: record: unknown record type 'refund'; one of member, budget, budget_line, scale, assessment, payment",
      'op.csv/row 4: record: empty; say what the row is: member, budget, budget_line, scale, assessment, payment',
      'op.csv/row 5: name: longer than 500 characters',
      'op.csv/row 6: column 6: a value in a column without a heading',
    ]);
  });

  it.each<[string, string | Buffer, string]>([
    [
      'no record column',
      'member,name\nMEX,Mexico\n',
      "op.csv/row 1: the header has no 'record' column (what each row is)",
    ],
    ['an empty file', '', 'op.csv: the file has no header row and no data'],
    [
      'a quote left open',
      'record,name\nmember,"Mexico\n',
      'op.csv/row 2: a quoted field is not closed before the end of the file',
    ],
    [
      'text after a closing quote',
      'record,name\nmember,"Mex"ico\n',
      `op.csv/row 2: unexpected 'i' after a closing quote (write a quote inside a field as "")`,
    ],
    [
      'Windows-1252 text',
      Buffer.from([0x72, 0x65, 0x63, 0x6f, 0x72, 0x64, 0x0a, 0x4d, 0xe9, 0x78, 0x0a]),
      'op.csv: the file is not valid UTF-8: save it as "CSV UTF-8" (or as XLSX)',
    ],
  ])('refuses a file with %s, saying where', async (_what, text, problem) => {
    expect(await problemsOf('op.csv', text)).toEqual([problem]);
  });

  it('reads XLSX cells as the template writes them; numbers and dates typed into cells are converted, not rounded', () => {
    expect(cellText('150000.00')).toBe('150000.00');
    expect(cellText(1250.5)).toBe('1250.5');
    expect(cellText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(cellText(new Date(Date.UTC(2005, 2, 15)))).toBe('2005-03-15');
    expect(cellText({ richText: [{ text: 'GRCM ' }, { text: '2004' }] })).toBe('GRCM 2004');
    expect(cellText({ formula: 'A1*2', result: 300 })).toBe('300');
    expect(cellText(true)).toEqual({ problem: 'a TRUE/FALSE cell; type the value as text' });
    expect(cellText({ error: '#DIV/0!' })).toEqual({ problem: 'the cell holds the error #DIV/0!' });
  });

  it('reads the same rows from an XLSX as from the CSV it was made from, with the sheet name in problems', async () => {
    const table = [
      ['record', 'member', 'name', 'joined_on'],
      ['member', 'MEX', 'Mexico', '1996-03-13'],
      ['refund', 'GTM', '', ''],
    ];
    const fromXlsx = await parseOpeningPosition('op.xlsx', await openingPositionWorkbook(table));
    const fromCsv = await parseOpeningPosition('op.csv', Buffer.from(table.map((r) => r.join(',')).join('\n')));
    expect(fromXlsx.format).toBe('xlsx');
    expect(fromXlsx.rows.map(({ row, kind, cells }) => ({ row, kind, cells }))).toEqual(
      fromCsv.rows.map(({ row, kind, cells }) => ({ row, kind, cells })),
    );
    expect(fromXlsx.problems.map(formatProblem)).toEqual([
      "opening_position/row 3: record: unknown record type 'refund'; one of member, budget, budget_line, scale, assessment, payment",
    ]);
  });

  it('refuses a file that is neither CSV text nor a readable workbook', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    const problems = await problemsOf('broken.xlsx', zip);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^broken\.xlsx: not a readable XLSX workbook/);
  });

  it('the templates: the XLSX holds the same rows as the CSV, and both are a valid opening position', async () => {
    const csv = await parseOpeningPosition('t.csv', fs.readFileSync(path.join(templates, 'opening-position.csv')));
    const xlsx = await parseOpeningPosition('t.xlsx', fs.readFileSync(path.join(templates, 'opening-position.xlsx')));
    expect(csv.problems).toEqual([]);
    expect(xlsx.problems).toEqual([]);
    const strip = (rows: typeof csv.rows) => rows.map(({ row, kind, cells }) => ({ row, kind, cells }));
    expect(strip(xlsx.rows)).toEqual(strip(csv.rows));
    expect(new Set(csv.rows.map((r) => r.kind))).toEqual(
      new Set(['member', 'budget', 'budget_line', 'scale', 'assessment', 'payment']),
    );
    const { problems, plan } = validateOpeningPosition(csv.rows, emptyDatabase);
    expect(problems.map(formatProblem)).toEqual([]);
    expect([plan.members.length, plan.budgets.length, plan.assessments.length, plan.payments.length]).toEqual([
      3, 2, 2, 5,
    ]);
  });
});
