import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import {
  exactSubsets,
  MatchableLine,
  MatchablePosting,
  MatchProposal,
  proposeMatches,
  referencesAgree,
} from './auto-match';

let nextId = 1;
const line = (date: string, signed: string, reference = '', extra: Partial<MatchableLine> = {}): MatchableLine => ({
  id: String(nextId++),
  date,
  direction: signed.startsWith('-') ? 'debit' : 'credit',
  amount: new Dec(signed.replace(/^[-+]/, '')),
  currency: 'USD',
  reference,
  bankReference: null,
  description: '',
  reversal: false,
  ...extra,
});
/** `signed`: + a debit of the bank (money in), − a credit. */
const posting = (
  date: string,
  signed: string,
  description = '',
  references: string[] = [],
  extra: Partial<MatchablePosting> = {},
): MatchablePosting => ({
  id: String(nextId++),
  date,
  side: signed.startsWith('-') ? 'credit' : 'debit',
  amount: new Dec(signed.replace(/^[-+]/, '')),
  currency: 'USD',
  description,
  references,
  ...extra,
});

/** Proposals as [rule, line indexes, posting indexes] for readable expectations. */
function run(lines: MatchableLine[], postings: MatchablePosting[], windowDays = 5): [string, number[], number[]][] {
  return proposeMatches(lines, postings, { windowDays }).map((p: MatchProposal) => [
    p.rule,
    p.lineIds.map((id) => lines.findIndex((l) => l.id === id)).sort(),
    p.postingIds.map((id) => postings.findIndex((x) => x.id === id)).sort(),
  ]);
}

