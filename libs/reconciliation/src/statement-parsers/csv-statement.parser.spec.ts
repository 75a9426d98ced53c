import { readFileSync } from 'fs';
import * as path from 'path';
import Decimal from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';
import {
  CsvStatementOptions,
  ParsedStatementLine,
  parseCsvStatement,
  parseCsvStatementStream,
} from './index';

const FIXTURES = path.join(__dirname, 'fixtures');
const USD: CsvStatementOptions = { currency: 'USD', minorUnits: 2 };
const HEADER = 'date,amount,reference,description\n';

const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

async function collect(lines: AsyncIterable<ParsedStatementLine>): Promise<ParsedStatementLine[]> {
  const out: ParsedStatementLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** Yields `bytes` in pieces of `size` bytes: cuts fall inside lines, quoted fields and UTF-8 characters. */
async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The error thrown by `run`, checked to be StatementMalformed. */
function malformedError(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const domainError = err as DomainError;
    expect(domainError.code).toBe(ErrorCode.StatementMalformed);
    return domainError;
  }
  throw new Error('expected StatementMalformed, nothing was thrown');
}

const summary = (line: ParsedStatementLine) => ({
  lineNumber: line.lineNumber,
  bookingDate: line.bookingDate,
  amount: line.amount.toFixed(2),
  direction: line.direction,
  reference: line.reference,
  description: line.description,
});

describe('parseCsvStatement — project fixture statement.usd.csv (BOM, CRLF, quoting, trailing empty lines)', () => {
  const raw = readFileSync(path.join(FIXTURES, 'statement.usd.csv'));
  const statement = parseCsvStatement(raw.toString('utf8'), USD);

  it('is the file it claims to be: UTF-8 BOM and CRLF line ends', () => {
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8')).toContain('\r\n');
  });

  it('returns the currency and 7 lines, no statement id, account or balances (a CSV has none)', () => {
    expect(statement.currency).toBe('USD');
    expect(statement.lines).toHaveLength(7);
    expect(statement.statementId).toBeUndefined();
    expect(statement.openingBalance).toBeUndefined();
  });

  it.each([
    [0, { lineNumber: 2, bookingDate: '2024-03-01', amount: '15000.00', direction: 'credit', reference: 'CONTRIB-2024-FR', description: 'Assessed contribution 2024, France' }],
    [1, { lineNumber: 3, bookingDate: '2024-03-04', amount: '1250.50', direction: 'debit', reference: 'PO-7781', description: 'Vendor "Acme, Inc." invoice 2024/118' }],
    [2, { lineNumber: 4, bookingDate: '2024-03-05', amount: '320.00', direction: 'credit', reference: 'GR-0042', description: 'Grant instalment' }],
    [3, { lineNumber: 5, bookingDate: '2024-03-07', amount: '15000.00', direction: 'debit', reference: 'CONTRIB-2024-FR', description: 'REVERSAL: returned, duplicate of line 2' }],
    [4, { lineNumber: 6, bookingDate: '2024-03-08', amount: '0.05', direction: 'credit', reference: '', description: 'Interest' }],
    [5, { lineNumber: 7, bookingDate: '2024-03-11', amount: '42.10', direction: 'debit', reference: 'FEE-03', description: 'Bank charges\nMarch 2024' }],
    [6, { lineNumber: 9, bookingDate: '2024-03-12', amount: '7000.25', direction: 'credit', reference: 'CONTRIB-2024-DE', description: 'Assessed contribution 2024 Germany' }],
  ])('line #%i is %o', (index, expected) => {
    expect(summary(statement.lines[index])).toEqual(expected);
  });

  it('gives every line the currency, no value date, no bank reference and reversal false (the negative "REVERSAL" line is just money out)', () => {
    for (const line of statement.lines) {
      expect(line.currency).toBe('USD');
      expect(line.valueDate).toBeUndefined();
      expect(line.bankReference).toBeUndefined();
      expect(line.reversal).toBe(false);
      expect(line.amount).toBeInstanceOf(Decimal);
      expect(line.amount.isPositive() && !line.amount.isZero()).toBe(true);
    }
  });

  it('sums exactly with Decimal: net movement +6,027.70 (15000 - 1250.50 + 320 - 15000 + 0.05 - 42.10 + 7000.25)', () => {
    const net = statement.lines.reduce(
      (sum, l) => (l.direction === 'credit' ? sum.plus(l.amount) : sum.minus(l.amount)),
      new Dec(0),
    );
    expect(net.toFixed(2)).toBe('6027.70');
  });

  it.each([1, 2, 3, 5, 64, 4096])('gives the same lines when streamed as Buffers of %i bytes', async (size) => {
    const streamed = await collect(parseCsvStatementStream(chunksOf(raw, size), USD));
    expect(streamed.map(summary)).toEqual(statement.lines.map(summary));
  });

  it('gives the same lines when streamed as strings, BOM included', async () => {
    const text = raw.toString('utf8');
    async function* strings(): AsyncGenerator<string> {
      for (let i = 0; i < text.length; i += 10) yield text.slice(i, i + 10);
    }
    const streamed = await collect(parseCsvStatementStream(strings(), USD));
    expect(streamed.map(summary)).toEqual(statement.lines.map(summary));
  });
});

