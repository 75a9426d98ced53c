import { compareDecimals, sumDecimals } from '../../../format/decimal';

/** One member's share of the scale of assessments: a percentage string (≤ 4 decimals). */
export interface ScaleRow {
  member: string;
  share: string;
}

export interface ParsedScale {
  rows: ScaleRow[];
  /** Lines that are not "member code, share" (a header row, a typo), by line number from 1. */
  rejected: { line: number; text: string }[];
  /** Σ shares, exactly. */
  sum: string;
  /** 100 − Σ shares, exactly: 0 when the scale is complete, negative when it is over. */
  remaining: string;
}

const MEMBER = /^[A-Z]{3}$/;
const SHARE = /^\d{1,3}(\.\d{1,4})?$/;

/**
 * A scale as a spreadsheet gives it when its two columns are copied (tab-separated), or as typed
 * with a semicolon: `MEX<TAB>12,5` or `MEX;12.5 %`. A decimal comma is read as a point; the sum is
 * made on the decimal strings (never floats) so that 100 means exactly 100.
 */
export function parseScale(text: string): ParsedScale {
  const rows: ScaleRow[] = [];
  const rejected: ParsedScale['rejected'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(/\t|;/).map((c) => c.trim());
    const member = (cells[0] ?? '').toUpperCase();
    const share = (cells[1] ?? '').replace(/\s|%/g, '').replace(',', '.');
    if (cells.length === 2 && MEMBER.test(member) && SHARE.test(share)) rows.push({ member, share });
    else rejected.push({ line: i + 1, text: raw });
  });
  const sum = sumDecimals(rows.map((r) => r.share));
  return { rows, rejected, sum, remaining: sumDecimals(['100', negate(sum)]) };
}

/** The members named more than once. */
export function duplicates(rows: readonly ScaleRow[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of rows) (seen.has(r.member) ? twice : seen).add(r.member);
  return [...twice];
}

export function isComplete(scale: ParsedScale): boolean {
  return (
    scale.rows.length > 0 &&
    scale.rejected.length === 0 &&
    compareDecimals(scale.remaining, '0') === 0 &&
    duplicates(scale.rows).length === 0
  );
}

function negate(value: string): string {
  return value.startsWith('-') ? value.slice(1) : `-${value}`;
}