describe('proposeMatches', () => {
  it.each<[string, () => [MatchableLine[], MatchablePosting[]], [string, number[], number[]][]]>([
    [
      'exact reference and amount',
      () => [
        [line('2024-03-04', '1500.00', 'CONTRIB-MEX')],
        [posting('2024-03-04', '1500.00', 'Dues contrib-mex 2024')],
      ],
      [['reference', [0], [0]]],
    ],
    [
      'amount within the window (+5 days)',
      () => [[line('2024-03-06', '250.00')], [posting('2024-03-01', '250.00')]],
      [['amount-date', [0], [0]]],
    ],
    [
      'amount within the window (−5 days)',
      () => [[line('2024-02-25', '250.00')], [posting('2024-03-01', '250.00')]],
      [['amount-date', [0], [0]]],
    ],
    ['outside the window (6 days)', () => [[line('2024-03-07', '250.00')], [posting('2024-03-01', '250.00')]], []],
    [
      'across a month end inside the window',
      () => [[line('2024-03-02', '99.99')], [posting('2024-02-28', '99.99')]],
      [['amount-date', [0], [0]]],
    ],
    [
      'amounts equal at different scales (8.850 = 8.85)',
      () => [[line('2024-03-01', '8.850')], [posting('2024-03-01', '8.85')]],
      [['amount-date', [0], [0]]],
    ],
    ['a cent apart: no match', () => [[line('2024-03-01', '100.01')], [posting('2024-03-01', '100.00')]], []],
    ['same amount, wrong direction', () => [[line('2024-03-01', '-100.00')], [posting('2024-03-01', '100.00')]], []],
    [
      'same amount, other currency',
      () => [[line('2024-03-01', '100.00', '', { currency: 'EUR' })], [posting('2024-03-01', '100.00')]],
      [],
    ],
    [
      'money out ↔ credit of the bank',
      () => [[line('2024-03-01', '-42.10')], [posting('2024-03-02', '-42.10')]],
      [['amount-date', [0], [0]]],
    ],
    [
      'two candidates tie: none',
      () => [[line('2024-03-04', '100.00')], [posting('2024-03-03', '100.00'), posting('2024-03-04', '100.00')]],
      [],
    ],
    [
      'two lines, one posting: none',
      () => [[line('2024-03-04', '100.00'), line('2024-03-05', '100.00')], [posting('2024-03-04', '100.00')]],
      [],
    ],
    [
      'reference breaks a tie',
      () => [
        [line('2024-03-04', '100.00', 'INV-77')],
        [posting('2024-03-03', '100.00', 'Payment INV-77'), posting('2024-03-04', '100.00')],
      ],
      [['reference', [0], [0]]],
    ],
    [
      'two referenced candidates still tie',
      () => [
        [line('2024-03-04', '100.00', 'INV-77')],
        [posting('2024-03-03', '100.00', 'INV-77 a'), posting('2024-03-04', '100.00', 'INV-77 b')],
      ],
      [],
    ],
    [
      'once the referenced pair is taken, the other pair becomes unique',
      () => [
        [line('2024-03-04', '100.00', 'INV-77'), line('2024-03-04', '100.00', 'OTHER')],
        [posting('2024-03-03', '100.00', 'Payment INV-77'), posting('2024-03-04', '100.00')],
      ],
      [
        ['reference', [0], [0]],
        ['amount-date', [1], [1]],
      ],
    ],
    [
      'a short reference (< 4 characters) is not a reference',
      () => [
        [line('2024-03-04', '100.00', 'A1')],
        [posting('2024-03-03', '100.00', 'xa1x'), posting('2024-03-04', '100.00')],
      ],
      [],
    ],
    [
      'one-to-many: two postings add up exactly',
      () => [
        [line('2024-03-12', '1000.00')],
        [posting('2024-03-10', '600.00'), posting('2024-03-11', '400.00'), posting('2024-03-11', '999.00')],
      ],
      [['one-to-many', [0], [0, 1]]],
    ],
    [
      'one-to-many: five postings (the most)',
      () => [
        [line('2024-03-12', '15.00')],
        ['1.00', '2.00', '3.00', '4.00', '5.00'].map((a) => posting('2024-03-12', a)),
      ],
      [['one-to-many', [0], [0, 1, 2, 3, 4]]],
    ],
    [
      'one-to-many: six would be needed: none',
      () => [
        [line('2024-03-12', '21.00')],
        ['1.00', '2.00', '3.00', '4.00', '5.00', '6.00'].map((a) => posting('2024-03-12', a)),
      ],
      [],
    ],
    [
      'one-to-many: two sets add up: none',
      () => [
        [line('2024-03-11', '1000.00')],
        ['300.00', '700.00', '400.00', '600.00'].map((a) => posting('2024-03-10', a)),
      ],
      [],
    ],
    [
      'one-to-many: a referenced set is preferred over an unreferenced one',
      () => [
        [line('2024-03-11', '1000.00', 'GRANT-9')],
        [
          posting('2024-03-10', '300.00', 'GRANT-9 a'),
          posting('2024-03-10', '700.00', 'GRANT-9 b'),
          posting('2024-03-10', '400.00'),
          posting('2024-03-10', '600.00'),
        ],
      ],
      [['one-to-many', [0], [0, 1]]],
    ],
    [
      'one-to-many: a posting outside the window does not count',
      () => [[line('2024-03-12', '1000.00')], [posting('2024-03-10', '600.00'), posting('2024-03-01', '400.00')]],
      [],
    ],
    [
      'one-to-many never when an equal-amount candidate exists (even a tied one)',
      () => [
        [line('2024-03-12', '1000.00')],
        [
          posting('2024-03-10', '1000.00'),
          posting('2024-03-11', '1000.00'),
          posting('2024-03-10', '600.00'),
          posting('2024-03-11', '400.00'),
        ],
      ],
      [],
    ],
    [
      'reversal pair: a reversal and the earlier opposite line with the same reference, weeks apart',
      () => [
        [line('2024-03-04', '5000.00', 'CONTRIB-FR'), line('2024-03-28', '-5000.00', 'CONTRIB-FR', { reversal: true })],
        [],
      ],
      [['reversal-pair', [0, 1], []]],
    ],
    [
      'reversal of a line already matched to a posting stays unmatched',
      () => [
        [line('2024-03-04', '5000.00', 'CONTRIB-FR'), line('2024-03-28', '-5000.00', 'CONTRIB-FR', { reversal: true })],
        [posting('2024-03-04', '5000.00', 'CONTRIB-FR')],
      ],
      [['reference', [0], [0]]],
    ],
    [
      'a reversal without reference pairs only inside the window',
      () => [[line('2024-03-04', '50.00'), line('2024-03-20', '-50.00', '', { reversal: true })], []],
      [],
    ],
  ])('%s', (_name, build, expected) => {
    const [lines, postings] = build();
    expect(run(lines, postings)).toEqual(expected);
  });

  it('honours another window', () => {
    const lines = [line('2024-03-11', '250.00')];
    const postings = [posting('2024-03-01', '250.00')];
    expect(run(lines, postings, 5)).toEqual([]);
    expect(run(lines, postings, 10)).toEqual([['amount-date', [0], [0]]]);
  });

  it.each([
    [
      'line reference in the entry description',
      line('2024-03-01', '1.00', 'PO-7781'),
      posting('2024-03-01', '1.00', 'Acme po-7781'),
      true,
    ],
    [
      'entry metadata in the bank description',
      line('2024-03-01', '1.00', 'X', { description: 'pay PO-7781' }),
      posting('2024-03-01', '1.00', '', ['PO-7781']),
      true,
    ],
    [
      'bank reference in the entry metadata',
      line('2024-03-01', '1.00', '', { bankReference: 'UBS-1234' }),
      posting('2024-03-01', '1.00', '', ['ubs-1234']),
      true,
    ],
    ['unrelated', line('2024-03-01', '1.00', 'PO-7781'), posting('2024-03-01', '1.00', 'PO-7782'), false],
    [
      'a prefix of a longer reference is not it',
      line('2024-03-01', '1.00', 'INV-77'),
      posting('2024-03-01', '1.00', 'Payment INV-770'),
      false,
    ],
    [
      'inside a longer word is not it',
      line('2024-03-01', '1.00', 'DUES'),
      posting('2024-03-01', '1.00', 'overdues'),
      false,
    ],
    [
      'followed by punctuation is',
      line('2024-03-01', '1.00', 'INV-77'),
      posting('2024-03-01', '1.00', 'Paid (INV-77).'),
      true,
    ],
  ])('referencesAgree: %s', (_what, l, p, expected) => {
    expect(referencesAgree(l, p)).toBe(expected);
  });

  it('property: proposals never reuse a line or a posting, and every match balances in its currency', () => {
    const dates = ['2024-03-01', '2024-03-02', '2024-03-04', '2024-03-08', '2024-03-09', '2024-03-15'];
    const amount = fc.constantFrom('1.00', '2.00', '3.00', '5.00', '10.00', '15.00', '100.00');
    const arbLine = fc.record({
      date: fc.constantFrom(...dates),
      amount,
      out: fc.boolean(),
      ref: fc.constantFrom('', 'REF-A', 'REF-B'),
      reversal: fc.boolean(),
    });
    const arbPosting = fc.record({
      date: fc.constantFrom(...dates),
      amount,
      out: fc.boolean(),
      ref: fc.constantFrom('', 'ref-a', 'ref-b'),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 12 }), fc.array(arbPosting, { maxLength: 12 }), (ls, ps) => {
        const lines = ls.map((x) => line(x.date, `${x.out ? '-' : ''}${x.amount}`, x.ref, { reversal: x.reversal }));
        const postings = ps.map((x) => posting(x.date, `${x.out ? '-' : ''}${x.amount}`, `entry ${x.ref}`));
        const proposals = proposeMatches(lines, postings, { windowDays: 5 });
        const usedLines = proposals.flatMap((p) => p.lineIds);
        const usedPostings = proposals.flatMap((p) => p.postingIds);
        expect(new Set(usedLines).size).toBe(usedLines.length);
        expect(new Set(usedPostings).size).toBe(usedPostings.length);
        for (const p of proposals) {
          const bank = p.lineIds
            .map((id) => lines.find((l) => l.id === id) as MatchableLine)
            .reduce((s: Decimal, l) => (l.direction === 'credit' ? s.plus(l.amount) : s.minus(l.amount)), new Dec(0));
          const ledger = p.postingIds
            .map((id) => postings.find((x) => x.id === id) as MatchablePosting)
            .reduce((s: Decimal, x) => (x.side === 'debit' ? s.plus(x.amount) : s.minus(x.amount)), new Dec(0));
          expect(bank.equals(ledger)).toBe(true);
          expect(p.lineIds.length + p.postingIds.length).toBeGreaterThanOrEqual(2);
        }
        // Deterministic: the same input proposes the same matches.
        expect(proposeMatches(lines, postings, { windowDays: 5 })).toEqual(proposals);
      }),
      { numRuns: 300 },
    );
  });
});

