import PDFDocument from 'pdfkit';
import { CellContext } from '../cells';
import { ReportDocument } from '../document';
import { ResolvedFonts, toWinAnsi } from './pdf-fonts';
import { PDF_THEME } from './pdf-theme';

export interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
  readonly color?: string;
}

export interface TocEntry {
  readonly text: string;
  readonly level: 1 | 2;
  /** 1-based physical page number: the number the footer prints and a PDF viewer shows. */
  readonly page: number;
  readonly destination: string;
}

/** A4 in points. */
const A4 = { width: 595.28, height: 841.89 };

/**
 * The drawing surface shared by the section painters: page geometry, a vertical cursor `y`, fonts,
 * text measurement and the table-of-contents anchors. Every painter measures before it draws and
 * asks `ensure(height)` for room, so pdfkit never breaks a page on its own in the middle of a row.
 */
export class PdfWriter {
  readonly pdf: PDFKit.PDFDocument;
  readonly width: number;
  readonly height: number;
  readonly left = PDF_THEME.margins.left;
  readonly top = PDF_THEME.margins.top;
  readonly right: number;
  readonly bottom: number;
  readonly contentWidth: number;
  readonly tocEntries: TocEntry[] = [];
  y: number;
  private pageHasContent = false;
  private pending: { readonly height: number; readonly draw: () => void } | undefined;
  private lastOutline: { level: 1 | 2; item: PDFKit.PDFOutline } | undefined;
  /**
   * Measurements are memoised per document: a table measures the same strings (amounts, years,
   * labels) many times — at each candidate size while choosing its layout, then again to draw.
   */
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly heights = new Map<string, Map<string, number>>();
  private readonly lineHeights = new Map<string, number>();
  /** Font and size last set, and the fill colour of the content stream (undefined: unknown, set it). */
  private font: { name: string; size: number } | undefined;
  /** The width memo of that font at that size. */
  private fontWidths: Map<string, number> | undefined;
  private fill: string | undefined;
  private readonly fills: Array<string | undefined> = [];
  /**
   * One-line text objects by font and text: the glyph codes and kerning (`[…] TJ`) pdfkit would
   * write, or null where it positions glyphs one by one (then pdfkit draws it). See `line`.
   */
  private readonly shows = new Map<PdfKitFont, Map<string, string | null>>();
  /** Embedded fonts whose shaped words are shared with the other documents (see `shareLayouts`). */
  private readonly sharing = new Set<string>();
  /** Text as `s` returns it, by text (the WinAnsi approximation walks every character). */
  private readonly drawable = new Map<string, string>();

  constructor(
    readonly doc: ReportDocument,
    readonly fonts: ResolvedFonts,
    readonly ctx: CellContext,
    readonly landscape: boolean,
  ) {
    this.width = landscape ? A4.height : A4.width;
    this.height = landscape ? A4.width : A4.height;
    this.right = this.width - PDF_THEME.margins.right;
    this.bottom = this.height - PDF_THEME.margins.bottom;
    this.contentWidth = this.right - this.left;
    const generated = new Date(`${doc.meta.date}T00:00:00Z`);
    this.pdf = new PDFDocument({
      size: 'A4',
      layout: landscape ? 'landscape' : 'portrait',
      margins: PDF_THEME.margins,
      bufferPages: true,
      autoFirstPage: false,
      lang: doc.lang,
      displayTitle: true,
      // Dates from the document, not the clock: the same report renders to the same bytes, which
      // lets an audit package checksum it and a test compare two renderings.
      info: {
        Title: doc.title,
        Author: doc.meta.organisation,
        Subject: doc.subtitle ?? doc.title,
        Creator: doc.meta.organisation,
        CreationDate: generated,
        ModDate: generated,
      },
    });
    if (fonts.files !== undefined) {
      this.pdf.registerFont(fonts.regular, fonts.files.regular);
      this.pdf.registerFont(fonts.bold, fonts.files.bold);
    }
    this.y = this.top;
    this.trackGraphicsState();
    this.batchContent();
  }

  /**
   * pdfkit turns every operator it writes into a byte array of its own (one per line of the
   * content stream: a table writes hundreds of thousands). Gather them as text instead and hand
   * the page its bytes in one piece — before pdfkit moves to another page or ends the pages —
   * which writes the same bytes.
   */
  private batchContent(): void {
    const pdf = this.pdf as PDFKit.PDFDocument & PdfKitInternals;
    let pending = '';
    const flush = (): void => {
      if (pending.length === 0) return;
      pdf.page.write(Buffer.from(pending, 'latin1'));
      pending = '';
    };
    pdf.addContent = (data: string) => {
      pending += `${data}\n`;
      return pdf;
    };
    for (const method of ['addPage', 'switchToPage', 'flushPages'] as const) {
      const original = (pdf[method] as (...args: unknown[]) => unknown).bind(pdf);
      (pdf as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        flush();
        if (method === 'flushPages' && this.sharing.size > 0) trimSharedLayouts();
        return original(...args);
      };
    }
  }

