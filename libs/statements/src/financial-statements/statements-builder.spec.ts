import type { AccountRow, FundRow } from '@app/ledger';
import { StatementInvariantError } from '../shared/invariant';
import { classifyChart } from './classification';
import type { AccountFundAmounts, StatementsInput, YearLedger } from './ledger-figures';
import { buildStatements } from './statements-builder';

const account = (code: string, type: AccountRow['type'], parent: string | null = null): AccountRow => ({
  code,
  nameEn: `Account ${code}`,
  nameEs: `Cuenta ${code}`,
  type,
  parent,
  active: true,
});
const ACCOUNTS: AccountRow[] = [
  account('1000', 'asset'),
  account('1010', 'asset', '1000'),
  account('1020', 'asset', '1000'),
  account('1100', 'asset'),
  account('2100', 'liability'),
  account('3100', 'net_assets'),
  account('3200', 'net_assets'),
  account('4100', 'revenue'),
  account('4300', 'revenue'),
  account('4800', 'revenue'),
  account('5100', 'expense'),
  account('5150', 'expense', '5100'),
  account('5800', 'expense'),
  account('6000', 'expense'),
];
const FUNDS: FundRow[] = [
  { code: 'GEN', name: 'General fund', kind: 'general', netAssetsAccount: '3100', active: true },
  { code: 'RES', name: 'Reserve fund', kind: 'reserve', netAssetsAccount: '3200', active: true },
];
const row = (acc: string, fund: string, debitBase: string, creditBase: string): AccountFundAmounts => ({ account: acc, fund, debitBase, creditBase });

function year(y: number, patch: Partial<YearLedger> = {}): YearLedger {
  return {
    span: { year: y, startsOn: `${y}-01-01`, endsOn: `${y}-12-31`, dayBefore: `${y - 1}-12-31`, status: 'open' },
    opening: [],
    closing: [],
    flows: [],
    flowsToDate: [],
    cashAttribution: [],
    cashAttributionToDate: [],
    memberFlows: [],
    memberOpening: [],
    memberClosing: [],
    budget: null,
    budgetActuals: [],
    reserveMonthly: [],
    reserveCommitments: null,
    ...patch,
  };
}

/**
 * One year: assessed 1,000 (MEX), paid 600, personnel 250 (line STAFF), transfer 100 GEN → RES.
 * Cash 250 (GEN) + 100 (RES) + receivable 400 = 750 = net assets (GEN 1,000 − 250 − 100 = 650; RES 100).
 */
function sound(): StatementsInput {
  const closing = [
    row('1010', 'GEN', '600.00', '350.00'),
    row('1100', 'GEN', '1000.00', '600.00'),
    row('4100', 'GEN', '0.00', '1000.00'),
    row('5150', 'GEN', '250.00', '0.00'),
    row('5800', 'GEN', '100.00', '0.00'),
    row('1010', 'RES', '100.00', '0.00'),
    row('4800', 'RES', '0.00', '100.00'),
  ];
  return {
    baseCurrency: 'USD',
    accounts: ACCOUNTS,
    funds: FUNDS,
    bankLedgerAccounts: ['1010'],
    members: [{ code: 'MEX', nameEn: 'Mexico', nameEs: 'México' }],
    prior: year(2004),
    current: year(2005, {
      closing,
      flows: [...closing],
      flowsToDate: [...closing],
      cashAttribution: [
        { account: '1100', fund: 'GEN', inflowBase: '600.00' },
        { account: '5150', fund: 'GEN', inflowBase: '-250.00' },
        { account: '5800', fund: 'GEN', inflowBase: '-100.00' },
        { account: '4800', fund: 'RES', inflowBase: '100.00' },
      ],
      memberFlows: [
        { member: 'MEX', kind: 'assessed', netBase: '1000.00' },
        { member: 'MEX', kind: 'paid', netBase: '-600.00' },
      ],
      memberClosing: [{ member: 'MEX', account: '1100', netBase: '400.00' }],
      budgetActuals: [{ code: 'STAFF', netBase: '250.00' }],
      reserveMonthly: [{ month: '2005-09', changeBase: '100.00' }],
    }),
  };
}

