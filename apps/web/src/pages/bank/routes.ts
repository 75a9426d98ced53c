import type { ConsolePage, Role } from '../../app/pages';

/**
 * The roles that see these pages: SECRETARIAT of app/pages.ts, spelled out here because
 * app/pages.ts imports this list (a value imported back from it is still undefined when this
 * module runs, and a page without roles is shown to everyone).
 */
const SECRETARIAT_ONLY: readonly Role[] = ['secretariat', 'admin'];

/**
 * The Technical Secretariat's pages for bank statements, matching, bank reconciliations with
 * their sign-off, and the year-end close (listed in app/pages.ts).
 */
export const BANK_PAGES: readonly ConsolePage[] = [
  { path: 'banco', nav: 'bank', roles: SECRETARIAT_ONLY, load: () => import('./BankPage') },
  { path: 'cierre-de-ejercicio', nav: 'yearEnd', roles: SECRETARIAT_ONLY, load: () => import('./YearEndPage') },
];
