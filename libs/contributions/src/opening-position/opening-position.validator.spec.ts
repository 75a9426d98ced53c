import type { BudgetVersion } from '../budgets/budgets.service';
import { COLUMNS, Column, formatProblem, sortProblems } from './opening-position.model';
import { parseOpeningPosition } from './opening-position.parser';
import { DatabaseFacts, ExistingPayment, validateOpeningPosition, Validation } from './opening-position.validator';

type Cells = Partial<Record<Column, string>>;

/** A CSV of the template's columns; data rows are rows 2, 3, ... in the order given. */
function csv(rows: readonly Cells[]): Buffer {
  const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => quote(r[c] ?? '')).join(','))];
  return Buffer.from(`${lines.join('\n')}\n`);
}

function facts(overrides: Partial<DatabaseFacts> = {}): DatabaseFacts {
  return {
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    defaultBankAccount: 'OPERATING',
    bankAccounts: new Map([
      ['OPERATING', { currency: 'USD', active: true }],
      ['OLD', { currency: 'USD', active: false }],
      ['EUROS', { currency: 'EUR', active: true }],
    ]),
    members: new Map(),
    budgets: new Map(),
    payments: [],
    lastClosedYear: null,
    ...overrides,
  };
}

async function check(rows: readonly Cells[], f: DatabaseFacts = facts()): Promise<Validation & { lines: string[] }> {
  const parsed = await parseOpeningPosition('op.csv', csv(rows));
  const result = validateOpeningPosition(parsed.rows, f);
  return { ...result, lines: sortProblems([...parsed.problems, ...result.problems]).map(formatProblem) };
}

const member = (code: string, extra: Cells = {}): Cells => ({
  record: 'member',
  member: code,
  name: `Member ${code}`,
  joined_on: '1996-03-13',
  ...extra,
});
const budget = (year: number, total: string, extra: Cells = {}): Cells => ({
  record: 'budget',
  fiscal_year: String(year),
  amount: total,
  currency: 'USD',
  approved_on: `${year - 1}-12-03`,
  meeting: `GRCM ${year - 1}`,
  reference: `GRCM-${year - 1}`,
  ...extra,
});
const line = (year: number, code: string, amount: string): Cells => ({
  record: 'budget_line',
  fiscal_year: String(year),
  code,
  name: `Line ${code}`,
  amount,
});
const share = (year: number, code: string, value: string): Cells => ({
  record: 'scale',
  fiscal_year: String(year),
  member: code,
  share: value,
});
const fixed = (year: number, code: string, value: string): Cells => ({
  record: 'scale',
  fiscal_year: String(year),
  member: code,
  amount: value,
});
const assessment = (year: number, assessedOn?: string): Cells => ({
  record: 'assessment',
  fiscal_year: String(year),
  ...(assessedOn ? { assessed_on: assessedOn } : {}),
});
const payment = (code: string, amount: string, receivedOn: string, reference: string, extra: Cells = {}): Cells => ({
  record: 'payment',
  member: code,
  amount,
  currency: 'USD',
  received_on: receivedOn,
  reference,
  ...extra,
});

/** A consistent opening position: two members, one budget of shares, its assessment, two payments. */
const VALID: Cells[] = [
  member('MEX'),
  member('GTM'),
  budget(2005, '1000.00'),
  line(2005, 'OPS', '600.00'),
  line(2005, 'STAFF', '400.00'),
  share(2005, 'MEX', '60'),
  share(2005, 'GTM', '40'),
  assessment(2005),
  payment('MEX', '600.00', '2005-02-01', 'MEX-1'),
  payment('GTM', '100.00', '2005-03-01', 'GTM-1', { currency: 'EUR', rate: '1.25', designated_fiscal_year: '2005' }),
];

const storedBudget = (over: Partial<BudgetVersion> = {}): BudgetVersion => ({
  fiscalYear: 2005,
  version: 1,
  total: '1000.00',
  currency: 'USD',
  approval: { meeting: 'GRCM 2004', date: '2004-12-03', reference: 'GRCM-2004' },
  lines: [
    { code: 'OPS', name: 'Line OPS', amount: '600.00' },
    { code: 'STAFF', name: 'Line STAFF', amount: '400.00' },
  ],
  scaleKind: 'share',
  scale: [
    { member: 'GTM', share: '40', assessment: '400.00' },
    { member: 'MEX', share: '60', assessment: '600.00' },
  ],
  assessed: null,
  createdAt: '2005-01-01T00:00:00.000Z',
  ...over,
});

