import { Decimal } from 'decimal.js';
import { Dec, DomainError } from '@app/common';
import {
  assertAssessable,
  assessmentDate,
  assessmentLines,
  memberChanges,
  planAssessment,
  totalsByMember,
} from './assessment-plan';
import { MemberBook } from './member-book';
import { planPayment, planWriteOff } from './payment-allocation';

const d = (s: string): Decimal => new Dec(s);
const map = (o: Record<string, string>): Map<string, Decimal> => new Map(Object.entries(o).map(([k, v]) => [k, d(v)]));

describe('assessmentDate', () => {
  const startsOn = '2005-01-01';
  it.each([
    ['a first version: the start of the year', undefined, undefined, '2004-11-01', '2005-01-01'],
    ['a first version approved in the year: still its start', undefined, undefined, '2005-03-01', '2005-01-01'],
    [
      'a revision approved in the year: its approval',
      undefined,
      { version: 1, assessedOn: '2005-01-01' },
      '2005-06-01',
      '2005-06-01',
    ],
    [
      'a revision approved before the year: its start',
      undefined,
      { version: 1, assessedOn: '2005-01-01' },
      '2004-12-01',
      '2005-01-01',
    ],
    ['the date asked for', '2005-02-15', undefined, '2004-11-01', '2005-02-15'],
    [
      'a revision on the day of the one before',
      '2005-03-01',
      { version: 1, assessedOn: '2005-03-01' },
      '2005-06-01',
      '2005-03-01',
    ],
  ] as const)('%s', (_name, assessedOn, previous, approvalDate, expected) => {
    expect(assessmentDate({ assessedOn, previous, approvalDate, startsOn })).toBe(expected);
  });

  it('refuses a revision dated before the version it revises', () => {
    expect(() =>
      assessmentDate({
        assessedOn: '2005-02-28',
        previous: { version: 1, assessedOn: '2005-03-01' },
        approvalDate: '2005-06-01',
        startsOn,
      }),
    ).toThrow(/on or after 2005-03-01, when version 1 was assessed/);
  });
});

describe('memberChanges', () => {
  it.each([
    [
      'a first version',
      { MEX: '60.00', ARG: '40.00' },
      {},
      [
        ['ARG', '40.00', '40.00'],
        ['MEX', '60.00', '60.00'],
      ],
    ],
    [
      'a revision',
      { MEX: '70.00', ARG: '30.00' },
      { MEX: '60.00', ARG: '40.00' },
      [
        ['ARG', '30.00', '-10.00'],
        ['MEX', '70.00', '10.00'],
      ],
    ],
    [
      'a member left out of the scale',
      { MEX: '100.00' },
      { MEX: '60.00', ARG: '40.00' },
      [
        ['ARG', '0.00', '-40.00'],
        ['MEX', '100.00', '40.00'],
      ],
    ],
    ['unchanged', { MEX: '100.00' }, { MEX: '100.00' }, [['MEX', '100.00', '0.00']]],
  ])('%s', (_name, now, before, expected) => {
    expect(
      memberChanges(map(now), map(before)).map((c) => [c.member, c.amount.toFixed(2), c.delta.toFixed(2)]),
    ).toEqual(expected);
  });
});

describe('assertAssessable', () => {
  const member = (code: string, joinedOn: string, leftOn: string | null = null) => ({ code, joinedOn, leftOn });
  it.each([
    ['a member all year', [member('MEX', '2000-01-01')], { MEX: '10.00' }, null],
    ['joined during the year', [member('MEX', '2005-06-01')], { MEX: '10.00' }, null],
    ['joined after the year', [member('MEX', '2006-01-01')], { MEX: '10.00' }, 'MEX'],
    ['left before the year', [member('MEX', '2000-01-01', '2004-12-31')], { MEX: '10.00' }, 'MEX'],
    ['left before the year, assessed nothing', [member('MEX', '2000-01-01', '2004-12-31')], { MEX: '0.00' }, null],
    ['several', [member('ARG', '2006-02-01'), member('MEX', '2006-01-01')], { ARG: '1.00', MEX: '1.00' }, 'ARG, MEX'],
  ] as const)('%s', (_name, members, amounts, stranded) => {
    const act = () => assertAssessable(members, map(amounts), 2005, 1);
    if (stranded === null) act();
    else expect(act).toThrow(`not assessable: ${stranded};`);
  });
});

