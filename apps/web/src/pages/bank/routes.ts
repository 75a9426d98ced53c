import type { ConsolePage } from '../../app/pages';
import { SECRETARIAT } from '../../app/roles';

/**
 * The Technical Secretariat's pages for bank statements, matching, bank reconciliations with
 * their sign-off, and the year-end close (listed in app/pages.ts).
 */
export const BANK_PAGES: readonly ConsolePage[] = [
  { path: 'banco', nav: 'bank', roles: SECRETARIAT, load: () => import('./BankPage') },
  { path: 'cierre-de-ejercicio', nav: 'yearEnd', roles: SECRETARIAT, load: () => import('./YearEndPage') },
];
