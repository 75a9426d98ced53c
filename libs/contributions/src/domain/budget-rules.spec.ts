import { Dec } from '@app/common';
import {
  assessmentAmounts,
  budgetProblems,
  ineligibleScaleMembers,
  SHARE_PATTERN,
  unknownScaleMembers,
} from './budget-rules';
import { collectionRate, standingOf } from './standing';
import { isAssessable } from './eligibility';

const d = (s: string) => new Dec(s);

describe('budget rules', () => {
  it.each([
    ['12.5', true],
    ['8.3333', true],
    ['100', true],
    ['0', true],
    ['8.33333', false],
    ['08.5', false],
    ['1e1', false],
    ['-1', false],
    ['1000', false],
  ])('share %s is %s', (share, ok) => {
    expect(SHARE_PATTERN.test(share)).toBe(ok);
  });

  it('refuses shares adding up to 99.9999', () => {
    const problems = budgetProblems(d('1000.00'), [{ code: 'A', amount: d('1000.00') }], 'share', [
      { member: 'MEX', value: d('50') },
      { member: 'GTM', value: d('49.9999') },
    ]);
    expect(problems).toEqual([{ field: 'scale', message: 'the shares add up to 99.9999, not exactly 100' }]);
  });

  it('refuses lines that do not add up to the total, and duplicates', () => {
    const problems = budgetProblems(
      d('1000.00'),
      [
        { code: 'A', amount: d('600.00') },
        { code: 'A', amount: d('300.00') },
      ],
      'amount',
      [
        { member: 'MEX', value: d('1000.00') },
        { member: 'MEX', value: d('0.00') },
      ],
    );
    expect(problems.map((p) => p.field)).toEqual(['lines[1].code', 'lines', 'scale[1].member']);
  });

  it.each([
    [
      'three equal thirds',
      '100.00',
      [
        ['AAA', '33.3333'],
        ['BBB', '33.3333'],
        ['CCC', '33.3334'],
      ],
      ['33.33', '33.33', '33.34'],
    ],
    [
      'largest remainder, ties to the lower code',
      '100.00',
      [
        ['CCC', '33.3333'],
        ['BBB', '33.3333'],
        ['AAA', '33.3334'],
      ],
      ['33.34', '33.33', '33.33'],
    ],
    [
      'seven members',
      '250000.00',
      [
        ['BLZ', '5'],
        ['CAN', '25'],
        ['CRI', '5'],
        ['GTM', '5'],
        ['MEX', '25'],
        ['SLV', '5'],
        ['USA', '30'],
      ],
      ['12500.00', '62500.00', '12500.00', '12500.00', '62500.00', '12500.00', '75000.00'],
    ],
  ])('splits %s so the parts add up exactly', (_case, total, shares, expected) => {
    const amounts = assessmentAmounts(
      d(total),
      'share',
      shares.map(([member, share]) => ({ member, value: d(share) })),
      2,
    );
    expect([...amounts.values()].map((a) => a.toFixed(2))).toEqual(expected);
    expect([...amounts.values()].reduce((s, a) => s.plus(a), d('0')).toFixed(2)).toBe(total);
  });
});

