import type { StatusMember } from '../../api/responses';
import { compareDecimals } from '../../format/decimal';
import type { SortDirection } from '../../components/SortHeader';

export const SORT_COLUMNS = ['name', 'assessed', 'paid', 'outstanding', 'advance', 'arrears', 'collectionRate', 'standing'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

const STANDING_ORDER = { in_arrears: 0, exempt: 1, good: 2 } as const;

function compare(a: StatusMember, b: StatusMember, column: SortColumn, locale: string): number {
  switch (column) {
    case 'name':
      return a.name.localeCompare(b.name, locale);
    case 'standing':
      return STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing];
    case 'collectionRate':
      // Nothing assessed (null) sorts after every rate.
      if (a.collectionRate === null || b.collectionRate === null) return a.collectionRate === b.collectionRate ? 0 : a.collectionRate === null ? 1 : -1;
      return compareDecimals(a.collectionRate, b.collectionRate);
    default:
      return compareDecimals(a[column], b[column]);
  }
}

/** Members sorted by a column (amounts compared as exact decimals), ties by name. */
export function sortMembers(members: readonly StatusMember[], column: SortColumn, direction: SortDirection, locale: string): StatusMember[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...members].sort((a, b) => sign * compare(a, b, column, locale) || a.name.localeCompare(b.name, locale));
}
