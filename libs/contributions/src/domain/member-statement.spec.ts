import { Dec } from '@app/common';
import {
  AllocationEventRow,
  advanceLines,
  assertStatementCloses,
  assessmentLines,
  paymentLines,
  perYear,
  reversalLines,
  runningBalance,
  StatementDraft,
  statementDrafts,
  StatementWords,
  writeOffLines,
} from './member-statement';

const WORDS: StatementWords = {
  assessment: 'Assessed',
  assessment_reduction: 'Lowered',
  payment: 'Paid',
  advance_applied: 'Advance applied',
  advance_released: 'Returned to advance',
  write_off: 'Written off',
  waiver: 'Waived',
  write_off_reduction: 'Write-off given back',
  payment_reversal: 'Reversed',
  fiscalYear: 'FY',
};

const at = (date: string, sequence: number) => ({ date, sequence, entryId: `e${sequence}` });
const alloc = (
  entry: number,
  paymentId: string,
  kind: AllocationEventRow['kind'],
  fiscalYear: number,
  amount: string,
  date = '2005-03-01',
): AllocationEventRow => ({
  ...at(date, entry),
  paymentId,
  paymentReference: `REF-${paymentId}`,
  fiscalYear,
  kind,
  amount,
});
/** A line's figures as text, to compare in tables. */
const figures = (l: StatementDraft) => ({
  type: l.type,
  description: l.description,
  fiscalYear: l.fiscalYear,
  reference: l.reference,
  amount: l.amount.toFixed(2),
  effect: l.effect.toFixed(2),
  allocations: l.allocations.map((y) => [y.fiscalYear, y.amount.toFixed(2)]),
});
const draft = (date: string, sequence: number, effect: string): StatementDraft => ({
  ...at(date, sequence),
  type: 'payment',
  description: '',
  fiscalYear: null,
  reference: null,
  amount: new Dec(effect).abs(),
  effect: new Dec(effect),
  allocations: [],
});

describe('perYear', () => {
  it.each([
    ['none', [], []],
    [
      'summed by year, oldest first',
      [
        alloc(1, 'p1', 'payment', 2006, '10.00'),
        alloc(1, 'p1', 'payment', 2005, '5.00'),
        alloc(2, 'p1', 'payment', 2006, '2.50'),
      ],
      [
        [2005, '5.00'],
        [2006, '12.50'],
      ],
    ],
  ] as const)('%s', (_name, rows, expected) => {
    expect(perYear(rows).map((y) => [y.fiscalYear, y.amount.toFixed(2)])).toEqual(expected);
  });
});

describe('assessmentLines', () => {
  it.each([
    [
      'an assessment raises what is owed',
      '100.00',
      { type: 'assessment', description: 'Assessed, FY 2005 (v1)', amount: '100.00', effect: '100.00' },
    ],
    [
      'a revision that lowers it is a reduction, its amount positive',
      '-30.00',
      { type: 'assessment_reduction', description: 'Lowered, FY 2005 (v1)', amount: '30.00', effect: '-30.00' },
    ],
  ] as const)('%s', (_name, delta, expected) => {
    const [line] = assessmentLines(
      [{ ...at('2005-01-01', 1), fiscalYear: 2005, version: 1, delta, reference: 'B-2005' }],
      WORDS,
    );
    expect(figures(line)).toEqual({ ...expected, fiscalYear: 2005, reference: 'B-2005', allocations: [] });
  });
});

describe('paymentLines', () => {
  const allocations = [
    alloc(2, 'p1', 'payment', 2005, '60.00'),
    alloc(2, 'p1', 'payment', 2004, '40.00'),
    alloc(3, 'p2', 'payment', 2005, '99.00'),
    alloc(4, 'p1', 'reversal', 2005, '60.00'),
    alloc(5, 'p1', 'advance', 2006, '1.00'),
  ];
  it.each([
    ['in the base currency', 'USD', '100.00', 'Paid'],
    ['in another currency: its own amount in the description', 'EUR', '90.00', 'Paid (90.00 EUR)'],
  ])('%s', (_name, currency, amount, description) => {
    const [line] = paymentLines(
      [{ ...at('2005-03-01', 2), paymentId: 'p1', amount, currency, amountBase: '100.00', reference: 'R1' }],
      allocations,
      'USD',
      WORDS,
    );
    expect(figures(line)).toEqual({
      type: 'payment',
      description,
      fiscalYear: null,
      reference: 'R1',
      amount: '100.00',
      effect: '-100.00',
      // only this payment's allocations at receipt, by year
      allocations: [
        [2004, '40.00'],
        [2005, '60.00'],
      ],
    });
  });
});

