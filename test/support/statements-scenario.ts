import { expectLedgerSound } from './ledger-assertions';
import { TestApp } from './test-app';

/**
 * Two fiscal years of a small body, posted through the API, whose statements are worked out by
 * hand in test/statements.e2e-spec.ts. Members MEX, GTM, CRI; general fund GEN, reserve fund RES,
 * and a grant-like restricted fund DON. 2004 is closed; 2005 is left open.
 */
export const DON = 'DON-CAMPAIGN';

type Side = 'debit' | 'credit';
interface Line {
  account: string;
  fund: string;
  side: Side;
  amount: string;
  member?: string;
  budgetLine?: string;
}
const line = (account: string, fund: string, side: Side, amount: string, extra: Partial<Line> = {}): Line => ({
  account,
  fund,
  side,
  amount,
  ...extra,
});

export async function postEntry(t: TestApp, date: string, description: string, lines: Line[]): Promise<void> {
  const res = await t.as('secretariat').post('/v1/journal-entries', { date, description, lines });
  if (res.status !== 201) throw new Error(`entry ${description}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function postExpenditure(
  t: TestApp,
  e: { fund: string; budgetLine: string; account: string; amount: string; date: string; payee: string; description: string },
): Promise<void> {
  const res = await t.as('secretariat').post('/v1/expenditures', { ...e, currency: 'USD' });
  if (res.status !== 201) throw new Error(`expenditure ${e.description}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function ok(res: { status: number; body: unknown }, what: string, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function seedMembersAndBudgets(t: TestApp): Promise<void> {
  for (const [code, name, nameEs] of [
    ['MEX', 'Mexico', 'México'],
    ['GTM', 'Guatemala', 'Guatemala'],
    ['CRI', 'Costa Rica', 'Costa Rica'],
  ]) {
    await ok(await t.as('admin').post('/v1/members', { code, name, nameEs, joinedOn: '1996-03-13' }), `member ${code}`);
  }
  const scale = [
    { member: 'MEX', share: '50' },
    { member: 'GTM', share: '30' },
    { member: 'CRI', share: '20' },
  ];
  await ok(
    await t.as('secretariat').post('/v1/budgets', {
      fiscalYear: 2004,
      total: '10000.00',
      currency: 'USD',
      approval: { meeting: 'VIII CRM, Cancún', date: '2003-12-01', reference: 'CRM-2003/1' },
      lines: [
        { code: 'PERSONNEL', name: 'Personnel', amount: '6000.00' },
        { code: 'MEETINGS', name: 'Meetings and travel', amount: '4000.00' },
      ],
      scale,
    }),
    'budget 2004',
  );
  await ok(
    await t.as('secretariat').post('/v1/budgets', {
      fiscalYear: 2005,
      total: '12000.00',
      currency: 'USD',
      approval: { meeting: 'IX CRM, Panamá', date: '2004-12-10', reference: 'GRCM-2004-12/21' },
      lines: [
        { code: 'PERSONNEL', name: 'Personnel', amount: '7000.00' },
        { code: 'MEETINGS', name: 'Meetings and travel', amount: '3000.00' },
        { code: 'COMMS', name: 'Communications', amount: '2000.00' },
      ],
      scale,
    }),
    'budget 2005',
  );
  await ok(await t.as('admin').post('/v1/funds', { code: DON, name: 'Awareness campaign grant', kind: 'restricted' }), 'fund DON');
}

/** 2004: assessed 10,000; paid 7,000; spent 4,550; reserve contribution 1,000; then closed. */
export async function seed2004(t: TestApp): Promise<void> {
  await postEntry(t, '2004-01-01', 'Assessed contributions 2004', [
    line('1100', 'GEN', 'debit', '5000.00', { member: 'MEX' }),
    line('1100', 'GEN', 'debit', '3000.00', { member: 'GTM' }),
    line('1100', 'GEN', 'debit', '2000.00', { member: 'CRI' }),
    line('4100', 'GEN', 'credit', '10000.00'),
  ]);
  await postEntry(t, '2004-03-15', 'Payment MEX', [line('1010', 'GEN', 'debit', '5000.00'), line('1100', 'GEN', 'credit', '5000.00', { member: 'MEX' })]);
  await postEntry(t, '2004-04-10', 'Payment GTM', [line('1010', 'GEN', 'debit', '2000.00'), line('1100', 'GEN', 'credit', '2000.00', { member: 'GTM' })]);
  await postExpenditure(t, { fund: 'GEN', budgetLine: 'PERSONNEL', account: '5100', amount: '3000.00', date: '2004-05-20', payee: 'Staff', description: 'Salaries' });
  await postExpenditure(t, { fund: 'GEN', budgetLine: 'MEETINGS', account: '5200', amount: '1500.00', date: '2004-06-30', payee: 'Hotel', description: 'Meeting venue' });
  await postEntry(t, '2004-09-01', 'Contribution to the reserve fund', [line('1010', 'RES', 'debit', '1000.00'), line('4300', 'RES', 'credit', '1000.00')]);
  await postEntry(t, '2004-12-31', 'Bank charges 2004', [line('5500', 'GEN', 'debit', '50.00'), line('1010', 'GEN', 'credit', '50.00')]);
  await ok(await t.as('secretariat').post('/v1/fiscal-years/2004/close', {}), 'close 2004', 200);
}

/** 2005 (left open): see the figures worked out in statements.e2e-spec.ts. */
export async function seed2005(t: TestApp): Promise<void> {
  await postEntry(t, '2005-01-01', 'Assessed contributions 2005', [
    line('1100', 'GEN', 'debit', '6000.00', { member: 'MEX' }),
    line('1100', 'GEN', 'debit', '3600.00', { member: 'GTM' }),
    line('1100', 'GEN', 'debit', '2400.00', { member: 'CRI' }),
    line('4100', 'GEN', 'credit', '12000.00'),
  ]);
  await postEntry(t, '2005-02-01', 'Payment GTM', [line('1010', 'GEN', 'debit', '3600.00'), line('1100', 'GEN', 'credit', '3600.00', { member: 'GTM' })]);
  await postEntry(t, '2005-02-15', 'Payment MEX, 500.00 in advance', [
    line('1010', 'GEN', 'debit', '6500.00'),
    line('1100', 'GEN', 'credit', '6000.00', { member: 'MEX' }),
    line('2100', 'GEN', 'credit', '500.00', { member: 'MEX' }),
  ]);
  await postEntry(t, '2005-03-01', 'Write-off CRI by decision', [line('5700', 'GEN', 'debit', '500.00'), line('1100', 'GEN', 'credit', '500.00', { member: 'CRI' })]);
  await postEntry(t, '2005-03-10', 'Grant pledge', [line('1200', DON, 'debit', '20000.00'), line('4200', DON, 'credit', '20000.00')]);
  await postEntry(t, '2005-03-20', 'Grant receipt, first tranche', [line('1010', DON, 'debit', '15000.00'), line('1200', DON, 'credit', '15000.00')]);
  await postEntry(t, '2005-04-05', 'Campaign materials', [
    line('5300', DON, 'debit', '4000.00', { budgetLine: 'CAMPAIGN' }),
    line('1010', DON, 'credit', '4000.00'),
  ]);
  await postExpenditure(t, { fund: 'GEN', budgetLine: 'PERSONNEL', account: '5100', amount: '3500.00', date: '2005-05-10', payee: 'Staff', description: 'Salaries' });
  await postExpenditure(t, { fund: 'GEN', budgetLine: 'MEETINGS', account: '5200', amount: '2800.00', date: '2005-06-15', payee: 'Hotel El Panamá', description: 'Vice-ministerial meeting' });
  await postExpenditure(t, { fund: 'GEN', budgetLine: 'COMMS', account: '5300', amount: '1200.00', date: '2005-07-01', payee: 'Printer', description: 'Leaflets' });
  await postEntry(t, '2005-08-01', 'Contribution to the reserve fund', [line('1010', 'RES', 'debit', '2000.00'), line('4300', 'RES', 'credit', '2000.00')]);
  await postEntry(t, '2005-09-01', 'Transfer from the general fund to the reserve fund', [
    line('5800', 'GEN', 'debit', '1000.00'),
    line('1010', 'GEN', 'credit', '1000.00'),
    line('1010', 'RES', 'debit', '1000.00'),
    line('4800', 'RES', 'credit', '1000.00'),
  ]);
  await postExpenditure(t, { fund: 'RES', budgetLine: 'RETURNS', account: '5400', amount: '700.00', date: '2005-10-01', payee: 'IOM', description: 'Assisted return of 3 migrants' });
  await postEntry(t, '2005-11-30', 'Interest', [line('1010', 'GEN', 'debit', '30.00'), line('4400', 'GEN', 'credit', '30.00')]);
  await postEntry(t, '2005-12-31', 'Bank charges 2005', [line('5500', 'GEN', 'debit', '40.00'), line('1010', 'GEN', 'credit', '40.00')]);
  await expectLedgerSound(t);
}
