import { Decimal } from 'decimal.js';
import { Dec, FieldError, splitLargestRemainder } from '@app/common';
import { isAssessable } from './eligibility';

export type ScaleKind = 'share' | 'amount';

export interface ScaleEntry {
  member: string;
  /** A percentage (≤ 4 decimals) when the scale is of shares; a fixed amount otherwise. */
  value: Decimal;
}

/** Shares are percentages written with at most 4 decimals ("8.3333"), between 0 and 100. */
export const SHARE_PATTERN = /^(0|[1-9]\d{0,2})(\.\d{1,4})?$/;
export const HUNDRED = new Dec(100);

const sum = (values: readonly Decimal[]): Decimal => values.reduce((s, v) => s.plus(v), new Dec(0));

/** Problems with a budget's figures, each naming its field: the lines and the scale must add up exactly. */
export function budgetProblems(
  total: Decimal,
  lines: readonly { code: string; amount: Decimal }[],
  kind: ScaleKind,
  scale: readonly ScaleEntry[],
): FieldError[] {
  const errors: FieldError[] = [];
  const seenLines = new Set<string>();
  lines.forEach((l, i) => {
    if (seenLines.has(l.code))
      errors.push({ field: `lines[${i}].code`, message: `budget line '${l.code}' appears twice` });
    seenLines.add(l.code);
  });
  const linesTotal = sum(lines.map((l) => l.amount));
  if (!linesTotal.equals(total)) {
    errors.push({
      field: 'lines',
      message: `the lines add up to ${linesTotal.toFixed()}, not the total ${total.toFixed()}`,
    });
  }
  const seenMembers = new Set<string>();
  scale.forEach((s, i) => {
    if (seenMembers.has(s.member))
      errors.push({ field: `scale[${i}].member`, message: `member ${s.member} appears twice` });
    seenMembers.add(s.member);
    if (kind === 'share' && s.value.gt(HUNDRED))
      errors.push({ field: `scale[${i}].share`, message: 'a share is at most 100' });
  });
  const scaleTotal = sum(scale.map((s) => s.value));
  if (kind === 'share' && !scaleTotal.equals(HUNDRED)) {
    errors.push({ field: 'scale', message: `the shares add up to ${scaleTotal.toFixed()}, not exactly 100` });
  }
  if (kind === 'amount' && !scaleTotal.equals(total)) {
    errors.push({
      field: 'scale',
      message: `the amounts add up to ${scaleTotal.toFixed()}, not the total ${total.toFixed()}`,
    });
  }
  if (scale.length > 0 && scaleTotal.isZero()) errors.push({ field: 'scale', message: 'someone must be assessed' });
  return errors;
}

/** A scale's members not among the known ones, each naming its place in the scale. */
export function unknownScaleMembers(scale: readonly ScaleEntry[], known: ReadonlySet<string>): FieldError[] {
  return scale.flatMap((s, i) =>
    known.has(s.member) ? [] : [{ field: `scale[${i}].member`, message: `unknown member '${s.member}'` }],
  );
}

/**
 * Members the scale would assess (a share or an amount above zero) who are not members during the
 * fiscal year: only members are assessed. A zero share for a former member is allowed.
 */
export function ineligibleScaleMembers<M extends { code: string; joinedOn: string; leftOn: string | null }>(
  scale: readonly ScaleEntry[],
  members: readonly M[],
  fiscalYear: number,
  startMonth: number,
): M[] {
  return members.filter(
    (k) => !isAssessable(k, fiscalYear, startMonth) && scale.some((s) => s.member === k.code && s.value.gt(0)),
  );
}

/**
 * Each member's assessment: budget × share, by largest remainder at the base currency's scale so
 * that the parts add up to the budget exactly (ties go to the lower member code, so the same
 * scale always gives the same split); fixed amounts are taken as they are.
 */
export function assessmentAmounts(
  total: Decimal,
  kind: ScaleKind,
  scale: readonly ScaleEntry[],
  minorUnits: number,
): Map<string, Decimal> {
  const sorted = [...scale].sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  if (kind === 'amount') return new Map(sorted.map((s) => [s.member, s.value]));
  const parts = splitLargestRemainder(
    total,
    sorted.map((s) => s.value),
    minorUnits,
  );
  const amounts = new Map(sorted.map((s, i) => [s.member, parts[i]]));
  const check = sum([...amounts.values()]);
  if (!check.equals(total))
    throw new Error(`post-condition failed: assessments add up to ${check.toFixed()}, not ${total.toFixed()}`);
  return amounts;
}