describe('planAssessment', () => {
  const bookOf = (assessed: string, paid: string[], waived?: string): MemberBook => {
    const book = new MemberBook('MEX');
    book.addAssessment({ fiscalYear: 2005, date: '2005-01-01', delta: d(assessed) });
    paid.forEach((amount, i) =>
      planPayment(book, { id: `p${i + 1}`, seq: i + 1, date: `2005-02-0${i + 1}`, amountBase: d(amount) }),
    );
    if (waived) planWriteOff(book, 2005, '2005-03-01', 'waiver', d(waived));
    return book;
  };
  it.each([
    // [case, assessed, payments, waived, delta, applied, released, write-offs given back]
    ['an increase meets the advance', '100.00', ['130.00'], undefined, '20.00', [['p1', '20.00']], [], []],
    ['an increase larger than the advance', '100.00', ['110.00'], undefined, '50.00', [['p1', '10.00']], [], []],
    ['a decrease within what is unpaid', '100.00', ['50.00'], undefined, '-30.00', [], [], []],
    [
      'a decrease below what was paid: the latest payment first',
      '100.00',
      ['60.00', '40.00'],
      undefined,
      '-50.00',
      [],
      [
        ['p2', '40.00'],
        ['p1', '10.00'],
      ],
      [],
    ],
    [
      'a decrease gives back a waiver first',
      '100.00',
      ['60.00'],
      '40.00',
      '-50.00',
      [],
      [['p1', '10.00']],
      [['MEX', '40.00']],
    ],
  ] as const)('%s', (_name, assessed, paid, waived, delta, applied, released, reduced) => {
    const book = bookOf(assessed, [...paid], waived);
    const plan = planAssessment(
      new Map([['MEX', book]]),
      [{ member: 'MEX', amount: d('0'), delta: d(delta) }],
      2005,
      '2005-07-01',
    );
    expect(plan.applied.map((a) => [a.paymentId, a.amount.toFixed(2)])).toEqual(applied);
    expect(plan.released.map((a) => [a.paymentId, a.amount.toFixed(2)])).toEqual(released);
    expect(plan.writeOffsReduced.map((w) => [w.member, w.amount.toFixed(2)])).toEqual(reduced);
    expect([...plan.applied, ...plan.released].every((a) => a.member === 'MEX')).toBe(true);
    book.assertSound();
  });

  it('refuses a decrease dated before the year last moved, before any book changes', () => {
    const book = bookOf('100.00', ['60.00']);
    expect(() =>
      planAssessment(
        new Map([['MEX', book]]),
        [{ member: 'MEX', amount: d('50.00'), delta: d('-50.00') }],
        2005,
        '2005-01-15',
      ),
    ).toThrow(DomainError);
    expect(book.assessed(2005).toFixed(2)).toBe('100.00');
  });
});

describe('assessmentLines and totalsByMember', () => {
  it('posts increases and decreases each against one revenue line', () => {
    const lines = assessmentLines([
      { member: 'ARG', amount: d('30.00'), delta: d('-10.00') },
      { member: 'MEX', amount: d('70.00'), delta: d('10.00') },
      { member: 'PAN', amount: d('5.00'), delta: d('5.00') },
    ]);
    expect(lines.map((l) => [l.account, l.side, l.amount.toFixed(2), l.member ?? null])).toEqual([
      ['1100', 'credit', '10.00', 'ARG'],
      ['1100', 'debit', '10.00', 'MEX'],
      ['1100', 'debit', '5.00', 'PAN'],
      ['4100', 'credit', '15.00', null],
      ['4100', 'debit', '10.00', null],
    ]);
  });

  it('sums per member in code order', () => {
    const totals = totalsByMember([
      { member: 'MEX', amount: d('1.00') },
      { member: 'ARG', amount: d('2.00') },
      { member: 'MEX', amount: d('3.00') },
    ]);
    expect([...totals].map(([m, a]) => [m, a.toFixed(2)])).toEqual([
      ['ARG', '2.00'],
      ['MEX', '4.00'],
    ]);
  });
});
