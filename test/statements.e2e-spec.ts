import { expectLedgerSound } from './support/ledger-assertions';
import { binary, pdfPages, workbookOf } from './support/report-files';
import { DON, seed2004, seed2005, seedMembersAndBudgets } from './support/statements-scenario';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every figure below was worked out by hand from the scenario in support/statements-scenario.ts.
 *
 * 2004 (closed): assessed 10,000.00 (MEX 5,000 / GTM 3,000 / CRI 2,000); paid MEX 5,000 + GTM 2,000;
 * personnel 3,000 + meetings 1,500 (expenditures), bank charges 50; reserve contribution 1,000.
 *   revenue 11,000.00, expenses 4,550.00, surplus 6,450.00; cash 3,450.00 (GEN 2,450, RES 1,000);
 *   receivable 3,000.00 (GTM 1,000, CRI 2,000); net assets 6,450.00 (GEN 5,450, RES 1,000).
 * 2005 (open): assessed 12,000.00 (6,000 / 3,600 / 2,400); GTM pays 3,600; MEX pays 6,500 (500 in
 * advance); CRI 500 written off; grant pledged 20,000, received 15,000, spent 4,000 (5300);
 * personnel 3,500, meetings 2,800, comms 1,200 (GEN); reserve contribution 2,000; GEN → RES
 * transfer 1,000; assisted return 700 (RES); interest 30; bank charges 40.
 *   revenue 12,000 + 20,000 + 2,000 + 30 = 34,030.00
 *   expenses 3,500 + 2,800 + (1,200 + 4,000) + 700 + 40 + 500 = 12,740.00; surplus 21,290.00
 *   cash: GEN 2,450 + 3,600 + 6,500 − 3,500 − 2,800 − 1,200 − 1,000 + 30 − 40 = 4,040
 *         RES 1,000 + 2,000 + 1,000 − 700 = 3,300; DON 15,000 − 4,000 = 11,000 → 18,340.00
 *   receivable: GTM 1,000 + CRI (2,000 + 2,400 − 500 = 3,900) = 4,900.00; grants receivable 5,000.00
 *   assets 28,240.00 = liabilities (advance MEX) 500.00 + net assets 27,740.00
 *   net assets: GEN 5,450 + 3,990 − 1,000 = 8,440; RES 1,000 + 1,300 + 1,000 = 3,300; DON 16,000
 */
