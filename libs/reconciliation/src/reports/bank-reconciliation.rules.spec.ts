import { Dec } from '@app/common';
import {
  ageInDays,
  chooseBasis,
  isReconciled,
  isStale,
  mergePages,
  reconciliationDifference,
  reconciliationStart,
  StatementBalanceFacts,
  statementGaps,
} from './bank-reconciliation.rules';

const statement = (
  id: string,
  startsOn: string | null,
  endsOn: string | null,
  opening: string | null,
  closing: string | null,
  importedAt = '2024-04-01T00:00:00.000000Z',
  position = 1,
): StatementBalanceFacts => ({
  id,
  statementRef: id,
  importedAt,
  position,
  startsOn,
  endsOn,
  openingBalance: opening === null ? null : new Dec(opening),
  closingBalance: closing === null ? null : new Dec(closing),
});

describe('chooseBasis', () => {
  const march = statement('MAR', '2024-03-01', '2024-03-31', '1000.00', '1500.00');
  const april = statement('APR', '2024-04-01', '2024-04-30', '1500.00', '1800.00');
  const aprilNoBalances = statement('APR-CSV', '2024-04-01', '2024-04-30', null, null);
  const page1 = statement('P1', '2024-03-01', '2024-03-31', '10000.00', '13765.44', '2024-04-01T00:00:00.000000Z', 1);
  const page2 = statement('P2', '2024-03-01', '2024-03-31', '13765.44', '-11134.56', '2024-04-01T00:00:00.000000Z', 2);

  it.each([
    ['no statement', [], '2024-03-31', { kind: 'none' }, {}],
    ['before the first statement starts', [march], '2024-02-29', { kind: 'none' }, {}],
    [
      'inside the first statement: its opening + lines from its start',
      [march],
      '2024-03-15',
      { kind: 'opening', statementId: 'MAR', date: '2024-03-01', balance: '1000' },
      { fromInclusive: '2024-03-01' },
    ],
    [
      'on its last day: its closing',
      [march],
      '2024-03-31',
      { kind: 'closing', statementId: 'MAR', date: '2024-03-31', balance: '1500' },
      { afterExclusive: '2024-03-31' },
    ],
    [
      'inside the next one: the last closing + lines after it',
      [march, april],
      '2024-04-10',
      { kind: 'closing', statementId: 'MAR', date: '2024-03-31', balance: '1500' },
      { afterExclusive: '2024-03-31' },
    ],
    [
      'a later file without balances adds lines to the last closing',
      [march, aprilNoBalances],
      '2024-05-31',
      { kind: 'closing', statementId: 'MAR', date: '2024-03-31', balance: '1500' },
      { afterExclusive: '2024-03-31' },
    ],
    [
      'the latest closing wins',
      [april, march],
      '2024-05-31',
      { kind: 'closing', statementId: 'APR', date: '2024-04-30', balance: '1800' },
      { afterExclusive: '2024-04-30' },
    ],
    [
      'two pages ending the same day: the later page',
      [page2, page1],
      '2024-03-31',
      { kind: 'closing', statementId: 'P2', date: '2024-03-31', balance: '-11134.56' },
      { afterExclusive: '2024-03-31' },
    ],
    [
      'first statement without an opening balance: lines from zero',
      [aprilNoBalances],
      '2024-04-15',
      { kind: 'lines' },
      {},
    ],
  ])('%s', (_what, statements, asOf, basis, lines) => {
    const chosen = chooseBasis(statements, asOf);
    const { balance, ...rest } = chosen.basis as { balance?: InstanceType<typeof Dec> };
    expect({ ...rest, ...(balance !== undefined ? { balance: balance.toString() } : {}) }).toMatchObject(basis);
    expect(chosen.lines).toEqual(lines);
  });

  it.each([
    [
      'the first statement with an opening balance starts the reconciliation',
      [statement('A', '2024-03-01', '2024-03-31', '0.00', null)],
      '2024-03-01',
    ],
    [
      'without an opening balance there is no cut-off',
      [statement('A', '2024-03-01', '2024-03-31', null, '5.00')],
      null,
    ],
    [
      'the earliest statement decides',
      [
        statement('B', '2024-04-01', '2024-04-30', '5.00', null),
        statement('A', '2024-03-01', '2024-03-31', null, null),
      ],
      null,
    ],
    ['no statement', [], null],
  ])('reconciliationStart: %s', (_what, statements, expected) => {
    expect(reconciliationStart(statements)).toBe(expected);
  });
});

describe('reconciliationDifference = statement − (ledger + unmatched bank − unmatched ledger)', () => {
  it.each([
    ['everything matched', '1500.00', '1500.00', '0.00', '0.00', '0.00'],
    ['a deposit in transit (ledger only)', '1500.00', '2000.00', '0.00', '500.00', '0.00'],
    ['an outstanding payment (ledger only, a credit)', '1500.00', '1200.00', '0.00', '-300.00', '0.00'],
    ['a bank charge not recorded (bank only)', '1457.90', '1500.00', '-42.10', '0.00', '0.00'],
    ['interest not recorded (bank only)', '1500.37', '1500.00', '0.37', '0.00', '0.00'],
    ['all four at once', '1458.27', '1700.00', '-41.73', '200.00', '0.00'],
    ['a line missing from the import', '1500.00', '1400.00', '0.00', '0.00', '100.00'],
    ['an amount changed in the ledger', '1500.00', '1500.27', '0.00', '0.00', '-0.27'],
    ['negative balances (overdraft)', '-11134.56', '-11134.56', '0.00', '0.00', '0.00'],
  ])('%s', (_what, statement, ledger, unmatchedBank, unmatchedLedger, expected) => {
    expect(
      reconciliationDifference(
        new Dec(statement),
        new Dec(ledger),
        new Dec(unmatchedBank),
        new Dec(unmatchedLedger),
      ).toFixed(2),
    ).toBe(expected);
  });
});

