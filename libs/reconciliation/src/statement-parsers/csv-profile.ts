import type { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { formatIsoDate, isCalendarDate } from './statement-parse.util';

/**
 * How a bank's own CSV (or XLSX) export is laid out, as set on the bank account. Column names are
 * the header row's, as they stand in the file (surrounding blanks ignored).
 */
export interface CsvProfile {
  /** One character: `,` `;` a tab or `|`. */
  delimiter: string;
  decimalSeparator: '.' | ',';
  /** Grouping of thousands in amounts (`1.234,56`); absent when the bank writes none. */
  thousandsSeparator?: '.' | ',' | ' ' | "'";
  /** Tokens YYYY YY MM M DD D (and HH mm ss, read and ignored) with any separators: `DD/MM/YYYY`. */
  dateFormat: string;
  encoding: CsvEncoding;
  /** Lines (XLSX: rows) before the header row, e.g. the bank's title and account lines. */
  skipRows?: number;
  columns: CsvProfileColumns;
}

export interface CsvProfileColumns {
  date: string;
  description?: string;
  reference?: string;
  /** Signed amount, + money in. Either this or debit and credit. */
  amount?: string;
  /** Money out, written positive (a minus sign is tolerated). */
  debit?: string;
  /** Money in. */
  credit?: string;
  /** The account's balance after the row: gives the statement's opening and closing balances. */
  balance?: string;
}

export const CSV_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export const MAX_SKIP_ROWS = 100;
const COLUMN_KEYS = ['date', 'description', 'reference', 'amount', 'debit', 'credit', 'balance'] as const;
export type ProfileColumnKey = (typeof COLUMN_KEYS)[number];

export interface ProfileProblem {
  field: string;
  message: string;
}

/**
 * Every problem of a profile (empty when it can be used): the shape, and the rules across fields —
 * amount or else debit and credit, separators that differ, a date format that can be read.
 */
export function csvProfileProblems(raw: unknown): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field: `csvProfile.${field}`, message });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return [{ field: 'csvProfile', message: 'must be an object' }];
  const p = raw as Record<string, unknown>;
  const known = new Set([
    'delimiter',
    'decimalSeparator',
    'thousandsSeparator',
    'dateFormat',
    'encoding',
    'skipRows',
    'columns',
  ]);
  for (const key of Object.keys(p)) if (!known.has(key)) add(key, 'is not a profile setting');
  if (!(CSV_DELIMITERS as readonly unknown[]).includes(p.delimiter))
    add('delimiter', `must be one of ',' ';' '|' or a tab`);
  if (p.decimalSeparator !== '.' && p.decimalSeparator !== ',') add('decimalSeparator', `must be '.' or ','`);
  if (p.thousandsSeparator !== undefined) {
    if (!['.', ',', ' ', "'"].includes(p.thousandsSeparator as string)) {
      add('thousandsSeparator', `must be '.', ',', ' ' or "'"`);
    } else if (p.thousandsSeparator === p.decimalSeparator) {
      add('thousandsSeparator', 'must differ from decimalSeparator');
    }
  }
  if (typeof p.dateFormat !== 'string') add('dateFormat', 'must be a string such as "DD/MM/YYYY"');
  else {
    const problem = dateFormatProblem(p.dateFormat);
    if (problem) add('dateFormat', problem);
  }
  if (!(CSV_ENCODINGS as readonly unknown[]).includes(p.encoding))
    add('encoding', `must be one of ${CSV_ENCODINGS.join(', ')}`);
  if (
    p.skipRows !== undefined &&
    !(Number.isInteger(p.skipRows) && (p.skipRows as number) >= 0 && (p.skipRows as number) <= MAX_SKIP_ROWS)
  ) {
    add('skipRows', `must be an integer from 0 to ${MAX_SKIP_ROWS}`);
  }
  const columns = p.columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    add('columns', 'must name the header columns: {date, amount | debit + credit, description?, reference?, balance?}');
    return problems;
  }
  const c = columns as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!(COLUMN_KEYS as readonly string[]).includes(key)) add(`columns.${key}`, 'is not a column the import reads');
  }
  for (const key of COLUMN_KEYS) {
    const name = c[key];
    if (name === undefined) continue;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
      add(`columns.${key}`, 'must be a header name of 1 to 100 characters');
  }
  if (c.date === undefined) add('columns.date', 'is required');
  const hasAmount = c.amount !== undefined;
  const hasDebit = c.debit !== undefined;
  const hasCredit = c.credit !== undefined;
  if (hasAmount && (hasDebit || hasCredit)) add('columns', 'name either amount or debit and credit, not both');
  else if (!hasAmount && !(hasDebit && hasCredit)) add('columns', 'name amount, or both debit and credit');
  const names = COLUMN_KEYS.flatMap((key) => (typeof c[key] === 'string' ? [c[key].trim()] : []));
  if (new Set(names).size !== names.length) add('columns', 'two settings name the same column');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Dates