describe('parseCsvStatement — column mapping and DD/MM/YYYY (statement.mapped-es.csv)', () => {
  const opts: CsvStatementOptions = {
    currency: 'PEN',
    minorUnits: 2,
    dateFormat: 'DD/MM/YYYY',
    columns: { date: 'Fecha', amount: 'Monto', reference: 'Referencia', description: 'Concepto' },
  };

  it.each([
    [0, { lineNumber: 2, bookingDate: '2024-03-05', amount: '1500.00', direction: 'credit', reference: 'CUOTA-PE-2024', description: 'Cuota 2024, Perú' }],
    [1, { lineNumber: 3, bookingDate: '2024-02-29', amount: '12.00', direction: 'debit', reference: '', description: 'Comisión de mantenimiento' }],
    [2, { lineNumber: 4, bookingDate: '2023-12-31', amount: '0.01', direction: 'debit', reference: 'DEV-1', description: 'Devolución "parcial"' }],
  ])('reads mapped columns in any order, ignoring extra ones: line #%i', (index, expected) => {
    const statement = parseCsvStatement(fixtureText('statement.mapped-es.csv'), opts);
    expect(statement.lines).toHaveLength(3);
    expect(statement.currency).toBe('PEN');
    expect(summary(statement.lines[index])).toEqual(expected);
  });

  it('refuses a mapped file without the mapping (header is not the default one)', () => {
    const err = malformedError(() => parseCsvStatement(fixtureText('statement.mapped-es.csv'), USD));
    expect(err.message).toMatch(/^line 1: header must be exactly 'date,amount,reference,description'/);
  });

  it('refuses a header missing a mapped column, naming it', () => {
    const text = 'Fecha,Monto,Concepto\n05/03/2024,1.00,x\n';
    const err = malformedError(() => parseCsvStatement(text, opts));
    expect(err.message).toBe("line 1: header has no column 'Referencia' (for reference)");
  });

  it('refuses a header with a mapped column twice', () => {
    const text = 'Fecha,Monto,Referencia,Concepto,Monto\n05/03/2024,1.00,a,x,2.00\n';
    expect(malformedError(() => parseCsvStatement(text, opts)).message).toBe(
      "line 1: header has the column 'Monto' 2 times",
    );
  });
});

