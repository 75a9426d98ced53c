import { sumDecimals } from '../../format/decimal';
import type { StatusMember } from '../../api/responses';

export interface YearCollection {
  fiscalYear: number;
  assessed: string;
  paid: string;
  outstanding: string;
}

/** Σ over the members, per fiscal year — exact decimal sums of the API's figures. */
export function collectionByYear(members: readonly StatusMember[]): YearCollection[] {
  const years = new Map<number, { assessed: string[]; paid: string[]; outstanding: string[] }>();
  for (const member of members) {
    for (const y of member.years) {
      const entry = years.get(y.fiscalYear) ?? { assessed: [], paid: [], outstanding: [] };
      entry.assessed.push(y.assessed);
      entry.paid.push(y.paid);
      entry.outstanding.push(y.outstanding);
      years.set(y.fiscalYear, entry);
    }
  }
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([fiscalYear, v]) => ({
      fiscalYear,
      assessed: sumDecimals(v.assessed),
      paid: sumDecimals(v.paid),
      outstanding: sumDecimals(v.outstanding),
    }));
}
