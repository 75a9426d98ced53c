import { Decimal } from 'decimal.js';
import { Lang } from '../i18n/lang';
import { DecimalInput, NegativeStyle } from '../i18n/number-format';

/**
 * A report described independently of its output format. A domain service builds one (labels
 * already translated with `t()`, figures as decimal strings) and the renderers turn it into PDF,
 * XLSX or CSV. Nothing here knows about pdfkit or exceljs.
 */

/** How a column's values are read and shown. A fiscal year is `text` ("2026", never "2,026"). */
export type ColumnKind = 'text' | 'money' | 'percent' | 'date' | 'integer';
export type Align = 'left' | 'center' | 'right';

/** An amount in a currency other than the column's (a grant register in original currencies). */
export interface MoneyValue {
  readonly amount: DecimalInput;
  readonly currency: string;
}

/**
 * One cell. By column kind: text → string; money → decimal string, Decimal or MoneyValue;
 * percent → decimal string or Decimal in percent units ("87.5"); integer → decimal string,
 * Decimal or a safe JS integer (counts only — never money); date → "YYYY-MM-DD". `null` = empty.
 */
export type CellValue = string | Decimal | number | MoneyValue | null;

export interface TableColumn {
  /** Stable machine key: the row property, the CSV header and the XLSX column key. */
  readonly key: string;
  /** Translated header shown to people. */
  readonly label: string;
  readonly kind: ColumnKind;
  /** Default: right for money, percent and integer; left otherwise. */
  readonly align?: Align;
  /** Money: the column's currency; default `meta.currency`. */
  readonly currency?: string;
  /** Percent: decimals shown (default 1). */
  readonly decimals?: number;
  /** Money and percent: how negatives are written (default minus). */
  readonly negative?: NegativeStyle;
  /**
   * A super-header shared by consecutive columns with the same text, e.g. "2025" over
   * Assessed / Paid / Outstanding, then "2026" over the next three.
   */
  readonly group?: string;
}

export type TableRow = Readonly<Record<string, CellValue>>;

/** Rows under a group header, with an optional subtotal row (e.g. one member and its fiscal years). */
export interface TableGroup {
  /** Machine key of the group (the member code): the `groupColumn` value in CSV. */
  readonly key: string;
  /** Translated group header (the member's name). */
  readonly label: string;
  readonly rows: readonly TableRow[];
  readonly subtotal?: TableRow;
}

interface TableSectionBase {
  readonly kind: 'table';
  /** Stable machine id (CSV file name, lookup by `findTable`). */
  readonly id?: string;
  readonly title?: string;
  /** Worksheet name; default the title (cut to Excel's 31 characters). */
  readonly sheetName?: string;
  readonly note?: string;
  readonly columns: readonly TableColumn[];
  /** The totals row, shown in bold under a rule. Its values are printed as given, never recomputed. */
  readonly totals?: TableRow;
}

export interface FlatTableSection extends TableSectionBase {
  readonly rows: readonly TableRow[];
  readonly groups?: undefined;
  readonly groupColumn?: undefined;
}

export interface GroupedTableSection extends TableSectionBase {
  readonly groups: readonly TableGroup[];
  /** Key and label of the column that carries the group key in CSV and XLSX. */
  readonly groupColumn: { readonly key: string; readonly label: string };
  readonly rows?: undefined;
}

export type TableSection = FlatTableSection | GroupedTableSection;

export interface KeyFigure {
  readonly label: string;
  readonly value: CellValue;
  readonly kind: ColumnKind;
  readonly currency?: string;
  readonly decimals?: number;
  readonly note?: string;
}

export interface KeyFiguresSection {
  readonly kind: 'keyFigures';
  readonly title?: string;
  readonly items: readonly KeyFigure[];
}

export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  /** One value per category, in percent units for percent charts; null = no value (a gap). */
  readonly values: ReadonlyArray<DecimalInput | null>;
  /** CSS hex colour; default from the palette. */
  readonly color?: string;
}

interface ChartSectionBase {
  readonly kind: 'chart';
  readonly title: string;
  readonly note?: string;
  /** Category labels (member names, budget lines) or, for a date line chart, YYYY-MM-DD dates. */
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly valueKind: 'money' | 'integer' | 'percent';
  /** Money charts: default `meta.currency`. */
  readonly currency?: string;
  /** Worksheet name of the chart's data in XLSX. */
  readonly sheetName?: string;
}

export interface BarChartSection extends ChartSectionBase {
  readonly chart: 'bar';
  /** grouped: bars side by side (budget vs actual); stacked: parts of a whole (paid + outstanding). */
  readonly mode: 'grouped' | 'stacked';
  /** horizontal suits long category names (country names); default vertical. */
  readonly orientation?: 'vertical' | 'horizontal';
}

export interface LineChartSection extends ChartSectionBase {
  readonly chart: 'line';
  /** date: categories are YYYY-MM-DD and spaced by elapsed time; category (default): evenly spaced. */
  readonly xAxis?: 'category' | 'date';
}

export type ChartSection = BarChartSection | LineChartSection;

export interface ParagraphSection {
  readonly kind: 'paragraph';
  readonly text: string;
  /** note: smaller, grey (sources, explanations under a table). */
  readonly style?: 'body' | 'note';
}

/** A heading; level-1 and level-2 headings appear in the table of contents. */
export interface HeadingSection {
  readonly kind: 'heading';
  readonly text: string;
  readonly level?: 1 | 2;
}

export interface PageBreakSection {
  readonly kind: 'pageBreak';
}

export type ReportSection =
  TableSection | KeyFiguresSection | ChartSection | ParagraphSection | HeadingSection | PageBreakSection;

export interface ReportMeta {
  /** The body publishing the report ("Conferencia Regional sobre Migración"). */
  readonly organisation: string;
  /** Date of the report (printed on the cover and in the footer), YYYY-MM-DD. */
  readonly date: string;
  /** Date the figures are as at, YYYY-MM-DD. */
  readonly asOf?: string;
  /** Reporting currency (ISO 4217); the default currency of money columns. */
  readonly currency: string;
  /** Meeting the document is presented to (cover page). */
  readonly meeting?: string;
  /** Document symbol or reference (cover page). */
  readonly reference?: string;
}

export interface ReportDocument {
  /** Language of the built-in labels ("Página 1 de 3") and of number and date formats. */
  readonly lang: Lang;
  readonly title: string;
  readonly subtitle?: string;
  readonly meta: ReportMeta;
  readonly sections: readonly ReportSection[];
}

export function isTable(section: ReportSection): section is TableSection {
  return section.kind === 'table';
}

export function isChart(section: ReportSection): section is ChartSection {
  return section.kind === 'chart';
}

/** The rows of a table in display order, groups flattened (without group headers and subtotals). */
export function dataRows(table: TableSection): readonly TableRow[] {
  return table.groups === undefined ? table.rows : table.groups.flatMap((g) => g.rows);
}

/** The table with id `id`; throws if absent (a controller asking for a table the report lacks is a bug). */
export function findTable(doc: ReportDocument, id: string): TableSection {
  const table = doc.sections.filter(isTable).find((s) => s.id === id);
  if (table === undefined) throw new RangeError(`report "${doc.title}" has no table with id "${id}"`);
  return table;
}