describe('stale items and reconciled', () => {
  it.each([
    ['same day', '2024-03-31', '2024-03-31', 5, 0, false],
    ['exactly the window', '2024-03-26', '2024-03-31', 5, 5, false],
    ['a day past the window', '2024-03-25', '2024-03-31', 5, 6, true],
    ['across a leap day', '2024-02-28', '2024-03-01', 1, 2, true],
    ['dated after asOf (never listed, but not stale)', '2024-04-02', '2024-03-31', 5, -2, false],
  ])('%s', (_what, date, asOf, window, age, stale) => {
    expect(ageInDays(date, asOf)).toBe(age);
    expect(isStale(date, asOf, window)).toBe(stale);
  });

  it.each([
    [['0.00', 0], true],
    [['0.00', 1], false],
    [['0.01', 0], false],
    [['-0.01', 0], false],
  ] as const)('isReconciled(%j) = %s', ([difference, stale], expected) => {
    expect(isReconciled(new Dec(difference), stale)).toBe(expected);
  });
});

describe('statementGaps', () => {
  const day = (
    d: number,
    opening: string | null,
    closing: string | null,
    importedAt = `2024-05-0${d}T00:00:00.000000Z`,
  ) => statement(`D${d}`, `2024-04-0${d}`, `2024-04-0${d}`, opening, closing, importedAt);
  const gapsOf = (statements: StatementBalanceFacts[], asOf = '2024-04-30') =>
    statementGaps(statements, asOf).map((g) => [
      g.after,
      g.before,
      g.closingBalance.toFixed(2),
      g.openingBalance.toFixed(2),
    ]);

  it.each([
    ['daily statements that follow on', [day(1, '100', '150'), day(2, '150', '90'), day(3, '90', '90')], []],
    [
      'a day left out (day 2 moved 150 → 90)',
      [day(1, '100', '150'), day(3, '90', '90')],
      [['2024-04-01', '2024-04-03', '150.00', '90.00']],
    ],
    ['a day left out that moved nothing is no gap', [day(1, '100', '150'), day(3, '150', '160')], []],
    [
      'imported out of order',
      [
        day(3, '90', '90', '2024-05-01T00:00:00.000000Z'),
        day(1, '100', '150', '2024-05-02T00:00:00.000000Z'),
        day(2, '150', '90', '2024-05-03T00:00:00.000000Z'),
      ],
      [],
    ],
    [
      'the same statement imported twice',
      [day(1, '100', '150'), day(1, '100', '150', '2024-06-01T00:00:00.000000Z'), day(2, '150', '90')],
      [],
    ],
    [
      'a statement without balances (a CSV) between two that follow on',
      [day(1, '100', '150'), statement('CSV', '2024-04-02', '2024-04-02', null, null), day(3, '150', '150')],
      [],
    ],
    [
      'a monthly statement overlapping daily ones is not compared with them',
      [
        statement('APR', '2024-04-01', '2024-04-30', '100', '500'),
        day(2, '150', '90'),
        statement('MAY', '2024-05-01', '2024-05-31', '500', '510'),
      ],
      [],
    ],
    [
      'a statement without an opening balance cannot be compared',
      [day(1, '100', '150'), day(2, null, '90'), day(3, '95', '95')],
      [['2024-04-02', '2024-04-03', '90.00', '95.00']],
    ],
  ])('%s', (_what, statements, expected) => {
    expect(gapsOf(statements)).toEqual(expected);
  });

  it('lists only the statements starting by asOf', () => {
    const statements = [day(1, '100', '150'), day(3, '90', '90')];
    expect(gapsOf(statements, '2024-04-02')).toEqual([]);
    expect(gapsOf(statements, '2024-04-03')).toHaveLength(1);
  });

  it('an account with a gap is not reconciled, whatever its difference', () => {
    expect(isReconciled(new Dec(0), 0, 1)).toBe(false);
    expect(isReconciled(new Dec(0), 0, 0)).toBe(true);
  });
});

describe('mergePages', () => {
  it("takes the pages of a paginated message as one statement: the first page's opening, the last page's closing", () => {
    const first = statement('P1', '2024-04-01', '2024-04-10', '100.00', null, '2024-05-01T00:00:00.000000Z');
    const second = {
      ...statement('P2', '2024-04-11', '2024-04-20', null, null, '2024-05-02T00:00:00.000000Z'),
      continuesStatementId: 'P1',
    };
    const third = {
      ...statement('P3', '2024-04-21', '2024-04-30', null, '250.00', '2024-05-03T00:00:00.000000Z'),
      continuesStatementId: 'P1',
    };
    const next = statement('MAY', '2024-05-01', '2024-05-31', '250.00', '300.00');
    const merged = mergePages([first, second, third, next]);
    expect(
      merged.map((s) => [s.id, s.startsOn, s.endsOn, s.openingBalance?.toFixed(2), s.closingBalance?.toFixed(2)]),
    ).toEqual([
      ['P1', '2024-04-01', '2024-04-30', '100.00', '250.00'],
      ['MAY', '2024-05-01', '2024-05-31', '250.00', '300.00'],
    ]);
    expect(statementGaps(merged, '2024-05-31')).toEqual([]);
  });
});