describe('financial statements of a scenario worked out by hand', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const fs2005 = async (lang = 'en') => (await t.as('viewer').get(`/v1/reports/financial-statements?fiscalYear=2005&lang=${lang}`).expect(200)).body;
  interface Line {
    code: string;
    label: string;
    amount: string;
    prior: string;
    accounts: { code: string; name: string; amount: string; prior: string }[];
  }
  const find = (lines: Line[], code: string): Line => {
    const found = lines.find((l) => l.code === code);
    if (!found) throw new Error(`no line ${code}`);
    return found;
  };
  const figures = (lines: { code: string; amount: string; prior: string }[]) =>
    Object.fromEntries(lines.map((l) => [l.code, [l.amount, l.prior]]));

  it('posts two years through the API (2004 closed), and the ledger is sound', async () => {
    await seedMembersAndBudgets(t);
    await seed2004(t);
    await seed2005(t);
    await expectLedgerSound(t);
  });

  it('statement of financial position: both years, balanced, net assets by fund kind', async () => {
    const { financialPosition: p } = await fs2005();
    expect(p.asAt).toBe('2005-12-31');
    expect(p.priorAsAt).toBe('2004-12-31');
    expect(figures(p.assets)).toEqual({
      cashAndBank: ['18340.00', '3450.00'],
      contributionsReceivable: ['4900.00', '3000.00'],
      grantsReceivable: ['5000.00', '0.00'],
      otherAssets: ['0.00', '0.00'],
    });
    expect(figures(p.liabilities)).toEqual({
      advances: ['500.00', '0.00'],
      deferredRevenue: ['0.00', '0.00'],
      payables: ['0.00', '0.00'],
      refundsPayable: ['0.00', '0.00'],
      otherLiabilities: ['0.00', '0.00'],
    });
    expect(figures(p.netAssets)).toEqual({
      unrestricted: ['8440.00', '5450.00'],
      reserve: ['3300.00', '1000.00'],
      restricted: ['16000.00', '0.00'],
    });
    expect(p.totals).toEqual({
      assets: '28240.00',
      liabilities: '500.00',
      netAssets: '27740.00',
      liabilitiesAndNetAssets: '28240.00',
      prior: { assets: '6450.00', liabilities: '0.00', netAssets: '6450.00', liabilitiesAndNetAssets: '6450.00' },
    });
    expect(find(p.assets, 'cashAndBank').accounts).toEqual([{ code: '1010', name: 'Bank — operating account', amount: '18340.00', prior: '3450.00' }]);
  });

  it('statement of financial performance: closing entries and transfers excluded', async () => {
    const { financialPerformance: f } = await fs2005();
    expect(figures(f.revenue)).toEqual({
      assessedContributions: ['12000.00', '10000.00'],
      voluntaryContributions: ['20000.00', '0.00'],
      reserveFundContributions: ['2000.00', '1000.00'],
      interest: ['30.00', '0.00'],
      foreignExchangeGains: ['0.00', '0.00'],
      otherRevenue: ['0.00', '0.00'],
    });
    expect(figures(f.expenses)).toEqual({
      personnel: ['3500.00', '3000.00'],
      meetingsAndTravel: ['2800.00', '1500.00'],
      communicationsAndCampaigns: ['5200.00', '0.00'],
      assistedReturns: ['700.00', '0.00'],
      bankCharges: ['40.00', '50.00'],
      foreignExchangeLosses: ['0.00', '0.00'],
      writeOffs: ['500.00', '0.00'],
      otherExpenses: ['0.00', '0.00'],
    });
    expect(f.totals).toEqual({
      revenue: '34030.00',
      expenses: '12740.00',
      surplus: '21290.00',
      prior: { revenue: '11000.00', expenses: '4550.00', surplus: '6450.00' },
    });
    expect(f.interFundTransfers).toEqual({
      transfersIn: '1000.00',
      transfersOut: '1000.00',
      net: '0.00',
      treatment: 'eliminated',
      prior: { transfersIn: '0.00', transfersOut: '0.00', net: '0.00' },
    });
    expect(f.byFund).toEqual([
      { fund: DON, kind: 'restricted', revenue: '20000.00', expenses: '4000.00', surplus: '16000.00', prior: { revenue: '0.00', expenses: '0.00', surplus: '0.00' } },
      { fund: 'GEN', kind: 'general', revenue: '12030.00', expenses: '8040.00', surplus: '3990.00', prior: { revenue: '10000.00', expenses: '4550.00', surplus: '5450.00' } },
      { fund: 'RES', kind: 'reserve', revenue: '2000.00', expenses: '700.00', surplus: '1300.00', prior: { revenue: '1000.00', expenses: '0.00', surplus: '1000.00' } },
    ]);
  });

  it('statement of changes in net assets: opening + surplus + transfers = closing, per fund', async () => {
    const { changesInNetAssets: c } = await fs2005();
    const zero = { opening: '0.00', surplus: '0.00', transfers: '0.00', otherMovements: '0.00', closing: '0.00' };
    expect(c.funds).toEqual([
      { fund: DON, name: 'Awareness campaign grant', kind: 'restricted', opening: '0.00', surplus: '16000.00', transfers: '0.00', otherMovements: '0.00', closing: '16000.00', prior: zero },
      {
        fund: 'GEN',
        name: 'General fund',
        kind: 'general',
        opening: '5450.00',
        surplus: '3990.00',
        transfers: '-1000.00',
        otherMovements: '0.00',
        closing: '8440.00',
        prior: { opening: '0.00', surplus: '5450.00', transfers: '0.00', otherMovements: '0.00', closing: '5450.00' },
      },
      {
        fund: 'RES',
        name: 'Reserve fund',
        kind: 'reserve',
        opening: '1000.00',
        surplus: '1300.00',
        transfers: '1000.00',
        otherMovements: '0.00',
        closing: '3300.00',
        prior: { opening: '0.00', surplus: '1000.00', transfers: '0.00', otherMovements: '0.00', closing: '1000.00' },
      },
    ]);
    expect(c.totals).toEqual({
      opening: '6450.00',
      surplus: '21290.00',
      transfers: '0.00',
      otherMovements: '0.00',
      closing: '27740.00',
      prior: { opening: '0.00', surplus: '6450.00', transfers: '0.00', otherMovements: '0.00', closing: '6450.00' },
    });
    expect(c.byKind.map((k: { kind: string; closing: string }) => [k.kind, k.closing])).toEqual([
      ['general', '8440.00'],
      ['reserve', '3300.00'],
      ['restricted', '16000.00'],
    ]);
  });

  it('cash flow statement (direct method): opening + net flow = closing = cash in the position', async () => {
    const { cashFlow: c } = await fs2005();
    expect(c.method).toBe('direct');
    expect(c.cashAccounts).toEqual(['1000', '1010']);
    expect(figures(c.lines)).toEqual({
      receiptsAssessedContributions: ['10100.00', '7000.00'],
      receiptsVoluntaryContributions: ['15000.00', '0.00'],
      receiptsReserveFundContributions: ['2000.00', '1000.00'],
      interestReceived: ['30.00', '0.00'],
      otherReceipts: ['0.00', '0.00'],
      paymentsPersonnel: ['-3500.00', '-3000.00'],
      paymentsSuppliers: ['-8000.00', '-1500.00'],
      paymentsAssistedReturns: ['-700.00', '0.00'],
      paymentsBankCharges: ['-40.00', '-50.00'],
      refundsToDonors: ['0.00', '0.00'],
      interFundTransfers: ['0.00', '0.00'],
      otherCashFlows: ['0.00', '0.00'],
    });
    // The advance MEX paid is a receipt from assessed contributions, through account 2100.
    expect(find(c.lines, 'receiptsAssessedContributions').accounts.map((a) => [a.code, a.amount])).toEqual([
      ['1100', '9600.00'],
      ['2100', '500.00'],
    ]);
    expect(c.totals).toEqual({
      openingCash: '3450.00',
      receipts: '27130.00',
      payments: '-12240.00',
      transfers: '0.00',
      other: '0.00',
      netFlow: '14890.00',
      closingCash: '18340.00',
      prior: { openingCash: '0.00', receipts: '8000.00', payments: '-4550.00', transfers: '0.00', other: '0.00', netFlow: '3450.00', closingCash: '3450.00' },
    });
  });

  it('statement of comparison of budget and actual amounts (general fund, by budget line)', async () => {
    const { budgetVsActual: b } = await fs2005();
    expect(b.funds).toEqual(['GEN']);
    expect(b.budget).toEqual({
      fiscalYear: 2005,
      version: 1,
      originalVersion: 1,
      approval: { meeting: 'IX CRM, Panamá', date: '2004-12-10', reference: 'GRCM-2004-12/21' },
    });
    expect(b.lines).toEqual([
      {
        code: 'PERSONNEL',
        name: 'Personnel',
        inBudget: true,
        originalBudget: '7000.00',
        budget: '7000.00',
        actual: '3500.00',
        variance: '3500.00',
        executionPercent: '50.0000',
        prior: { budget: '6000.00', actual: '3000.00', variance: '3000.00', executionPercent: '50.0000' },
      },
      {
        code: 'MEETINGS',
        name: 'Meetings and travel',
        inBudget: true,
        originalBudget: '3000.00',
        budget: '3000.00',
        actual: '2800.00',
        variance: '200.00',
        executionPercent: '93.3333',
        prior: { budget: '4000.00', actual: '1500.00', variance: '2500.00', executionPercent: '37.5000' },
      },
      {
        code: 'COMMS',
        name: 'Communications',
        inBudget: true,
        originalBudget: '2000.00',
        budget: '2000.00',
        actual: '1200.00',
        variance: '800.00',
        executionPercent: '60.0000',
        prior: { budget: '0.00', actual: '0.00', variance: '0.00', executionPercent: null },
      },
    ]);
    // Bank charges (40) and the write-off (500) carry no budget line.
    expect(b.unallocated).toMatchObject({ actual: '540.00', prior: '50.00' });
    expect(b.totals).toEqual({
      budget: '12000.00',
      actual: '8040.00',
      variance: '3960.00',
      executionPercent: '67.0000',
      prior: { budget: '10000.00', actual: '4550.00', variance: '5450.00', executionPercent: '45.5000' },
    });
  });

  it('notes: contributions by member, grants, reserve fund, policies in both languages', async () => {
    const { notes: n } = await fs2005();
    const fig = (opening: string, assessed: string, paid: string, writtenOff: string, outstanding: string, advance: string) => ({
      opening,
      assessed,
      paid,
      writtenOff,
      outstanding,
      advance,
    });
    expect(n.contributions.members).toEqual([
      { member: 'CRI', name: 'Costa Rica', ...fig('2000.00', '2400.00', '0.00', '500.00', '3900.00', '0.00'), prior: fig('0.00', '2000.00', '0.00', '0.00', '2000.00', '0.00') },
      { member: 'GTM', name: 'Guatemala', ...fig('1000.00', '3600.00', '3600.00', '0.00', '1000.00', '0.00'), prior: fig('0.00', '3000.00', '2000.00', '0.00', '1000.00', '0.00') },
      { member: 'MEX', name: 'Mexico', ...fig('0.00', '6000.00', '6000.00', '0.00', '0.00', '500.00'), prior: fig('0.00', '5000.00', '5000.00', '0.00', '0.00', '0.00') },
    ]);
    expect(n.contributions.totals).toEqual({
      opening: '3000.00',
      assessed: '12000.00',
      paid: '9600.00',
      writtenOff: '500.00',
      outstanding: '4900.00',
      advance: '500.00',
      prior: { opening: '0.00', assessed: '10000.00', paid: '7000.00', writtenOff: '0.00', outstanding: '3000.00', advance: '0.00' },
    });
    expect(n.grants.grants).toEqual([
      {
        fund: DON,
        name: 'Awareness campaign grant',
        pledged: '20000.00',
        received: '15000.00',
        spent: '4000.00',
        refunded: '0.00',
        netAssets: '16000.00',
        cash: '11000.00',
        prior: { pledged: '0.00', received: '0.00', spent: '0.00', refunded: '0.00', netAssets: '0.00', cash: '0.00' },
      },
    ]);
    expect(n.reserveFund).toMatchObject({
      funds: ['RES'],
      balance: '3300.00',
      cash: '3300.00',
      contributions: '2000.00',
      disbursements: '700.00',
      transfers: '1000.00',
      commitments: '0.00',
      prior: { balance: '1000.00', cash: '1000.00', contributions: '1000.00', disbursements: '0.00', transfers: '0.00', commitments: '0.00' },
    });
    expect(n.reserveFund.monthlyBalances.map((x: { month: string; balance: string }) => `${x.month}=${x.balance}`)).toEqual([
      '2005-01=1000.00',
      '2005-02=1000.00',
      '2005-03=1000.00',
      '2005-04=1000.00',
      '2005-05=1000.00',
      '2005-06=1000.00',
      '2005-07=1000.00',
      '2005-08=3000.00',
      '2005-09=4000.00',
      '2005-10=3300.00',
      '2005-11=3300.00',
      '2005-12=3300.00',
    ]);
    expect(n.accountingPolicies.paragraphs.map((p: { key: string }) => p.key)).toContain('transfers');
    const es = await fs2005('es');
    expect(es.lang).toBe('es');
    expect(es.financialPosition.title).toBe('Estado de situación financiera');
    expect(find(es.financialPerformance.revenue, 'assessedContributions').label).toBe('Contribuciones señaladas');
    expect(es.notes.accountingPolicies.paragraphs[0].text).toMatch(/base contable de acumulación/);
    expect(es.financialPosition.totals).toEqual((await fs2005()).financialPosition.totals);
  });

  it('XLSX: one sheet per statement, figures as in the JSON', async () => {
    const res = await t.as('viewer').get('/v1/reports/financial-statements?fiscalYear=2005&format=xlsx&lang=en').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="financial-statements-2005-2005-12-31-en\.xlsx"/);
    const book = await workbookOf(res.body as Buffer);
    const names = book.worksheets.map((ws) => ws.name);
    for (const sheet of ['Statement of financial positio', 'Statement of financial perform', 'Statement of changes in net as', 'Cash flow statement']) {
      expect(names.some((n) => n.startsWith(sheet))).toBe(true);
    }
    const position = book.worksheets.find((ws) => ws.name.startsWith('Statement of financial positio'))!;
    const values: unknown[] = [];
    position.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toEqual(expect.arrayContaining([28240, 6450, 27740, 'Total assets']));
  });

  it('PDF: cover with the meeting, contents, numbered pages, statements, charts and notes (es)', async () => {
    const meeting = 'X Reunión Viceministerial, Tegucigalpa';
    const res = await t
      .as('viewer')
      .get(`/v1/reports/financial-statements?fiscalYear=2005&format=pdf&lang=es&meeting=${encodeURIComponent(meeting)}&organisation=CRM`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(body);
    const all = pages.join(' ');
    expect(pages[0]).toContain(meeting);
    expect(pages[1]).toContain('Índice');
    expect(all).toMatch(/Página \d+ de \d+/);
    // The table of contents lists each statement once.
    expect(pages[1].split('Estado de situación financiera')).toHaveLength(2);
    for (const text of [
      'Estado de situación financiera',
      'Estado de rendimiento financiero',
      'Estado de flujos de efectivo',
      'Contribuciones pagadas y pendientes por miembro',
      'Ejecución presupuestaria por línea',
      'Saldo del fondo de reserva',
      'Políticas contables',
    ]) {
      expect(all).toContain(text);
    }
  });

  it('closing 2005 changes no figure: closing entries are not revenue or expenses of the year', async () => {
    const before = await fs2005();
    await t.as('secretariat').post('/v1/fiscal-years/2005/close', {}).expect(200);
    const after = await fs2005();
    expect(after.period).toEqual({ ...before.period, status: 'closed' });
    expect({ ...after, period: null }).toEqual({ ...before, period: null });
    await expectLedgerSound(t);
  });

  it('prior year alone (2004 beside 2003): the prior column is empty', async () => {
    const res = await t.as('auditor').get('/v1/reports/financial-statements?fiscalYear=2004&lang=en').expect(200);
    expect(res.body.financialPosition.totals).toEqual({
      assets: '6450.00',
      liabilities: '0.00',
      netAssets: '6450.00',
      liabilitiesAndNetAssets: '6450.00',
      prior: { assets: '0.00', liabilities: '0.00', netAssets: '0.00', liabilitiesAndNetAssets: '0.00' },
    });
    expect(res.body.period.status).toBe('closed');
  });

  it.each([
    ['fiscalYear=05', 'fiscalYear'],
    ['fiscalYear=1800', 'fiscalYear'],
    ['fiscalYear=2005&lang=fr', 'lang'],
    ['fiscalYear=2005&format=docx', 'format'],
    ['', 'fiscalYear'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const res = await t.as('viewer').get(`/v1/reports/financial-statements?${query}`).expect(400);
    expect(JSON.stringify(res.body.errors ?? res.body.detail)).toContain(field);
  });
});
