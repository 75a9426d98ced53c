import { Readable } from 'node:stream';
import { t } from '../../i18n/catalogue';
import { formatDate } from '../../i18n/date-format';
import { NumberStyle } from '../../i18n/number-format';
import { CellContext } from '../cells';
import { ReportDocument, ReportSection } from '../document';
import { assertValidReportDocument } from '../validate';
import { drawChart } from './pdf-charts';
import { PdfFontChoice, resolveFonts } from './pdf-fonts';
import { drawKeyFigures } from './pdf-key-figures';
import { drawTable } from './pdf-table';
import { PDF_THEME } from './pdf-theme';
import { PdfWriter, TextStyle } from './pdf-writer';

export interface PdfRenderOptions {
  /**
   * A cover page (title, meeting, date, organisation). It carries no header or footer but is
   * counted, so "Página X de Y" and the contents match the page numbers a PDF viewer shows. Default false.
   */
  readonly cover?: boolean;
  /** A contents page listing headings and titled sections with their page numbers. Default false. */
  readonly toc?: boolean;
  /** Wide tables (two years side by side with many columns). Default portrait. */
  readonly landscape?: boolean;
  /** Default `auto`: Helvetica when the text fits WinAnsi, else an installed Unicode font (see pdf-fonts.ts). */
  readonly fonts?: PdfFontChoice;
  /** Digit grouping and decimal mark; default the document language's (see NUMBER_STYLES). */
  readonly numberStyle?: NumberStyle;
}

const H1: TextStyle = { size: PDF_THEME.size.h1, bold: true, color: PDF_THEME.color.primary };
const H2: TextStyle = { size: PDF_THEME.size.h2, bold: true, color: PDF_THEME.color.primary };
const BODY: TextStyle = { size: PDF_THEME.size.body };
const NOTE: TextStyle = { size: PDF_THEME.size.note, color: PDF_THEME.color.muted };

/** Every string the document will print, to choose a font that can draw all of them. */
function documentTexts(doc: ReportDocument): string[] {
  const out = [doc.title, doc.subtitle ?? '', doc.meta.organisation, doc.meta.meeting ?? '', doc.meta.reference ?? ''];
  for (const s of doc.sections) {
    switch (s.kind) {
      case 'table':
        out.push(s.title ?? '', s.note ?? '', ...s.columns.flatMap((c) => [c.label, c.group ?? '']));
        for (const row of [
          ...(s.groups === undefined ? s.rows : s.groups.flatMap((g) => [...g.rows, g.subtotal ?? {}])),
          s.totals ?? {},
        ]) {
          for (const v of Object.values(row)) if (typeof v === 'string') out.push(v);
        }
        if (s.groups !== undefined) out.push(...s.groups.map((g) => g.label));
        break;
      case 'chart':
        out.push(s.title, s.note ?? '', ...s.categories, ...s.series.map((x) => x.label));
        break;
      case 'keyFigures':
        out.push(
          s.title ?? '',
          ...s.items.flatMap((i) => [i.label, i.note ?? '', typeof i.value === 'string' ? i.value : '']),
        );
        break;
      case 'paragraph':
      case 'heading':
        out.push(s.text);
        break;
      case 'pageBreak':
        break;
    }
  }
  return out;
}

function sectionTitle(s: ReportSection): string | undefined {
  return s.kind === 'table' || s.kind === 'keyFigures' || s.kind === 'chart' ? s.title : undefined;
}

/** Contents level of each section (undefined: not listed). Titled sections sit one level under the last heading. */
function tocLevels(sections: readonly ReportSection[]): Array<1 | 2 | undefined> {
  let headingLevel = 0;
  return sections.map((s) => {
    if (s.kind === 'heading') {
      headingLevel = s.level ?? 1;
      return headingLevel as 1 | 2;
    }
    if (sectionTitle(s) === undefined) return undefined;
    return headingLevel === 0 ? 1 : 2;
  });
}

function tocEntryStyle(level: 1 | 2): TextStyle {
  return level === 1 ? { size: 10, bold: true } : { size: 9.5 };
}

const TOC_ROW = 18;

function tocCapacity(w: PdfWriter): number {
  return Math.floor((w.bottom - w.top - 40) / TOC_ROW);
}

