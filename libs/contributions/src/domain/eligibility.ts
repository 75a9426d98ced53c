import { fiscalYearBounds } from '@app/ledger';

/**
 * Is a member assessed for a fiscal year? Not for years ending before it joined, nor for years
 * starting after it left.
 */
export function isAssessable(
  member: { joinedOn: string; leftOn: string | null },
  fiscalYear: number,
  startMonth: number,
): boolean {
  const { startsOn, endsOn } = fiscalYearBounds(fiscalYear, startMonth);
  if (endsOn < member.joinedOn) return false;
  return member.leftOn === null || startsOn <= member.leftOn;
}
