import type { CaseView } from './api';
import { compareDecimals } from '../../format/decimal';

/** The Protocol's steps, in order: request → every country consulted → IOM decides → the Pro-Tempore Presidency is notified → disbursements. */
export const PROTOCOL_STEPS = ['requested', 'consulted', 'decided', 'notified', 'disbursed'] as const;
export type ProtocolStep = (typeof PROTOCOL_STEPS)[number];
export type StepState = 'done' | 'current' | 'pending' | 'stopped';

/** The countries involved not consulted yet, in the order of the request. */
export function notConsulted(c: Pick<CaseView, 'countriesInvolved' | 'consultations'>): string[] {
  const done = new Set(c.consultations.map((x) => x.country));
  return c.countriesInvolved.filter((country) => !done.has(country));
}

/**
 * Where a case stands in the Protocol: each step done, the one step that comes next (the only
 * one the page offers), or pending; steps that no longer apply (after a rejection, or once the
 * case is closed) are stopped. Mirrors the API's transitions (case-rules.ts), which decide anyway.
 */
export function protocolState(c: CaseView): Record<ProtocolStep, StepState> {
  const allConsulted = notConsulted(c).length === 0;
  const decided = Boolean(c.decidedOn);
  const approved = decided && Boolean(c.approvedAmount);
  const notified = Boolean(c.notifiedOn);
  const fullyPaid = approved && compareDecimals(c.disbursed, c.approvedAmount ?? '0') >= 0;
  const open = c.status !== 'closed';
  const next = (done: boolean, ready: boolean, applies = true): StepState =>
    done ? 'done' : !applies || !open ? 'stopped' : ready ? 'current' : 'pending';
  return {
    requested: 'done',
    consulted: next(allConsulted, true, !decided),
    decided: next(decided, allConsulted),
    notified: next(notified, approved, !decided || approved),
    disbursed: next(fullyPaid, notified, !decided || approved),
  };
}

/** The one step to offer now, or 'close' when only closing is left, or null for a closed case. */
export function nextAction(c: CaseView): ProtocolStep | 'close' | null {
  if (c.status === 'closed') return null;
  const state = protocolState(c);
  const current = PROTOCOL_STEPS.find((s) => state[s] === 'current');
  return current ?? 'close';
}
