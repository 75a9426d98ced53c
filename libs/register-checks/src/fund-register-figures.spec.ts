import { Dec } from '@app/common';
import {
  compareFundFigures,
  FundEntryRow,
  FundFigure,
  RegisterRowWithReversal,
  reversalsOf,
} from './fund-register-figures';

type Register = 'receipts' | 'payments';
interface Entry extends FundEntryRow {
  cash: string;
}

const entry = (seq: number, cash: string, reverses: string | null = null): Entry => ({
  entryId: `e${seq}`,
  sequence: String(seq),
  date: `2005-01-0${seq}`,
  description: `entry ${seq}`,
  source: reverses === null ? 'manual' : 'reversal',
  reverses,
  reversesSequence: reverses === null ? null : reverses.slice(1),
  cash,
});
const row = (
  register: Register,
  id: string,
  entryId: string | null,
  amountBase: string,
  reversedBy: Entry | null = null,
): RegisterRowWithReversal<Register> => ({
  register,
  id,
  date: '2005-01-01',
  reference: id,
  entryId,
  amountBase,
  reversedBy: reversedBy?.entryId ?? null,
  reversedSequence: reversedBy?.sequence ?? null,
  reversedOn: reversedBy?.date ?? null,
});

const FIGURES: readonly FundFigure<Entry, Register>[] = [
  { suffix: 'in', ofEntry: (e) => Dec.max(new Dec(e.cash), 0), rows: { receipts: 1, payments: 0 } },
  { suffix: 'net', ofEntry: (e) => new Dec(e.cash), rows: { receipts: 1, payments: -1 } },
];

describe('compareFundFigures', () => {
  it('one check per figure, named after it, rows signed per register', () => {
    const results = compareFundFigures({
      name: 'fund:X',
      currency: 'USD',
      figures: FIGURES,
      entries: [entry(1, '100'), entry(2, '-30')],
      rows: [row('receipts', 'r1', 'e1', '100'), row('payments', 'p1', 'e2', '30')],
    });
    expect(results).toEqual([
      { name: 'fund:X:in', ledger: '100.00', register: '100.00', difference: '0.00', ok: true },
      { name: 'fund:X:net', ledger: '70.00', register: '70.00', difference: '0.00', ok: true },
    ]);
  });

  it('a reversed row: its reversal is named in every figure that counts the row', () => {
    const reversal = entry(2, '-100', 'e1');
    const [net] = compareFundFigures({
      name: 'fund:X',
      currency: 'USD',
      figures: FIGURES.slice(1),
      entries: [entry(1, '100'), reversal],
      rows: [row('receipts', 'r1', 'e1', '100', reversal)],
    });
    expect(net).toMatchObject({ ledger: '0.00', register: '100.00', difference: '100.00', ok: false });
    expect(net.explanation).toEqual([
      expect.objectContaining({
        kind: 'entry-without-register-row',
        entryId: 'e2',
        reverses: 'e1',
        reversesSequence: 1,
      }),
      expect.objectContaining({
        kind: 'register-row-entry-reversed',
        id: 'r1',
        reversedBy: { entryId: 'e2', sequence: 2, date: '2005-01-02' },
      }),
    ]);
  });

  it('reversalsOf skips rows with no entry or no reversal', () => {
    const reversal = entry(3, '-5', 'e1');
    expect(
      reversalsOf([
        row('receipts', 'a', null, '1'),
        row('receipts', 'b', 'e1', '5', reversal),
        row('payments', 'c', 'e2', '1'),
      ]),
    ).toEqual(new Map([['e1', { entryId: 'e3', sequence: 3, date: '2005-01-03' }]]));
  });
});
