import { EntityManager } from 'typeorm';

/**
 * Injection token under which a domain module contributes its checks to the TS reconciliation
 * report (`GET /v1/reports/reconciliation`). Nest has no multi-providers, so every module that
 * contributes declares ONE provider under this token in its own module — its value a
 * RegisterCheck or an array of them — and the reconciliation lib's RegisterChecksService collects
 * them all, across modules, with Nest's DiscoveryService. Example, in ContributionsModule:
 *
 *   providers: [
 *     ContributionsChecks,
 *     { provide: REGISTER_CHECKS, useExisting: ContributionsChecks },
 *   ]
 *
 * The token is a plain string and this lib sits below every domain: a contributing lib imports
 * @app/register-checks, never @app/reconciliation.
 */
export const REGISTER_CHECKS = 'REGISTER_CHECKS';

/**
 * One line of the reconciliation report: a control figure from the ledger against the same
 * figure from a register (a sub-ledger, the bank, the hash chain...). Amounts are decimal
 * strings; `difference` = register − ledger; `ok` when the check passes (usually difference 0).
 */
export interface RegisterCheckResult {
  name: string;
  ledger: string | null;
  register: string | null;
  difference: string | null;
  ok: boolean;
  /** Why it fails (or what it compared): entries, members, items... whatever explains it. */
  explanation?: unknown[];
  /** How many items the explanation had before it was cut at MAX_EXPLAINED_ITEMS (only when it was cut). */
  explanationTotal?: number;
}

/** Most items listed in a check's explanation (the check's difference always covers them all). */
export const MAX_EXPLAINED_ITEMS = 50;

/** A check's explanation, cut at MAX_EXPLAINED_ITEMS, saying how many items there were when it is cut. */
export function explanationOf(
  items: readonly unknown[],
): Pick<RegisterCheckResult, 'explanation' | 'explanationTotal'> {
  const explanation = items.slice(0, MAX_EXPLAINED_ITEMS);
  return items.length > explanation.length ? { explanation, explanationTotal: items.length } : { explanation };
}

/**
 * A check. `run` receives the report's snapshot transaction (REPEATABLE READ, read-only: every
 * check sees the same data) and the date; it may return several results (e.g. one per fund).
 */
export interface RegisterCheck {
  readonly name: string;
  run(m: EntityManager, asOf: string): Promise<RegisterCheckResult | RegisterCheckResult[]>;
}

export function isRegisterCheck(value: unknown): value is RegisterCheck {
  const v = value as { name?: unknown; run?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.run === 'function';
}