function drawToc(w: PdfWriter, firstPageIndex: number): void {
  const perPage = tocCapacity(w);
  w.tocEntries.forEach((entry, i) => {
    const pageIndex = firstPageIndex + Math.floor(i / perPage);
    const slot = i % perPage;
    w.pdf.switchToPage(pageIndex);
    if (slot === 0) w.line(t(w.doc.lang, 'common.contents'), w.left, w.top, H1);
    const y = w.top + 40 + slot * TOC_ROW;
    const style = tocEntryStyle(entry.level);
    const indent = entry.level === 1 ? 0 : 14;
    const number = String(entry.page);
    const numberWidth = w.widthOf(number, style);
    const text = w.fit(entry.text, w.contentWidth - indent - numberWidth - 30, style);
    const textWidth = w.widthOf(text, style);
    w.line(text, w.left + indent, y, style);
    w.line(number, w.right - numberWidth, y, style);
    // Dot leaders between the entry and its page number.
    const dot: TextStyle = { size: style.size, color: PDF_THEME.color.rule };
    const dotWidth = w.widthOf('.', dot) + 1.6;
    const from = w.left + indent + textWidth + 6;
    const to = w.right - numberWidth - 6;
    const dots = Math.max(0, Math.floor((to - from) / dotWidth));
    if (dots > 0) {
      w.use(dot);
      w.pdf.text('.'.repeat(dots), to - dots * dotWidth, y, { lineBreak: false, characterSpacing: 1.6 });
    }
    w.pdf.goTo(w.left, y - 2, w.contentWidth, TOC_ROW - 2, entry.destination);
  });
}

function drawCover(w: PdfWriter): void {
  const { doc } = w;
  const lang = doc.lang;
  w.fillRect(0, 0, w.width, 14, PDF_THEME.color.primary);
  w.y = 110;
  w.y += w.wrapped(doc.meta.organisation, w.left, w.y, w.contentWidth, {
    size: 13,
    bold: true,
    color: PDF_THEME.color.primary,
  });
  w.rule(w.left, w.right, w.y + 8, PDF_THEME.color.primary, 1.2);
  w.y = w.height * 0.34;
  w.y += w.wrapped(
    doc.title,
    w.left,
    w.y,
    w.contentWidth,
    { size: 26, bold: true, color: PDF_THEME.color.primary },
    'left',
    2,
  );
  if (doc.subtitle !== undefined) {
    w.y += 8;
    w.y += w.wrapped(doc.subtitle, w.left, w.y, w.contentWidth, { size: 14, color: PDF_THEME.color.muted });
  }
  const facts: Array<[string, string]> = [];
  if (doc.meta.meeting !== undefined) facts.push([t(lang, 'common.meeting'), doc.meta.meeting]);
  facts.push([t(lang, 'common.reportDate'), formatDate(doc.meta.date, lang)]);
  if (doc.meta.asOf !== undefined) facts.push([t(lang, 'common.positionAsOf'), formatDate(doc.meta.asOf, lang)]);
  facts.push([t(lang, 'common.currency'), doc.meta.currency]);
  if (doc.meta.reference !== undefined) facts.push([t(lang, 'common.reference'), doc.meta.reference]);
  const label: TextStyle = { size: 9, color: PDF_THEME.color.muted };
  const value: TextStyle = { size: 11, bold: true };
  const labelWidth = Math.max(...facts.map(([l]) => w.widthOf(l, label))) + 16;
  w.y = w.height * 0.62;
  for (const [l, v] of facts) {
    w.line(l, w.left, w.y + 2, label);
    w.y += w.wrapped(v, w.left + labelWidth, w.y, w.contentWidth - labelWidth, value) + 8;
  }
  w.markContent();
}

/** The title block at the top of the first content page when there is no cover. */
function drawTitleBlock(w: PdfWriter): void {
  const { doc } = w;
  w.y += w.wrapped(
    doc.title,
    w.left,
    w.y,
    w.contentWidth,
    { size: 18, bold: true, color: PDF_THEME.color.primary },
    'left',
    1,
  );
  if (doc.subtitle !== undefined) {
    w.y += 2;
    w.y += w.wrapped(doc.subtitle, w.left, w.y, w.contentWidth, { size: 11, color: PDF_THEME.color.muted });
  }
  w.y += 3;
  w.y += w.wrapped(metaLine(w), w.left, w.y, w.contentWidth, { size: 9, color: PDF_THEME.color.muted });
  w.rule(w.left, w.right, w.y + 5, PDF_THEME.color.primary, 0.8);
  w.y += 18;
  w.markContent();
}

function metaLine(w: PdfWriter): string {
  const { doc } = w;
  const lang = doc.lang;
  const parts: string[] = [];
  if (doc.meta.meeting !== undefined) parts.push(doc.meta.meeting);
  parts.push(
    doc.meta.asOf !== undefined
      ? t(lang, 'common.situationAsOf', { date: formatDate(doc.meta.asOf, lang) })
      : formatDate(doc.meta.date, lang),
  );
  parts.push(t(lang, 'common.amountsIn', { currency: doc.meta.currency }));
  return parts.join(' · ');
}

/**
 * Headings are deferred: the next section's `ensure` places the heading together with the opening
 * of that section (a whole chart, a table's header and first rows), never alone at a page foot.
 */
function drawHeading(w: PdfWriter, text: string, level: 1 | 2): void {
  const style = level === 1 ? H1 : H2;
  const before = level === 1 ? 8 : 4;
  const after = level === 1 ? 8 : 5;
  const h = w.heightOf(text, w.contentWidth, style);
  w.defer(before + h + after, () => {
    if (!w.isPageEmpty) w.y += before;
    w.anchor(text, level);
    w.y += w.wrapped(text, w.left, w.y, w.contentWidth, style) + after;
    w.markContent();
  });
}