describe('advanceLines', () => {
  it.each([
    ['no advance movement', [], []],
    [
      'one line per entry; one year names the year',
      [alloc(7, 'p1', 'advance', 2006, '10.00', '2006-01-01'), alloc(8, 'p2', 'advance', 2007, '4.00', '2007-01-01')],
      [
        ['advance_applied', 'Advance applied, FY 2006', 2006, 'REF-p1', '10.00', 'e7'],
        ['advance_applied', 'Advance applied, FY 2007', 2007, 'REF-p2', '4.00', 'e8'],
      ],
    ],
    [
      'several years and payments in one entry: no single year, each reference once',
      [
        alloc(7, 'p1', 'advance', 2007, '10.00'),
        alloc(7, 'p1', 'advance', 2006, '5.00'),
        alloc(7, 'p2', 'advance', 2006, '1.00'),
      ],
      [['advance_applied', 'Advance applied, FY 2006, 2007', null, 'REF-p1, REF-p2', '16.00', 'e7']],
    ],
    [
      'a release returns money to the advance; payments and reversals make no advance line',
      [
        alloc(9, 'p1', 'release', 2005, '20.00'),
        alloc(2, 'p1', 'payment', 2005, '80.00'),
        alloc(4, 'p1', 'reversal', 2005, '60.00'),
      ],
      [['advance_released', 'Returned to advance, FY 2005', 2005, 'REF-p1', '20.00', 'e9']],
    ],
  ] as const)('%s', (_name, rows, expected) => {
    const lines = advanceLines(rows, WORDS);
    expect(
      lines.map((l) => [l.type, l.description, l.fiscalYear, l.reference, l.amount.toFixed(2), l.entryId]),
    ).toEqual(expected);
    // money only moves between the advance and the years: nothing owed changes
    for (const l of lines) expect(l.effect.isZero()).toBe(true);
  });
});

describe('writeOffLines', () => {
  it.each([
    ['write_off', 'write_off', 'Written off, FY 2004', '-25.00'],
    ['waiver', 'waiver', 'Waived, FY 2004', '-25.00'],
    ['reduction', 'write_off_reduction', 'Write-off given back, FY 2004', '25.00'],
  ] as const)('a %s', (kind, type, description, effect) => {
    const [line] = writeOffLines(
      [{ ...at('2005-06-01', 3), fiscalYear: 2004, kind, amount: '25.00', reference: 'D-1' }],
      WORDS,
    );
    expect(figures(line)).toEqual({
      type,
      description,
      fiscalYear: 2004,
      reference: 'D-1',
      amount: '25.00',
      effect,
      allocations: [],
    });
  });
});

describe('reversalLines', () => {
  it.each([
    ['short reason', 'bounced', 'Reversed: bounced'],
    ['a long reason is cut to 500 characters', 'x'.repeat(600), `Reversed: ${'x'.repeat(490)}`],
  ])('%s', (_name, reason, description) => {
    const [line] = reversalLines(
      [{ ...at('2005-04-01', 4), paymentId: 'p1', amountBase: '100.00', reference: 'R1', reason }],
      [
        alloc(4, 'p1', 'reversal', 2005, '60.00'),
        alloc(4, 'p1', 'reversal', 2004, '40.00'),
        alloc(2, 'p1', 'payment', 2005, '60.00'),
      ],
      WORDS,
    );
    expect(figures(line)).toEqual({
      type: 'payment_reversal',
      description,
      fiscalYear: null,
      reference: 'R1',
      amount: '100.00',
      effect: '100.00',
      allocations: [
        [2004, '40.00'],
        [2005, '60.00'],
      ],
    });
  });
});

describe('statementDrafts', () => {
  it('puts every kind of line in ledger order: by date, then by entry sequence', () => {
    const lines = statementDrafts(
      {
        assessments: [{ ...at('2005-01-01', 5), fiscalYear: 2005, version: 1, delta: '100.00', reference: 'B' }],
        payments: [
          {
            ...at('2005-01-01', 2),
            paymentId: 'p1',
            amount: '10.00',
            currency: 'USD',
            amountBase: '10.00',
            reference: 'R1',
          },
        ],
        allocations: [alloc(9, 'p1', 'advance', 2005, '10.00', '2005-01-01')],
        writeOffs: [{ ...at('2004-12-31', 7), fiscalYear: 2004, kind: 'waiver', amount: '1.00', reference: 'D' }],
        reversals: [{ ...at('2005-02-01', 1), paymentId: 'p1', amountBase: '10.00', reference: 'R1', reason: 'r' }],
      },
      'USD',
      WORDS,
    );
    expect(lines.map((l) => [l.date, l.sequence, l.type])).toEqual([
      ['2004-12-31', 7, 'waiver'],
      ['2005-01-01', 2, 'payment'],
      ['2005-01-01', 5, 'assessment'],
      ['2005-01-01', 9, 'advance_applied'],
      ['2005-02-01', 1, 'payment_reversal'],
    ]);
  });
});

describe('runningBalance', () => {
  const drafts = [draft('2004-01-01', 1, '100.00'), draft('2004-06-01', 2, '-30.00'), draft('2005-01-01', 3, '50.00')];
  it.each([
    ['from the first event', undefined, '0.00', ['100.00', '70.00', '120.00'], '120.00'],
    ['from a date: earlier lines make the opening', '2004-06-01', '100.00', ['70.00', '120.00'], '120.00'],
    ['from after the last line: only the opening', '2006-01-01', '120.00', [], '120.00'],
  ])('%s', (_name, from, opening, balances, closing) => {
    const result = runningBalance(drafts, from);
    expect(result.opening.toFixed(2)).toBe(opening);
    expect(result.lines.map((l) => l.balance.toFixed(2))).toEqual(balances);
    expect(result.closing.toFixed(2)).toBe(closing);
  });
});

describe('assertStatementCloses', () => {
  it.each([
    ['owing', '70.00', '70.00', '0.00', true],
    ['in credit: the advance less what is outstanding', '-20.00', '10.00', '30.00', true],
    ['a statement that closes elsewhere', '70.00', '70.00', '0.01', false],
  ])('%s', (_name, closing, outstanding, advance, sound) => {
    const check = () => assertStatementCloses('MEX', new Dec(closing), new Dec(outstanding), new Dec(advance));
    if (sound) expect(check).not.toThrow();
    else expect(check).toThrow(/post-condition failed: statement of MEX closes at 70, register says 69.99/);
  });
});