  /**
   * The fill colour is part of the PDF graphics state, which `restore` rolls back and every new
   * page resets: follow it so that `use` writes a colour only when it changes (most cells of a
   * table share one), instead of two operators before every cell.
   */
  private trackGraphicsState(): void {
    const pdf = this.pdf;
    const save = pdf.save.bind(pdf);
    const restore = pdf.restore.bind(pdf);
    const fillColor = pdf.fillColor.bind(pdf);
    pdf.save = () => {
      this.fills.push(this.fill);
      return save();
    };
    pdf.restore = () => {
      this.fill = this.fills.pop();
      return restore();
    };
    pdf.fillColor = (color, opacity) => {
      this.fill = typeof color === 'string' && opacity === undefined ? color : undefined;
      return fillColor(color, opacity);
    };
    // pdfkit measures every string it draws twice more (its width for the text's extent, then to
    // advance its cursor): answer those from the same memo as the layout's own measurements.
    const widthOfString = pdf.widthOfString.bind(pdf);
    pdf.widthOfString = (text, options?: PDFKit.Mixins.TextOptions & { horizontalScaling?: number }) => {
      const o = options;
      const plain =
        o === undefined ||
        ((o.characterSpacing ?? 0) === 0 && (o.horizontalScaling ?? 100) === 100 && o.features === undefined);
      const widths = this.fontWidths;
      if (!plain || widths === undefined) return widthOfString(text, options);
      let width = widths.get(text);
      if (width === undefined) {
        width = widthOfString(text);
        widths.set(text, width);
      }
      return width;
    };
    const switchToPage = pdf.switchToPage.bind(pdf);
    pdf.switchToPage = (n) => {
      this.fill = undefined;
      this.fills.length = 0;
      return switchToPage(n);
    };
    pdf.on('pageAdded', () => {
      this.fill = undefined;
      this.fills.length = 0;
    });
  }

  /** Text as the chosen font can draw it. */
  s(text: string): string {
    if (!this.fonts.standard) return text;
    let out = this.drawable.get(text);
    if (out === undefined) {
      out = toWinAnsi(text);
      this.drawable.set(text, out);
    }
    return out;
  }

  use(style: TextStyle): this {
    this.setFont(style);
    const color = style.color ?? PDF_THEME.color.text;
    if (this.fill !== color) this.pdf.fillColor(color);
    return this;
  }

  private setFont(style: TextStyle): string {
    const name = style.bold === true ? this.fonts.bold : this.fonts.regular;
    if (this.font?.name !== name || this.font.size !== style.size) {
      this.pdf.font(name).fontSize(style.size);
      if (this.fonts.files !== undefined && !this.sharing.has(name)) {
        this.sharing.add(name);
        shareLayouts(
          (this.pdf as PDFKit.PDFDocument & PdfKitInternals)._font,
          name === this.fonts.bold ? this.fonts.files.bold : this.fonts.files.regular,
        );
      }
      this.font = { name, size: style.size };
      this.fontWidths = this.memo(this.widths, name, style.size);
    }
    return name;
  }

  widthOf(text: string, style: TextStyle): number {
    this.setFont(style);
    return this.pdf.widthOfString(this.s(text));
  }

  /** Height of `text` wrapped at `width`. */
  heightOf(text: string, width: number, style: TextStyle, lineGap = 1): number {
    const heights = this.memo(this.heights, this.setFont(style), `${style.size} ${width} ${lineGap}`);
    let height = heights.get(text);
    if (height === undefined) {
      height = this.pdf.heightOfString(this.s(text), { width, lineGap });
      heights.set(text, height);
    }
    return height;
  }

  lineHeight(style: TextStyle): number {
    const name = this.setFont(style);
    const key = `${name} ${style.size}`;
    let height = this.lineHeights.get(key);
    if (height === undefined) {
      height = this.pdf.currentLineHeight(true);
      this.lineHeights.set(key, height);
    }
    return height;
  }

  /** The measurements of one font at one size (and width), by text. */
  private memo(of: Map<string, Map<string, number>>, font: string, size: number | string): Map<string, number> {
    const key = `${font} ${size}`;
    let map = of.get(key);
    if (map === undefined) {
      map = new Map<string, number>();
      of.set(key, map);
    }
    return map;
  }

