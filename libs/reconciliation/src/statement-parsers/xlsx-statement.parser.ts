import type * as ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { DomainError } from '@app/common';
import { Cell, ProfiledRowReader, ProfiledStatementOptions } from './profiled-rows';
import type { StatementEvent } from './statement.types';
import { statementMalformed } from './statement-parse.util';

type ExcelModule = typeof ExcelJS;
let excelModule: Promise<ExcelModule> | undefined;

/** exceljs is slow to load: only XLSX imports pay for it, once. */
function loadExcel(): Promise<ExcelModule> {
  excelModule ??= import('exceljs');
  return excelModule;
}

/**
 * Reads the first sheet of a bank's XLSX export with the bank account's profile (the same as for
 * its CSV: rows before the header, columns, date format and separators for cells holding text),
 * streaming: rows are read from the zip as they come, never the whole sheet at once. Date cells and
 * number cells are taken as the sheet holds them (numbers to the 15 significant digits a
 * spreadsheet keeps). Yields one statement, like the CSV reader; a workbook that cannot be read,
 * or a row the profile does not fit, throws StatementMalformed naming the row and column.
 */
export async function* parseXlsxStatementFile(
  path: string,
  opts: ProfiledStatementOptions,
): AsyncGenerator<StatementEvent, void, undefined> {
  const reader = new ProfiledRowReader(opts, 'row');
  const excel = await loadExcel();
  const input = createReadStream(path);
  const workbook = new excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  yield { kind: 'start', where: 'file', header: { currency: opts.currency } };
  let sheets = 0;
  try {
    for await (const worksheet of workbook) {
      sheets++;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
        const line = reader.row(cells, row.number);
        if (line) yield { kind: 'line', line };
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw statementMalformed(
      'file',
      `not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    input.destroy();
  }
  if (sheets === 0) throw statementMalformed('file', 'the workbook has no sheet');
  yield { kind: 'end', header: reader.finish() };
}

/** A spreadsheet value as a cell: formulas by their result, rich text and links by their text. */
function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v) return cellOf(v.result);
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return undefined;
}
