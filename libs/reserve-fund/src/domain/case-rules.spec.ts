import { DomainError } from '@app/common';
import { Dec } from '@app/common';
import {
  ApprovalFacts,
  assertApprovalFits,
  assertDecidable,
  assertInvolved,
  availableToApprove,
  CASE_STATUSES,
  CaseEvent,
  CaseStatus,
  commitment,
  notConsulted,
  planDisbursement,
  transition,
} from './case-rules';

/** The rule a call refuses with (from the problem's `rule`), or null when it passes. */
function ruleOf(call: () => unknown): string | null {
  try {
    call();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return String(error.extensions?.rule);
  }
}

describe('transition (the Protocol as a state machine)', () => {
  type Event = Exclude<CaseEvent, 'requested'>;
  // Every status × event: where it leads, or the rule that refuses it.
  const table: Record<CaseStatus, Partial<Record<Event, CaseStatus>>> = {
    requested: { consulted: 'consulting', approved: 'approved', rejected: 'rejected', closed: 'closed' },
    consulting: { consulted: 'consulting', approved: 'approved', rejected: 'rejected', closed: 'closed' },
    approved: { notified: 'notified', closed: 'closed' },
    rejected: { closed: 'closed' },
    notified: { disbursed: 'disbursed', closed: 'closed' },
    disbursed: { disbursed: 'disbursed', closed: 'closed' },
    closed: {},
  };
  const events: Event[] = ['consulted', 'approved', 'rejected', 'notified', 'disbursed', 'closed'];
  const cases = CASE_STATUSES.flatMap((status) =>
    events.map((event) => [status, event, table[status][event] ?? null] as const),
  );

  it.each(cases)('%s + %s → %s', (status, event, expected) => {
    if (expected === null) {
      expect(() => transition(status, event)).toThrow(DomainError);
    } else {
      expect(transition(status, event)).toBe(expected);
    }
  });

  it.each([
    ['approved', 'disbursed', 'reserve.disburse_after_approval_and_notification', /not been notified/],
    ['consulting', 'disbursed', 'reserve.disburse_after_approval_and_notification', /approved by IOM and notified/],
    ['consulting', 'notified', 'reserve.notify_after_approval', /only an approved case/],
    ['notified', 'notified', 'reserve.notify_after_approval', /already notified/],
    ['approved', 'approved', 'reserve.invalid_transition', /already decided/],
  ] as const)('%s + %s is refused with rule %s', (status, event, rule, message) => {
    try {
      transition(status, event);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).extensions?.rule).toBe(rule);
      expect((error as DomainError).message).toMatch(message);
    }
  });
});

describe('notConsulted', () => {
  it.each([
    [['PAN', 'ECU'], [], ['PAN', 'ECU']],
    [['PAN', 'ECU'], ['ECU'], ['PAN']],
    [['PAN', 'ECU'], ['ECU', 'PAN', 'ECU'], []],
    [['MEX', 'CHN', 'GTM'], ['GTM'], ['MEX', 'CHN']],
  ])('involved %j, consulted %j → missing %j', (involved, consulted, missing) => {
    expect(notConsulted(involved, consulted)).toEqual(missing);
  });
});

describe('commitment', () => {
  it.each([
    ['requested', null, '0', '0'],
    ['approved', '15000.00', '0', '15000'],
    ['notified', '15000.00', '0', '15000'],
    ['disbursed', '15000.00', '9000.00', '6000'],
    ['disbursed', '15000.00', '15000.00', '0'],
    ['rejected', null, '0', '0'],
    ['closed', '15000.00', '9000.00', '0'],
  ] as const)('%s, approved %s, disbursed %s → %s', (status, approved, disbursed, expected) => {
    expect(commitment(status, approved === null ? null : new Dec(approved), new Dec(disbursed)).toFixed()).toBe(
      expected,
    );
  });
});

describe('availableToApprove', () => {
  it.each([
    ['100000.00', '15000.00', '0.00', '85000'],
    ['100000.00', '15000.00', '20000.00', '65000'],
    ['10000.00', '15000.00', '0.00', '-5000'],
  ])('balance %s − committed %s − floor %s = %s', (balance, committed, floor, expected) => {
    expect(availableToApprove(new Dec(balance), new Dec(committed), new Dec(floor)).toFixed()).toBe(expected);
  });
});

describe('assertInvolved', () => {
  it.each([
    [['PAN', 'ECU'], 'ECU', null],
    [['PAN', 'ECU'], 'MEX', 'reserve.country_not_involved'],
    [[], 'PAN', 'reserve.country_not_involved'],
  ])('involved %j, consulting %s → %s', (involved, country, rule) => {
    expect(ruleOf(() => assertInvolved(involved, country))).toBe(rule);
  });
});