interface DatePart {
  token: 'YYYY' | 'YY' | 'MM' | 'M' | 'DD' | 'D' | 'HH' | 'mm' | 'ss' | 'literal';
  text: string;
}

const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D', 'HH', 'mm', 'ss'] as const;

function tokeniseDateFormat(format: string): DatePart[] | string {
  const parts: DatePart[] = [];
  let i = 0;
  while (i < format.length) {
    const token = DATE_TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      parts.push({ token, text: token });
      i += token.length;
    } else if (/[A-Za-z0-9]/.test(format[i])) {
      return `'${format[i]}' is not a date token (use YYYY, YY, MM, M, DD, D)`;
    } else {
      parts.push({ token: 'literal', text: format[i] });
      i++;
    }
  }
  return parts;
}

function dateFormatProblem(format: string): string | undefined {
  if (format.length === 0 || format.length > 40) return 'must have 1 to 40 characters';
  const parts = tokeniseDateFormat(format);
  if (typeof parts === 'string') return parts;
  const count = (...tokens: DatePart['token'][]): number => parts.filter((p) => tokens.includes(p.token)).length;
  if (count('YYYY', 'YY') !== 1 || count('MM', 'M') !== 1 || count('DD', 'D') !== 1) {
    return 'must hold the year (YYYY or YY), the month (MM or M) and the day (DD or D) once each';
  }
  return undefined;
}

const TOKEN_PATTERN: Record<Exclude<DatePart['token'], 'literal'>, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '\\d{1,2}',
  mm: '\\d{2}',
  ss: '\\d{2}',
};

/** Reads dates written in one format; returns YYYY-MM-DD, or undefined for text that is not such a date. */
export type DateReader = (text: string) => string | undefined;

export function dateReader(format: string): DateReader {
  const parts = tokeniseDateFormat(format);
  if (typeof parts === 'string') throw new Error(parts);
  const order: ('y' | 'yy' | 'm' | 'd')[] = [];
  let source = '^';
  for (const part of parts) {
    if (part.token === 'literal') {
      source += part.text === ' ' ? '\\s+' : part.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      continue;
    }
    source += TOKEN_PATTERN[part.token];
    if (part.token === 'YYYY') order.push('y');
    else if (part.token === 'YY') order.push('yy');
    else if (part.token === 'MM' || part.token === 'M') order.push('m');
    else if (part.token === 'DD' || part.token === 'D') order.push('d');
  }
  const pattern = new RegExp(`${source}$`);
  let last = { text: '\u0000', iso: undefined as string | undefined };
  return (text: string) => {
    // Rows come in date order: most repeat the previous row's date.
    if (text === last.text) return last.iso;
    const m = pattern.exec(text);
    let iso: string | undefined;
    if (m) {
      let year = 0;
      let month = 0;
      let day = 0;
      order.forEach((what, i) => {
        const value = Number(m[i + 1]);
        if (what === 'y') year = value;
        else if (what === 'yy')
          year = 2000 + value; // bank exports of this century
        else if (what === 'm') month = value;
        else day = value;
      });
      if (isCalendarDate(year, month, day)) iso = formatIsoDate(year, month, day);
    }
    last = { text, iso };
    return iso;
  };
}

// ---------------------------------------------------------------------------------------------
// Amounts

export type AmountReader = (text: string) => Decimal | undefined;

/**
 * Reads amounts written with the profile's separators: `-1.234,56`, `1.234,56-`, `(1.234,56)`,
 * `+50`, `0,5`. Thousands separators must group by three. Undefined for anything else.
 */
export function amountReader(decimalSeparator: '.' | ',', thousandsSeparator?: string): AmountReader {
  const d = decimalSeparator === '.' ? '\\.' : ',';
  const integer =
    thousandsSeparator === undefined
      ? '\\d+'
      : `(?:\\d{1,3}(?:${thousandsSeparator === '.' ? '\\.' : thousandsSeparator === ' ' ? '[ \\u00a0\\u202f]' : thousandsSeparator}\\d{3})+|\\d+)`;
  const number = `(${integer})(?:${d}(\\d*))?`;
  const plain = new RegExp(`^([+-]?)${number}$`);
  const trailing = new RegExp(`^${number}(-)$`);
  const bracketed = new RegExp(`^\\(${number}\\)$`);
  return (text: string) => {
    let negative = false;
    let m = plain.exec(text);
    let intPart: string;
    let fraction: string | undefined;
    if (m) {
      negative = m[1] === '-';
      intPart = m[2];
      fraction = m[3];
    } else if ((m = trailing.exec(text))) {
      negative = true;
      intPart = m[1];
      fraction = m[2];
    } else if ((m = bracketed.exec(text))) {
      negative = true;
      intPart = m[1];
      fraction = m[2];
    } else {
      return undefined;
    }
    const digits = intPart.replace(/\D/g, '');
    const value = new Dec(fraction ? `${digits}.${fraction}` : digits);
    return negative ? value.neg() : value;
  };
}
