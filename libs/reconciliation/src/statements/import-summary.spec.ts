import { Dec } from '@app/common';
import {
  importResult,
  importTotals,
  skippedWarning,
  statementName,
  statementRow,
  statementWarnings,
} from './import-summary';
import { StatementTally } from './statement-line';
import { PendingStatement } from './statement-staging';

function tally(over: Partial<StatementTally> = {}): StatementTally {
  return Object.assign(
    new StatementTally(),
    { linesRead: 3, net: new Dec('150.25'), firstDate: '2026-03-02', lastDate: '2026-03-27' },
    over,
  );
}

const pending = (over: Partial<PendingStatement> = {}): PendingStatement => ({
  id: 'c6f0a7c2-0000-4000-8000-000000000001',
  position: 1,
  statementRef: 'STMT-0326',
  accountIdentifier: 'CR05015202001026284066',
  fromDate: '2026-03-01',
  toDate: '2026-03-31',
  opening: new Dec('1000.00'),
  closing: new Dec('1150.25'),
  messageId: null,
  pageNumber: null,
  where: 'Stmt[1]',
  tally: tally(),
  ...over,
});

const at = { importId: 'c6f0a7c2-0000-4000-8000-0000000000ff', bankAccount: 'BNCR-USD', currency: 'USD' };

describe('statementName', () => {
  it.each([
    ['with the bank’s number', pending(), 'Stmt[1] (STMT-0326)'],
    ['without it', pending({ statementRef: null, where: 'file' }), 'file'],
  ])('%s', (_, s, expected) => expect(statementName(s)).toBe(expected));
});

describe('statementWarnings', () => {
  it.each<[string, PendingStatement, string[]]>([
    ['balances that add up, every line in the currency: none', pending(), []],
    ['no balances: none (nothing to compare)', pending({ opening: undefined, closing: undefined }), []],
    ['only an opening balance: none', pending({ closing: undefined }), []],
    [
      'balances that do not add up: named, with the three figures',
      pending({ closing: new Dec('1150.26') }),
      [
        'Stmt[1] (STMT-0326): opening balance 1000.00 + lines 150.25 ≠ closing balance 1150.26: the reconciliation will show the difference',
      ],
    ],
    [
      'lines in another currency: counted, and how they are treated',
      pending({ tally: tally({ foreignCurrencyLines: 2 }) }),
      [
        'Stmt[1]: 2 line(s) not in USD were stored and flagged (foreignCurrency): they are left out of the statement balance and of auto-matching; match them by hand',
      ],
    ],
  ])('%s', (_, s, expected) => expect(statementWarnings(s, 'USD')).toEqual(expected));

  it('both problems at once: the balances first', () => {
    const warnings = statementWarnings(
      pending({ closing: new Dec('0'), tally: tally({ foreignCurrencyLines: 1 }) }),
      'USD',
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^Stmt\[1\] \(STMT-0326\): opening balance/);
    expect(warnings[1]).toMatch(/^Stmt\[1\]: 1 line\(s\) not in USD/);
  });
});