describe('assertDecidable (IOM decides, after consulting every country involved)', () => {
  it.each([
    ['IOM', ['PAN', 'ECU'], ['ECU', 'PAN'], null],
    ['IOM', ['PAN'], ['PAN', 'PAN'], null],
    ['OIM', ['PAN'], ['PAN'], 'reserve.decided_by_iom'],
    ['PAN', ['PAN'], [], 'reserve.decided_by_iom'],
    ['IOM', ['PAN', 'ECU'], ['ECU'], 'reserve.consult_every_country'],
    ['IOM', ['PAN', 'ECU'], [], 'reserve.consult_every_country'],
  ])('decided by %s, involved %j, consulted %j → %s', (decidedBy, involved, consulted, rule) => {
    expect(ruleOf(() => assertDecidable(decidedBy, involved, consulted))).toBe(rule);
  });

  it('names the countries not yet consulted', () => {
    expect(() => assertDecidable('IOM', ['MEX', 'CHN', 'GTM'], ['GTM'])).toThrow(/not yet consulted: MEX, CHN/);
  });
});

describe('assertApprovalFits (requested, per-case cap, available balance, floor)', () => {
  type Figures = { requested: string; perCaseCap: string | null; balance: string; committed: string; floor: string };
  const facts = (over: Partial<Figures>): ApprovalFacts => {
    const v: Figures = {
      requested: '20000.00',
      perCaseCap: null,
      balance: '100000.00',
      committed: '0',
      floor: '0',
      ...over,
    };
    return {
      requested: new Dec(v.requested),
      perCaseCap: v.perCaseCap === null ? null : new Dec(v.perCaseCap),
      lowestBalance: new Dec(v.balance),
      committed: new Dec(v.committed),
      floor: new Dec(v.floor),
      currency: 'USD',
    };
  };
  it.each([
    ['as requested', '20000.00', {}, null],
    ['less than requested', '15000.00', {}, null],
    ['more than requested', '20000.01', {}, 'reserve.approved_over_requested'],
    ['at the cap', '15000.00', { perCaseCap: '15000.00' }, null],
    ['over the cap', '15000.01', { perCaseCap: '15000.00' }, 'reserve.per_case_cap'],
    ['over requested before over the cap', '25000.00', { perCaseCap: '15000.00' }, 'reserve.approved_over_requested'],
    ['exactly what is available', '20000.00', { balance: '50000.00', committed: '20000.00', floor: '10000.00' }, null],
    [
      'a cent over what is available',
      '20000.01',
      { requested: '30000.00', balance: '50000.00', committed: '20000.00', floor: '10000.00' },
      'reserve.available_balance',
    ],
    ['the floor is kept', '1.00', { balance: '10000.00', floor: '10000.00' }, 'reserve.available_balance'],
    ['commitments are kept', '1.00', { balance: '10000.00', committed: '10000.00' }, 'reserve.available_balance'],
    [
      'a fund below its floor approves nothing',
      '0.01',
      { balance: '5000.00', floor: '10000.00' },
      'reserve.available_balance',
    ],
  ] as const)('%s: %s with %j → %s', (_name, approved, over, rule) => {
    expect(ruleOf(() => assertApprovalFits(new Dec(approved), facts(over)))).toBe(rule);
  });

  it('says what is available, never below zero', () => {
    try {
      assertApprovalFits(new Dec('1.00'), facts({ balance: '5000.00', floor: '10000.00' }));
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as DomainError).extensions).toMatchObject({
        available: '0.00',
        floor: '10000.00',
        currency: 'USD',
      });
    }
  });
});

describe('planDisbursement (within the approval, above the floor)', () => {
  it.each([
    // [case, amount, approved, disbursed before, lowest balance, floor, rule, total, commitment]
    ['the whole approval', '15000.00', '15000.00', '0', '100000.00', '0', null, '15000', '0'],
    ['a first part', '9000.00', '15000.00', '0', '100000.00', '0', null, '9000', '6000'],
    ['the rest', '6000.00', '15000.00', '9000.00', '100000.00', '0', null, '15000', '0'],
    [
      'a cent over the approval',
      '6000.01',
      '15000.00',
      '9000.00',
      '100000.00',
      '0',
      'reserve.disbursed_over_approved',
      null,
      null,
    ],
    ['down to the floor', '5000.00', '15000.00', '0', '15000.00', '10000.00', null, '5000', '10000'],
    ['a cent below the floor', '5000.01', '15000.00', '0', '15000.00', '10000.00', 'reserve.balance_floor', null, null],
    [
      'over the approval before the floor',
      '16000.00',
      '15000.00',
      '0',
      '1000.00',
      '0',
      'reserve.disbursed_over_approved',
      null,
      null,
    ],
  ] as const)('%s', (_name, amount, approved, before, lowest, floor, rule, total, committed) => {
    const plan = () =>
      planDisbursement(new Dec(amount), {
        status: 'disbursed',
        approved: new Dec(approved),
        disbursedBefore: new Dec(before),
        lowestBalance: new Dec(lowest),
        floor: new Dec(floor),
        date: '2026-05-01',
        currency: 'USD',
      });
    expect(ruleOf(plan)).toBe(rule);
    if (rule === null) {
      const p = plan();
      expect([p.disbursedTotal.toFixed(), p.commitment.toFixed()]).toEqual([total, committed]);
    }
  });
});