describe('buildStatements', () => {
  it('builds statements that tie from a sound ledger', () => {
    const s = buildStatements(sound(), 'en');
    expect(s.financialPosition.totals).toMatchObject({ assets: '750.00', liabilities: '0.00', netAssets: '750.00' });
    expect(s.financialPerformance.totals).toMatchObject({ revenue: '1000.00', expenses: '250.00', surplus: '750.00' });
    expect(s.financialPerformance.interFundTransfers).toMatchObject({ transfersIn: '100.00', transfersOut: '100.00', net: '0.00' });
    expect(s.changesInNetAssets.totals).toMatchObject({ opening: '0.00', surplus: '750.00', transfers: '0.00', closing: '750.00' });
    expect(s.changesInNetAssets.funds.map((f) => [f.fund, f.transfers, f.closing])).toEqual([
      ['GEN', '-100.00', '650.00'],
      ['RES', '100.00', '100.00'],
    ]);
    expect(s.cashFlow.totals).toMatchObject({ openingCash: '0.00', netFlow: '350.00', closingCash: '350.00', transfers: '0.00' });
    // A sub-account (5150 under 5100) lands in its parent's line.
    expect(s.financialPerformance.expenses.find((l) => l.code === 'personnel')).toMatchObject({ amount: '250.00', accounts: [{ code: '5150' }] });
    expect(s.budgetVsActual.lines).toEqual([
      expect.objectContaining({ code: 'STAFF', inBudget: false, budget: '0.00', actual: '250.00', executionPercent: null }),
    ]);
    expect(s.notes.contributions.members[0]).toMatchObject({ member: 'MEX', assessed: '1000.00', paid: '600.00', outstanding: '400.00' });
    expect(s.notes.reserveFund.monthlyBalances.slice(7, 9)).toEqual([
      { month: '2005-08', balance: '0.00' },
      { month: '2005-09', balance: '100.00' },
    ]);
  });

  it.each<[string, (i: StatementsInput) => void, RegExp]>([
    ['a position that does not balance', (i) => i.current.closing.push(row('1100', 'GEN', '5.00', '0.00')), /2005: assets 755\.00 ≠ liabilities 0\.00 \+ net assets 750\.00/],
    [
      'net assets that the year’s movements do not explain',
      (i) => i.current.closing.push(row('1010', 'GEN', '5.00', '0.00'), row('3100', 'GEN', '0.00', '5.00')),
      /fund GEN changes in net assets close at 650\.00, the position shows 655\.00/,
    ],
    ['cash flows that do not reach the closing cash', (i) => i.current.cashAttribution.pop(), /opening cash 0\.00 \+ net flow 250\.00 ≠ closing cash 350\.00/],
    ['budget actuals that are not the general fund’s expenses', (i) => (i.current.budgetActuals = []), /actual expenses by budget line 0\.00 ≠ general-fund expenses 250\.00/],
    [
      'a member whose receivable does not roll forward',
      (i) => (i.current.memberClosing = [{ member: 'MEX', account: '1100', netBase: '300.00' }]),
      /member MEX opening \+ assessed − paid − written off = 400\.00 ≠ outstanding 300\.00/,
    ],
    [
      'a prior year whose closing is not this year’s opening',
      (i) => (i.prior = year(2004, { closing: [row('1010', 'GEN', '10.00', '0.00'), row('3100', 'GEN', '0.00', '10.00')], flows: [row('1010', 'GEN', '10.00', '0.00'), row('3100', 'GEN', '0.00', '10.00')], cashAttribution: [{ account: '3100', fund: 'GEN', inflowBase: '10.00' }] })),
      /fund GEN: prior-year closing net assets ≠ current-year opening net assets/,
    ],
  ])('refuses to publish %s (an internal error: a bug or a broken ledger)', (_case, breakIt, message) => {
    const input = sound();
    breakIt(input);
    expect(() => buildStatements(input, 'en')).toThrow(StatementInvariantError);
    expect(() => buildStatements(input, 'en')).toThrow(message);
  });
});

describe('classifyChart', () => {
  const c = classifyChart(ACCOUNTS, ['1010', '1100']);
  it.each<[string, string]>([
    ['1010', 'cashAndBank'],
    ['1020', 'cashAndBank'],
    ['2100', 'advances'],
    ['4100', 'assessedContributions'],
    ['5150', 'personnel'],
    ['6000', 'otherExpenses'],
  ])('account %s → line %s', (code, line) => {
    expect(c.classOf(code)).toMatchObject({ line });
  });

  it('makes every account linked to a bank account cash, whatever its code', () => {
    expect(c.cashAccounts).toEqual(['1000', '1010', '1020', '1100']);
  });

  it('marks 4800/5800 as inter-fund transfers and knows families', () => {
    expect(c.classOf('4800')).toMatchObject({ transfer: true });
    expect(c.classOf('5800')).toMatchObject({ transfer: true });
    expect(c.classOf('5100')).toMatchObject({ transfer: false });
    expect(c.family('5100')).toEqual(['5100', '5150']);
  });

  it('throws on an account that is not in the chart (a posting the chart does not know is a bug)', () => {
    expect(() => c.classOf('9999')).toThrow(/not in the chart/);
  });
});