function drawParagraph(w: PdfWriter, text: string, style: TextStyle): void {
  const h = w.heightOf(text, w.contentWidth, style, 2);
  w.ensure(Math.min(h, 3 * w.lineHeight(style)));
  if (w.y + h <= w.bottom) {
    w.y += w.wrapped(text, w.left, w.y, w.contentWidth, style, 'left', 2);
  } else {
    // Longer than what is left of the page: let pdfkit flow it onto the next ones.
    w.use(style);
    w.pdf.text(w.s(text), w.left, w.y, { width: w.contentWidth, lineGap: 2 });
    w.y = w.pdf.y;
  }
  w.y += 8;
  w.markContent();
}

/** Page header and footer on every page but the cover: organisation, title, "Página X de Y". */
function drawPageFurniture(w: PdfWriter, firstNumbered: number): void {
  const { doc } = w;
  const range = w.pdf.bufferedPageRange();
  const total = range.count;
  const small: TextStyle = { size: PDF_THEME.size.header, color: PDF_THEME.color.muted };
  const footerLeft =
    doc.meta.asOf !== undefined
      ? t(doc.lang, 'common.situationAsOf', { date: formatDate(doc.meta.asOf, doc.lang) })
      : formatDate(doc.meta.date, doc.lang);
  for (let i = firstNumbered; i < range.start + total; i++) {
    w.pdf.switchToPage(i);
    // Drawing in the margins: no wrapping anywhere below, so pdfkit cannot add a page.
    const headerY = 34;
    const organisation = w.fit(doc.meta.organisation, w.contentWidth * 0.48, small);
    w.line(organisation, w.left, headerY, small);
    const title = w.fit(doc.title, w.contentWidth * 0.48, small);
    w.line(title, w.left, headerY, small, 'right', w.contentWidth);
    w.rule(w.left, w.right, headerY + 13, PDF_THEME.color.rule, 0.5);
    const footerY = w.height - 40;
    w.rule(w.left, w.right, footerY - 6, PDF_THEME.color.rule, 0.5);
    w.line(w.fit(footerLeft, w.contentWidth * 0.6, small), w.left, footerY, small);
    w.line(t(doc.lang, 'common.page', { page: i + 1, pages: total }), w.left, footerY, small, 'right', w.contentWidth);
  }
}

function paint(w: PdfWriter, options: PdfRenderOptions): void {
  const { doc } = w;
  const levels = tocLevels(doc.sections);
  if (options.cover === true) {
    w.newPage();
    drawCover(w);
  }
  const tocCount = levels.filter((l) => l !== undefined).length;
  const tocPages = options.toc === true && tocCount > 0 ? Math.ceil(tocCount / tocCapacity(w)) : 0;
  const tocFirstPage = options.cover === true ? 1 : 0;
  for (let i = 0; i < tocPages; i++) w.newPage();
  w.newPage();
  if (options.cover !== true) drawTitleBlock(w);
  doc.sections.forEach((s, i) => {
    // Titles are anchored even without a contents page: they become the PDF's bookmarks.
    const level = levels[i];
    switch (s.kind) {
      case 'table':
        return drawTable(w, s, level);
      case 'keyFigures':
        return drawKeyFigures(w, s, level);
      case 'chart':
        return drawChart(w, s, level);
      case 'heading':
        return drawHeading(w, s.text, s.level ?? 1);
      case 'paragraph':
        return drawParagraph(w, s.text, s.style === 'note' ? NOTE : BODY);
      case 'pageBreak':
        w.flush();
        if (!w.isPageEmpty) w.newPage();
        return;
    }
  });
  w.flush();
  if (tocPages > 0) drawToc(w, tocFirstPage);
  drawPageFurniture(w, options.cover === true ? 1 : 0);
}

function contextOf(doc: ReportDocument, options: PdfRenderOptions): CellContext {
  return { lang: doc.lang, currency: doc.meta.currency, style: options.numberStyle };
}

/**
 * The PDF as a stream. All pages are drawn before this returns (page numbers "X of Y" need the
 * whole document), so a bad document throws here, before a response has started.
 */
export function renderPdfStream(doc: ReportDocument, options: PdfRenderOptions = {}): Readable {
  assertValidReportDocument(doc);
  const fonts = resolveFonts(options.fonts ?? 'auto', documentTexts(doc));
  const w = new PdfWriter(doc, fonts, contextOf(doc, options), options.landscape === true);
  paint(w, options);
  w.pdf.end();
  return w.pdf;
}

export async function renderPdf(doc: ReportDocument, options: PdfRenderOptions = {}): Promise<Buffer> {
  const stream = renderPdfStream(doc, options);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
