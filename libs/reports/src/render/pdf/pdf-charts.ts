import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { t } from '../../i18n/catalogue';
import { dayNumber, formatShortDate } from '../../i18n/date-format';
import { formatDecimal, formatPercent, toDecimal } from '../../i18n/number-format';
import { BarChartSection, ChartSection, LineChartSection } from '../document';
import { ValueScale, niceScale, scaleRatio } from '../chart-scale';
import { PDF_THEME, paletteColor } from './pdf-theme';
import { PdfWriter, TextStyle } from './pdf-writer';

const LABEL: TextStyle = { size: PDF_THEME.size.chart, color: PDF_THEME.color.text };
const MUTED: TextStyle = { size: PDF_THEME.size.chart, color: PDF_THEME.color.muted };
const PLOT_HEIGHT = 200;
const SWATCH = 7;

type Matrix = ReadonlyArray<ReadonlyArray<Decimal | null>>;

function valuesOf(chart: ChartSection): Matrix {
  return chart.series.map((s) => s.values.map((v) => (v === null ? null : toDecimal(v, `${s.key} value`))));
}

function colorOf(chart: ChartSection, index: number): string {
  return chart.series[index].color ?? paletteColor(index);
}

/** Axis tick text: exact decimals at the step's precision ("250,000", "2.5 %"). */
function tickLabel(w: PdfWriter, chart: ChartSection, scale: ValueScale, v: Decimal): string {
  const options = { style: w.ctx.style };
  return chart.valueKind === 'percent'
    ? formatPercent(v, w.doc.lang, scale.decimals, options)
    : formatDecimal(v, scale.decimals, w.doc.lang, options);
}

function unitCaption(w: PdfWriter, chart: ChartSection): string | undefined {
  if (chart.valueKind !== 'money') return undefined;
  return t(w.doc.lang, 'common.amountsIn', { currency: chart.currency ?? w.doc.meta.currency });
}

interface LegendItem {
  readonly label: string;
  readonly color: string;
}

/** Legend items laid out in rows across the content width; returns the rows' positions. */
function legendLayout(
  w: PdfWriter,
  items: readonly LegendItem[],
): { rows: Array<Array<{ item: LegendItem; x: number }>>; height: number } {
  const rows: Array<Array<{ item: LegendItem; x: number }>> = [[]];
  let x = w.left;
  for (const item of items) {
    const width = SWATCH + 4 + w.widthOf(item.label, LABEL) + 14;
    if (x + width > w.right && rows[rows.length - 1].length > 0) {
      rows.push([]);
      x = w.left;
    }
    rows[rows.length - 1].push({ item, x });
    x += width;
  }
  return { rows, height: rows.length * (w.lineHeight(LABEL) + 3) };
}

function drawLegend(w: PdfWriter, items: readonly LegendItem[], line: boolean): void {
  const { rows } = legendLayout(w, items);
  const lh = w.lineHeight(LABEL) + 3;
  for (const row of rows) {
    for (const { item, x } of row) {
      if (line) {
        w.pdf
          .save()
          .moveTo(x, w.y + 2.8)
          .lineTo(x + SWATCH + 2, w.y + 2.8)
          .lineWidth(1.8)
          .strokeColor(item.color)
          .stroke()
          .restore();
      } else {
        // Centred on the label's capitals (7.5 pt Helvetica: caps from y to about y + 5.4).
        w.fillRect(x, w.y - 0.8, SWATCH, SWATCH, item.color);
      }
      w.line(item.label, x + SWATCH + 4, w.y, LABEL);
    }
    w.y += lh;
  }
}

/** Gridlines and tick labels of a vertical value axis spanning [plotTop, plotBottom]. */
function drawValueAxisY(
  w: PdfWriter,
  chart: ChartSection,
  scale: ValueScale,
  x0: number,
  x1: number,
  plotTop: number,
  plotBottom: number,
): void {
  const labelStyle = MUTED;
  for (const tick of scale.ticks) {
    const y = plotBottom - scaleRatio(scale, tick) * (plotBottom - plotTop);
    const isZero = tick.isZero();
    w.rule(x0, x1, y, isZero ? PDF_THEME.color.muted : PDF_THEME.color.grid, isZero ? 0.8 : 0.4);
    const label = tickLabel(w, chart, scale, tick);
    w.line(label, x0 - 4 - w.widthOf(label, labelStyle), y - w.lineHeight(labelStyle) / 2 + 0.5, labelStyle);
  }
}

function yTickWidth(w: PdfWriter, chart: ChartSection, scale: ValueScale): number {
  return Math.max(...scale.ticks.map((tick) => w.widthOf(tickLabel(w, chart, scale, tick), MUTED)));
}

