import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { addDays } from './standing';

/**
 * The rules of the status of contributions over the figures read for it: who is listed, what a
 * member has as an advance, the totals, and who is on the honour roll.
 */

/** A member's figures as at the report's date, in the base currency. */
export interface StatusFigures {
  assessed: Decimal;
  paid: Decimal;
  writtenOff: Decimal;
  outstanding: Decimal;
  /** Received and not applied to any assessment: received − paid, never below zero. */
  advance: Decimal;
  /** Outstanding on the fiscal years before the report's. */
  arrears: Decimal;
}

/** A member's position as read (decimal strings); absent when nothing was ever assessed or applied. */
export interface PositionFigures {
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  arrears: string;
}

const ZERO = new Dec(0);

/**
 * A member joins the report once it has joined by the date, or earlier if something was already
 * assessed to it or received from it (an opening position, an advance before joining).
 */
export function isListed(
  joinedOn: string,
  asOf: string,
  position: PositionFigures | undefined,
  received: Decimal,
): boolean {
  return joinedOn <= asOf || position !== undefined || !received.isZero();
}

/** A member's figures: its position, and the advance what it sent leaves once applied. */
export function statusFigures(
  member: string,
  asOf: string,
  position: PositionFigures | undefined,
  received: Decimal,
): StatusFigures {
  const paid = new Dec(position?.paid ?? 0);
  const advance = received.minus(paid);
  if (advance.lt(0)) {
    throw new Error(`invariant: ${member} has applied more than it paid as at ${asOf} (advance ${advance.toFixed()})`);
  }
  return {
    assessed: new Dec(position?.assessed ?? 0),
    paid,
    writtenOff: new Dec(position?.writtenOff ?? 0),
    outstanding: new Dec(position?.outstanding ?? 0),
    advance,
    arrears: new Dec(position?.arrears ?? 0),
  };
}

/** The report's totals: each figure summed over the members listed. */
export function totalFigures(members: readonly StatusFigures[]): StatusFigures {
  const total: StatusFigures = {
    assessed: ZERO,
    paid: ZERO,
    writtenOff: ZERO,
    outstanding: ZERO,
    advance: ZERO,
    arrears: ZERO,
  };
  for (const f of members) {
    for (const key of Object.keys(total) as (keyof StatusFigures)[]) total[key] = total[key].plus(f[key]);
  }
  return total;
}

export interface HonourRollCandidate {
  member: string;
  fiscalYear: number;
  paidInFullOn: string | null;
  dueFrom: string | null;
}

/** The member-years paid in full within `days` of the day their assessment fell due. */
export function honourRoll(
  candidates: readonly HonourRollCandidate[],
  days: number,
): { member: string; fiscalYear: number; paidInFullOn: string }[] {
  const roll: { member: string; fiscalYear: number; paidInFullOn: string }[] = [];
  for (const c of candidates) {
    if (c.paidInFullOn !== null && c.dueFrom !== null && c.paidInFullOn <= addDays(c.dueFrom, days)) {
      roll.push({ member: c.member, fiscalYear: c.fiscalYear, paidInFullOn: c.paidInFullOn });
    }
  }
  return roll;
}
