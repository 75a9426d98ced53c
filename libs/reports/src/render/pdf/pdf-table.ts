import { t } from '../../i18n/catalogue';
import { defaultAlign, formatCell } from '../cells';
import { Align, TableColumn, TableRow, TableSection } from '../document';
import { PDF_THEME } from './pdf-theme';
import { PdfWriter, TextStyle } from './pdf-writer';

type RowKind = 'data' | 'group' | 'subtotal' | 'total';

interface PreparedRow {
  readonly kind: RowKind;
  /** One string per column (for a group row, only `label` is used). */
  readonly cells: readonly string[];
  readonly label: string;
  readonly zebra: boolean;
  /** Keep on the same page as the next row: a group header with its first row, a last row with its total. */
  readonly keepWithNext: boolean;
}

interface ColumnBox {
  readonly column: TableColumn;
  readonly align: Align;
  readonly x: number;
  readonly width: number;
  /** Numbers and dates stay on one line; only text wraps. */
  readonly wraps: boolean;
}

interface TableLayout {
  readonly size: number;
  readonly padX: number;
  readonly boxes: readonly ColumnBox[];
  readonly headerHeight: number;
  readonly groupBand: number;
}

const { padY } = PDF_THEME.table;
/** Cell padding: the theme's, or a tighter one that can spare a dense table from wrapping. */
const PADDINGS = [PDF_THEME.table.padX, 2.5];
const LINE_GAP = 0.5;
/** A text column wider than this share of the page is a description: it wraps rather than shrinks the table. */
const SHORT_TEXT_SHARE = 0.3;

function longestWord(text: string, w: PdfWriter, style: TextStyle): number {
  return text.split(/\s+/).reduce((m, word) => Math.max(m, w.widthOf(word, style)), 0);
}

/**
 * Per column, the strings that decide its width: in each weight (data rows regular, the others
 * bold), the widest cell and, for text, the longest word. Widths grow in proportion to the font
 * size, so the strings found at one size are the widest at every size: the layout measures these
 * few instead of every cell at every size it tries.
 */
function decidingTexts(w: PdfWriter, table: TableSection, rows: readonly PreparedRow[], size: number): Array<Array<[string, TextStyle]>> {
  return table.columns.map((c, i) => {
    const widest = new Map<boolean, [string, number]>();
    const longest = new Map<boolean, [string, number]>();
    const keep = (into: Map<boolean, [string, number]>, bold: boolean, text: string, width: number): void => {
      const best = into.get(bold);
      if (best === undefined || width > best[1]) into.set(bold, [text, width]);
    };
    for (const r of rows) {
      if (r.kind === 'group') continue;
      const style = styleOf(r.kind, size);
      const bold = style.bold === true;
      keep(widest, bold, r.cells[i], w.widthOf(r.cells[i], style));
      if (c.kind === 'text') {
        for (const word of r.cells[i].split(/\s+/)) keep(longest, bold, word, w.widthOf(word, style));
      }
    }
    return [...widest, ...longest].map(([bold, [text]]): [string, TextStyle] => [text, { size, bold }]);
  });
}

/** The formatted rows of the table in display order. Empty first text cells of totals get "Total". */
function prepareRows(w: PdfWriter, table: TableSection): PreparedRow[] {
  const lang = w.doc.lang;
  const firstText = table.columns.findIndex((c) => c.kind === 'text');
  const format = (row: TableRow, fallbackLabel?: string): string[] =>
    table.columns.map((c, i) => {
      const value = row[c.key] ?? null;
      if (value === null && i === firstText && fallbackLabel !== undefined) return fallbackLabel;
      return formatCell(value, c, w.ctx);
    });
  const out: PreparedRow[] = [];
  const push = (kind: RowKind, cells: string[], label = '', zebra = false): void => {
    out.push({ kind, cells, label, zebra, keepWithNext: kind === 'group' });
  };
  if (table.groups === undefined) {
    table.rows.forEach((r, i) => push('data', format(r), '', i % 2 === 1));
  } else {
    for (const g of table.groups) {
      push('group', [], g.label);
      g.rows.forEach((r, i) => push('data', format(r), '', i % 2 === 1));
      if (g.subtotal !== undefined) push('subtotal', format(g.subtotal, t(lang, 'common.subtotal')));
    }
  }
  if (table.totals !== undefined) push('total', format(table.totals, t(lang, 'common.total')));
  // A total must not start a page on its own: tie it to the row above. A small group (header,
  // a few rows, subtotal) is kept whole: splitting two fiscal years of one member reads badly.
  return out.map((row, i) => {
    const next = out[i + 1];
    const tied =
      next !== undefined &&
      (next.kind === 'total' || next.kind === 'subtotal' || (next.kind === 'data' && smallGroupAt(out, i)));
    return tied ? { ...row, keepWithNext: true } : row;
  });
}