/** Sums per category of the positive and of the negative parts (stacked bars grow both ways from zero). */
function stackExtents(values: Matrix, categories: number): Decimal[] {
  const out: Decimal[] = [];
  for (let c = 0; c < categories; c++) {
    let pos = new Dec(0);
    let neg = new Dec(0);
    for (const series of values) {
      const v = series[c];
      if (v === null) continue;
      if (v.isNeg()) neg = neg.plus(v);
      else pos = pos.plus(v);
    }
    out.push(pos, neg);
  }
  return out;
}

interface Bar {
  readonly category: number;
  readonly series: number;
  readonly from: Decimal;
  readonly to: Decimal;
}

/** The segments to draw: side by side (grouped) or piled up from zero (stacked). */
function barsOf(chart: BarChartSection, values: Matrix): Bar[] {
  const bars: Bar[] = [];
  chart.categories.forEach((_c, c) => {
    let pos = new Dec(0);
    let neg = new Dec(0);
    values.forEach((series, s) => {
      const v = series[c];
      if (v === null) return;
      if (chart.mode === 'grouped') {
        bars.push({ category: c, series: s, from: new Dec(0), to: v });
      } else if (v.isNeg()) {
        bars.push({ category: c, series: s, from: neg, to: neg.plus(v) });
        neg = neg.plus(v);
      } else {
        bars.push({ category: c, series: s, from: pos, to: pos.plus(v) });
        pos = pos.plus(v);
      }
    });
  });
  return bars;
}

function scaleFor(chart: ChartSection, values: Matrix): ValueScale {
  const all =
    chart.chart === 'bar' && chart.mode === 'stacked'
      ? stackExtents(values, chart.categories.length)
      : values.flatMap((s) => s.filter((v): v is Decimal => v !== null));
  return niceScale(all);
}

function drawCaption(w: PdfWriter, caption: string | undefined): void {
  if (caption === undefined) return;
  w.line(caption, w.left, w.y, MUTED);
  w.y += w.lineHeight(MUTED) + 4;
}

function captionHeight(w: PdfWriter, caption: string | undefined): number {
  return caption === undefined ? 0 : w.lineHeight(MUTED) + 4;
}

function drawVerticalBars(w: PdfWriter, chart: BarChartSection, tocLevel: 1 | 2 | undefined): void {
  const values = valuesOf(chart);
  const scale = scaleFor(chart, values);
  const legendItems = chart.series.map((s, i) => ({ label: s.label, color: colorOf(chart, i) }));
  const legend = legendLayout(w, legendItems);
  const caption = unitCaption(w, chart);
  const x0 = w.left + yTickWidth(w, chart, scale) + 8;
  const x1 = w.right - 4;
  const band = (x1 - x0) / chart.categories.length;
  const lh = w.lineHeight(LABEL);
  // Category labels: on one or two lines under their bar if they fit, otherwise slanted at 45°.
  const fitsFlat = chart.categories.every(
    (c) => w.heightOf(c, band - 4, LABEL, 0) <= 2 * lh + 0.1 && longest(w, c) <= band - 4,
  );
  const maxSlanted = 110;
  const slantedWidth = Math.min(maxSlanted, Math.max(...chart.categories.map((c) => w.widthOf(c, LABEL))));
  const labelsHeight = fitsFlat
    ? Math.max(...chart.categories.map((c) => w.heightOf(c, band - 4, LABEL, 0))) + 6
    : slantedWidth * Math.SQRT1_2 + lh + 6;
  const total =
    w.sectionTitleHeight(chart.title) + legend.height + captionHeight(w, caption) + PLOT_HEIGHT + labelsHeight + 8;
  w.ensure(total);
  w.sectionTitle(chart.title, tocLevel);
  drawLegend(w, legendItems, false);
  drawCaption(w, caption);
  const plotTop = w.y + 4;
  const plotBottom = plotTop + PLOT_HEIGHT;
  drawValueAxisY(w, chart, scale, x0, x1, plotTop, plotBottom);
  const yOf = (v: Decimal): number => plotBottom - scaleRatio(scale, v) * PLOT_HEIGHT;
  const seriesCount = chart.series.length;
  const barWidth = chart.mode === 'grouped' ? Math.min(28, (band * 0.78) / seriesCount) : Math.min(34, band * 0.6);
  const groupWidth = chart.mode === 'grouped' ? barWidth * seriesCount : barWidth;
  for (const bar of barsOf(chart, values)) {
    const center = x0 + band * (bar.category + 0.5);
    const x = center - groupWidth / 2 + (chart.mode === 'grouped' ? bar.series * barWidth : 0);
    const ya = yOf(bar.from);
    const yb = yOf(bar.to);
    const height = Math.abs(ya - yb);
    if (height > 0) w.fillRect(x + 0.3, Math.min(ya, yb), barWidth - 0.6, height, colorOf(chart, bar.series));
  }
  w.rule(x0, x1, yOf(new Dec(0)), PDF_THEME.color.muted, 0.8);
  chart.categories.forEach((c, i) => {
    const center = x0 + band * (i + 0.5);
    if (fitsFlat) {
      w.wrapped(c, center - band / 2 + 2, plotBottom + 4, band - 4, LABEL, 'center', 0);
    } else {
      const label = w.fit(c, maxSlanted, LABEL);
      const width = w.widthOf(label, LABEL);
      // Rotate about the label's end so that it ends under the bar's centre.
      w.pdf.save();
      w.pdf.rotate(-45, { origin: [center, plotBottom + 4] });
      w.line(label, center - width, plotBottom + 4 - lh / 2, LABEL);
      w.pdf.restore();
    }
  });
  w.y = plotBottom + labelsHeight;
  w.markContent();
}

