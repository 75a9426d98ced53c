import { describe, expect, it } from 'vitest';
import { filtersOf, paramsOf } from './journal-filters';

describe('journal filters in the address', () => {
  it.each<[string, ReturnType<typeof filtersOf>]>([
    ['', { limit: 50 }],
    ['from=2005-01-01&to=2005-06-30&account=1100&fund=GEN&member=MEX&limit=25', { from: '2005-01-01', to: '2005-06-30', account: '1100', fund: 'GEN', member: 'MEX', limit: 25 }],
    // What the API would refuse is left out, not sent.
    ['from=2005-02-30&to=2005-13-01', { limit: 50 }],
    ['account=11%2000&fund=G%3BEN&member=mex&limit=7', { limit: 50 }],
    ['from=2005-06-30&to=2005-01-01', { from: '2005-06-30', limit: 50 }],
    ['after=41', { after: '41', limit: 50 }],
    ['after=-1', { limit: 50 }],
  ])('%j', (query, expected) => {
    const filters = filtersOf(new URLSearchParams(query));
    expect(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined))).toEqual(expected);
  });

  it('writes back what it reads, leaving out empty fields and the default page size', () => {
    const query = 'from=2005-01-01&fund=GEN&limit=200';
    expect(paramsOf(filtersOf(new URLSearchParams(query))).toString()).toBe(query);
    expect(paramsOf({ limit: 50 }).toString()).toBe('');
  });
});
