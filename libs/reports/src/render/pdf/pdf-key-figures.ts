import { cellCurrency, formatCell } from '../cells';
import { KeyFigure, KeyFiguresSection } from '../document';
import { PDF_THEME } from './pdf-theme';
import { PdfWriter, TextStyle } from './pdf-writer';

const GAP = 8;
const PAD = 7;
const LABEL: TextStyle = { size: 7.5, color: PDF_THEME.color.muted };
const NOTE: TextStyle = { size: 7, color: PDF_THEME.color.muted };
const VALUE_SIZES = [13, 12, 11, 10, 9, 8];

function valueText(w: PdfWriter, item: KeyFigure): string {
  const text = formatCell(item.value, item, w.ctx);
  return item.kind === 'money' && text !== '' ? `${cellCurrency(item.value, item, w.ctx)}\u00a0${text}` : text;
}

function perRow(count: number): number {
  if (count <= 4) return count;
  return count % 4 === 0 || count > 6 ? 4 : 3;
}

/** Headline figures as cards: label, value in large type (shrunk to fit its card), optional note. */
export function drawKeyFigures(w: PdfWriter, section: KeyFiguresSection, tocLevel: 1 | 2 | undefined): void {
  const columns = perRow(section.items.length);
  const cardWidth = (w.contentWidth - GAP * (columns - 1)) / columns;
  const inner = cardWidth - 2 * PAD - 3;
  const rows: KeyFigure[][] = [];
  for (let i = 0; i < section.items.length; i += columns) rows.push(section.items.slice(i, i + columns));
  const measured = rows.map((row) => {
    const values = row.map((item) => {
      const text = valueText(w, item);
      const size =
        VALUE_SIZES.find((s) => w.widthOf(text, { size: s, bold: true }) <= inner) ??
        VALUE_SIZES[VALUE_SIZES.length - 1];
      const style: TextStyle = { size, bold: true, color: PDF_THEME.color.primary };
      return { text, style };
    });
    const labelHeight = Math.max(...row.map((item) => w.heightOf(item.label, inner, LABEL, 0.5)));
    const valueHeight = w.lineHeight({ size: VALUE_SIZES[0], bold: true });
    const noteHeight = Math.max(
      0,
      ...row.map((item) => (item.note === undefined ? 0 : w.heightOf(item.note, inner, NOTE, 0.5) + 2)),
    );
    return { row, values, labelHeight, valueHeight, height: PAD + labelHeight + 3 + valueHeight + noteHeight + PAD };
  });
  const titleHeight = w.sectionTitleHeight(section.title);
  w.ensure(titleHeight + (measured[0]?.height ?? 0));
  if (section.title !== undefined) w.sectionTitle(section.title, tocLevel);
  for (const m of measured) {
    w.ensure(m.height + GAP);
    const top = w.y;
    m.row.forEach((item, i) => {
      const x = w.left + i * (cardWidth + GAP);
      w.fillRect(x, top, cardWidth, m.height, PDF_THEME.color.cardFill);
      w.fillRect(x, top, 3, m.height, PDF_THEME.color.primary);
      const textX = x + 3 + PAD;
      w.wrapped(item.label, textX, top + PAD, inner, LABEL, 'left', 0.5);
      const value = m.values[i];
      // Baselines line up across the row whatever size each value ended up with.
      const valueY = top + PAD + m.labelHeight + 3 + (m.valueHeight - w.lineHeight(value.style));
      w.line(value.text, textX, valueY, value.style);
      if (item.note !== undefined)
        w.wrapped(item.note, textX, top + PAD + m.labelHeight + 3 + m.valueHeight + 2, inner, NOTE, 'left', 0.5);
    });
    w.y = top + m.height + GAP;
    w.markContent();
  }
  w.y += 8;
}
