import type { ConsolePage } from '../../app/pages';
import { SECRETARIAT } from '../../app/roles';

/**
 * The Technical Secretariat's pages that write to the grants and the reserve fund: donors,
 * grants, receipts, expenditures and refunds; reserve-fund contributions and cases through the
 * Protocol (listed in app/pages.ts; the read pages stay in pages/grants and pages/reserve-fund).
 */
export const FUNDS_PAGES: readonly ConsolePage[] = [
  { path: 'fondo-de-reserva/aportes/nuevo', roles: SECRETARIAT, load: () => import('./ReserveContributionPage') },
  { path: 'fondo-de-reserva/casos/nuevo', roles: SECRETARIAT, load: () => import('./NewCasePage') },
  { path: 'fondo-de-reserva/casos/:id', roles: SECRETARIAT, load: () => import('./CasePage') },
  { path: 'donaciones/donantes', roles: SECRETARIAT, load: () => import('./DonorsPage') },
  { path: 'donaciones/nueva', roles: SECRETARIAT, load: () => import('./NewGrantPage') },
  { path: 'donaciones/:code/movimientos', roles: SECRETARIAT, load: () => import('./GrantWorkPage') },
];
