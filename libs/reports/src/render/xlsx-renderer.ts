import { Decimal } from 'decimal.js';
import { Borders, Cell, Fill, Font, Workbook, Worksheet } from 'exceljs';
import { Dec, minorUnits } from '@app/common';
import { t } from '../i18n/catalogue';
import { formatDate, parseIsoDate } from '../i18n/date-format';
import { DEFAULT_PERCENT_DECIMALS, ENGLISH_STYLE } from '../i18n/number-format';
import { CellContext, CellSpec, cellCurrency, cellDecimal, defaultAlign, formatCell } from './cells';
import {
  CellValue,
  ChartSection,
  KeyFiguresSection,
  ReportDocument,
  TableColumn,
  TableRow,
  TableSection,
} from './document';
import { assertValidReportDocument } from './validate';

/**
 * XLSX. Figures are written as NUMBERS, so that a delegate can add up a column, with a number
 * format at the currency's decimals. An XLSX number is an IEEE double, so the decimal string is
 * converted here, at the very last step, and only when the double prints back as exactly the same
 * decimal (at most 15 significant digits, which is also all Excel displays); a figure that cannot
 * be held exactly is written as text, never rounded. The exact forms of every figure are the JSON
 * response and the CSV; the XLSX is for reading and working.
 *
 * Totals rows are written as static values, not SUM formulas: a report's total is the ledger's
 * figure (computed with Decimal by the service), and it is not always the sum of the rows shown
 * (a collection rate; a register filtered by the reader). A formula would also show a float sum.
 */

export interface XlsxRenderOptions {
  /** A first sheet with the document's facts (organisation, dates, currency), key figures and text. Default true. */
  readonly summarySheet?: boolean;
}

/** Excel's limit on sheet names, and the characters it refuses in them. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;
/** Past this, Excel shows digits it does not hold. */
const EXCEL_SIGNIFICANT_DIGITS = 15;

const COLOR = {
  primary: 'FF1F3864',
  headerText: 'FFFFFFFF',
  muted: 'FF5F6B7A',
  totalFill: 'FFDCE4EF',
  groupFill: 'FFE6ECF4',
};
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.primary } };
const TOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.totalFill } };
const HEADER_FONT: Partial<Font> = { bold: true, color: { argb: COLOR.headerText } };
const TITLE_FONT: Partial<Font> = { bold: true, size: 13, color: { argb: COLOR.primary } };
const MUTED_FONT: Partial<Font> = { italic: true, color: { argb: COLOR.muted } };
const TOTAL_BORDER: Partial<Borders> = { top: { style: 'thin' }, bottom: { style: 'double' } };

/**
 * `d` as the double Excel will store, or undefined if that double would not print back as exactly
 * `d` (more than 15 significant digits). `new Dec(n)` reads the double's shortest round-trip
 * form, so equality means the cell shows the ledger's digits, to the cent.
 */
export function toExcelNumber(d: Decimal): number | undefined {
  if (!d.isFinite() || d.sd(true) > EXCEL_SIGNIFICANT_DIGITS) return undefined;
  const n = Number(d.toFixed());
  if (!Number.isFinite(n) || !new Dec(n).eq(d)) return undefined;
  return n === 0 ? 0 : n;
}

/** Excel number format: grouping, exactly `decimals` decimals; negatives with a minus or in parentheses. */
export function excelNumberFormat(decimals: number, negative: 'minus' | 'parentheses' = 'minus', suffix = ''): string {
  const body = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  const tail = suffix === '' ? '' : `"${suffix}"`;
  return negative === 'parentheses' ? `${body}${tail};(${body}${tail})` : `${body}${tail};-${body}${tail}`;
}

function percentFormat(decimals: number): string {
  return decimals > 0 ? `0.${'0'.repeat(decimals)}%` : '0%';
}

/** A valid, unique (case-insensitively, as Excel compares) sheet name from `wanted`. */
function sheetName(wanted: string, used: Set<string>): string {
  const cleaned =
    wanted
      .replace(SHEET_NAME_FORBIDDEN, ' ')
      .replace(/^'+|'+$/g, '')
      .replace(/\s+/g, ' ')
      .trim() || 'Sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = cleaned.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd() + suffix;
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return name;
    }
  }
}