function longest(w: PdfWriter, text: string): number {
  return text.split(/\s+/).reduce((m, word) => Math.max(m, w.widthOf(word, LABEL)), 0);
}

function drawHorizontalBars(w: PdfWriter, chart: BarChartSection, tocLevel: 1 | 2 | undefined): void {
  const values = valuesOf(chart);
  const scale = scaleFor(chart, values);
  const legendItems = chart.series.map((s, i) => ({ label: s.label, color: colorOf(chart, i) }));
  const legend = legendLayout(w, legendItems);
  const caption = unitCaption(w, chart);
  const lh = w.lineHeight(LABEL);
  const labelWidth = Math.min(w.contentWidth * 0.3, Math.max(...chart.categories.map((c) => w.widthOf(c, LABEL))));
  const tickHalf = w.widthOf(tickLabel(w, chart, scale, scale.max), MUTED) / 2;
  const x0 = w.left + labelWidth + 8;
  const x1 = w.right - tickHalf - 2;
  const seriesCount = chart.series.length;
  const fixed = w.sectionTitleHeight(chart.title) + legend.height + captionHeight(w, caption) + lh + 16;
  let band = chart.mode === 'grouped' ? seriesCount * 9 + 7 : 17;
  // Shrink the bands so that the whole chart fits on one page.
  band = Math.max(8, Math.min(band, (w.bottom - w.top - fixed) / chart.categories.length));
  const plotHeight = band * chart.categories.length;
  w.ensure(fixed + plotHeight);
  w.sectionTitle(chart.title, tocLevel);
  drawLegend(w, legendItems, false);
  drawCaption(w, caption);
  const plotTop = w.y + 2;
  const plotBottom = plotTop + plotHeight;
  const xOf = (v: Decimal): number => x0 + scaleRatio(scale, v) * (x1 - x0);
  for (const tick of scale.ticks) {
    const x = xOf(tick);
    const isZero = tick.isZero();
    w.pdf
      .save()
      .moveTo(x, plotTop)
      .lineTo(x, plotBottom)
      .lineWidth(isZero ? 0.8 : 0.4)
      .strokeColor(isZero ? PDF_THEME.color.muted : PDF_THEME.color.grid)
      .stroke()
      .restore();
    const label = tickLabel(w, chart, scale, tick);
    const width = w.widthOf(label, MUTED);
    w.line(label, x - width / 2, plotBottom + 4, MUTED);
  }
  const barHeight = chart.mode === 'grouped' ? Math.min(9, (band - 5) / seriesCount) : Math.max(4, band - 6);
  const groupHeight = chart.mode === 'grouped' ? barHeight * seriesCount : barHeight;
  for (const bar of barsOf(chart, values)) {
    const middle = plotTop + band * (bar.category + 0.5);
    const y = middle - groupHeight / 2 + (chart.mode === 'grouped' ? bar.series * barHeight : 0);
    const xa = xOf(bar.from);
    const xb = xOf(bar.to);
    const width = Math.abs(xb - xa);
    if (width > 0) w.fillRect(Math.min(xa, xb), y + 0.3, width, barHeight - 0.6, colorOf(chart, bar.series));
  }
  chart.categories.forEach((c, i) => {
    const middle = plotTop + band * (i + 0.5);
    const label = w.fit(c, labelWidth, LABEL);
    w.line(label, w.left, middle - lh / 2 + 0.5, LABEL, 'right', labelWidth);
  });
  w.y = plotBottom + lh + 12;
  w.markContent();
}