describe('statementRow', () => {
  it('a statement with its balances at the currency’s scale and its period widened to its lines', () => {
    const row = statementRow(
      pending({ fromDate: '2026-03-05', toDate: undefined, opening: new Dec('1000'), closing: new Dec('1150.25') }),
      at,
      2,
      null,
    );
    expect(row).toEqual({
      id: 'c6f0a7c2-0000-4000-8000-000000000001',
      importId: at.importId,
      bankAccount: 'BNCR-USD',
      position: 1,
      statementRef: 'STMT-0326',
      accountIdentifier: 'CR05015202001026284066',
      currency: 'USD',
      fromDate: '2026-03-05',
      toDate: null,
      startsOn: '2026-03-02',
      endsOn: '2026-03-27',
      openingBalance: '1000.00',
      closingBalance: '1150.25',
      linesRead: 3,
      linesStored: 2,
      balancesAgree: true,
      messageId: null,
      pageNumber: null,
      continuesStatementId: null,
      linesNet: '150.25',
    });
  });

  it.each([
    ['no balances: null, and nothing to agree', pending({ opening: undefined, closing: undefined }), null, null, null],
    ['balances that differ', pending({ closing: new Dec('1') }), '1000.00', '1.00', false],
  ])('%s', (_, s, opening, closing, agree) => {
    const row = statementRow(s, at, 0, null);
    expect([row.openingBalance, row.closingBalance, row.balancesAgree]).toEqual([opening, closing, agree]);
  });

  it('a later page keeps the statement it continues', () => {
    const row = statementRow(pending({ messageId: 'MSG-1', pageNumber: 2 }), at, 3, 'first-page-id');
    expect([row.messageId, row.pageNumber, row.continuesStatementId]).toEqual(['MSG-1', 2, 'first-page-id']);
  });

  it('a balance finer than the currency allows is a malformed statement, not rounded', () => {
    expect(() => statementRow(pending({ closing: new Dec('1150.255') }), at, 0, null)).toThrow(
      /Stmt\[1\] closing balance.*more decimal places than USD allows/,
    );
  });
});

describe('skippedWarning', () => {
  it.each([
    ['nothing skipped: no warning', [], null],
    [
      'every account skipped, with its statements and lines',
      [
        { accountIdentifier: 'CR11', statements: 1, lines: 4 },
        { accountIdentifier: 'CR22', statements: 2, lines: 0 },
      ],
      'statements of other accounts were not imported: CR11 (1 statement(s), 4 line(s)), CR22 (2 statement(s), 0 line(s))',
    ],
  ])('%s', (_, skipped, expected) => expect(skippedWarning(skipped)).toBe(expected));
});

describe('importTotals and importResult', () => {
  const first = statementRow(pending(), at, 3, null);
  const second = statementRow(
    pending({
      id: 'c6f0a7c2-0000-4000-8000-000000000002',
      position: 2,
      tally: tally({ linesRead: 5, foreignCurrencyLines: 1 }),
    }),
    at,
    1,
    null,
  );
  const totals = importTotals([first, second], [pending(), pending({ tally: tally({ foreignCurrencyLines: 1 }) })]);

  it('the lines of the file: read, stored, the rest duplicates', () => {
    expect(totals).toEqual({ linesRead: 8, linesStored: 4, duplicates: 4, foreignCurrencyLines: 1 });
  });

  it('nothing read: zeros', () => {
    expect(importTotals([], [])).toEqual({ linesRead: 0, linesStored: 0, duplicates: 0, foreignCurrencyLines: 0 });
  });

  it('the answer: the totals, each statement with its own duplicates, and what the file said', () => {
    const result = importResult(at.importId, 'BNCR-USD', 'camt053', [first, second], totals, {
      skipped: [],
      sameFileAs: 'earlier-import',
      warnings: ['w'],
    });
    expect(result).toMatchObject({
      id: at.importId,
      bankAccount: 'BNCR-USD',
      format: 'camt053',
      lines: 4,
      duplicates: 4,
      linesRead: 8,
      foreignCurrencyLines: 1,
      skipped: [],
      sameFileAs: 'earlier-import',
      warnings: ['w'],
    });
    expect(result.statements.map((s) => [s.statementId, s.linesRead, s.lines, s.duplicates])).toEqual([
      ['STMT-0326', 3, 3, 0],
      ['STMT-0326', 5, 1, 4],
    ]);
    expect(result.statements[0]).toEqual({
      id: first.id,
      statementId: 'STMT-0326',
      accountIdentifier: 'CR05015202001026284066',
      fromDate: '2026-03-01',
      toDate: '2026-03-31',
      openingBalance: '1000.00',
      closingBalance: '1150.25',
      linesRead: 3,
      lines: 3,
      duplicates: 0,
      balancesAgree: true,
      continuesStatement: null,
    });
  });
});