/** Writes one figure into `cell`: a number with its format, a date, or text. */
function writeValue(cell: Cell, value: CellValue, spec: CellSpec, ctx: CellContext): void {
  if (value === null || value === undefined) return;
  switch (spec.kind) {
    case 'text':
      cell.value = formatCell(value, spec, ctx);
      return;
    case 'date': {
      if (typeof value !== 'string') throw new TypeError('a date cell must hold a YYYY-MM-DD string');
      const { year, month, day } = parseIsoDate(value);
      // UTC midnight: exceljs turns the instant into a serial day without a time-zone shift.
      cell.value = new Date(Date.UTC(year, month - 1, day));
      cell.numFmt = 'yyyy-mm-dd';
      return;
    }
    case 'money': {
      const amount = cellDecimal(value, spec);
      if (amount === null) return;
      const currency = cellCurrency(value, spec, ctx);
      const columnCurrency = spec.currency ?? ctx.currency;
      // A cell in another currency than its column says so in its format ("1,250.00 EUR").
      cell.numFmt = excelNumberFormat(
        minorUnits(currency),
        spec.negative,
        currency === columnCurrency ? '' : ` ${currency}`,
      );
      setNumber(cell, amount, minorUnits(currency));
      return;
    }
    case 'percent': {
      const pct = cellDecimal(value, spec);
      if (pct === null) return;
      // Excel percentages are ratios: 87.5 % is 0.875, so that formulas on the cell work.
      cell.numFmt = percentFormat(spec.decimals ?? DEFAULT_PERCENT_DECIMALS);
      setNumber(cell, pct.div(100), undefined);
      return;
    }
    case 'integer': {
      const n = cellDecimal(value, spec);
      if (n === null) return;
      cell.numFmt = '#,##0';
      setNumber(cell, n, 0);
    }
  }
}

function setNumber(cell: Cell, d: Decimal, scale: number | undefined): void {
  const n = toExcelNumber(d);
  if (n !== undefined) {
    cell.value = n;
    return;
  }
  // Not representable as a double that prints back exactly: keep the exact digits as text.
  cell.value = scale === undefined ? d.toFixed() : d.toFixed(scale);
  cell.alignment = { horizontal: 'right' };
}

function metaLine(doc: ReportDocument): string {
  const lang = doc.lang;
  const date =
    doc.meta.asOf !== undefined
      ? t(lang, 'common.situationAsOf', { date: formatDate(doc.meta.asOf, lang) })
      : formatDate(doc.meta.date, lang);
  return `${date} · ${t(lang, 'common.amountsIn', { currency: doc.meta.currency })}`;
}

function printSetup(ws: Worksheet, doc: ReportDocument, columns: number, headerRows: string): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: columns > 6 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: headerRows,
  };
  // &P / &N: Excel's page number and page count; && is a literal ampersand.
  const title = doc.title.replace(/&/g, '&&');
  ws.headerFooter = { oddFooter: `&L${title}&R${t(doc.lang, 'common.page', { page: '&P', pages: '&N' })}` };
}

/** Display width (characters) of what Excel will show, for the column widths. */
function displayLength(value: CellValue, spec: CellSpec, ctx: CellContext): number {
  if (value === null || value === undefined) return 0;
  return formatCell(value, spec, { ...ctx, style: ENGLISH_STYLE }).length + (spec.kind === 'money' ? 1 : 0);
}

function writeTitle(ws: Worksheet, doc: ReportDocument, title: string): void {
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getCell(2, 1).value = metaLine(doc);
  ws.getCell(2, 1).font = MUTED_FONT;
}

/** First data row: title, meta line, a blank row, then the header. */
const HEADER_START_ROW = 4;

