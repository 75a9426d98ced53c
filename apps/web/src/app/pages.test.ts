import { describe, expect, it } from 'vitest';
import { BANK_PAGES } from '../pages/bank/routes';
import { FUNDS_PAGES } from '../pages/funds/routes';
import { PAYMENT_PAGES } from '../pages/payments/routes';
import { PAGES, visibleTo } from './pages';
import { SECRETARIAT } from './roles';

const WRITING = [...PAYMENT_PAGES, ...BANK_PAGES, ...FUNDS_PAGES];

describe('the page list: who sees the pages that write', () => {
  it('has the Secretariat’s pages, each in the list once', () => {
    expect(WRITING.length).toBeGreaterThan(0);
    for (const page of WRITING) expect(PAGES.filter((p) => p.path === page.path)).toHaveLength(1);
  });

  it.each(WRITING.map((p) => [p.path, p] as const))('%s is for the Secretariat and admins only', (_path, page) => {
    expect(page.roles).toEqual(SECRETARIAT);
    expect(visibleTo(page, 'secretariat')).toBe(true);
    expect(visibleTo(page, 'admin')).toBe(true);
    expect(visibleTo(page, 'viewer')).toBe(false);
    expect(visibleTo(page, 'auditor')).toBe(false);
  });

  it('no two pages share an address', () => {
    expect(new Set(PAGES.map((p) => p.path)).size).toBe(PAGES.length);
  });
});
