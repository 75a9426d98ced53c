import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { LabelArgs, LabelKey, t } from '../i18n/catalogue';
import { Lang } from '../i18n/lang';
import { ColumnKind, FlatTableSection, ReportDocument, TableColumn } from './document';

/**
 * Small helpers for the report documents each domain builds (its `reports/*.document.ts`). A
 * document copies figures from its domain report (decimal strings) and never recomputes one the
 * domain already computed; the only arithmetic here is Σ of listed amounts for a subtotal, done
 * with Decimal.
 */

const ZERO: Decimal = new Dec(0);

/** Label keys without placeholders: the ones a lookup table (status → label) may hold. */
export type PlainLabelKey = { [K in LabelKey]: LabelArgs<K> extends [] ? K : never }[LabelKey];

export function column(
  key: string,
  label: string,
  kind: ColumnKind,
  extra: Partial<Omit<TableColumn, 'key' | 'label' | 'kind'>> = {},
): TableColumn {
  return { key, label, kind, ...extra };
}

export const text = (key: string, label: string): TableColumn => column(key, label, 'text');
export const money = (key: string, label: string, group?: string): TableColumn =>
  column(key, label, 'money', group === undefined ? {} : { group });
export const date = (key: string, label: string): TableColumn => column(key, label, 'date');

/** Σ of decimal strings, exactly. */
export function sum(values: readonly string[]): Decimal {
  return values.reduce((s, v) => s.plus(v), ZERO);
}

/** A money amount at the currency's scale (2 for USD): the subtotals a document adds up. */
export function fixed(d: Decimal, scale: number): string {
  return d.toFixed(scale);
}

/**
 * A 0–1 ratio with 4 decimals ("0.8750", the JSON's collection rate) in percent units ("87.50"),
 * exactly: multiplying by 100 only moves the decimal point.
 */
export function ratioToPercent(ratio: string | null): string | null {
  return ratio === null ? null : new Dec(ratio).times(100).toFixed(2);
}

/** Today (UTC), the date printed on a document. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Who publishes the documents. The installation's policies do not name the organisation, so the
 * page header names its Secretariat, which issues every one of these reports.
 */
export function organisation(lang: Lang): string {
  return t(lang, 'common.secretariat');
}

/** A document holding one machine table: what the CSV of a report is made from. */
export function csvDocument(
  lang: Lang,
  title: string,
  currency: string,
  asOf: string,
  table: Omit<FlatTableSection, 'kind'>,
): ReportDocument {
  return {
    lang,
    title,
    meta: { organisation: organisation(lang), date: today(), asOf, currency },
    sections: [{ kind: 'table', ...table }],
  };
}
