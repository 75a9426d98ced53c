import type { StatusMember, StatusOfContributions } from './report-types';
import {
  byMemberTable,
  detailByYearTable,
  honourRollTable,
  keyFiguresSection,
  paidVsOutstandingChart,
  showsWriteOffs,
  yearsOf,
  yearsSubtitle,
} from './status-of-contributions.sections';

const member = (code: string, name: string, years: number[], over: Partial<StatusMember> = {}): StatusMember => ({
  member: code,
  name,
  assessed: '200.00',
  paid: '150.00',
  writtenOff: '0.00',
  outstanding: '50.00',
  advance: '0.00',
  arrears: '50.00',
  standing: 'in_arrears',
  collectionRate: '0.7500',
  years: years.map((fiscalYear) => ({
    fiscalYear,
    assessed: '100.00',
    paid: '75.00',
    writtenOff: '0.00',
    outstanding: '25.00',
  })),
  ...over,
});

const report = (over: Partial<StatusOfContributions> = {}): StatusOfContributions => ({
  asOf: '2006-12-31',
  currency: 'USD',
  lang: 'es',
  fiscalYear: 2006,
  standingPolicy: { rule: 'none', years: 2 },
  honourRollDays: 30,
  members: [member('MEX', 'México', [2006, 2005]), member('CAN', 'Canadá', [], { standing: 'good', years: [] })],
  totals: {
    assessed: '400.00',
    paid: '300.00',
    writtenOff: '0.00',
    outstanding: '100.00',
    advance: '0.00',
    arrears: '100.00',
    collectionRate: '0.7500',
  },
  honourRoll: [{ member: 'MEX', fiscalYear: 2005, paidInFullOn: '2005-01-20' }],
  ...over,
});

describe('status of contributions: the sections of its document', () => {
  it('lists the fiscal years any member has, oldest first, as the subtitle', () => {
    expect(yearsOf(report())).toEqual([2005, 2006]);
    expect(yearsSubtitle('es', [2005, 2006])).toBe('Ejercicios fiscales 2005–2006');
    expect(yearsSubtitle('en', [2006])).toBe('Fiscal year 2006');
    expect(yearsSubtitle('en', [])).toBeUndefined();
  });

  it('shows written off figures only when something was written off', () => {
    expect(showsWriteOffs(report())).toBe(false);
    const written = report({ totals: { ...report().totals, writtenOff: '10.00' } });
    expect(showsWriteOffs(written)).toBe(true);
    expect(keyFiguresSection(written, true).items.map((i) => i.label)).toContain('Cancelado');
    expect(keyFiguresSection(report(), false).items.map((i) => i.label)).not.toContain('Cancelado');
    expect(byMemberTable(written, true).columns.map((c) => c.key)).toContain('written_off');
    expect(detailByYearTable(report(), false)?.columns.map((c) => c.key)).toEqual([
      'fiscal_year',
      'assessed',
      'paid',
      'outstanding',
    ]);
  });

  it('counts the members and gives the collection rate as a percentage among the key figures', () => {
    const items = keyFiguresSection(report(), false).items;
    expect(items[items.length - 1]).toMatchObject({ kind: 'integer', value: 2 });
    expect(items.find((i) => i.kind === 'percent')).toMatchObject({ value: '75.00', decimals: 2 });
  });

  it('puts one row per member with its standing in words, the totals and the policy in the note', () => {
    const table = byMemberTable(report(), false);
    expect(table.rows.map((r) => [r.member, r.standing, r.collection_rate])).toEqual([
      ['México', 'Con atrasos', '75.00'],
      ['Canadá', 'En regla', '75.00'],
    ]);
    expect(table.totals).toMatchObject({ member: 'Total', outstanding: '100.00', standing: null });
    expect(table.note).toContain('2006');
    const english = byMemberTable(report({ lang: 'en', standingPolicy: { rule: 'arrears_years', years: 2 } }), false);
    expect(english.note).toContain('Arrears');
  });

  it('charts paid against outstanding by member name', () => {
    const chart = paidVsOutstandingChart(report());
    expect(chart.categories).toEqual(['México', 'Canadá']);
    expect(chart.series.map((s) => [s.key, s.values])).toEqual([
      ['paid', ['150.00', '150.00']],
      ['outstanding', ['50.00', '50.00']],
    ]);
  });

  it('groups the detail by member with a subtotal, leaving out members without years', () => {
    const detail = detailByYearTable(report(), false);
    expect(detail?.groups.map((g) => [g.label, g.rows.map((r) => r.fiscal_year), g.subtotal?.fiscal_year])).toEqual([
      ['México (MEX)', ['2006', '2005'], 'Subtotal'],
    ]);
    expect(detailByYearTable(report({ members: [member('CAN', 'Canadá', [])] }), false)).toBeUndefined();
  });

  it('names honour-roll members from the report, and says when the roll is empty', () => {
    expect(honourRollTable(report()).rows).toEqual([
      { member: 'México', fiscal_year: '2005', paid_in_full_on: '2005-01-20' },
    ]);
    const empty = honourRollTable(report({ honourRoll: [] }));
    expect(empty.rows).toEqual([]);
    expect(empty.note?.startsWith('Ningún miembro')).toBe(true);
    expect(
      honourRollTable(report({ honourRoll: [{ member: 'USA', fiscalYear: 2005, paidInFullOn: '2005-01-02' }] })).rows[0]
        .member,
    ).toBe('Estados Unidos');
  });
});
