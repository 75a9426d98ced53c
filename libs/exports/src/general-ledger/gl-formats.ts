import { stringify } from 'csv-stringify';
import type * as ExcelJS from 'exceljs';
import { Transform, TransformCallback, Writable } from 'node:stream';
import { Dec, guardFormula, minorUnits } from '@app/common';
import { GL_COLUMNS, GL_TEXT_COLUMNS, GlRow } from './general-ledger.repository';

export const GL_FORMATS = ['csv', 'jsonl', 'xlsx'] as const;
export type GlFormat = (typeof GL_FORMATS)[number];

export const GL_CONTENT_TYPES: Record<GlFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type ExcelModule = typeof ExcelJS;
let excelModule: Promise<ExcelModule> | undefined;

/** exceljs takes a second to load on a busy machine: only XLSX exports pay for it, once. */
export function loadExcel(): Promise<ExcelModule> {
  excelModule ??= import('exceljs');
  return excelModule;
}

/** Turns GlRow objects (object mode) into the bytes of a file. */
export async function glFormatter(format: GlFormat, baseCurrency: string): Promise<Transform> {
  switch (format) {
    case 'csv':
      return csvFormatter();
    case 'jsonl':
      return jsonlFormatter();
    case 'xlsx':
      return xlsxFormatter(baseCurrency, await loadExcel());
  }
}

/**
 * RFC 4180 CSV with the exact header; null dimensions are empty fields; text columns through the
 * formula guard — the bytes the CSV export's COPY writes (GL_TEXT_COLUMNS).
 */
export function csvFormatter(): Transform {
  const text = new Set<string>(GL_TEXT_COLUMNS);
  return stringify({
    header: true,
    columns: [...GL_COLUMNS],
    eof: true,
    cast: {
      string: (value, context) => {
        const column = typeof context.column === 'number' ? GL_COLUMNS[context.column] : context.column;
        return !context.header && column !== undefined && text.has(column) ? guardFormula(value) : value;
      },
    },
  });
}

/** One JSON object per line, keyed like the CSV header; amounts stay decimal strings. */
export function jsonlFormatter(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row: GlRow, _encoding, callback) {
      callback(null, `${JSON.stringify(toJsonRecord(row))}\n`);
    },
  });
}

export interface GlJsonRecord {
  sequence: number;
  entry_id: string;
  date: string;
  description: string;
  account: string;
  fund: string;
  side: 'debit' | 'credit';
  amount: string;
  currency: string;
  rate: string;
  amount_base: string;
  member: string | null;
  grant: string | null;
  entry_hash: string;
}

export function toJsonRecord(r: GlRow): GlJsonRecord {
  return {
    sequence: Number(r[0]),
    entry_id: r[1],
    date: r[2],
    description: r[3],
    account: r[4],
    fund: r[5],
    side: r[6],
    amount: r[7],
    currency: r[8],
    rate: r[9],
    amount_base: r[10],
    member: r[11],
    grant: r[12],
    entry_hash: r[13],
  };
}

/**
 * A spreadsheet cell holds an IEEE double. An amount goes in as a number only when the double is
 * exactly the stored decimal (always so for amounts of up to 15 significant digits); otherwise it
 * goes in as text, so the sheet never shows a figure the ledger does not hold.
 */
export function exactNumber(text: string): number | string {
  // Any decimal of at most 15 significant digits survives the trip through a double (DBL_DIG).
  if (PLAIN_DECIMAL.test(text) && text.replace('.', '').replace(/^0+/, '').length <= 15) return Number(text);
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return new Dec(String(n)).equals(new Dec(text)) ? n : text;
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** Excel number format with `scale` decimals and thousands separators. */
export function numberFormat(scale: number): string {
  return scale === 0 ? '#,##0' : `#,##0.${'0'.repeat(scale)}`;
}

const RATE_FORMAT = '0.0###########';
const COLUMN_WIDTHS = [10, 38, 12, 40, 9, 9, 7, 16, 9, 12, 16, 9, 24, 66];
const DATE_FORMAT = 'yyyy-mm-dd';
/** Rows written between checks of the zip entry's backlog. */
const XLSX_PACE_ROWS = 200;
/** Uncompressed sheet XML allowed to wait for the deflater before rows stop being taken. */
export const XLSX_MAX_BACKLOG_BYTES = 1_048_576;

/** The writable end of the zip entry the sheet's XML is piped into (exceljs 4 + archiver 5 internals). */
interface EntryInput {
  _writableState: { length: number };
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/**
 * exceljs writes a committed row into an in-memory buffer piped into the zip entry, ignoring the
 * entry's back-pressure: left alone, the whole sheet piles up uncompressed in memory while the
 * deflater (or a slow reader) lags. The entry's input is reached here to read its backlog.
 * Undefined if exceljs changed shape (gl-formats.spec.ts fails loudly then).
 */
export function sheetEntryInput(sheet: ExcelJS.Worksheet): EntryInput | undefined {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  const input = stream?.pipes?.[0] as Partial<EntryInput> | undefined;
  if (typeof input?._writableState?.length !== 'number' || typeof input.once !== 'function') return undefined;
  return input as EntryInput;
}

function drained(input: EntryInput): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      input.removeListener('drain', done);
      input.removeListener('close', done);
      input.removeListener('error', done);
      resolve();
    };
    input.once('drain', done);
    input.once('close', done);
    input.once('error', done);
  });
}

