import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { PostingLine } from '@app/ledger';
import { ADVANCES, ASSESSED_REVENUE, line, RECEIVABLE } from '../shared/postings';
import { isAssessable } from './eligibility';
import { MemberBook, PlannedAllocation } from './member-book';
import { planAdvanceApplication, planReduction } from './payment-allocation';

/**
 * Planning the assessment of a budget version: its date, each member's change from the version
 * assessed before, and what those changes do to each member's book (advances applied to an
 * increase; written-off amounts given back and payments released to their advance on a decrease).
 * Pure: the service loads the budget, the members and their books, plans here, posts and stores.
 */

/** One member's assessment in the version being assessed, and its difference from the one before. */
export interface MemberChange {
  member: string;
  amount: Decimal;
  delta: Decimal;
}

/** An allocation planned in one member's book, with the member it belongs to. */
export type MemberAllocation = PlannedAllocation & { member: string };

export interface AssessmentPlan {
  /** Advances applied to increased assessments. */
  applied: MemberAllocation[];
  /** Payments' money released to their advance by lowered assessments. */
  released: MemberAllocation[];
  /** Written-off amounts given back by lowered assessments. */
  writeOffsReduced: { member: string; amount: Decimal }[];
}

const ZERO = new Dec(0);

/**
 * The date of an assessment: the one asked for, else the start of the fiscal year for a first
 * version and the later of that start and the budget's approval for a revision. A revision is
 * never dated before the version it revises.
 */
export function assessmentDate(input: {
  assessedOn: string | undefined;
  previous: { version: number; assessedOn: string } | undefined;
  approvalDate: string;
  startsOn: string;
}): string {
  const { assessedOn, previous, approvalDate, startsOn } = input;
  const date = assessedOn ?? (previous && approvalDate > startsOn ? approvalDate : startsOn);
  if (previous && date < previous.assessedOn) {
    throw new DomainError(
      ErrorCode.BusinessRule,
      `assessedOn must be on or after ${previous.assessedOn}, when version ${previous.version} was assessed`,
      [{ field: 'assessedOn', message: `must be on or after ${previous.assessedOn}` }],
    );
  }
  return date;
}

/** Every member of either version, by code, with its new amount and the change (zero when it left the scale). */
export function memberChanges(
  amounts: ReadonlyMap<string, Decimal>,
  before: ReadonlyMap<string, Decimal>,
): MemberChange[] {
  const codes = [...new Set([...amounts.keys(), ...before.keys()])].sort();
  return codes.map((member) => {
    const amount = amounts.get(member) ?? ZERO;
    return { member, amount, delta: amount.minus(before.get(member) ?? ZERO) };
  });
}

/** A member is assessed a positive amount only for a fiscal year it belonged to. */
export function assertAssessable(
  members: readonly { code: string; joinedOn: string; leftOn: string | null }[],
  amounts: ReadonlyMap<string, Decimal>,
  fiscalYear: number,
  startMonth: number,
): void {
  const stranded = members.filter(
    (r) => (amounts.get(r.code) ?? ZERO).gt(0) && !isAssessable(r, fiscalYear, startMonth),
  );
  if (stranded.length > 0) {
    throw new DomainError(
      ErrorCode.BusinessRule,
      `not a member during fiscal year ${fiscalYear}, so not assessable: ${stranded.map((r) => r.code).join(', ')}; revise the budget's scale`,
    );
  }
}

/**
 * Adds each moving member's change to its book and plans what follows from it. A lowered
 * assessment may not be dated before anything already recorded for the member's year; that is
 * checked for every member before any book changes.
 */
export function planAssessment(
  books: ReadonlyMap<string, MemberBook>,
  moving: readonly MemberChange[],
  fiscalYear: number,
  date: string,
): AssessmentPlan {
  for (const c of moving.filter((x) => x.delta.lt(0))) {
    const last = bookOf(books, c.member).lastEventDate(fiscalYear);
    if (last !== null && date < last) {
      throw new DomainError(
        ErrorCode.BusinessRule,
        `the revision lowers ${c.member}'s assessment, which has entries up to ${last}; date it (assessedOn) on or after ${last}`,
        [{ field: 'assessedOn', message: `must be on or after ${last}` }],
      );
    }
  }
  const plan: AssessmentPlan = { applied: [], released: [], writeOffsReduced: [] };
  for (const c of moving) {
    const book = bookOf(books, c.member);
    book.addAssessment({ fiscalYear, date, delta: c.delta });
    if (c.delta.gt(0)) {
      plan.applied.push(...planAdvanceApplication(book, fiscalYear, date).map((a) => ({ ...a, member: c.member })));
    } else {
      const reduction = planReduction(book, fiscalYear, date);
      plan.released.push(...reduction.releases.map((r) => ({ ...r, member: c.member })));
      if (reduction.writeOffReduction.gt(0))
        plan.writeOffsReduced.push({ member: c.member, amount: reduction.writeOffReduction });
    }
  }
  return plan;
}

export function bookOf(books: ReadonlyMap<string, MemberBook>, member: string): MemberBook {
  const book = books.get(member);
  if (!book) throw new Error(`book of ${member} not loaded`);
  return book;
}

/** Dr 1100 per member for increases, Cr 1100 for decreases, against 4100 (one line each way). */
export function assessmentLines(changes: readonly MemberChange[]): PostingLine[] {
  const lines: PostingLine[] = [];
  let up = ZERO;
  let down = ZERO;
  for (const c of changes) {
    if (c.delta.gt(0)) {
      lines.push(line(RECEIVABLE, 'debit', c.delta, c.member));
      up = up.plus(c.delta);
    } else {
      lines.push(line(RECEIVABLE, 'credit', c.delta.negated(), c.member));
      down = down.plus(c.delta.negated());
    }
  }
  if (up.gt(0)) lines.push(line(ASSESSED_REVENUE, 'credit', up));
  if (down.gt(0)) lines.push(line(ASSESSED_REVENUE, 'debit', down));
  return lines;
}

/** Total per member, members in code order. */
export function totalsByMember(list: readonly { member: string; amount: Decimal }[]): Map<string, Decimal> {
  const totals = new Map<string, Decimal>();
  for (const a of list) totals.set(a.member, (totals.get(a.member) ?? ZERO).plus(a.amount));
  return new Map([...totals].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
}

/** Advances applied (Dr 2100 / Cr 1100) or released (Dr 1100 / Cr 2100), one pair of lines per member. */
export function advanceLines(direction: 'apply' | 'release', totals: ReadonlyMap<string, Decimal>): PostingLine[] {
  return [...totals].flatMap(([member, amount]) =>
    direction === 'apply'
      ? [line(ADVANCES, 'debit', amount, member), line(RECEIVABLE, 'credit', amount, member)]
      : [line(RECEIVABLE, 'debit', amount, member), line(ADVANCES, 'credit', amount, member)],
  );
}