describe('standing', () => {
  const years = (rows: [number, string, string][]) =>
    rows.map(([fiscalYear, assessed, outstanding]) => ({
      fiscalYear,
      assessed: d(assessed),
      outstanding: d(outstanding),
    }));
  it.each([
    [
      'no policy: always good',
      { rule: 'none' as const, years: 2 },
      [
        [2003, '100', '100'],
        [2004, '100', '100'],
      ],
      false,
      'good',
      '200',
    ],
    [
      'arrears reach the two preceding years',
      { rule: 'arrears_years' as const, years: 2 },
      [
        [2003, '100', '100'],
        [2004, '100', '100'],
        [2005, '100', '100'],
      ],
      false,
      'in_arrears',
      '200',
    ],
    [
      'arrears below the two preceding years',
      { rule: 'arrears_years' as const, years: 2 },
      [
        [2003, '100', '100'],
        [2004, '100', '99.99'],
      ],
      false,
      'good',
      '199.99',
    ],
    [
      'exempted by decision',
      { rule: 'arrears_years' as const, years: 2 },
      [
        [2003, '100', '100'],
        [2004, '100', '100'],
      ],
      true,
      'exempt',
      '200',
    ],
    [
      'no arrears and nothing assessed',
      { rule: 'arrears_years' as const, years: 2 },
      [[2005, '100', '100']],
      false,
      'good',
      '0',
    ],
    [
      'one year rule',
      { rule: 'arrears_years' as const, years: 1 },
      [
        [2003, '50', '20'],
        [2004, '100', '80'],
      ],
      false,
      'in_arrears',
      '100',
    ],
  ])('%s', (_case, rule, rows, exempt, standing, arrears) => {
    const result = standingOf(rule, 2005, years(rows as [number, string, string][]), exempt);
    expect(result.standing).toBe(standing);
    expect(result.arrears.toFixed()).toBe(arrears);
  });

  it.each([
    ['75.00', '100.00', '0.7500'],
    ['2.00', '3.00', '0.6667'],
    ['0.00', '100.00', '0.0000'],
    ['1.00', '0.00', null],
  ])('collection rate %s / %s = %s', (paid, assessed, rate) => {
    expect(collectionRate(d(paid), d(assessed))).toBe(rate);
  });

  it.each([
    ['joined during the year', { joinedOn: '2005-06-01', leftOn: null }, 2005, true],
    ['joined after the year ended', { joinedOn: '2006-01-01', leftOn: null }, 2005, false],
    ['left during the year', { joinedOn: '1996-01-01', leftOn: '2005-03-31' }, 2005, true],
    ['left before the year started', { joinedOn: '1996-01-01', leftOn: '2004-12-31' }, 2005, false],
  ])('eligibility: %s', (_case, member, year, ok) => {
    expect(isAssessable(member, year, 1)).toBe(ok);
  });

  it.each([
    ['every member known', ['MEX', 'GTM'], ['GTM', 'MEX'], []],
    [
      'one unknown, named by its place',
      ['MEX', 'XXX', 'GTM'],
      ['GTM', 'MEX'],
      ["scale[1].member: unknown member 'XXX'"],
    ],
    [
      'each unknown named',
      ['YYY', 'MEX', 'XXX'],
      ['MEX'],
      ["scale[0].member: unknown member 'YYY'", "scale[2].member: unknown member 'XXX'"],
    ],
    ['no member known', ['MEX'], [], ["scale[0].member: unknown member 'MEX'"]],
  ])('scale members: %s', (_case, scale, known, problems) => {
    const entries = scale.map((member) => ({ member, value: d('10') }));
    expect(unknownScaleMembers(entries, new Set(known)).map((p) => `${p.field}: ${p.message}`)).toEqual(problems);
  });

  it.each([
    ['a member during the year, assessed', { joinedOn: '1996-01-01', leftOn: null }, '10', false],
    ['joined after the year, assessed', { joinedOn: '2006-01-01', leftOn: null }, '10', true],
    ['left before the year, assessed', { joinedOn: '1996-01-01', leftOn: '2004-12-31' }, '10', true],
    ['left before the year, a zero share', { joinedOn: '1996-01-01', leftOn: '2004-12-31' }, '0', false],
    ['joined after the year, a zero amount', { joinedOn: '2006-01-01', leftOn: null }, '0.00', false],
  ])('assessable in 2005: %s → refused %s', (_case, dates, value, refused) => {
    const member = { code: 'BLZ', ...dates };
    const scale = [
      { member: 'MEX', value: d('90') },
      { member: 'BLZ', value: d(value) },
    ];
    const others = [{ code: 'MEX', joinedOn: '1996-01-01', leftOn: null }];
    expect(ineligibleScaleMembers(scale, [...others, member], 2005, 1)).toEqual(refused ? [member] : []);
  });
});