describe('parseCsvStatement — amounts, dates and currencies', () => {
  it.each([
    ['1', '1.00', 'credit'],
    ['+1.5', '1.50', 'credit'],
    ['-0.01', '0.01', 'debit'],
    ['000123.40', '123.40', 'credit'],
    [' -42.00 ', '42.00', 'debit'],
    ['99999999999999.99', '99999999999999.99', 'credit'],
  ])('amount %p → %s %s', (amount, expected, direction) => {
    const [line] = parseCsvStatement(`${HEADER}2024-01-31,${amount},R,D\n`, USD).lines;
    expect(line.amount.toFixed(2)).toBe(expected);
    expect(line.direction).toBe(direction);
  });

  it('follows the currency minor units: JPY takes integers only, KWD three decimals', () => {
    const jpy = { currency: 'JPY', minorUnits: 0 };
    expect(parseCsvStatement(`${HEADER}2024-01-31,-1500,R,D\n`, jpy).lines[0].amount.toString()).toBe('1500');
    expect(malformedError(() => parseCsvStatement(`${HEADER}2024-01-31,1500.0,R,D\n`, jpy)).message).toBe(
      "line 2: amount '1500.0' has 1 decimal places, JPY allows at most 0",
    );
    const kwd = { currency: 'KWD', minorUnits: 3 };
    expect(parseCsvStatement(`${HEADER}2024-01-31,1.125,R,D\n`, kwd).lines[0].amount.toFixed(3)).toBe('1.125');
  });

  it.each(['2024-02-29', '2000-02-29', '1999-12-31'])('accepts the real date %s', (date) => {
    expect(parseCsvStatement(`${HEADER}${date},1.00,R,D\n`, USD).lines[0].bookingDate).toBe(date);
  });

  it.each([
    ['wrong header', 'date;amount;reference;description\n', "line 1: header must be exactly 'date,amount,reference,description', found 'date;amount;reference;description'"],
    ['header in another order', 'amount,date,reference,description\n2024-01-01,1.00,a,b\n', "line 1: header must be exactly 'date,amount,reference,description', found 'amount,date,reference,description'"],
    ['empty file', '', 'line 1: the file is empty: no header line'],
    ['BOM only', '\ufeff', 'line 1: the file is empty: no header line'],
    ['amount not a decimal', `${HEADER}2024-01-01,1.00,a,b\n2024-01-02,1.00,a,b\n2024-01-03,1.00,a,b\n2024-01-04,1.00,a,b\n2024-01-05,1.00,a,b\n2024-01-06,abc,a,b\n`, "line 7: amount 'abc' is not a decimal"],
    ['amount with a decimal comma', `${HEADER}2024-01-01,"12,50",a,b\n`, "line 2: amount '12,50' is not a decimal"],
    ['amount with a thousands separator', `${HEADER}2024-01-01,"1,250.00",a,b\n`, "line 2: amount '1,250.00' is not a decimal"],
    ['amount in exponent notation', `${HEADER}2024-01-01,1e3,a,b\n`, "line 2: amount '1e3' is not a decimal"],
    ['amount with a trailing point', `${HEADER}2024-01-01,12.,a,b\n`, "line 2: amount '12.' is not a decimal"],
    ['empty amount', `${HEADER}2024-01-01,,a,b\n`, 'line 2: amount is empty'],
    ['zero amount', `${HEADER}2024-01-01,0.00,a,b\n`, "line 2: amount '0.00' is zero"],
    ['negative zero', `${HEADER}2024-01-01,-0,a,b\n`, "line 2: amount '-0' is zero"],
    ['too many decimals', `${HEADER}2024-01-01,1.001,a,b\n`, "line 2: amount '1.001' has 3 decimal places, USD allows at most 2"],
    ['impossible date', `${HEADER}2005-02-30,1.00,a,b\n`, "line 2: date '2005-02-30' is not a real calendar date"],
    ['not a leap year', `${HEADER}1900-02-29,1.00,a,b\n`, "line 2: date '1900-02-29' is not a real calendar date"],
    ['month 13', `${HEADER}2024-13-01,1.00,a,b\n`, "line 2: date '2024-13-01' is not a real calendar date"],
    ['date in another format', `${HEADER}01/02/2024,1.00,a,b\n`, "line 2: date '01/02/2024' is not in the format YYYY-MM-DD"],
    ['date with a time', `${HEADER}2024-01-01T10:00:00,1.00,a,b\n`, "line 2: date '2024-01-01T10:00:00' is not in the format YYYY-MM-DD"],
    ['empty date', `${HEADER},1.00,a,b\n`, 'line 2: date is empty'],
    ['too many fields', `${HEADER}2024-01-01,1.00,a,b,c\n`, 'line 2: expected 4 fields, found 5'],
    ['too few fields', `${HEADER}2024-01-01,1.00,a\n`, 'line 2: expected 4 fields, found 3'],
    ['quote inside an unquoted field', `${HEADER}2024-01-01,1.00,a"b,c\n`, 'line 2: a quote inside an unquoted field (quote the whole field and write the quote as "")'],
    ['text after a closing quote', `${HEADER}2024-01-01,1.00,"a"b,c\n`, `line 2: unexpected character 'b' after the closing quote of a field (a quote inside a quoted field is written "")`],
    ['unclosed quote, named by the line where it opens', `${HEADER}2024-01-01,1.00,a,b\n2024-01-02,1.00,"never closed,b\n2024-01-03,1.00,a,b\n`, 'line 3: quoted field not closed before the end of the file'],
    ['empty line before more data', `${HEADER}2024-01-01,1.00,a,b\n\n2024-01-02,1.00,a,b\n`, 'line 3: empty line inside the statement'],
    ['error after a multi-line field, numbered by file line', `${HEADER}2024-01-01,1.00,a,"two\r\nlines"\r\n2024-01-02,x,a,b\r\n`, "line 4: amount 'x' is not a decimal"],
  ])('%s', (_name, text, message) => {
    expect(malformedError(() => parseCsvStatement(text, USD)).message).toBe(message);
  });

  it.each([
    ['DD/MM/YYYY impossible date', '31/04/2024', "line 2: date '31/04/2024' is not a real calendar date"],
    ['DD/MM/YYYY given ISO', '2024-04-30', "line 2: date '2024-04-30' is not in the format DD/MM/YYYY"],
    ['DD/MM/YYYY single digits', '1/4/2024', "line 2: date '1/4/2024' is not in the format DD/MM/YYYY"],
  ])('%s', (_name, date, message) => {
    const text = `${HEADER}${date},1.00,a,b\n`;
    expect(malformedError(() => parseCsvStatement(text, { ...USD, dateFormat: 'DD/MM/YYYY' })).message).toBe(message);
  });

  it('tolerates trailing empty and blank lines, CR-only line ends, and a last line without a line break', () => {
    expect(parseCsvStatement(`${HEADER}2024-01-01,1.00,a,b\n\n  \n\n`, USD).lines).toHaveLength(1);
    expect(parseCsvStatement('date,amount,reference,description\r2024-01-01,1.00,a,b\r2024-01-02,2.00,a,b', USD).lines.map((l) => l.lineNumber)).toEqual([2, 3]);
  });

  it('accepts a header with no data lines as an empty statement', () => {
    expect(parseCsvStatement(HEADER, USD)).toEqual({ currency: 'USD', lines: [] });
  });

  it('keeps empty quoted fields and quoted commas', () => {
    const [line] = parseCsvStatement(`${HEADER}"2024-01-01","1.00","",",,"\n`, USD).lines;
    expect(line.reference).toBe('');
    expect(line.description).toBe(',,');
  });

  it('puts where and what in the error fields', () => {
    const err = malformedError(() => parseCsvStatement(`${HEADER}2024-01-01,abc,a,b\n`, USD));
    expect(err.errors).toEqual([{ field: 'line 2/amount', message: "amount 'abc' is not a decimal" }]);
  });

  it('refuses an unterminated quote that would swallow the file, at maxRecordLength', () => {
    const text = `${HEADER}2024-01-01,1.00,"open${'x'.repeat(200)}\n`.repeat(5);
    expect(malformedError(() => parseCsvStatement(text, { ...USD, maxRecordLength: 100 })).message).toBe(
      'line 2: record longer than 100 characters (unterminated quoted field?)',
    );
  });

  it.each([
    [{ currency: 'usd', minorUnits: 2 }, 'currency'],
    [{ currency: 'USD', minorUnits: -1 }, 'minorUnits'],
    [{ currency: 'USD', minorUnits: 1.5 }, 'minorUnits'],
    [{ currency: 'USD', minorUnits: 2, columns: { date: 'd', amount: 'd', reference: 'r', description: 'x' } }, 'columns'],
  ])('refuses bad options %o as a validation error on %s', (opts, field) => {
    try {
      parseCsvStatement(HEADER, opts);
      throw new Error('expected a validation error');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe(ErrorCode.ValidationFailed);
      expect((err as DomainError).errors?.[0].field).toBe(field);
    }
  });
});