type CellStyle = Partial<ExcelJS.Style>;

/**
 * The style of each column of a row, by the row's currency (amounts at its minor units). exceljs
 * serialises a cell's style unless it has seen that very object before: every cell gets one of a
 * few shared style objects (three times faster than a style per cell).
 */
function glRowStyles(baseCurrency: string): (currency: string) => CellStyle[] {
  const plain: CellStyle = {};
  const dateStyle: CellStyle = { numFmt: DATE_FORMAT };
  const rateStyle: CellStyle = { numFmt: RATE_FORMAT };
  const baseStyle: CellStyle = { numFmt: numberFormat(minorUnits(baseCurrency)) };
  const styleRows = new Map<string, CellStyle[]>();
  return (currency) => {
    let styles = styleRows.get(currency);
    if (styles === undefined) {
      const amount = currency === baseCurrency ? baseStyle : { numFmt: numberFormat(minorUnits(currency)) };
      styles = [
        plain,
        plain,
        dateStyle,
        plain,
        plain,
        plain,
        plain,
        amount,
        plain,
        rateStyle,
        baseStyle,
        plain,
        plain,
        plain,
      ];
      styleRows.set(currency, styles);
    }
    return styles;
  };
}

/** A posting's cells: sequence and amounts as exact numbers, the date as a date, the rest as text. */
function glSheetCells(r: GlRow): ExcelJS.CellValue[] {
  return [
    exactNumber(r[0]),
    r[1],
    new Date(`${r[2]}T00:00:00Z`),
    r[3],
    r[4],
    r[5],
    r[6],
    exactNumber(r[7]),
    r[8],
    exactNumber(r[9]),
    exactNumber(r[10]),
    r[11],
    r[12],
    r[13],
  ];
}

/** The one sheet, header row bold and frozen, committed. */
function glSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet('General ledger', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = GL_COLUMNS.map((header, i) => ({ header, key: header, width: COLUMN_WIDTHS[i] }));
  const headerStyle: CellStyle = { font: { bold: true } };
  sheet.getRow(1).eachCell((cell) => (cell.style = headerStyle));
  sheet.getRow(1).commit();
  return sheet;
}

/**
 * Calls back at once between checks; every XLSX_PACE_ROWS rows, only once the deflater (and
 * through it the reader) has caught up with the sheet's XML.
 */
function paced(rows: number, entryInput: EntryInput | undefined, callback: TransformCallback): void {
  if (rows % XLSX_PACE_ROWS !== 0) return callback();
  if (entryInput && entryInput._writableState.length > XLSX_MAX_BACKLOG_BYTES) {
    drained(entryInput).then(() => callback(), callback);
  } else {
    setImmediate(callback);
  }
}

export function xlsxFormatter(baseCurrency: string, excel: ExcelModule): Transform {
  const rowStyles = glRowStyles(baseCurrency);
  let blocked: (() => void) | undefined;
  // The zip bytes go out through the transform's readable side, honouring its back-pressure.
  const zipOut = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (transform.push(chunk)) callback();
      else blocked = () => callback();
    },
  });
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: zipOut, useStyles: true, useSharedStrings: false });
  const sheet = glSheet(workbook);
  const entryInput = sheetEntryInput(sheet);

  let rows = 0;
  const transform = new Transform({
    writableObjectMode: true,
    transform(r: GlRow, _encoding, callback: TransformCallback) {
      const row = sheet.addRow(glSheetCells(r));
      const styles = rowStyles(r[8]);
      row.eachCell({ includeEmpty: true }, (cell, column) => (cell.style = styles[column - 1]));
      row.commit();
      rows += 1;
      paced(rows, entryInput, callback);
    },
    flush(callback: TransformCallback) {
      sheet.commit();
      // Resolves once the zip is finalised and every byte has gone through zipOut.
      workbook.commit().then(() => callback(), callback);
    },
    read(size: number) {
      const release = blocked;
      blocked = undefined;
      release?.();
      Transform.prototype._read.call(this, size);
    },
  });
  return transform;
}