/** Groups of at most this many data rows are never split across pages. */
const SMALL_GROUP_ROWS = 6;

/** Whether row `i` belongs to a group (header or data row) with few enough rows to keep together. */
function smallGroupAt(rows: readonly PreparedRow[], i: number): boolean {
  let start = i;
  while (start >= 0 && rows[start].kind !== 'group') {
    if (rows[start].kind !== 'data') return false;
    start--;
  }
  if (start < 0) return false;
  let count = 0;
  for (let j = start + 1; j < rows.length && rows[j].kind === 'data'; j++) count++;
  return count <= SMALL_GROUP_ROWS;
}

function styleOf(kind: RowKind, size: number): TextStyle {
  return { size, bold: kind !== 'data' };
}

/**
 * Column widths: numbers and dates get what their widest value needs (they never wrap), text
 * columns share the rest and wrap. If the numbers alone do not fit, the font shrinks by half
 * points down to 6 pt; past that, widths are scaled down and long numbers wrap rather than being cut.
 */
function layoutColumns(w: PdfWriter, table: TableSection, rows: readonly PreparedRow[]): TableLayout {
  const available = w.contentWidth;
  const columns = table.columns;
  const deciding = decidingTexts(w, table, rows, PDF_THEME.size.table);
  const measure = (size: number, padX: number): { need: number[]; natural: number[] } => {
    const header: TextStyle = { size, bold: true };
    const need: number[] = [];
    const natural: number[] = [];
    columns.forEach((c, i) => {
      const wraps = c.kind === 'text';
      let widest = 0;
      let widestWord = 0;
      for (const [text, { bold }] of deciding[i]) {
        const style: TextStyle = { size, bold };
        widest = Math.max(widest, w.widthOf(text, style));
        if (wraps) widestWord = Math.max(widestWord, longestWord(text, w, style));
      }
      const headerWord = longestWord(c.label, w, header);
      if (wraps) {
        need.push(Math.max(widestWord, headerWord, 36) + 2 * padX);
        natural.push(Math.max(widest, headerWord, 36) + 2 * padX);
      } else {
        need.push(Math.max(widest, headerWord) + 2 * padX);
        natural.push(need[i]);
      }
    });
    return { need, natural };
  };
  const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const sizes: number[] = [];
  for (let s: number = PDF_THEME.size.table; s >= PDF_THEME.size.tableMin; s -= 0.5) sizes.push(s);
  // Best: nothing wraps, at no less than 7 pt (tighter padding allowed) — worth shrinking for
  // short labels (a country name, "In arrears") but not for descriptions, which read well wrapped.
  // Else: the largest size at which the numbers fit and text wraps. Else: the smallest size, squeezed.
  const first = measure(sizes[0], PADDINGS[0]);
  const shortText = columns.every((c, i) => c.kind !== 'text' || first.natural[i] <= available * SHORT_TEXT_SHARE);
  const pick = (): { size: number; padX: number; need: number[]; natural: number[] } => {
    for (const size of sizes.filter((s) => s >= 7 && (shortText || s === sizes[0]))) {
      for (const padX of PADDINGS) {
        const m = measure(size, padX);
        if (total(m.natural) <= available) return { size, padX, ...m };
      }
    }
    const padX = PADDINGS[0];
    for (const size of sizes) {
      const m = measure(size, padX);
      if (total(m.need) <= available) return { size, padX, ...m };
    }
    const size = sizes[sizes.length - 1];
    return { size, padX, ...measure(size, padX) };
  };
  const choice = pick();
  const { size, padX } = choice;
  const widths = distribute(choice.need, choice.natural, available);
  let x = w.left;
  const boxes = columns.map((c, i) => {
    const box: ColumnBox = {
      column: c,
      align: c.align ?? defaultAlign(c.kind),
      x,
      width: widths[i],
      wraps: c.kind === 'text',
    };
    x += widths[i];
    return box;
  });
  const header: TextStyle = { size, bold: true };
  const labelHeight = Math.max(...boxes.map((b) => w.heightOf(b.column.label, b.width - 2 * padX, header, LINE_GAP)));
  const groupBand = columns.some((c) => c.group !== undefined) ? w.lineHeight(header) + 2 * padY : 0;
  return { size, padX, boxes, headerHeight: labelHeight + 2 * padY + groupBand, groupBand };
}

