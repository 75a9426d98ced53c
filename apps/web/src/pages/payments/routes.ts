import type { ConsolePage } from '../../app/pages';
import { SECRETARIAT } from '../../app/roles';

/**
 * The Technical Secretariat's pages for payments and their reversal, budgets and assessments,
 * and expenditures of the general fund with budget execution (listed in app/pages.ts).
 */
export const PAYMENT_PAGES: readonly ConsolePage[] = [
  { path: 'pagos', nav: 'payments', roles: SECRETARIAT, load: () => import('./RecordPaymentPage') },
  { path: 'pagos/:id', roles: SECRETARIAT, load: () => import('./PaymentPage') },
  { path: 'presupuestos', nav: 'budgets', roles: SECRETARIAT, load: () => import('./budgets/BudgetsPage') },
  { path: 'presupuestos/nuevo', roles: SECRETARIAT, load: () => import('./budgets/NewBudgetPage') },
  { path: 'presupuestos/:year', roles: SECRETARIAT, load: () => import('./budgets/BudgetPage') },
  { path: 'gastos', nav: 'expenditures', roles: SECRETARIAT, load: () => import('./expenditures/ExpendituresPage') },
];
