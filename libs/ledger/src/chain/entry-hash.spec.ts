import { Dec } from '@app/common';
import { canonicalEntry, entryHash, GENESIS_HASH, HashableEntry } from './entry-hash';

const entry = (over: Partial<HashableEntry> = {}): HashableEntry => ({
  id: '00000000-0000-4000-8000-000000000001',
  sequence: 1,
  date: '2005-03-01',
  fiscalYear: 2005,
  period: 3,
  description: 'Payment of dues',
  source: 'payment',
  sourceId: null,
  reversesEntryId: null,
  metadata: { b: '2', a: '1' },
  actorTokenId: null,
  postedAt: '2005-03-01T10:00:00.000Z',
  baseCurrency: 'USD',
  lines: [
    { lineNo: 2, account: '1100', fund: 'GEN', side: 'credit', amount: new Dec('200'), currency: 'USD', rate: new Dec('1'), amountBase: new Dec('200') },
    { lineNo: 1, account: '1010', fund: 'GEN', side: 'debit', amount: new Dec('400'), currency: 'BZD', rate: new Dec('0.50'), amountBase: new Dec('200.00'), member: 'BLZ' },
  ],
  ...over,
});

describe('canonical entry hashing', () => {
  it('writes amounts at their currency scale, rates plainly, lines by number and metadata by key', () => {
    const text = canonicalEntry(entry());
    expect(text).toContain('[1,"1010","GEN","debit","400.00","BZD","0.5","200.00","BLZ",null,null,null]');
    expect(text.indexOf('"1010"')).toBeLessThan(text.indexOf('"1100"'));
    expect(text).toContain('[["a","1"],["b","2"]]');
  });

  it('does not depend on how a number was written', () => {
    const a = entryHash(GENESIS_HASH, entry());
    const b = entryHash(GENESIS_HASH, entry({ lines: entry().lines.map((l) => ({ ...l, rate: new Dec(l.rate.toFixed(12)) })) }));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['the amount', { lines: [{ ...entry().lines[0], amount: new Dec('200.01'), amountBase: new Dec('200.01') }, entry().lines[1]] }],
    ['the description', { description: 'Payment of dues.' }],
    ['the date', { date: '2005-03-02' }],
    ['the sequence', { sequence: 2 }],
    ['a dimension', { lines: [entry().lines[0], { ...entry().lines[1], member: 'MEX' }] }],
    ['the side', { lines: [{ ...entry().lines[0], side: 'debit' as const }, { ...entry().lines[1], side: 'credit' as const }] }],
    ['the metadata', { metadata: { a: '1', b: '3' } }],
  ])('changes when %s changes', (_what, change) => {
    expect(entryHash(GENESIS_HASH, entry(change))).not.toBe(entryHash(GENESIS_HASH, entry()));
  });

  it('chains: the same entry after another head hashes differently', () => {
    expect(entryHash('f'.repeat(64), entry())).not.toBe(entryHash(GENESIS_HASH, entry()));
  });
});
