import type { ConsolePage } from '../../app/pages';

/**
 * The Technical Secretariat's pages for payments and their reversal, budgets and assessments,
 * and expenditures of the general fund with budget execution (listed in app/pages.ts).
 */
export const PAYMENT_PAGES: readonly ConsolePage[] = [];