describe('exactSubsets', () => {
  const items = (...amounts: string[]) => amounts.map((a) => ({ posting: { amount: new Dec(a) } }));
  const sums = (found: { posting: { amount: Decimal } }[][] | undefined) =>
    found?.map((set) => set.map((x) => x.posting.amount.toFixed(2)));

  it.each([
    ['one solution', items('600.00', '400.00', '999.00'), '1000.00', 5, [['600.00', '400.00']]],
    [
      'stops at the second solution',
      items('300.00', '700.00', '400.00', '600.00', '100.00', '900.00'),
      '1000.00',
      5,
      [
        ['900.00', '100.00'],
        ['700.00', '300.00'],
      ],
    ],
    ['never a single item (that is a one-to-one match)', items('1000.00', '1.00'), '1000.00', 5, []],
    ['limited in size', items('1.00', '2.00', '3.00'), '6.00', 2, []],
    ['exact to the cent', items('0.10', '0.20'), '0.30', 5, [['0.20', '0.10']]],
  ])('%s', (_what, candidates, target, maxSize, expected) => {
    expect(sums(exactSubsets(candidates, new Dec(target), maxSize, 10_000))).toEqual(expected);
  });

  it('gives up (undefined) when the node budget runs out', () => {
    const many = items(...Array.from({ length: 30 }, (_, i) => `${i + 1}.00`));
    expect(exactSubsets(many, new Dec('0.50'), 5, 10)).toBeUndefined();
  });
});