const storedMembers = new Map(
  ['MEX', 'GTM'].map((code) => [
    code,
    { code, nameEn: `Member ${code}`, nameEs: `Miembro ${code}`, joinedOn: '1996-03-13', leftOn: null },
  ]),
);

const storedPayment = (over: Partial<ExistingPayment> = {}): ExistingPayment => ({
  member: 'MEX',
  reference: 'MEX-1',
  receivedOn: '2005-02-01',
  amount: '600.00',
  currency: 'USD',
  rate: '1',
  designatedFiscalYear: null,
  bankAccount: 'OPERATING',
  importKey: 'opening-position/MEX/MEX-1',
  ...over,
});

describe('opening position validator', () => {
  it('accepts a consistent file and plans every record for creation, with the import key on payments', async () => {
    const { lines, plan } = await check(VALID);
    expect(lines).toEqual([]);
    expect(plan.members.map((m) => [m.input.code, m.action])).toEqual([
      ['MEX', 'create'],
      ['GTM', 'create'],
    ]);
    expect(plan.budgets[0].input).toEqual({
      fiscalYear: 2005,
      total: '1000.00',
      currency: 'USD',
      approval: { meeting: 'GRCM 2004', date: '2004-12-03', reference: 'GRCM-2004' },
      lines: [
        { code: 'OPS', name: 'Line OPS', amount: '600.00' },
        { code: 'STAFF', name: 'Line STAFF', amount: '400.00' },
      ],
      scale: [
        { member: 'MEX', share: '60' },
        { member: 'GTM', share: '40' },
      ],
    });
    expect(plan.assessments).toMatchObject([{ fiscalYear: 2005, assessedOn: undefined, effectiveOn: '2005-01-01' }]);
    expect(plan.payments.map((p) => p.input)).toEqual([
      {
        member: 'MEX',
        amount: '600.00',
        currency: 'USD',
        receivedOn: '2005-02-01',
        reference: 'MEX-1',
        metadata: { importKey: 'opening-position/MEX/MEX-1' },
      },
      {
        member: 'GTM',
        amount: '100.00',
        currency: 'EUR',
        rate: '1.25',
        receivedOn: '2005-03-01',
        reference: 'GTM-1',
        designatedFiscalYear: 2005,
        metadata: { importKey: 'opening-position/GTM/GTM-1' },
      },
    ]);
  });

  it.each<[string, Cells[], string[]]>([
    [
      'a member code that is not ISO 3166',
      [member('MXX'), member('mex')],
      [
        "op.csv/row 2: member: 'MXX' is not an assigned ISO 3166-1 alpha-3 country code in capitals, such as MEX",
        "op.csv/row 3: member: 'mex' is not an assigned ISO 3166-1 alpha-3 country code in capitals, such as MEX",
      ],
    ],
    [
      'a date that does not exist, and leaving before joining',
      [member('MEX', { joined_on: '2005-02-30' }), member('GTM', { joined_on: '2005-01-01', left_on: '2004-12-31' })],
      [
        "op.csv/row 2: joined_on: '2005-02-30' is not a calendar date YYYY-MM-DD",
        'op.csv/row 3: left_on: before joined_on (2005-01-01)',
      ],
    ],
    [
      'a required column left empty, and a column the record does not use',
      [{ record: 'member', member: 'MEX', joined_on: '1996-03-13', amount: '5.00' }],
      [
        'op.csv/row 2: amount: not used by a member record; leave it empty',
        'op.csv/row 2: name: required for a member record',
      ],
    ],
    [
      'the same member twice',
      [member('MEX'), member('MEX')],
      ['op.csv/row 3: member: MEX is already defined on row 2'],
    ],
    [
      'amounts with thousands separators, too many decimals, or in a non-base budget currency',
      [
        member('MEX'),
        budget(2005, '1,000.00'),
        line(2005, 'OPS', '1000.005'),
        share(2005, 'MEX', '100'),
        budget(2006, '1000.00', { currency: 'EUR' }),
        line(2006, 'OPS', '1000.00'),
        share(2006, 'MEX', '100'),
      ],
      [
        'op.csv/row 3: amount: \'1,000.00\' must be a plain decimal string such as "1250.50": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
        "op.csv/row 4: amount: '1000.005' must have at most 2 decimal places for USD",
        'op.csv/row 6: currency: budgets are kept in the base currency USD, not EUR',
      ],
    ],
    [
      'budget lines that do not add up to the total, and a line code twice',
      [
        member('MEX'),
        budget(2005, '1000.00'),
        line(2005, 'OPS', '600.00'),
        line(2005, 'OPS', '300.00'),
        share(2005, 'MEX', '100'),
      ],
      [
        'op.csv/row 3: amount: the lines add up to 900, not the total 1000',
        "op.csv/row 5: code: budget line 'OPS' appears twice",
      ],
    ],
    [
      'shares that do not add up to exactly 100, one with 5 decimals, one over 100',
      [
        member('MEX'),
        member('GTM'),
        member('BLZ'),
        budget(2005, '1000.00'),
        line(2005, 'OPS', '1000.00'),
        share(2005, 'MEX', '60'),
        share(2005, 'GTM', '33.3333'),
        share(2005, 'BLZ', '6.6666'),
        budget(2006, '1000.00'),
        line(2006, 'OPS', '1000.00'),
        share(2006, 'MEX', '93.3334'),
        share(2006, 'BLZ', '6.66666'),
        budget(2007, '1000.00'),
        line(2007, 'OPS', '1000.00'),
        share(2007, 'MEX', '100.5'),
      ],
      [
        'op.csv/row 5: scale: the shares add up to 99.9999, not exactly 100',
        "op.csv/row 13: share: '6.66666' is not a percentage from 0 to 100 with at most 4 decimals, such as 8.3333",
        "op.csv/row 16: share: '100.5' is not a percentage from 0 to 100 with at most 4 decimals, such as 8.3333",
      ],
    ],
    [
      'fixed amounts that do not add up to the total, a scale mixing kinds, an entry with both',
      [
        member('MEX'),
        member('GTM'),
        budget(2005, '1000.00'),
        line(2005, 'OPS', '1000.00'),
        fixed(2005, 'MEX', '600.00'),
        fixed(2005, 'GTM', '300.00'),
        budget(2006, '1000.00'),
        line(2006, 'OPS', '1000.00'),
        fixed(2006, 'MEX', '600.00'),
        share(2006, 'GTM', '40'),
        { ...share(2007, 'MEX', '40'), amount: '1.00' },
      ],
      [
        'op.csv/row 4: scale: the amounts add up to 900, not the total 1000',
        'op.csv/row 11: share: the 2006 scale is of amounts (row 10); use amounts throughout',
        'op.csv/row 12: amount: give either a share or an amount, not both',
        'op.csv/row 12: fiscal_year: no budget record for 2007 in the file; a scale entry belongs to one',
      ],
    ],
    [
      'a scale naming an unknown member, a member not yet joined, and the same member twice',
      [
        member('MEX'),
        member('GTM', { joined_on: '2006-05-01' }),
        budget(2005, '1000.00'),
        line(2005, 'OPS', '1000.00'),
        share(2005, 'MEX', '50'),
        share(2005, 'BLZ', '25'),
        share(2005, 'GTM', '25'),
        budget(2006, '1000.00'),
        line(2006, 'OPS', '1000.00'),
        share(2006, 'MEX', '50'),
        share(2006, 'MEX', '50'),
      ],
      [
        "op.csv/row 7: member: unknown member BLZ: not in the file's member records nor in the database",
        'op.csv/row 8: member: GTM is not a member during fiscal year 2005 (joined 2006-05-01), so cannot be assessed',
        'op.csv/row 12: member: member MEX appears twice',
      ],
    ],
    [
      'a budget without lines or scale, a second budget for a year, lines without a budget',
      [budget(2005, '1000.00'), budget(2005, '2000.00'), line(2004, 'OPS', '5.00')],
      [
        'op.csv/row 2: the budget for 2005 has no budget_line records',
        'op.csv/row 2: the budget for 2005 has no scale records',
        'op.csv/row 3: fiscal_year: a second budget for 2005 (the first is on row 2); revisions go through the API',
        'op.csv/row 4: fiscal_year: no budget record for 2004 in the file; a line belongs to one',
      ],
    ],
    [
      'an assessment of a year without a budget, an assessment twice, a bad year',
      [...VALID, assessment(2005, '2005-02-01'), assessment(2004), assessment(5)],
      [
        'op.csv/row 12: fiscal_year: 2005 is already assessed on row 9',
        'op.csv/row 13: fiscal_year: no budget for 2004 in the file or in the database',
        "op.csv/row 14: fiscal_year: '5' is not a year between 1900 and 2999",
      ],
    ],
    [
      'payments of unknown members, in unknown currencies, with missing or wrong rates',
      [
        ...VALID,
        payment('BLZ', '10.00', '2005-01-05', 'B-1'),
        payment('MEX', '10.00', '2005-01-05', 'M-2', { currency: 'XAU' }),
        payment('MEX', '10.00', '2005-01-05', 'M-3', { currency: 'EUR' }),
        payment('MEX', '10.00', '2005-01-05', 'M-4', { rate: '1.1' }),
        payment('MEX', '10.00', '2005-01-05', 'M-5', { currency: 'JPY', rate: '0.009' }),
        payment('MEX', '1', '2005-01-05', 'M-6', { currency: 'JPY', rate: '0.001' }),
      ],
      [
        "op.csv/row 12: member: unknown member BLZ: not in the file's member records nor in the database",
        'op.csv/row 13: currency: \'XAU\' must be a currency with minor units; ISO 4217 code "XAU" is a metal, fund or unit of account and cannot be booked',
        'op.csv/row 14: rate: required: EUR is not the base currency USD',
        'op.csv/row 15: rate: must be 1 or empty for the base currency USD',
        "op.csv/row 16: amount: '10.00' must be a whole number for JPY, which has no minor unit",
        'op.csv/row 17: amount: worth less than one minor unit of USD at this rate',
      ],
    ],
    [
      'payments with a reference used twice for a member, an undesignable year, bad bank accounts',
      [
        ...VALID,
        payment('MEX', '10.00', '2005-04-01', 'MEX-1'),
        payment('GTM', '10.00', '2005-04-01', 'MEX-1'),
        payment('GTM', '10.00', '2005-04-01', 'G-2', { designated_fiscal_year: '2003' }),
        payment('GTM', '10.00', '2005-04-01', 'G-3', { bank_account: 'NOWHERE' }),
        payment('GTM', '10.00', '2005-04-01', 'G-4', { bank_account: 'OLD' }),
        payment('GTM', '10.00', '2005-04-01', 'G-5', { currency: 'GBP', rate: '1.8', bank_account: 'EUROS' }),
      ],
      [
        "op.csv/row 12: reference: a second payment of MEX with reference 'MEX-1' (the first is on row 10); references identify payments on a re-run",
        'op.csv/row 14: designated_fiscal_year: no budget for 2003 in the file or in the database',
        "op.csv/row 15: bank_account: unknown bank account 'NOWHERE'",
        "op.csv/row 16: bank_account: bank account 'OLD' is inactive",
        "op.csv/row 17: currency: bank account 'EUROS' holds EUR: it cannot receive GBP",
      ],
    ],
  ])('reports %s, each with its row', async (_what, rows, expected) => {
    const { lines } = await check(rows);
    expect(lines).toEqual(expected);
  });

  it('lists every problem of a file at once, in row order, and plans nothing that has a problem', async () => {
    const rows: Cells[] = [
      member('MEX', { joined_on: '13/03/1996' }),
      member('GTM'),
      budget(2005, '1000.00'),
      line(2005, 'OPS', '999.99'),
      share(2005, 'MEX', '60'),
      share(2005, 'GTM', '40'),
      assessment(2006),
      payment('BLZ', '10.00', '2005-01-05', 'B-1'),
      payment('GTM', '-5', '2005-01-05', 'G-1'),
      { record: 'refund', member: 'GTM' },
    ];
    const { lines, plan } = await check(rows);
    expect(lines).toEqual([
      "op.csv/row 2: joined_on: '13/03/1996' is not a calendar date YYYY-MM-DD",
      'op.csv/row 4: amount: the lines add up to 999.99, not the total 1000',
      'op.csv/row 8: fiscal_year: no budget for 2006 in the file or in the database',
      "op.csv/row 9: member: unknown member BLZ: not in the file's member records nor in the database",
      'op.csv/row 10: amount: \'-5\' must be a plain decimal string such as "1250.50": digits with an optional decimal point, no sign, exponent, spaces, thousands separators or leading zeros',
      "op.csv/row 11: record: unknown record type 'refund'; one of member, budget, budget_line, scale, assessment, payment",
    ]);
    expect(plan.members.map((m) => m.input.code)).toEqual(['GTM']);
    expect(plan.budgets).toEqual([]);
    expect(plan.payments).toEqual([]);
  });

  describe('against the database', () => {
    const stored = (): DatabaseFacts =>
      facts({
        members: storedMembers,
        budgets: new Map([[2005, [storedBudget({ assessed: { assessedOn: '2005-01-01', entryId: 'e1' } })]]]),
        payments: [storedPayment()],
      });

    it('recognises records already present with the same content: nothing to create', async () => {
      const { lines, plan } = await check(VALID.slice(0, 9), stored());
      expect(lines).toEqual([]);
      for (const list of [plan.members, plan.budgets, plan.assessments, plan.payments]) {
        expect(list.map((r) => r.action)).toEqual(list.map(() => 'present'));
      }
      expect(plan.payments).toHaveLength(1);
    });

    it('recognises a payment recorded without an import key by its member and reference', async () => {
      const f = stored();
      const { lines, plan } = await check(VALID.slice(0, 9), { ...f, payments: [storedPayment({ importKey: null })] });
      expect(lines).toEqual([]);
      expect(plan.payments.map((p) => p.action)).toEqual(['present']);
    });

    it('reports a conflict where the database holds other values for the same key', async () => {
      const f = facts({
        members: new Map([...storedMembers, ['GTM', { ...storedMembers.get('GTM')!, nameEn: 'Guatemala' }]]),
        budgets: new Map([
          [2005, [storedBudget({ total: '1200.00', assessed: { assessedOn: '2005-01-01', entryId: 'e' } })]],
        ]),
        payments: [storedPayment({ amount: '500.00', receivedOn: '2005-02-02' })],
      });
      const { lines } = await check([...VALID.slice(0, 7), assessment(2005, '2005-01-15'), VALID[8]], f);
      expect(lines).toEqual([
        "op.csv/row 3: name: conflict: member GTM is already stored with 'Guatemala'; change it through the API or make the file agree",
        'op.csv/row 4: conflict: the database already holds a budget for 2005 (version 1, total 1200.00, approved 2004-12-03 by GRCM-2004) that differs from this one: total 1200.00 in the database; revise it through the API, or make the file agree',
        'op.csv/row 9: assessed_on: conflict: the 2005 budget was already assessed on 2005-01-01',
        "op.csv/row 10: reference: conflict: a payment of MEX with reference 'MEX-1' is already recorded with other figures (received on 2005-02-02; amount 500.00 USD); give this one another reference, or make the file agree",
      ]);
    });

    it('names the first difference of a budget: a line, a share', async () => {
      const differs = async (over: Partial<BudgetVersion>): Promise<string> =>
        (
          await check(
            VALID.slice(0, 7),
            facts({ members: storedMembers, budgets: new Map([[2005, [storedBudget(over)]]]) }),
          )
        ).lines[0];
      expect(
        await differs({ lines: [{ code: 'OPS', name: 'Ops', amount: '600.00' }, storedBudget().lines[1]] }),
      ).toContain("budget line 1 is OPS 'Ops' 600.00 in the database");
      expect(
        await differs({
          scale: [
            { member: 'GTM', share: '45', assessment: '' },
            { member: 'MEX', share: '55', assessment: '' },
          ],
        }),
      ).toContain("MEX's share is 55 in the database");
      expect(
        await differs({ approval: { meeting: 'GRCM 2004', date: '2004-12-04', reference: 'GRCM-2004' } }),
      ).toContain('approved on 2004-12-04 in the database');
    });

    it('takes members and budgets from the database when the file does not repeat them', async () => {
      const f = facts({ members: storedMembers, budgets: new Map([[2005, [storedBudget()]]]) });
      const { lines, plan } = await check(
        [assessment(2005, '2005-01-10'), payment('GTM', '5.00', '2005-02-01', 'G')],
        f,
      );
      expect(lines).toEqual([]);
      expect(plan.assessments.map((a) => [a.action, a.effectiveOn])).toEqual([['create', '2005-01-10']]);
      expect(plan.payments.map((p) => p.action)).toEqual(['create']);
    });

    it('refuses to post into a closed fiscal year', async () => {
      const { lines } = await check(VALID, facts({ lastClosedYear: 2005 }));
      expect(lines).toEqual([
        'op.csv/row 9: assessed_on: 2005-01-01 falls in fiscal year 2005, and the ledger is closed up to fiscal year 2005',
        'op.csv/row 10: received_on: 2005-02-01 falls in fiscal year 2005, and the ledger is closed up to fiscal year 2005',
        'op.csv/row 11: received_on: 2005-03-01 falls in fiscal year 2005, and the ledger is closed up to fiscal year 2005',
      ]);
    });
  });
});