  /** One line, never wrapped: aligned inside [x, x + width] by measuring, so pdfkit cannot break a page. */
  line(
    text: string,
    x: number,
    y: number,
    style: TextStyle,
    align: 'left' | 'right' | 'center' = 'left',
    width = 0,
  ): void {
    const w = align === 'left' ? 0 : this.widthOf(text, style);
    const at = align === 'right' ? x + width - w : align === 'center' ? x + (width - w) / 2 : x;
    this.use(style);
    const drawn = this.s(text);
    if (!this.show(drawn, at, y)) this.pdf.text(drawn, at, y, { lineBreak: false });
  }

  /**
   * Writes the text object `pdf.text(text, x, y, { lineBreak: false })` writes — the same
   * operators, byte for byte (checked against pdfkit in pdf-writer.spec.ts) — without pdfkit's
   * option merging, line splitting, re-measuring and re-encoding of every cell: a long table
   * draws tens of thousands of them. The glyph codes and kerning of a text are encoded once per
   * font. False (nothing written) where pdfkit must draw it: continued text, a line break, or
   * glyphs placed one by one.
   */
  private show(text: string, x: number, y: number): boolean {
    const pdf = this.pdf as PDFKit.PDFDocument & PdfKitInternals;
    if (pdf._textOptions != null || text.includes('\n')) return false;
    const font = pdf._font;
    let shows = this.shows.get(font);
    if (shows === undefined) {
      shows = new Map<string, string | null>();
      this.shows.set(font, shows);
    }
    let tj = shows.get(text);
    if (tj === undefined) {
      tj = textShowing(font, text);
      shows.set(text, tj);
    }
    if (tj === null) return false;
    pdf.x = x;
    pdf.y = y;
    if (text.length > 0) {
      const size = pdf._fontSize;
      const page = pdf.page;
      const dy = (font.ascender / 1000) * size;
      if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
      pdf.addContent(
        `q\n1 0 0 -1 0 ${num(page.height)} cm\nBT\n1 0 0 1 ${num(x)} ${num(page.height - y - dy)} Tm\n/${font.id} ${num(size)} Tf\n${tj}ET\nQ`,
      );
    }
    pdf.x = x + pdf.widthOfString(text, { lineBreak: false });
    return true;
  }

  /** `text` cut with an ellipsis so that it fits `maxWidth` on one line. */
  fit(text: string, maxWidth: number, style: TextStyle): string {
    if (this.widthOf(text, style) <= maxWidth) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.widthOf(`${text.slice(0, mid).trimEnd()}…`, style) <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  /** Wrapped text at [x, y] within `width`; the caller has made room. Returns the height used. */
  wrapped(
    text: string,
    x: number,
    y: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' | 'center' | 'justify' = 'left',
    lineGap = 1,
  ): number {
    const h = this.heightOf(text, width, style, lineGap);
    // What fits on one line is drawn as one: the same glyphs at the same place, without pdfkit
    // wrapping it again (right and centred text is placed by its measured width).
    if (h > 0 && h < 1.5 * (this.lineHeight(style) + lineGap) && !text.includes('\n') && align !== 'justify') {
      this.line(text, x, y, style, align, width);
      return h;
    }
    this.use(style);
    this.pdf.text(this.s(text), x, y, { width, align, lineGap });
    return h;
  }

  /** 1-based number of the page being drawn. */
  get pageNumber(): number {
    return this.pdf.bufferedPageRange().count;
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
    this.pageHasContent = false;
  }

  /**
   * Starts a new page unless `height` more points fit on this one (or this one is still empty).
   * A deferred heading is counted in and drawn first, so it always lands on the page of what follows it.
   */
  ensure(height: number): void {
    const pending = this.pending;
    const extra = pending === undefined ? 0 : pending.height;
    if (this.y + height + extra > this.bottom && this.pageHasContent) this.newPage();
    if (pending !== undefined) {
      this.pending = undefined;
      pending.draw();
    }
  }

  /** Holds back a heading of `height` points until the next `ensure`, which keeps it with its content. */
  defer(height: number, draw: () => void): void {
    this.ensure(height);
    this.pending = { height, draw };
  }

  /** Draws a heading still held back (end of document, forced page break). */
  flush(): void {
    this.ensure(0);
  }

  markContent(): void {
    this.pageHasContent = true;
  }

  get isPageEmpty(): boolean {
    return !this.pageHasContent;
  }

  /** Registers a heading or section title for the contents page and the PDF bookmarks, at the cursor. */
  anchor(text: string, level: 1 | 2): void {
    const destination = `section-${this.tocEntries.length + 1}`;
    this.pdf.addNamedDestination(destination, 'XYZ', this.left, this.y, null);
    this.tocEntries.push({ text, level, page: this.pageNumber, destination });
    const parent = level === 2 && this.lastOutline !== undefined ? this.lastOutline.item : this.pdf.outline;
    const item = parent.addItem(text);
    if (level === 1 || this.lastOutline === undefined) this.lastOutline = { level, item };
  }

  /** A section title (table, chart, key figures), optionally listed in the contents. */
  sectionTitle(text: string, level: 1 | 2 | undefined): void {
    const style: TextStyle = { size: PDF_THEME.size.sectionTitle, bold: true, color: PDF_THEME.color.primary };
    if (level !== undefined) this.anchor(text, level);
    this.y += this.wrapped(text, this.left, this.y, this.contentWidth, style) + 4;
    this.markContent();
  }

  sectionTitleHeight(text: string | undefined): number {
    if (text === undefined) return 0;
    return this.heightOf(text, this.contentWidth, { size: PDF_THEME.size.sectionTitle, bold: true }) + 4;
  }

  rule(x1: number, x2: number, y: number, color: string = PDF_THEME.color.rule, width = 0.5): void {
    this.pdf.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.pdf.save().rect(x, y, w, h).fillColor(color).fill().restore();
  }
}

/** The parts of pdfkit's document and fonts that `PdfWriter.show` writes with, as pdfkit 0.x has them. */
interface PdfKitInternals {
  _font: PdfKitFont;
  _fontSize: number;
  _textOptions: unknown;
  x: number;
  y: number;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown>; write(chunk: Uint8Array): unknown };
  addContent(data: string): unknown;
  flushPages(): void;
}

