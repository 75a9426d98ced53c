import { isCurrencyCode } from '@app/common';
import { isIsoDate } from '../i18n/date-format';
import { isLang } from '../i18n/lang';
import { CellContext, formatCell } from './cells';
import {
  ChartSection,
  KeyFiguresSection,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableRow,
  TableSection,
} from './document';

/** A document that no renderer can print faithfully. A bug in the service that built it, hence not a DomainError. */
export class ReportDocumentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid report document: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
    );
    this.name = 'ReportDocumentError';
  }
}

/** Machine keys: they become CSV headers and XLSX keys, so they stay plain identifiers. */
const MACHINE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;
const KINDS = new Set(['text', 'money', 'percent', 'date', 'integer']);
/** Past this many problems the rest are noise. */
const MAX_PROBLEMS = 50;

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(`${path}: ${message}`);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function checkColumns(columns: readonly TableColumn[], path: string, p: Problems, reserved?: string): void {
  if (columns.length === 0) p.add(path, 'a table needs at least one column');
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!MACHINE_KEY.test(c.key)) p.add(at, `key "${c.key}" must be a plain identifier (letters, digits, _)`);
    if (seen.has(c.key) || c.key === reserved) p.add(at, `key "${c.key}" is used twice`);
    seen.add(c.key);
    if (!KINDS.has(c.kind)) p.add(at, `unknown kind "${String(c.kind)}"`);
    if (c.currency !== undefined && !isCurrencyCode(c.currency)) p.add(at, `unknown currency "${c.currency}"`);
    if (c.decimals !== undefined && (!Number.isInteger(c.decimals) || c.decimals < 0 || c.decimals > 10)) {
      p.add(at, 'decimals must be an integer from 0 to 10');
    }
  });
}

function checkRow(row: TableRow, columns: readonly TableColumn[], ctx: CellContext, path: string, p: Problems): void {
  const keys = new Set(columns.map((c) => c.key));
  for (const key of Object.keys(row)) {
    if (!keys.has(key)) p.add(path, `has "${key}", which is not a column`);
  }
  for (const c of columns) {
    const value = row[c.key];
    if (value === undefined) continue;
    try {
      formatCell(value, c, ctx);
    } catch (e) {
      p.add(`${path}.${c.key}`, message(e));
    }
  }
}

function checkTable(s: TableSection, path: string, ctx: CellContext, p: Problems): void {
  checkColumns(s.columns, `${path}.columns`, p, s.groupColumn?.key);
  if (s.groups !== undefined) {
    if (!MACHINE_KEY.test(s.groupColumn.key)) p.add(`${path}.groupColumn`, 'key must be a plain identifier');
    s.groups.forEach((g, gi) => {
      g.rows.forEach((r, ri) => checkRow(r, s.columns, ctx, `${path}.groups[${gi}].rows[${ri}]`, p));
      if (g.subtotal !== undefined) checkRow(g.subtotal, s.columns, ctx, `${path}.groups[${gi}].subtotal`, p);
    });
  } else if (Array.isArray(s.rows)) {
    s.rows.forEach((r, ri) => checkRow(r, s.columns, ctx, `${path}.rows[${ri}]`, p));
  } else {
    p.add(path, 'a table needs rows or groups');
  }
  if (s.totals !== undefined) checkRow(s.totals, s.columns, ctx, `${path}.totals`, p);
}

function checkKeyFigures(s: KeyFiguresSection, path: string, ctx: CellContext, p: Problems): void {
  if (s.items.length === 0) p.add(path, 'key figures need at least one item');
  s.items.forEach((item, i) => {
    if (item.currency !== undefined && !isCurrencyCode(item.currency))
      p.add(`${path}.items[${i}]`, `unknown currency "${item.currency}"`);
    try {
      formatCell(item.value, item, ctx);
    } catch (e) {
      p.add(`${path}.items[${i}]`, message(e));
    }
  });
}

function checkChart(s: ChartSection, path: string, ctx: CellContext, p: Problems): void {
  if (s.categories.length === 0) p.add(path, 'a chart needs at least one category');
  if (s.series.length === 0) p.add(path, 'a chart needs at least one series');
  if (s.currency !== undefined && !isCurrencyCode(s.currency)) p.add(path, `unknown currency "${s.currency}"`);
  if (s.chart === 'line' && s.xAxis === 'date') {
    s.categories.forEach((c, i) => {
      if (!isIsoDate(c)) p.add(`${path}.categories[${i}]`, `"${c}" is not a YYYY-MM-DD date`);
      else if (i > 0 && isIsoDate(s.categories[i - 1]) && c <= s.categories[i - 1]) {
        p.add(`${path}.categories[${i}]`, 'dates must be strictly increasing');
      }
    });
  }
  const spec = { kind: s.valueKind, currency: s.currency } as const;
  s.series.forEach((series, si) => {
    const at = `${path}.series[${si}]`;
    if (series.values.length !== s.categories.length) {
      p.add(at, `has ${series.values.length} values for ${s.categories.length} categories`);
    }
    if (series.color !== undefined && !HEX_COLOR.test(series.color))
      p.add(at, `colour "${series.color}" must be #RRGGBB`);
    series.values.forEach((v, vi) => {
      if (v === null) return;
      try {
        formatCell(v, spec, ctx);
      } catch (e) {
        p.add(`${at}.values[${vi}]`, message(e));
      }
    });
  });
}

function checkSection(s: ReportSection, path: string, ctx: CellContext, p: Problems): void {
  switch (s.kind) {
    case 'table':
      return checkTable(s, path, ctx, p);
    case 'keyFigures':
      return checkKeyFigures(s, path, ctx, p);
    case 'chart':
      return checkChart(s, path, ctx, p);
    case 'paragraph':
    case 'heading':
      if (typeof s.text !== 'string' || s.text.trim() === '') p.add(path, 'text must not be empty');
      return;
    case 'pageBreak':
      return;
    default:
      p.add(path, `unknown section kind "${String((s as { kind: unknown }).kind)}"`);
  }
}

/** Every problem of `doc` (empty when it is fine), each prefixed with its path ("sections[2].rows[5].paid"). */
export function reportDocumentProblems(doc: ReportDocument): string[] {
  const p = new Problems();
  if (!isLang(doc.lang)) p.add('lang', `unknown language "${String(doc.lang)}"`);
  if (typeof doc.title !== 'string' || doc.title.trim() === '') p.add('title', 'must not be empty');
  if (!isIsoDate(doc.meta.date)) p.add('meta.date', 'must be YYYY-MM-DD');
  if (doc.meta.asOf !== undefined && !isIsoDate(doc.meta.asOf)) p.add('meta.asOf', 'must be YYYY-MM-DD');
  if (!isCurrencyCode(doc.meta.currency)) p.add('meta.currency', `unknown currency "${doc.meta.currency}"`);
  if (p.list.length > 0) return p.list;
  const ctx: CellContext = { lang: doc.lang, currency: doc.meta.currency };
  doc.sections.forEach((s, i) => checkSection(s, `sections[${i}]`, ctx, p));
  return p.list;
}

/** Throws a ReportDocumentError listing every problem; renderers call it before drawing anything. */
export function assertValidReportDocument(doc: ReportDocument): void {
  const problems = reportDocumentProblems(doc);
  if (problems.length > 0) throw new ReportDocumentError(problems);
}
