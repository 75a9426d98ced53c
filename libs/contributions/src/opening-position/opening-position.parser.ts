import type * as ExcelJS from 'exceljs';
import { checkZipLimits } from '@app/common';
import { CsvSyntaxError, detectDelimiter, readCsvRecords } from './csv-records';
import {
  Column,
  columnOf,
  COLUMNS,
  MAX_CELL_LENGTH,
  MAX_DATA_ROWS,
  MAX_FILE_BYTES,
  Problem,
  RECORD_KINDS,
  recordKindOf,
  SourceRow,
  XLSX_ZIP_LIMITS,
} from './opening-position.model';

export type FileFormat = 'csv' | 'xlsx';

export interface ParsedFile {
  format: FileFormat;
  /** The name problems are located in: the CSV file's name or the XLSX sheet's. */
  sheet: string;
  rows: SourceRow[];
  problems: Problem[];
}

type ExcelModule = typeof ExcelJS;
let excelModule: Promise<ExcelModule> | undefined;

/** exceljs is slow to load: only XLSX files pay for it, once. */
export function loadExcel(): Promise<ExcelModule> {
  excelModule ??= import('exceljs');
  return excelModule;
}

/** The format of an opening-position file: an XLSX is a zip (PK), anything else is read as CSV. */
export function formatOf(bytes: Buffer): FileFormat {
  return bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
}

/**
 * Reads an opening-position file into typed rows, each with its sheet and row number. Problems
 * of shape (unknown columns, unknown record types, over-long cells) are collected, never thrown:
 * the caller lists them all together with those the validator finds.
 */
export async function parseOpeningPosition(fileName: string, bytes: Buffer): Promise<ParsedFile> {
  const format = formatOf(bytes);
  const baseName = fileName.split(/[\\/]/).pop() ?? fileName;
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      format,
      sheet: baseName,
      rows: [],
      problems: [{ sheet: baseName, message: `the file is larger than ${MAX_FILE_BYTES / 1_048_576} MB` }],
    };
  }
  return format === 'xlsx' ? parseXlsx(baseName, bytes) : parseCsv(baseName, bytes);
}

function parseCsv(sheet: string, bytes: Buffer): ParsedFile {
  const fail = (message: string, row?: number): ParsedFile => ({
    format: 'csv',
    sheet,
    rows: [],
    problems: [{ sheet, row, message }],
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the file is not valid UTF-8: save it as "CSV UTF-8" (or as XLSX)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    const records = readCsvRecords(text, detectDelimiter(text), MAX_DATA_ROWS + 1);
    return {
      format: 'csv',
      sheet,
      ...tableToRows(
        sheet,
        records.map((r) => ({ row: r.line, cells: r.fields })),
      ),
    };
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fail(error.message, error.line);
    throw error;
  }
}

async function parseXlsx(fileName: string, bytes: Buffer): Promise<ParsedFile> {
  // exceljs loads the whole workbook into memory: what it would unpack to is checked first.
  // (Its streaming reader parses the zip's local headers, which this check does not vouch for;
  // Workbook.xlsx.load reads the central directory, as the check does, and the limits bound it.)
  const zipProblem = await checkZipLimits(bytes, XLSX_ZIP_LIMITS);
  if (zipProblem !== undefined) {
    const message =
      zipProblem.kind === 'unreadable' ? `not a readable XLSX workbook (${zipProblem.detail})` : zipProblem.detail;
    return { format: 'xlsx', sheet: fileName, rows: [], problems: [{ sheet: fileName, message }] };
  }
  const excel = await loadExcel();
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return {
      format: 'xlsx',
      sheet: fileName,
      rows: [],
      problems: [
        {
          sheet: fileName,
          message: `not a readable XLSX workbook (${error instanceof Error ? error.message : 'unknown error'})`,
        },
      ],
    };
  }
  const worksheet = workbook.worksheets[0];
  if (worksheet === undefined) {
    return {
      format: 'xlsx',
      sheet: fileName,
      rows: [],
      problems: [{ sheet: fileName, message: 'the workbook has no sheet' }],
    };
  }
  const sheet = worksheet.name;
  if (worksheet.rowCount > MAX_DATA_ROWS + 1) {
    return {
      format: 'xlsx',
      sheet,
      rows: [],
      problems: [{ sheet, message: `more than ${MAX_DATA_ROWS} rows` }],
    };
  }
  const table: { row: number; cells: string[]; problems: Problem[] }[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const problems: Problem[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const read = cellText(cell.value);
      if (typeof read === 'string') cells[col - 1] = read;
      else problems.push({ sheet, row: rowNumber, field: `column ${col}`, message: read.problem });
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    table.push({ row: rowNumber, cells, problems });
  });
  const parsed = tableToRows(sheet, table);
  return {
    format: 'xlsx',
    sheet,
    rows: parsed.rows,
    problems: [...table.flatMap((t) => t.problems), ...parsed.problems],
  };
}