function tableSheet(wb: Workbook, doc: ReportDocument, table: TableSection, name: string, ctx: CellContext): void {
  const ws = wb.addWorksheet(name);
  const grouped = table.groups !== undefined;
  // Grouped tables get a leading column holding each row's group (the member), so that the
  // sheet can be filtered and sorted; Excel's row outline collapses each group to its subtotal.
  const groupColumn: TableColumn | undefined = grouped
    ? { key: table.groupColumn.key, label: table.groupColumn.label, kind: 'text' }
    : undefined;
  const columns: TableColumn[] = groupColumn === undefined ? [...table.columns] : [groupColumn, ...table.columns];
  writeTitle(ws, doc, table.title ?? doc.title);
  const hasGroups = table.columns.some((c) => c.group !== undefined);
  let r = HEADER_START_ROW;
  if (hasGroups) {
    for (let i = 0; i < columns.length;) {
      const group = columns[i].group;
      let j = i;
      while (j + 1 < columns.length && columns[j + 1].group === group) j++;
      if (group !== undefined) {
        if (j > i) ws.mergeCells(r, i + 1, r, j + 1);
        ws.getCell(r, i + 1).value = group;
        ws.getCell(r, i + 1).alignment = { horizontal: 'center' };
      }
      i = j + 1;
    }
    styleHeaderRow(ws, r, columns.length);
    r++;
  }
  columns.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    cell.value = c.label;
    cell.alignment = { horizontal: c.align ?? defaultAlign(c.kind), vertical: 'bottom', wrapText: true };
  });
  styleHeaderRow(ws, r, columns.length);
  const headerRow = r;
  r++;
  const widths = columns.map((c) =>
    Math.max(...c.label.split(/\s+/).map((word) => word.length), Math.min(c.label.length, 14)),
  );
  // Where "Total" / "Subtotal" go when the row leaves it empty: the group column for the grand
  // total of a grouped table, else the first text column of the table.
  const firstText = table.columns.find((c) => c.kind === 'text');
  const writeRow = (row: TableRow, groupLabel: string | undefined, kind: 'data' | 'subtotal' | 'total'): void => {
    const labelColumn = kind === 'total' && groupColumn !== undefined ? groupColumn : firstText;
    const label = kind === 'total' ? t(doc.lang, 'common.total') : t(doc.lang, 'common.subtotal');
    columns.forEach((c, i) => {
      let value: CellValue = c === groupColumn ? (groupLabel ?? null) : (row[c.key] ?? null);
      if (value === null && kind !== 'data' && c === labelColumn) value = label;
      const cell = ws.getCell(r, i + 1);
      writeValue(cell, value, c, ctx);
      widths[i] = Math.max(widths[i], displayLength(value, c, ctx));
      if (kind !== 'data') cell.font = { bold: true };
      if (kind === 'total') {
        cell.fill = TOTAL_FILL;
        cell.border = TOTAL_BORDER;
      }
      if (kind === 'subtotal') cell.border = { top: { style: 'thin' } };
    });
    if (kind === 'data' && grouped) ws.getRow(r).outlineLevel = 1;
    r++;
  };
  if (table.groups === undefined) {
    for (const row of table.rows) writeRow(row, undefined, 'data');
  } else {
    for (const g of table.groups) {
      for (const row of g.rows) writeRow(row, g.label, 'data');
      if (g.subtotal !== undefined) writeRow(g.subtotal, g.label, 'subtotal');
    }
  }
  if (table.totals !== undefined) writeRow(table.totals, undefined, 'total');
  if (table.note !== undefined) {
    ws.getCell(r + 1, 1).value = table.note;
    ws.getCell(r + 1, 1).font = MUTED_FONT;
  }
  columns.forEach((_c, i) => (ws.getColumn(i + 1).width = Math.min(50, Math.max(8, widths[i] + 2))));
  const freezeFirst = columns[0].kind === 'text' && columns.length > 4;
  ws.views = [{ state: 'frozen', xSplit: freezeFirst ? 1 : 0, ySplit: headerRow }];
  printSetup(ws, doc, columns.length, `${HEADER_START_ROW}:${headerRow}`);
}

function styleHeaderRow(ws: Worksheet, row: number, columns: number): void {
  for (let c = 1; c <= columns; c++) {
    const cell = ws.getCell(row, c);
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
  }
}

/** A chart's figures as a table: categories down, one column per series. */
function chartSheet(wb: Workbook, doc: ReportDocument, chart: ChartSection, name: string, ctx: CellContext): void {
  const ws = wb.addWorksheet(name);
  writeTitle(ws, doc, chart.title);
  const byDate = chart.chart === 'line' && chart.xAxis === 'date';
  const first: CellSpec = { kind: byDate ? 'date' : 'text' };
  const spec: CellSpec = { kind: chart.valueKind, currency: chart.currency };
  const header = [t(doc.lang, byDate ? 'common.date' : 'common.category'), ...chart.series.map((s) => s.label)];
  header.forEach((label, i) => {
    const cell = ws.getCell(HEADER_START_ROW, i + 1);
    cell.value = label;
    cell.alignment = { horizontal: i === 0 ? 'left' : 'right', wrapText: true };
  });
  styleHeaderRow(ws, HEADER_START_ROW, header.length);
  const widths = header.map((h) => h.length);
  chart.categories.forEach((category, ci) => {
    const r = HEADER_START_ROW + 1 + ci;
    writeValue(ws.getCell(r, 1), category, first, ctx);
    widths[0] = Math.max(widths[0], byDate ? 10 : category.length);
    chart.series.forEach((s, si) => {
      const value = s.values[ci] ?? null;
      writeValue(ws.getCell(r, si + 2), value, spec, ctx);
      widths[si + 1] = Math.max(widths[si + 1], displayLength(value, spec, ctx));
    });
  });
  widths.forEach((wd, i) => (ws.getColumn(i + 1).width = Math.min(50, Math.max(10, wd + 2))));
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: HEADER_START_ROW }];
  printSetup(ws, doc, header.length, `${HEADER_START_ROW}:${HEADER_START_ROW}`);
}

