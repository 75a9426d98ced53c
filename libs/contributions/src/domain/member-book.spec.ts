import { Dec } from '@app/common';
import { MemberBook } from './member-book';
import { planAdvanceApplication, planPayment, planReduction, planReversal, planWriteOff } from './payment-allocation';

const d = (s: string) => new Dec(s);
const amounts = (list: { fiscalYear: number; amount: InstanceType<typeof Dec>; date: string }[], withDate = false) =>
  list.map((a) => [a.fiscalYear, a.amount.toFixed(2), ...(withDate ? [a.date] : [])]);

/** A book with the given assessments (year → amount, assessed on 1 January of that year). */
function bookWith(assessed: Record<number, string>): MemberBook {
  const book = new MemberBook('MEX');
  for (const [year, amount] of Object.entries(assessed))
    book.addAssessment({ fiscalYear: Number(year), date: `${year}-01-01`, delta: d(amount) });
  return book;
}

/** Records a payment in the book; its id and order of recording come from the book alone, so no test depends on another. */
const pay = (book: MemberBook, date: string, amount: string, designatedFiscalYear?: number) => {
  const seq = book.payments().length + 1;
  const id = `p${seq}`;
  return { id, ...planPayment(book, { id, seq, date, amountBase: d(amount), designatedFiscalYear }) };
};

describe('allocation of a payment', () => {
  it.each([
    // [case, assessed, payment date, amount, designated, allocations at receipt, advance]
    [
      'oldest first',
      { 2004: '100.00', 2005: '100.00' },
      '2005-03-01',
      '150.00',
      undefined,
      [
        [2004, '100.00'],
        [2005, '50.00'],
      ],
      '0.00',
    ],
    ['partial', { 2004: '100.00', 2005: '100.00' }, '2005-03-01', '40.00', undefined, [[2004, '40.00']], '0.00'],
    [
      'exact',
      { 2004: '100.00', 2005: '100.00' },
      '2005-03-01',
      '200.00',
      undefined,
      [
        [2004, '100.00'],
        [2005, '100.00'],
      ],
      '0.00',
    ],
    ['overpayment → advance', { 2005: '100.00' }, '2005-03-01', '130.00', undefined, [[2005, '100.00']], '30.00'],
    [
      'designated year first',
      { 2004: '100.00', 2005: '100.00' },
      '2005-03-01',
      '100.00',
      2005,
      [[2005, '100.00']],
      '0.00',
    ],
    [
      'designated: excess is an advance, not arrears',
      { 2004: '100.00', 2005: '100.00' },
      '2005-03-01',
      '150.00',
      2005,
      [[2005, '100.00']],
      '50.00',
    ],
    ['designated future year: all advance', { 2005: '100.00' }, '2005-12-01', '100.00', 2006, [], '100.00'],
    ['nothing assessed yet at the date received', { 2006: '100.00' }, '2005-12-01', '80.00', undefined, [], '0.00'],
  ])('%s', (_case, assessed, date, amount, designated, expected, advance) => {
    const book = bookWith(assessed);
    const plan = pay(book, date, amount, designated);
    expect(amounts(plan.atReceipt)).toEqual(expected);
    expect(plan.advance.toFixed(2)).toBe(advance);
    book.assertSound();
  });

  it('applies the advance of a payment recorded late to an assessment already posted after its date', () => {
    const book = bookWith({ 2006: '100.00' });
    const plan = pay(book, '2005-12-01', '80.00');
    expect(plan.atReceipt).toEqual([]);
    expect(plan.excessAtReceipt.toFixed(2)).toBe('80.00');
    expect(amounts(plan.later, true)).toEqual([[2006, '80.00', '2006-01-01']]);
    expect(book.outstanding(2006).toFixed(2)).toBe('20.00');
    expect(book.advance('2005-12-31').toFixed(2)).toBe('80.00');
    expect(book.advance('2006-01-01').toFixed(2)).toBe('0.00');
  });

  it('never applies a late-recorded payment beyond what is still outstanding later on', () => {
    const book = bookWith({ 2005: '100.00' });
    pay(book, '2005-06-01', '100.00'); // pays 2005 in full in June
    const late = pay(book, '2005-03-01', '100.00'); // recorded afterwards, dated March
    // In March 100.00 was outstanding, but from June nothing is: applying it would make 2005 negative.
    expect(late.atReceipt).toEqual([]);
    expect(late.advance.toFixed(2)).toBe('100.00');
    book.assertSound();
  });
});