function drawLine(w: PdfWriter, chart: LineChartSection, tocLevel: 1 | 2 | undefined): void {
  const values = valuesOf(chart);
  const scale = scaleFor(chart, values);
  const legendItems = chart.series.map((s, i) => ({ label: s.label, color: colorOf(chart, i) }));
  const legend = legendLayout(w, legendItems);
  const caption = unitCaption(w, chart);
  const lh = w.lineHeight(LABEL);
  const byDate = chart.xAxis === 'date';
  const labels = chart.categories.map((c) => (byDate ? formatShortDate(c, w.doc.lang) : c));
  const x0 = w.left + yTickWidth(w, chart, scale) + 8;
  const n = chart.categories.length;
  const pad = 10;
  const x1 = w.right - Math.max(pad, w.widthOf(labels[n - 1], LABEL) / 2);
  const days = byDate ? chart.categories.map((c) => dayNumber(c)) : [];
  const xOf = (i: number): number => {
    if (n === 1) return (x0 + x1) / 2;
    if (byDate) return x0 + pad + ((days[i] - days[0]) / (days[n - 1] - days[0])) * (x1 - x0 - 2 * pad);
    return x0 + pad + (i / (n - 1)) * (x1 - x0 - 2 * pad);
  };
  const total = w.sectionTitleHeight(chart.title) + legend.height + captionHeight(w, caption) + PLOT_HEIGHT + lh + 16;
  w.ensure(total);
  w.sectionTitle(chart.title, tocLevel);
  drawLegend(w, legendItems, true);
  drawCaption(w, caption);
  const plotTop = w.y + 4;
  const plotBottom = plotTop + PLOT_HEIGHT;
  drawValueAxisY(w, chart, scale, x0, x1, plotTop, plotBottom);
  const yOf = (v: Decimal): number => plotBottom - scaleRatio(scale, v) * PLOT_HEIGHT;
  // x labels: every k-th so that none overlaps; the last point is labelled when there is room.
  const shown = new Set<number>();
  let lastRight = -Infinity;
  labels.forEach((label, i) => {
    const width = w.widthOf(label, LABEL);
    const left = xOf(i) - width / 2;
    if (left >= lastRight + 6) {
      shown.add(i);
      lastRight = left + width;
    }
  });
  if (!shown.has(n - 1) && n > 1) {
    const lastLeft = xOf(n - 1) - w.widthOf(labels[n - 1], LABEL) / 2;
    const previous = Math.max(...[...shown].filter((i) => i < n - 1));
    if (lastLeft < xOf(previous) + w.widthOf(labels[previous], LABEL) / 2 + 6) shown.delete(previous);
    shown.add(n - 1);
  }
  for (const i of shown) {
    const x = xOf(i);
    w.pdf
      .save()
      .moveTo(x, plotBottom)
      .lineTo(x, plotBottom + 3)
      .lineWidth(0.5)
      .strokeColor(PDF_THEME.color.muted)
      .stroke()
      .restore();
    w.line(labels[i], x - w.widthOf(labels[i], LABEL) / 2, plotBottom + 5, LABEL);
  }
  values.forEach((series, s) => {
    const color = colorOf(chart, s);
    let drawing = false;
    w.pdf.save().lineWidth(1.6).strokeColor(color).lineJoin('round');
    series.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      if (drawing) w.pdf.lineTo(xOf(i), yOf(v));
      else w.pdf.moveTo(xOf(i), yOf(v));
      drawing = true;
    });
    w.pdf.stroke().restore();
    if (n <= 40) {
      series.forEach((v, i) => {
        if (v !== null) w.pdf.save().circle(xOf(i), yOf(v), 2).fillColor(color).fill().restore();
      });
    }
  });
  w.y = plotBottom + lh + 14;
  w.markContent();
}

export function drawChart(w: PdfWriter, chart: ChartSection, tocLevel: 1 | 2 | undefined): void {
  if (chart.chart === 'line') drawLine(w, chart, tocLevel);
  else if (chart.orientation === 'horizontal') drawHorizontalBars(w, chart, tocLevel);
  else drawVerticalBars(w, chart, tocLevel);
  if (chart.note !== undefined) {
    const style: TextStyle = { size: PDF_THEME.size.note, color: PDF_THEME.color.muted };
    w.ensure(w.heightOf(chart.note, w.contentWidth, style));
    w.y += w.wrapped(chart.note, w.left, w.y, w.contentWidth, style);
  }
  w.y += 14;
}
