import type { ComponentType } from 'react';
import type { Messages } from '../i18n/es';
import { BANK_PAGES } from '../pages/bank/routes';
import { FUNDS_PAGES } from '../pages/funds/routes';
import { PAYMENT_PAGES } from '../pages/payments/routes';
import { AUDITORS, type Role } from './roles';

export { AUDITORS, SECRETARIAT, type Role } from './roles';

/**
 * Every page of the console behind the sign-in, in one list: its address, where it stands in
 * the navigation, who may see it, and its code (each page a folder under pages/, loaded when
 * first opened). A new page is one entry here and one folder.
 */
export interface ConsolePage {
  /** Route path under / (Spanish words: the addresses do not change with the language). */
  path: string;
  /** Label key under `nav` in the messages; pages without one are reached by links only. */
  nav?: keyof Messages['nav'];
  /** Roles that see the page; absent = every signed-in person. */
  roles?: readonly Role[];
  load: () => Promise<{ default: ComponentType }>;
}

export const PAGES: readonly ConsolePage[] = [
  { path: 'tablero', nav: 'dashboard', load: () => import('../pages/dashboard/DashboardPage') },
  { path: 'estado', nav: 'status', load: () => import('../pages/status/StatusPage') },
  { path: 'estado/:member', load: () => import('../pages/member/MemberPage') },
  { path: 'estados-financieros', nav: 'statements', load: () => import('../pages/financial-statements/FinancialStatementsPage') },
  ...PAYMENT_PAGES,
  ...BANK_PAGES,
  { path: 'donaciones', nav: 'grants', load: () => import('../pages/grants/GrantsPage') },
  { path: 'fondo-de-reserva', nav: 'reserveFund', load: () => import('../pages/reserve-fund/ReserveFundPage') },
  ...FUNDS_PAGES,
  { path: 'auditoria/verificacion', nav: 'verification', roles: AUDITORS, load: () => import('../pages/audit/VerificationPage') },
  { path: 'auditoria/diario', nav: 'journal', roles: AUDITORS, load: () => import('../pages/audit/JournalPage') },
  { path: 'auditoria/diario/:id', roles: AUDITORS, load: () => import('../pages/audit/EntryPage') },
  { path: 'auditoria/balance-de-comprobacion', nav: 'trialBalance', roles: AUDITORS, load: () => import('../pages/audit/TrialBalancePage') },
  { path: 'auditoria/controles', nav: 'registerChecks', roles: AUDITORS, load: () => import('../pages/audit/RegisterChecksPage') },
  { path: 'auditoria/exportaciones', nav: 'exports', roles: AUDITORS, load: () => import('../pages/audit/ExportsPage') },
  { path: 'auditoria/bitacora', nav: 'auditLog', roles: AUDITORS, load: () => import('../pages/audit/AuditLogPage') },
  { path: 'administracion/usuarios', nav: 'users', roles: ['admin'], load: () => import('../pages/admin/UsersPage') },
  { path: 'administracion/tokens', nav: 'tokens', roles: ['admin'], load: () => import('../pages/admin/TokensPage') },
];

export const HOME_PATH = '/tablero';
export const SIGN_IN_PATH = '/ingresar';

export function visibleTo(page: ConsolePage, role: Role | undefined): boolean {
  return page.roles === undefined || (role !== undefined && page.roles.includes(role));
}