describe('advances at a new assessment', () => {
  it('applies existing advances, oldest payment first, up to the new assessment', () => {
    const book = bookWith({ 2005: '100.00' });
    const older = pay(book, '2005-02-01', '130.00'); // 30.00 advance
    const newer = pay(book, '2005-05-01', '50.00'); // 50.00 advance
    book.addAssessment({ fiscalYear: 2006, date: '2006-01-01', delta: d('60.00') });
    const applied = planAdvanceApplication(book, 2006, '2006-01-01');
    expect(applied.map((a) => [a.paymentId, a.amount.toFixed(2)])).toEqual([
      [older.id, '30.00'],
      [newer.id, '30.00'],
    ]);
    expect(book.outstanding(2006).toFixed(2)).toBe('0.00');
    expect(book.advance().toFixed(2)).toBe('20.00');
    book.assertSound();
  });
});

describe('a revision that lowers an assessment', () => {
  it('gives back write-offs first, then returns the latest payment to its advance', () => {
    const book = bookWith({ 2005: '1000.00' });
    pay(book, '2005-02-01', '500.00');
    const latest = pay(book, '2005-03-01', '300.00');
    planWriteOff(book, 2005, '2005-04-01', 'waiver', d('200.00'));
    book.addAssessment({ fiscalYear: 2005, date: '2005-07-01', delta: d('-500.00') }); // now 500.00
    const plan = planReduction(book, 2005, '2005-07-01');
    expect(plan.writeOffReduction.toFixed(2)).toBe('200.00');
    expect(plan.releases.map((r) => [r.paymentId, r.amount.toFixed(2)])).toEqual([[latest.id, '300.00']]);
    expect(book.outstanding(2005).toFixed(2)).toBe('0.00');
    expect(book.advance().toFixed(2)).toBe('300.00');
    book.assertSound();
  });
});

describe('reversal of a payment', () => {
  it('reopens what it paid and takes its advance away; later payments keep their allocations', () => {
    const book = bookWith({ 2004: '100.00', 2005: '100.00' });
    const first = pay(book, '2005-02-01', '150.00'); // 2004: 100, 2005: 50
    pay(book, '2005-03-01', '80.00'); // 2005: 50, advance 30
    const plan = planReversal(book, first.atReceipt[0].paymentId, '2005-04-01');
    expect(plan.reversals.map((r) => [r.fiscalYear, r.amount.toFixed(2)])).toEqual([
      [2004, '100.00'],
      [2005, '50.00'],
    ]);
    expect(book.outstanding(2004).toFixed(2)).toBe('100.00');
    expect(book.outstanding(2005).toFixed(2)).toBe('50.00');
    expect(book.outstanding(2004, '2005-03-31').toFixed(2)).toBe('0.00');
    expect(book.advance().toFixed(2)).toBe('30.00');
    book.assertSound();
  });

  it('refuses a reversal dated before the payment was last applied', () => {
    const book = bookWith({ 2006: '100.00' });
    const p = pay(book, '2005-12-01', '80.00'); // applied on 2006-01-01
    expect(() => planReversal(book, p.later[0].paymentId, '2005-12-15')).toThrow(/on or after 2006-01-01/);
  });
});

describe('write-offs', () => {
  it.each([
    ['within what is owed', '60.00', true],
    ['all that is owed', '70.00', true],
    ['more than is owed', '70.01', false],
  ])('%s', (_case, amount, ok) => {
    const book = bookWith({ 2005: '100.00' });
    pay(book, '2005-02-01', '30.00');
    const act = () => planWriteOff(book, 2005, '2005-06-01', 'write_off', d(amount));
    if (ok) {
      act();
      book.assertSound();
    } else {
      expect(act).toThrow(/exceeds what MEX owes/);
    }
  });
});