/** Text columns grow towards their natural width first, then every column shares what is left. */
function distribute(need: readonly number[], natural: readonly number[], available: number): number[] {
  const sumNeed = need.reduce((a, b) => a + b, 0);
  if (sumNeed >= available) return need.map((n) => (n * available) / sumNeed);
  const widths = [...need];
  let spare = available - sumNeed;
  const wants = natural.map((n, i) => n - need[i]);
  const sumWants = wants.reduce((a, b) => a + b, 0);
  if (sumWants > 0) {
    const share = Math.min(1, spare / sumWants);
    wants.forEach((want, i) => (widths[i] += want * share));
    spare -= sumWants * share;
  }
  const sum = widths.reduce((a, b) => a + b, 0);
  return widths.map((wd) => wd + (spare * wd) / sum);
}

function drawHeader(w: PdfWriter, layout: TableLayout): void {
  const { boxes, headerHeight, groupBand, size, padX } = layout;
  const top = w.y;
  const tableWidth = boxes.reduce((a, b) => a + b.width, 0);
  w.fillRect(w.left, top, tableWidth, headerHeight, PDF_THEME.color.headerFill);
  const style: TextStyle = { size, bold: true, color: PDF_THEME.color.headerText };
  // Super-headers: one label centred over each run of columns sharing `group`.
  if (groupBand > 0) {
    for (let i = 0; i < boxes.length;) {
      const group = boxes[i].column.group;
      let j = i;
      while (j + 1 < boxes.length && boxes[j + 1].column.group === group) j++;
      if (group !== undefined) {
        const x1 = boxes[i].x;
        const x2 = boxes[j].x + boxes[j].width;
        const label = w.fit(group, x2 - x1 - 2 * padX, style);
        w.line(label, x1 + padX, top + padY, style, 'center', x2 - x1 - 2 * padX);
        w.rule(x1 + padX, x2 - padX, top + groupBand - 1, '#FFFFFF', 0.6);
      }
      i = j + 1;
    }
  }
  // Labels sit on the bottom of the header so that one-line labels line up with the numbers.
  for (const b of boxes) {
    const h = w.heightOf(b.column.label, b.width - 2 * padX, style, LINE_GAP);
    const y = top + headerHeight - padY - h;
    w.wrapped(b.column.label, b.x + padX, y, b.width - 2 * padX, style, b.align, LINE_GAP);
  }
  w.y = top + headerHeight;
  w.markContent();
}

function rowHeight(w: PdfWriter, layout: TableLayout, row: PreparedRow): number {
  const { padX } = layout;
  const style = styleOf(row.kind, layout.size);
  if (row.kind === 'group') {
    const tableWidth = layout.boxes.reduce((a, b) => a + b.width, 0);
    return w.heightOf(row.label, tableWidth - 2 * padX, style, LINE_GAP) + 2 * padY;
  }
  let h = w.lineHeight(style);
  layout.boxes.forEach((b, i) => {
    if (b.wraps) h = Math.max(h, w.heightOf(row.cells[i], b.width - 2 * padX, style, LINE_GAP));
  });
  return h + 2 * padY;
}

