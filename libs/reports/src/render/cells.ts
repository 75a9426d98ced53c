import { Decimal } from 'decimal.js';
import { Dec, minorUnits } from '@app/common';
import { formatDate, parseIsoDate } from '../i18n/date-format';
import { Lang } from '../i18n/lang';
import {
  DEFAULT_PERCENT_DECIMALS,
  NegativeStyle,
  NumberStyle,
  formatInteger,
  formatMoney,
  formatPercent,
  toDecimal,
} from '../i18n/number-format';
import { Align, CellValue, ColumnKind, MoneyValue } from './document';

/** What formatting a cell needs besides the cell: the document's language, currency and style. */
export interface CellContext {
  readonly lang: Lang;
  /** Currency of money cells whose column names none (the document's `meta.currency`). */
  readonly currency: string;
  readonly style?: NumberStyle;
}

/** The column facts cell formatting reads (a TableColumn or a KeyFigure). */
export interface CellSpec {
  readonly kind: ColumnKind;
  readonly negative?: NegativeStyle;
  readonly currency?: string;
  readonly decimals?: number;
}

export function isMoneyValue(value: CellValue): value is MoneyValue {
  return typeof value === 'object' && value !== null && !Decimal.isDecimal(value) && 'amount' in value;
}

export function defaultAlign(kind: ColumnKind): Align {
  return kind === 'money' || kind === 'percent' || kind === 'integer' ? 'right' : 'left';
}

function describe(value: CellValue): string {
  if (value === null) return 'null';
  if (Decimal.isDecimal(value)) return `Decimal ${value.toString()}`;
  if (isMoneyValue(value)) return 'a MoneyValue';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The currency a money cell is in: its own (MoneyValue), else the column's, else the document's. */
export function cellCurrency(value: CellValue, spec: CellSpec, ctx: Pick<CellContext, 'currency'>): string {
  if (isMoneyValue(value)) return value.currency;
  return spec.currency ?? ctx.currency;
}

/**
 * The exact numeric value of a money, percent or integer cell, or null for an empty one.
 * Throws on a value of the wrong shape: a report with a number where text belongs is a bug upstream.
 */
export function cellDecimal(value: CellValue, spec: CellSpec): Decimal | null {
  if (value === null) return null;
  switch (spec.kind) {
    case 'money': {
      if (isMoneyValue(value)) return toDecimal(value.amount, 'amount');
      if (typeof value === 'string' || Decimal.isDecimal(value)) return toDecimal(value, 'amount');
      break;
    }
    case 'percent':
      if (typeof value === 'string' || Decimal.isDecimal(value)) return toDecimal(value, 'percentage');
      break;
    case 'integer': {
      let d: Decimal | null = null;
      if (typeof value === 'number' && Number.isSafeInteger(value)) d = toDecimal(String(value), 'count');
      else if (typeof value === 'string' || Decimal.isDecimal(value)) d = toDecimal(value, 'count');
      if (d !== null && !d.isInteger()) throw new RangeError(`${d.toFixed()} is not a whole number`);
      if (d !== null) return d;
      break;
    }
    case 'text':
    case 'date':
      throw new TypeError(`a ${spec.kind} cell has no decimal value`);
  }
  throw new TypeError(`a ${spec.kind} cell cannot hold ${describe(value)}`);
}

/** The people form of a cell: grouped, localised, at the currency's scale. Empty → "". */
export function formatCell(value: CellValue, spec: CellSpec, ctx: CellContext): string {
  if (value === null) return '';
  const options = { style: ctx.style, negative: spec.negative };
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') throw new TypeError(`a text cell cannot hold ${describe(value)}`);
      return value;
    case 'date':
      if (typeof value !== 'string') throw new TypeError(`a date cell cannot hold ${describe(value)}`);
      return formatDate(value, ctx.lang);
    case 'money': {
      // A plain decimal string goes to formatMoney as it is: it checks and lays out the digits.
      if (typeof value === 'string') return formatMoney(value, cellCurrency(value, spec, ctx), ctx.lang, options);
      const amount = cellDecimal(value, spec);
      return amount === null ? '' : formatMoney(amount, cellCurrency(value, spec, ctx), ctx.lang, options);
    }
    case 'percent': {
      const pct = cellDecimal(value, spec);
      return pct === null ? '' : formatPercent(pct, ctx.lang, spec.decimals ?? DEFAULT_PERCENT_DECIMALS, options);
    }
    case 'integer': {
      const n = cellDecimal(value, spec);
      return n === null ? '' : formatInteger(n, ctx.lang, options);
    }
  }
}

/**
 * The machine form of a cell (CSV, JSON-like): money at exactly its currency's decimals with a
 * plain "." and no grouping ("1250000.50"), percentages and counts exactly as given, dates ISO,
 * text as is. This is the exact form of every figure; XLSX numbers are an approximation of it.
 */
export function machineCell(value: CellValue, spec: CellSpec, ctx: Pick<CellContext, 'currency'>): string {
  if (value === null) return '';
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') throw new TypeError(`a text cell cannot hold ${describe(value)}`);
      return value;
    case 'date':
      if (typeof value !== 'string') throw new TypeError(`a date cell cannot hold ${describe(value)}`);
      parseIsoDate(value);
      return value;
    case 'money': {
      const amount = cellDecimal(value, spec);
      if (amount === null) return '';
      const currency = cellCurrency(value, spec, ctx);
      const scale = minorUnits(currency);
      if (amount.decimalPlaces() > scale) {
        throw new RangeError(`${amount.toFixed()} has more decimal places than ${currency} allows (${scale})`);
      }
      return amount.isZero() ? new Dec(0).toFixed(scale) : amount.toFixed(scale);
    }
    case 'percent':
    case 'integer': {
      const d = cellDecimal(value, spec);
      if (d === null) return '';
      // A decimal string is kept as the service wrote it ("100.00" stays "100.00"): its scale is
      // part of what the service meant. A Decimal or a count is written in its shortest form.
      if (typeof value === 'string') return d.isZero() ? value.replace(/^-/, '') : value;
      return d.isZero() ? '0' : d.toFixed();
    }
  }
}
