import { DomainError } from '@app/common';
import { Dec } from '@app/common';
import {
  availableToApprove,
  CASE_STATUSES,
  CaseEvent,
  CaseStatus,
  commitment,
  notConsulted,
  transition,
} from './case-rules';

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
