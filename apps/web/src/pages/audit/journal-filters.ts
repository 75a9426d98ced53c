import { isIsoDate } from '../../format/dates';

/** What the journal is filtered by, as the address holds it (?from=&to=&account=&fund=&member=&limit=). */
export interface JournalFilters {
  from?: string;
  to?: string;
  account?: string;
  fund?: string;
  member?: string;
  /** Start after this sequence number (the API's cursor): a link to a place in the journal. */
  after?: string;
  limit: number;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
const CODE = /^[A-Za-z0-9._-]{1,30}$/;
const MEMBER = /^[A-Z]{3}$/;

/**
 * The filters of an address; a value the API would refuse (a date that does not exist, a code
 * with spaces) is left out rather than shown as an error page.
 */
export function filtersOf(params: URLSearchParams): JournalFilters {
  const get = (name: string, ok: (v: string) => boolean): string | undefined => {
    const v = params.get(name)?.trim();
    return v && ok(v) ? v : undefined;
  };
  const limit = Number(params.get('limit'));
  const filters: JournalFilters = {
    from: get('from', isIsoDate),
    to: get('to', isIsoDate),
    account: get('account', (v) => CODE.test(v)),
    fund: get('fund', (v) => CODE.test(v)),
    member: get('member', (v) => MEMBER.test(v)),
    after: get('after', (v) => /^\d{1,18}$/.test(v)),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
  if (filters.from && filters.to && filters.from > filters.to) filters.to = undefined;
  return filters;
}

/** The address of these filters (empty ones left out, the default page size too). */
export function paramsOf(filters: JournalFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'account', 'fund', 'member', 'after'] as const) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  if (filters.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(filters.limit));
  return params;
}