describe('parseCsvStatement — project malformed fixtures name the line', () => {
  it.each([
    ['bad-header.csv', "line 1: header must be exactly 'date,amount,reference,description', found 'date,amount,ref,description'", 'line 1/header'],
    ['bad-amount.csv', "line 3: amount 'abc' is not a decimal", 'line 3/amount'],
    ['bad-date.csv', "line 4: date '2005-02-30' is not a real calendar date", 'line 4/date'],
    ['too-many-decimals.csv', "line 2: amount '12.345' has 3 decimal places, USD allows at most 2", 'line 2/amount'],
  ])('%s → %s', (file, message, field) => {
    const err = malformedError(() => parseCsvStatement(fixtureText(path.join('malformed', file)), USD));
    expect(err.message).toBe(message);
    expect(err.errors?.[0].field).toBe(field);
  });
});

describe('parseCsvStatementStream — errors', () => {
  it('yields the good lines, then throws at the bad one (the consumer discards the file)', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'malformed', 'bad-date.csv'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const line of parseCsvStatementStream(chunksOf(bytes, 7), USD)) seen.push(line.lineNumber);
      })(),
    ).rejects.toThrow("line 4: date '2005-02-30' is not a real calendar date");
    expect(seen).toEqual([2, 3]);
  });

  it('names the line of bytes that are not UTF-8 (a Windows-1252 export)', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}2024-01-01,1.00,a,ok\n2024-01-02,1.00,a,Cr`), Buffer.from([0xe9]), Buffer.from('dit\n')]);
    await expect(collect(parseCsvStatementStream(chunksOf(latin1, 3), USD))).rejects.toThrow(
      /^line 3: invalid character U\+FFFD: the file is not valid UTF-8/,
    );
  });

  it('decodes a UTF-8 character cut between two chunks', async () => {
    const bytes = Buffer.from(`${HEADER}2024-01-01,1.00,a,Perú €\n`);
    for (let size = 1; size <= 4; size++) {
      const [line] = await collect(parseCsvStatementStream(chunksOf(bytes, size), USD));
      expect(line.description).toBe('Perú €');
    }
  });

  it('accepts a synchronous iterable of mixed strings and Buffers', async () => {
    const lines = await collect(parseCsvStatementStream([HEADER, Buffer.from('2024-01-01,1.00,'), 'a,b\n'], USD));
    expect(lines.map(summary)).toEqual([
      { lineNumber: 2, bookingDate: '2024-01-01', amount: '1.00', direction: 'credit', reference: 'a', description: 'b' },
    ]);
  });
});
