import type { SessionUser } from '../api/auth-contract';

export type Role = SessionUser['role'];

/**
 * Who sees which pages (the API still decides what each role may do). In a module of their own
 * so that the page lists of each part of the console can read them while app/pages.ts, which
 * imports those lists, is still loading.
 */
export const AUDITORS: readonly Role[] = ['auditor', 'admin'];
/** The Technical Secretariat's work: only these roles see a page that writes. */
export const SECRETARIAT: readonly Role[] = ['secretariat', 'admin'];
