import { Dec } from '@app/common';
import { compareFundToRegister, FundEntryFigure, RegisterRowFigure, ReversalFacts } from './fund-register-comparison';
import { MAX_EXPLAINED_ITEMS } from './register-check';

const entry = (id: string, amount: string, extra: Partial<FundEntryFigure> = {}): FundEntryFigure => ({
  entryId: id,
  sequence: Number(id.slice(1)),
  date: `2005-01-0${id.slice(1)}`,
  source: 'manual',
  description: `entry ${id}`,
  reverses: null,
  reversesSequence: null,
  amount: new Dec(amount),
  ...extra,
});
const row = (id: string, entryId: string | null, amount: string): RegisterRowFigure => ({
  register: 'grant_receipts',
  id,
  date: '2005-01-01',
  reference: id,
  entryId,
  amount: new Dec(amount),
});
const compare = (
  entries: FundEntryFigure[],
  rows: RegisterRowFigure[],
  reversals: Map<string, ReversalFacts> = new Map(),
) => compareFundToRegister({ name: 'x', currency: 'USD', entries, rows, reversals });

describe('compareFundToRegister', () => {
  it.each([
    [
      'rows and entries agree',
      [entry('e1', '100'), entry('e2', '50')],
      [row('r1', 'e1', '100'), row('r2', 'e2', '50')],
      '0.00',
    ],
    ['an entry without a row', [entry('e1', '100'), entry('e2', '30')], [row('r1', 'e1', '100')], '-30.00'],
    ['a row whose entry adds nothing', [entry('e1', '0')], [row('r1', 'e1', '100')], '100.00'],
    ['a row with no entry at all', [], [row('r1', null, '100')], '100.00'],
    ['a row and its entry disagree', [entry('e1', '90')], [row('r1', 'e1', '100')], '10.00'],
    ['nothing on either side', [], [], '0.00'],
  ])('%s: the explanation adds up to the difference', (_case, entries, rows, difference) => {
    const r = compare(entries, rows);
    expect(r.difference).toBe(difference);
    expect(r.ok).toBe(difference === '0.00');
    if (r.ok) {
      expect(r.explanation).toBeUndefined();
    } else {
      const items = r.explanation as { difference: string }[];
      expect(items.reduce((s, i) => s.plus(i.difference), new Dec(0)).toFixed(2)).toBe(difference);
    }
  });

  it('names the reversal of a registered entry and the row whose entry it reverses', () => {
    const r = compare(
      [entry('e1', '100'), entry('e2', '-100', { reverses: 'e1', reversesSequence: 1, source: 'reversal' })],
      [row('r1', 'e1', '100')],
      new Map([['e1', { entryId: 'e2', sequence: 2, date: '2005-01-02' }]]),
    );
    expect(r).toMatchObject({ ledger: '0.00', register: '100.00', difference: '100.00', ok: false });
    expect(r.explanation).toEqual([
      expect.objectContaining({
        kind: 'entry-without-register-row',
        entryId: 'e2',
        reverses: 'e1',
        reversesSequence: 1,
        difference: '100.00',
      }),
      expect.objectContaining({ kind: 'register-row-entry-reversed', id: 'r1', difference: '0.00' }),
    ]);
  });

  it('cuts a long explanation at MAX_EXPLAINED_ITEMS and says how many items there were', () => {
    const entries = Array.from({ length: MAX_EXPLAINED_ITEMS + 5 }, (_, i) =>
      entry(`e${i + 1}`, '1', { date: '2005-01-01' }),
    );
    const r = compare(entries, []);
    expect(r.explanation).toHaveLength(MAX_EXPLAINED_ITEMS);
    expect(r.explanationTotal).toBe(MAX_EXPLAINED_ITEMS + 5);
    expect(compare(entries.slice(0, 3), []).explanationTotal).toBeUndefined();
  });
});