function drawRow(w: PdfWriter, layout: TableLayout, row: PreparedRow, height: number): void {
  const { boxes, padX } = layout;
  const top = w.y;
  const tableWidth = boxes.reduce((a, b) => a + b.width, 0);
  const style = styleOf(row.kind, layout.size);
  if (row.kind === 'group') {
    w.fillRect(w.left, top, tableWidth, height, PDF_THEME.color.groupFill);
    w.wrapped(
      row.label,
      w.left + padX,
      top + padY,
      tableWidth - 2 * padX,
      { ...style, color: PDF_THEME.color.primary },
      'left',
      LINE_GAP,
    );
  } else {
    if (row.kind === 'total') w.fillRect(w.left, top, tableWidth, height, PDF_THEME.color.totalFill);
    else if (row.zebra) w.fillRect(w.left, top, tableWidth, height, PDF_THEME.color.zebra);
    boxes.forEach((b, i) => {
      const text = row.cells[i];
      if (text === '') return;
      if (b.wraps) w.wrapped(text, b.x + padX, top + padY, b.width - 2 * padX, style, b.align, LINE_GAP);
      else w.line(text, b.x + padX, top + padY, style, b.align, b.width - 2 * padX);
    });
    if (row.kind === 'subtotal') w.rule(w.left, w.left + tableWidth, top, PDF_THEME.color.rule, 0.6);
    if (row.kind === 'total') {
      // Accounting convention: a rule above the total, a double rule under it.
      w.rule(w.left, w.left + tableWidth, top, PDF_THEME.color.primary, 0.8);
      w.rule(w.left, w.left + tableWidth, top + height, PDF_THEME.color.primary, 0.5);
      w.rule(w.left, w.left + tableWidth, top + height + 1.5, PDF_THEME.color.primary, 0.5);
    }
  }
  w.y = top + height;
  w.markContent();
}

/**
 * Draws a table: title, header (repeated on every page the table runs onto, under a
 * "(continued)" line), rows, subtotals and the totals row. `tocLevel` registers the title in the
 * contents; undefined leaves it out.
 */
export function drawTable(w: PdfWriter, table: TableSection, tocLevel: 1 | 2 | undefined): void {
  const rows = prepareRows(w, table);
  const layout = layoutColumns(w, table, rows);
  const heights = rows.map((r) => rowHeight(w, layout, r));
  const titleHeight = w.sectionTitleHeight(table.title);
  // Title, header and the first rows (up to 3) together, or a new page.
  const opening = heights.slice(0, 3).reduce((a, b) => a + b, 0);
  w.ensure(titleHeight + layout.headerHeight + opening);
  if (table.title !== undefined) w.sectionTitle(table.title, tocLevel);
  drawHeader(w, layout);
  const continued = t(w.doc.lang, 'common.continued', { title: table.title ?? '' }).trim();
  const contStyle: TextStyle = { size: PDF_THEME.size.note, bold: true, color: PDF_THEME.color.muted };
  // Height of the block that starts at each row and must stay on one page (rows chained by keepWithNext).
  const block: number[] = new Array<number>(rows.length).fill(0);
  for (let i = rows.length - 1; i >= 0; i--) {
    block[i] = heights[i] + (rows[i].keepWithNext && i + 1 < rows.length ? block[i + 1] : 0);
  }
  const pageRoom = w.bottom - w.top - layout.headerHeight - 20;
  rows.forEach((row, i) => {
    const startsBlock = i === 0 || !rows[i - 1].keepWithNext;
    // A block taller than a page cannot be kept whole: then only the row itself must fit.
    const needed = startsBlock && block[i] <= pageRoom ? block[i] : heights[i];
    if (w.y + needed > w.bottom) {
      w.newPage();
      if (table.title !== undefined) {
        w.line(w.fit(continued, w.contentWidth, contStyle), w.left, w.y, contStyle);
        w.y += w.lineHeight(contStyle) + 3;
      }
      drawHeader(w, layout);
    }
    drawRow(w, layout, row, heights[i]);
  });
  if (table.totals !== undefined) w.y += 2;
  if (table.note !== undefined) {
    const noteStyle: TextStyle = { size: PDF_THEME.size.note, color: PDF_THEME.color.muted };
    const h = w.heightOf(table.note, w.contentWidth, noteStyle);
    w.ensure(h + 4);
    w.y += 4;
    w.y += w.wrapped(table.note, w.left, w.y, w.contentWidth, noteStyle);
  }
  w.y += 14;
}