function summarySheet(wb: Workbook, doc: ReportDocument, name: string, ctx: CellContext): void {
  const ws = wb.addWorksheet(name);
  const lang = doc.lang;
  ws.getColumn(1).width = 34;
  ws.getColumn(2).width = 24;
  ws.getCell(1, 1).value = doc.title;
  ws.getCell(1, 1).font = { ...TITLE_FONT, size: 15 };
  let r = 2;
  if (doc.subtitle !== undefined) {
    ws.getCell(r, 1).value = doc.subtitle;
    ws.getCell(r, 1).font = MUTED_FONT;
    r++;
  }
  r++;
  const facts: Array<[string, string]> = [[t(lang, 'common.organisation'), doc.meta.organisation]];
  if (doc.meta.meeting !== undefined) facts.push([t(lang, 'common.meeting'), doc.meta.meeting]);
  facts.push([t(lang, 'common.reportDate'), formatDate(doc.meta.date, lang)]);
  if (doc.meta.asOf !== undefined) facts.push([t(lang, 'common.positionAsOf'), formatDate(doc.meta.asOf, lang)]);
  facts.push([t(lang, 'common.currency'), doc.meta.currency]);
  if (doc.meta.reference !== undefined) facts.push([t(lang, 'common.reference'), doc.meta.reference]);
  for (const [label, value] of facts) {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 2).value = value;
    r++;
  }
  for (const s of doc.sections) {
    if (s.kind === 'keyFigures') r = writeKeyFigures(ws, s, r + 1, ctx);
    else if (s.kind === 'heading') {
      r++;
      ws.getCell(r, 1).value = s.text;
      ws.getCell(r, 1).font = TITLE_FONT;
      r++;
    } else if (s.kind === 'paragraph') {
      ws.mergeCells(r, 1, r, 4);
      const cell = ws.getCell(r, 1);
      cell.value = s.text;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (s.style === 'note') cell.font = MUTED_FONT;
      // Merged cells do not grow with their text: estimate the lines (about 100 characters each).
      ws.getRow(r).height = 15 * Math.max(1, Math.ceil(s.text.length / 100));
      r++;
    }
  }
}

function writeKeyFigures(ws: Worksheet, s: KeyFiguresSection, start: number, ctx: CellContext): number {
  let r = start;
  if (s.title !== undefined) {
    ws.getCell(r, 1).value = s.title;
    ws.getCell(r, 1).font = TITLE_FONT;
    r++;
  }
  for (const item of s.items) {
    ws.getCell(r, 1).value = item.label;
    const cell = ws.getCell(r, 2);
    writeValue(cell, item.value, item, ctx);
    cell.font = { bold: true };
    if (item.kind === 'money') ws.getCell(r, 3).value = cellCurrency(item.value, item, ctx);
    if (item.note !== undefined) ws.getCell(r, 4).value = item.note;
    r++;
  }
  return r;
}

/** The workbook: a summary sheet, then one sheet per table and one per chart (its data), in document order. */
export function buildWorkbook(doc: ReportDocument, options: XlsxRenderOptions = {}): Workbook {
  assertValidReportDocument(doc);
  const ctx: CellContext = { lang: doc.lang, currency: doc.meta.currency };
  const wb = new Workbook();
  const date = new Date(`${doc.meta.date}T00:00:00Z`);
  wb.creator = doc.meta.organisation;
  wb.lastModifiedBy = doc.meta.organisation;
  wb.created = date;
  wb.modified = date;
  wb.title = doc.title;
  wb.subject = doc.subtitle ?? doc.title;
  const used = new Set<string>();
  if (options.summarySheet !== false) summarySheet(wb, doc, sheetName(t(doc.lang, 'common.summary'), used), ctx);
  for (const s of doc.sections) {
    if (s.kind === 'table') tableSheet(wb, doc, s, sheetName(s.sheetName ?? s.title ?? s.id ?? doc.title, used), ctx);
    else if (s.kind === 'chart') chartSheet(wb, doc, s, sheetName(s.sheetName ?? s.title, used), ctx);
  }
  return wb;
}

export async function renderXlsx(doc: ReportDocument, options: XlsxRenderOptions = {}): Promise<Buffer> {
  const data = await buildWorkbook(doc, options).xlsx.writeBuffer();
  return Buffer.from(data);
}