interface PdfKitFont {
  readonly id: string;
  /** An embedded font's shaped words by text (pdfkit's own cache, one per document). */
  layoutCache?: Record<string, unknown>;
  readonly ascender: number;
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], GlyphPosition[]];
}

interface GlyphPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  readonly advanceWidth: number;
}

/**
 * Shaped words by font file. A shaped word holds about 3 KB: a cache past `SHARED_LAYOUTS_MAX`
 * words (a document with that many distinct amounts and names) is dropped when its document ends
 * or when the next document starts sharing it.
 */
const sharedLayouts = new Map<string, Record<string, unknown>>();
const SHARED_LAYOUTS_MAX = 5_000;

function trimSharedLayouts(): void {
  for (const [file, shared] of sharedLayouts)
    if (Object.keys(shared).length > SHARED_LAYOUTS_MAX) sharedLayouts.delete(file);
}

/**
 * Shaping a word with an embedded font (its glyphs, kerning and advances: OpenType lookups) costs
 * far more than drawing it, and pdfkit keeps what it shaped for one document only. The result
 * depends on nothing but the font file and the word, so documents embedding the same file share
 * it: a report drawn again, or another with the same amounts and names, shapes only what is new.
 * The glyphs used are still counted per document (pdfkit's subset), so each file embeds exactly
 * the glyphs it draws.
 */
function shareLayouts(font: PdfKitFont, file: string): void {
  if (font.layoutCache === undefined) return;
  // Also trimmed here: a document that failed or was abandoned before its end left it as it was.
  trimSharedLayouts();
  let shared = sharedLayouts.get(file);
  if (shared === undefined) {
    shared = font.layoutCache;
    sharedLayouts.set(file, shared);
  }
  font.layoutCache = shared;
}

/** A number as pdfkit writes it into a content stream (at most six decimals). */
function num(n: number): string {
  if (!(n > -1e21 && n < 1e21)) throw new Error(`unsupported number: ${n}`);
  return String(Math.round(n * 1e6) / 1e6);
}

/**
 * `[<glyphs> kerning …] TJ\n` for `text` in `font`, as pdfkit's text fragment writes it for a
 * text without word or character spacing; null when a glyph has an offset (pdfkit then moves the
 * text matrix around it). Empty for an empty text.
 */
function textShowing(font: PdfKitFont, text: string): string | null {
  if (text.length === 0) return '';
  const [encoded, positions] = font.encode(text);
  const commands: string[] = [];
  let last = 0;
  const addSegment = (cur: number): void => {
    if (last < cur) {
      const hex = encoded.slice(last, cur).join('');
      const advance = positions[cur - 1].xAdvance - positions[cur - 1].advanceWidth;
      commands.push(`<${hex}> ${num(-advance)}`);
    }
    last = cur;
  };
  let i: number;
  for (i = 0; i < positions.length; i++) {
    const pos = positions[i];
    if (pos.xOffset || pos.yOffset) return null;
    if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
  }
  addSegment(i);
  return commands.length > 0 ? `[${commands.join(' ')}] TJ\n` : '';
}
