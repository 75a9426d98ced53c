import { stringify } from 'csv-stringify/sync';
import { guardFormula } from '@app/common';
import { CellContext, isMoneyValue, machineCell } from './cells';
import {
  CellValue,
  ReportDocument,
  TableColumn,
  TableRow,
  TableSection,
  dataRows,
  findTable,
  isTable,
} from './document';
import { assertValidReportDocument } from './validate';

/**
 * CSV: the machine form of one table. Decisions:
 * - Header: the columns' stable machine keys (`member,assessed_2025,…`), not the translated
 *   labels, so a script written against the Spanish file reads the English one; `header: 'labels'`
 *   gives the people's header instead.
 * - Values: exact. Money at its currency's decimals with "." and no grouping ("1250000.50"),
 *   percentages and counts as exact decimals, dates YYYY-MM-DD — never the localised forms.
 * - Rows: data rows only by default (totals can be recomputed, and a total row mixed into data
 *   is a classic spreadsheet error); `includeTotals` adds subtotal and total rows marked in a
 *   leading `row_type` column.
 * - A grouped table gets a leading column with each row's group key (the member code).
 * - A money column holding amounts in several currencies gets a `<key>_currency` column after it.
 * - RFC 4180: comma, CRLF, double quotes when needed; UTF-8 without BOM unless asked for.
 */
export interface CsvRenderOptions {
  readonly header?: 'keys' | 'labels';
  readonly includeTotals?: boolean;
  /** A UTF-8 byte order mark, which Excel on Windows needs to read accents correctly. Default false. */
  readonly bom?: boolean;
  /**
   * Text cells starting with = + - @ a tab or a carriage return get a leading apostrophe, so a
   * spreadsheet opening the file does not run them as formulas (CSV injection; the rule of
   * `guardFormula`, shared with the ledger's exports). Default true; numbers are never touched.
   */
  readonly guardFormulas?: boolean;
}

interface CsvColumn {
  readonly key: string;
  readonly label: string;
  readonly cell: (row: TableRow, group: string | undefined, rowType: string) => string;
}

function guard(text: string, enabled: boolean): string {
  return enabled ? guardFormula(text) : text;
}

function mixedCurrencies(table: TableSection, column: TableColumn, defaultCurrency: string): boolean {
  const rows: TableRow[] = [...dataRows(table)];
  if (table.groups !== undefined) for (const g of table.groups) if (g.subtotal !== undefined) rows.push(g.subtotal);
  if (table.totals !== undefined) rows.push(table.totals);
  const columnCurrency = column.currency ?? defaultCurrency;
  return rows.some((r) => {
    const v: CellValue | undefined = r[column.key];
    return v !== undefined && v !== null && isMoneyValue(v) && v.currency !== columnCurrency;
  });
}

function csvColumns(table: TableSection, ctx: CellContext, options: CsvRenderOptions): CsvColumn[] {
  const guarding = options.guardFormulas !== false;
  const out: CsvColumn[] = [];
  if (options.includeTotals === true) out.push({ key: 'row_type', label: 'row_type', cell: (_r, _g, type) => type });
  if (table.groupColumn !== undefined) {
    out.push({ key: table.groupColumn.key, label: table.groupColumn.label, cell: (_r, group) => group ?? '' });
  }
  for (const c of table.columns) {
    out.push({
      key: c.key,
      label: c.label,
      cell: (row) => {
        const text = machineCell(row[c.key] ?? null, c, ctx);
        return c.kind === 'text' ? guard(text, guarding) : text;
      },
    });
    if (c.kind === 'money' && mixedCurrencies(table, c, ctx.currency)) {
      out.push({
        key: `${c.key}_currency`,
        label: `${c.label} (${c.key}_currency)`,
        cell: (row) => {
          const v = row[c.key] ?? null;
          if (v === null) return '';
          return isMoneyValue(v) ? v.currency : (c.currency ?? ctx.currency);
        },
      });
    }
  }
  return out;
}

/** One table as CSV text. `currency` is the default currency of its money cells (the document's). */
export function tableToCsv(table: TableSection, currency: string, options: CsvRenderOptions = {}): string {
  const ctx: CellContext = { lang: 'en', currency };
  const columns = csvColumns(table, ctx, options);
  const records: string[][] = [];
  const push = (row: TableRow, group: string | undefined, type: string): void => {
    records.push(columns.map((c) => c.cell(row, group, type)));
  };
  if (table.groups === undefined) {
    for (const row of table.rows) push(row, undefined, 'data');
  } else {
    for (const g of table.groups) {
      for (const row of g.rows) push(row, g.key, 'data');
      if (options.includeTotals === true && g.subtotal !== undefined) push(g.subtotal, g.key, 'subtotal');
    }
  }
  if (options.includeTotals === true && table.totals !== undefined) push(table.totals, undefined, 'total');
  const header = columns.map((c) => (options.header === 'labels' ? c.label : c.key));
  // csv-stringify quotes a field holding the record delimiter (CRLF) but not a bare LF or CR;
  // RFC 4180 wants any line break quoted, or readers split the record.
  const body = stringify([header, ...records], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
  return options.bom === true ? `\ufeff${body}` : body;
}

export interface CsvDocumentOptions extends CsvRenderOptions {
  /** Id of the table to export; default the document's first table. */
  readonly table?: string;
}

/** The CSV of one table of `doc` (validated first). */
export function renderCsv(doc: ReportDocument, options: CsvDocumentOptions = {}): string {
  assertValidReportDocument(doc);
  const table = options.table !== undefined ? findTable(doc, options.table) : doc.sections.find(isTable);
  if (table === undefined) throw new RangeError(`report "${doc.title}" has no table to export as CSV`);
  return tableToCsv(table, doc.meta.currency, options);
}