/**
 * The text of a cell as the template expects it. Cells should be text; a number typed into a
 * numeric cell is taken as JavaScript prints it (exactly what was typed for any amount with a
 * few decimals; a float artefact such as 0.30000000000000004 is then refused by the amount rules,
 * never rounded). A date cell becomes YYYY-MM-DD.
 */
export function cellText(value: ExcelJS.CellValue): string | { problem: string } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : { problem: 'not a finite number' };
  if (typeof value === 'boolean') return { problem: 'a TRUE/FALSE cell; type the value as text' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: 'an invalid date' };
    return value.toISOString().slice(0, 10);
  }
  if ('error' in value) return { problem: `the cell holds the error ${String(value.error)}` };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? { problem: 'a formula without a computed value' } : cellText(result);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  return { problem: 'a cell of an unsupported kind' };
}

type TableLine = { row: number; cells: readonly string[] };

/** The header row names the columns; each later non-empty row is one record. */
function tableToRows(
  sheet: string,
  table: readonly TableLine[],
): {
  rows: SourceRow[];
  problems: Problem[];
} {
  const rows: SourceRow[] = [];
  const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty[0];
  if (header === undefined) return { rows, problems: [{ sheet, message: 'the file has no header row and no data' }] };
  const { columns, problems } = headerColumns(sheet, header);
  if (!columns.includes('record')) {
    problems.push({ sheet, row: header.row, message: "the header has no 'record' column (what each row is)" });
    return { rows, problems };
  }
  if (nonEmpty.length - 1 > MAX_DATA_ROWS) {
    problems.push({ sheet, message: `more than ${MAX_DATA_ROWS} rows` });
    return { rows, problems };
  }
  for (const line of nonEmpty.slice(1)) {
    const record = recordOf(sheet, line.row, lineCells(sheet, line, header, columns, problems));
    if ('kind' in record) rows.push(record);
    else problems.push(record);
  }
  return { rows, problems };
}

/** The column of each header cell (by position): unknown and repeated headings are problems. */
function headerColumns(sheet: string, header: TableLine): { columns: (Column | undefined)[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const columns: (Column | undefined)[] = [];
  const seen = new Set<Column>();
  header.cells.forEach((label, i) => {
    if (label.trim() === '') return;
    const column = columnOf(label);
    if (column === undefined) {
      problems.push({
        sheet,
        row: header.row,
        field: label.trim(),
        message: `unknown column; the columns are ${COLUMNS.join(', ')}`,
      });
    } else if (seen.has(column)) {
      problems.push({ sheet, row: header.row, field: label.trim(), message: `a second '${column}' column` });
    } else {
      seen.add(column);
      columns[i] = column;
    }
  });
  return { columns, problems };
}

/**
 * A data row's values by column, trimmed; a value under no heading or longer than a cell may be
 * is a problem (pushed onto `problems`), a value under an unknown heading is left out (its
 * heading is the problem).
 */
function lineCells(
  sheet: string,
  line: TableLine,
  header: TableLine,
  columns: readonly (Column | undefined)[],
  problems: Problem[],
): Partial<Record<Column, string>> {
  const cells: Partial<Record<Column, string>> = {};
  line.cells.forEach((raw, i) => {
    const value = raw.trim();
    if (value === '') return;
    const column = columns[i];
    if (column === undefined) {
      if (header.cells[i] === undefined || header.cells[i].trim() === '') {
        problems.push({
          sheet,
          row: line.row,
          field: `column ${i + 1}`,
          message: 'a value in a column without a heading',
        });
      }
      return;
    }
    if (value.length > MAX_CELL_LENGTH) {
      problems.push({ sheet, row: line.row, field: column, message: `longer than ${MAX_CELL_LENGTH} characters` });
      return;
    }
    cells[column] = value;
  });
  return cells;
}

/** The row as a record of the kind its 'record' cell names, or the problem with that cell. */
function recordOf(sheet: string, row: number, cells: Partial<Record<Column, string>>): SourceRow | Problem {
  const label = cells.record;
  const kind = label === undefined ? undefined : recordKindOf(label);
  if (kind === undefined) {
    return {
      sheet,
      row,
      field: 'record',
      message:
        label === undefined
          ? `empty; say what the row is: ${RECORD_KINDS.join(', ')}`
          : `unknown record type '${label}'; one of ${RECORD_KINDS.join(', ')}`,
    };
  }
  const rest = { ...cells };
  delete rest.record;
  return { sheet, row, kind, cells: rest };
}
