import { Decimal } from 'decimal.js';
import { Dec, DomainError, ErrorCode, formatAmount } from '@app/common';

/**
 * The Protocol for using the reserve fund (GRCM, Panama, December 2004, point 6): decisions on
 * cases are taken by IOM, in consultation with the countries involved in the return, and IOM
 * notifies the Pro-Tempore Presidency. Only then can money leave the fund.
 *
 *   requested → consulting → approved | rejected ; approved → notified → disbursed ; any → closed
 */
export const CASE_STATUSES = [
  'requested',
  'consulting',
  'approved',
  'rejected',
  'notified',
  'disbursed',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_EVENTS = [
  'requested',
  'consulted',
  'approved',
  'rejected',
  'notified',
  'disbursed',
  'closed',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Who decides, by the Protocol's addendum to section III. */
export const DECIDING_BODY = 'IOM';

/** Stable names of the Protocol rules, sent as `rule` in the problem+json of a 409. */
export const RESERVE_RULES = {
  transition: 'reserve.invalid_transition',
  countryNotInvolved: 'reserve.country_not_involved',
  decidedByIom: 'reserve.decided_by_iom',
  consultAll: 'reserve.consult_every_country',
  overRequested: 'reserve.approved_over_requested',
  perCaseCap: 'reserve.per_case_cap',
  available: 'reserve.available_balance',
  notifyAfterApproval: 'reserve.notify_after_approval',
  disburseAfterNotification: 'reserve.disburse_after_approval_and_notification',
  overApproved: 'reserve.disbursed_over_approved',
  floor: 'reserve.balance_floor',
  dateOrder: 'reserve.date_order',
  transferCash: 'reserve.transfer_exceeds_source_cash',
} as const;

export const ruleBroken = (rule: string, message: string, facts: Record<string, string> = {}): DomainError =>
  new DomainError(ErrorCode.Conflict, message, undefined, { rule, ...facts });

/** The statuses from which each event may happen, and where it leads. */
const TRANSITIONS: Record<Exclude<CaseEvent, 'requested'>, { from: readonly CaseStatus[]; to: CaseStatus }> = {
  consulted: { from: ['requested', 'consulting'], to: 'consulting' },
  approved: { from: ['requested', 'consulting'], to: 'approved' },
  rejected: { from: ['requested', 'consulting'], to: 'rejected' },
  notified: { from: ['approved'], to: 'notified' },
  disbursed: { from: ['notified', 'disbursed'], to: 'disbursed' },
  closed: { from: ['requested', 'consulting', 'approved', 'rejected', 'notified', 'disbursed'], to: 'closed' },
};

const WHY_NOT: Record<Exclude<CaseEvent, 'requested'>, { rule: string; text: (s: CaseStatus) => string }> = {
  consulted: {
    rule: RESERVE_RULES.transition,
    text: (s) => `consultations are recorded before the decision; the case is already ${s}`,
  },
  approved: { rule: RESERVE_RULES.transition, text: (s) => `the case was already decided (it is ${s})` },
  rejected: { rule: RESERVE_RULES.transition, text: (s) => `the case was already decided (it is ${s})` },
  notified: {
    rule: RESERVE_RULES.notifyAfterApproval,
    text: (s) =>
      s === 'notified' || s === 'disbursed'
        ? 'the Pro-Tempore Presidency was already notified of this case'
        : `only an approved case is notified to the Pro-Tempore Presidency; the case is ${s}`,
  },
  disbursed: {
    rule: RESERVE_RULES.disburseAfterNotification,
    text: (s) =>
      s === 'approved'
        ? 'the case is approved but the Pro-Tempore Presidency has not been notified: no money leaves the fund before the notification'
        : `money leaves the fund only for a case approved by IOM and notified to the Pro-Tempore Presidency; the case is ${s}`,
  },
  closed: { rule: RESERVE_RULES.transition, text: () => 'the case is already closed' },
};

/** Where `event` takes a case in `status`, or the 409 that says why it cannot happen. */
export function transition(status: CaseStatus, event: Exclude<CaseEvent, 'requested'>): CaseStatus {
  const t = TRANSITIONS[event];
  if (!t.from.includes(status)) {
    const why = WHY_NOT[event];
    throw ruleBroken(why.rule, why.text(status), { status });
  }
  return t.to;
}

/** The countries involved that have not been consulted yet (in the order of the request). */
export function notConsulted(involved: readonly string[], consulted: readonly string[]): string[] {
  const done = new Set(consulted);
  return involved.filter((c) => !done.has(c));
}

/** An event is dated no earlier than the one before it: the history reads in order. */
export function assertNotBefore(date: string, previous: string, what: string, previousWhat: string): void {
  if (date < previous) {
    throw ruleBroken(RESERVE_RULES.dateOrder, `${what} (${date}) cannot be dated before ${previousWhat} (${previous})`);
  }
}

/** Approved and not yet disbursed: money promised to a case, which reduces what can be approved next. */
export function commitment(status: CaseStatus, approved: Decimal | null, disbursed: Decimal): Decimal {
  if (approved === null || !['approved', 'notified', 'disbursed'].includes(status)) return new Dec(0);
  return Dec.max(approved.minus(disbursed), 0);
}

/** What can still be approved: the balance (lowest from the date on) less commitments, less the floor. */
export function availableToApprove(lowestBalance: Decimal, committed: Decimal, floor: Decimal): Decimal {
  return lowestBalance.minus(committed).minus(floor);
}

/** Only a country involved in the return is consulted on it. */
export function assertInvolved(involved: readonly string[], country: string): void {
  if (!involved.includes(country)) {
    throw ruleBroken(
      RESERVE_RULES.countryNotInvolved,
      `${country} is not one of the countries involved in this return (${involved.join(', ')}); only they are consulted`,
    );
  }
}

/** IOM decides (Protocol, addendum to section III), and only once every country involved has been consulted. */
export function assertDecidable(decidedBy: string, involved: readonly string[], consulted: readonly string[]): void {
  if (decidedBy !== DECIDING_BODY) {
    throw ruleBroken(
      RESERVE_RULES.decidedByIom,
      `decisions on reserve-fund cases are taken by ${DECIDING_BODY} (Protocol, addendum to section III); not by '${decidedBy}'`,
    );
  }
  const missing = notConsulted(involved, consulted);
  if (missing.length > 0) {
    throw ruleBroken(
      RESERVE_RULES.consultAll,
      `IOM decides after consulting every country involved in the return; not yet consulted: ${missing.join(', ')}`,
      { notConsulted: missing.join(',') },
    );
  }
}

/** What the fund looks like when an approval is weighed (the caller holds the fund lock). */
export interface ApprovalFacts {
  requested: Decimal;
  perCaseCap: Decimal | null;
  /** The fund's lowest balance from the decision date on. */
  lowestBalance: Decimal;
  /** What the other approved, undisbursed cases still have committed. */
  committed: Decimal;
  floor: Decimal;
  currency: string;
}

/**
 * An approval must fit: not more than was requested, not more than the per-case cap, and not more
 * than the fund can pay from the decision date on once the other cases' commitments and the floor
 * are kept.
 */
export function assertApprovalFits(approved: Decimal, facts: ApprovalFacts): void {
  const { requested, perCaseCap, lowestBalance, committed, floor, currency: base } = facts;
  const money = (v: Decimal): string => formatAmount(v, base);
  if (approved.gt(requested)) {
    throw ruleBroken(
      RESERVE_RULES.overRequested,
      `the approved amount ${money(approved)} exceeds the ${money(requested)} ${base} requested`,
    );
  }
  if (perCaseCap !== null && approved.gt(perCaseCap)) {
    throw ruleBroken(
      RESERVE_RULES.perCaseCap,
      `the approved amount ${money(approved)} exceeds the per-case cap of ${money(perCaseCap)} ${base}`,
      { cap: money(perCaseCap), currency: base },
    );
  }
  const available = availableToApprove(lowestBalance, committed, floor);
  if (approved.gt(available)) {
    throw ruleBroken(
      RESERVE_RULES.available,
      `the reserve fund can approve ${money(Dec.max(available, 0))} ${base}: balance ${money(lowestBalance)} ` +
        `− commitments of approved, undisbursed cases ${money(committed)} − floor ${money(floor)}; ` +
        `${money(approved)} does not fit`,
      {
        balance: money(lowestBalance),
        committed: money(committed),
        floor: money(floor),
        available: money(Dec.max(available, 0)),
        currency: base,
      },
    );
  }
}

/** What the fund looks like when a disbursement is weighed (the caller holds the fund lock). */
export interface DisbursementFacts {
  /** The case's status once the disbursement is recorded (see `transition`). */
  status: CaseStatus;
  approved: Decimal;
  /** Already disbursed to the case. */
  disbursedBefore: Decimal;
  /** The fund's lowest balance from the disbursement date on. */
  lowestBalance: Decimal;
  floor: Decimal;
  date: string;
  currency: string;
}

export interface DisbursementPlan {
  disbursedTotal: Decimal;
  commitment: Decimal;
}

/**
 * A disbursement (once `transition` has let it follow the approval and the notification) stays
 * within what was approved and leaves the fund at or above its floor at every date from it on.
 */
export function planDisbursement(amount: Decimal, facts: DisbursementFacts): DisbursementPlan {
  const { status, approved, disbursedBefore: before, lowestBalance: lowest, floor, date, currency: base } = facts;
  const money = (v: Decimal): string => formatAmount(v, base);
  if (before.plus(amount).gt(approved)) {
    throw ruleBroken(
      RESERVE_RULES.overApproved,
      `the case was approved for ${money(approved)} ${base} and ${money(before)} has been disbursed; ` +
        `${money(amount)} more would exceed the approval`,
      { remaining: money(approved.minus(before)), currency: base },
    );
  }
  if (lowest.minus(amount).lt(floor)) {
    throw ruleBroken(
      RESERVE_RULES.floor,
      `the reserve fund holds ${money(lowest)} ${base} from ${date} on; disbursing ${money(amount)} ` +
        `would take it below its floor of ${money(floor)} ${base}`,
      { balance: money(lowest), floor: money(floor), currency: base },
    );
  }
  const disbursedTotal = before.plus(amount);
  return { disbursedTotal, commitment: commitment(status, approved, disbursedTotal) };
}
