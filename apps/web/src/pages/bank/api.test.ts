import { describe, expect, it } from 'vitest';
import { formatOfFile, selectionTotals, suggestionsFor, type LedgerItem, type StatementLine } from './api';

const line = (over: Partial<StatementLine>): StatementLine => ({
  id: '1',
  statementId: 's',
  date: '2025-03-03',
  valueDate: null,
  direction: 'credit',
  amount: '5000.00',
  currency: 'USD',
  reference: 'R',
  bankReference: null,
  description: '',
  reversal: false,
  foreignCurrency: false,
  ageDays: 0,
  stale: false,
  ...over,
});
const posting = (over: Partial<LedgerItem>): LedgerItem => ({
  postingId: 'p',
  entryId: 'e',
  sequence: 1,
  line: 1,
  date: '2025-03-03',
  description: '',
  side: 'debit',
  amount: '5000.00',
  currency: 'USD',
  fund: 'GEN',
  ageDays: 0,
  stale: false,
  ...over,
});

describe('suggested matches: same amount in the bank’s direction, within the window, nearest first', () => {
  it.each<[string, Partial<StatementLine>, Partial<LedgerItem>[], string[]]>([
    ['money in meets a debit of the bank', {}, [{ postingId: 'a' }], ['a']],
    ['money in never meets a credit', {}, [{ postingId: 'a', side: 'credit' }], []],
    ['money out meets a credit', { direction: 'debit', amount: '12.50' }, [{ postingId: 'a', side: 'credit', amount: '12.5' }], ['a']],
    ['another amount is no suggestion', {}, [{ postingId: 'a', amount: '5000.01' }], []],
    ['outside the window of 5 days', {}, [{ postingId: 'a', date: '2025-03-09' }], []],
    ['the nearest date first', {}, [{ postingId: 'far', date: '2025-03-07' }, { postingId: 'near', date: '2025-03-02' }], ['near', 'far']],
    ['a foreign-currency line gets none', { foreignCurrency: true }, [{ postingId: 'a' }], []],
  ])('%s', (_name, l, ps, expected) => {
    expect(suggestionsFor(line(l), ps.map(posting), 5).map((p) => p.postingId)).toEqual(expected);
  });
});

describe('a manual match adds up exactly on both sides', () => {
  it.each<[string, Partial<StatementLine>[], Partial<LedgerItem>[], boolean]>([
    ['one to one', [{}], [{}], true],
    ['one line to two postings', [{ amount: '0.30' }], [{ amount: '0.10' }, { amount: '0.20' }], true],
    ['a charge against a receipt does not', [{ direction: 'debit', amount: '10.00' }], [{ amount: '10.00' }], false],
    ['nothing chosen on one side', [{}], [], false],
  ])('%s', (_name, ls, ps, agree) => {
    expect(selectionTotals(ls.map(line), ps.map(posting)).agree).toBe(agree);
  });
});

it.each([
  ['extracto.XML', 'camt053'],
  ['mt.sta', 'mt940'],
  ['x.940', 'mt940'],
  ['banco.xlsx', 'xlsx'],
  ['banco.csv', 'csv'],
])('the format of %s is %s', (name, format) => {
  expect(formatOfFile(name)).toBe(format);
});
