import {
  type BarChartSection,
  type FlatTableSection,
  type GroupedTableSection,
  type KeyFiguresSection,
  type Lang,
  type PlainLabelKey,
  TableColumn,
  TableGroup,
  TableRow,
  column,
  countryName,
  money,
  ratioToPercent,
  sum,
  t,
  text,
} from '@app/reports';
import type { Standing, StatusMember, StatusOfContributions } from './report-types';

/** The sections of the status of contributions for people, each from the report alone (no I/O, no clock). */

const STANDING_LABEL: Record<Standing, PlainLabelKey> = {
  good: 'contributions.standing.goodStanding',
  in_arrears: 'contributions.standing.arrears',
  exempt: 'contributions.standing.exempt',
};

/** Every fiscal year any member has figures for, oldest first. */
export function yearsOf(report: StatusOfContributions): number[] {
  return [...new Set(report.members.flatMap((m) => m.years.map((y) => y.fiscalYear)))].sort((a, b) => a - b);
}

/** The written-off column is shown only when something was written off. */
export const showsWriteOffs = (report: StatusOfContributions): boolean => !sum([report.totals.writtenOff]).isZero();

/** "Ejercicio 2004", "Ejercicios 1995 a 2004", or none when no member has figures. */
export function yearsSubtitle(lang: Lang, years: readonly number[]): string | undefined {
  if (years.length === 0) return undefined;
  if (years.length === 1) return `${t(lang, 'common.fiscalYear')} ${years[0]}`;
  return t(lang, 'common.fiscalYearsRange', { from: years[0], to: years[years.length - 1] });
}

/** Assessed, paid, outstanding, collection rate, arrears, advance (written off when any) and the number of members. */
export function keyFiguresSection(report: StatusOfContributions, writeOffs: boolean): KeyFiguresSection {
  const lang = report.lang;
  const totals = report.totals;
  return {
    kind: 'keyFigures',
    title: t(lang, 'common.summary'),
    items: [
      { label: t(lang, 'contributions.assessed'), kind: 'money', value: totals.assessed },
      { label: t(lang, 'contributions.paid'), kind: 'money', value: totals.paid },
      { label: t(lang, 'contributions.outstanding'), kind: 'money', value: totals.outstanding },
      {
        label: t(lang, 'contributions.collectionRate'),
        kind: 'percent',
        decimals: 2,
        value: ratioToPercent(totals.collectionRate),
      },
      { label: t(lang, 'contributions.arrears'), kind: 'money', value: totals.arrears },
      { label: t(lang, 'contributions.advance'), kind: 'money', value: totals.advance },
      ...(writeOffs
        ? [{ label: t(lang, 'contributions.writtenOff'), kind: 'money' as const, value: totals.writtenOff }]
        : []),
      { label: t(lang, 'contributions.membersCount'), kind: 'integer', value: report.members.length },
    ],
  };
}

/** One row per member with the totals, and the note on arrears and the standing policy. */
export function byMemberTable(report: StatusOfContributions, writeOffs: boolean): FlatTableSection {
  const lang = report.lang;
  const columns: TableColumn[] = [
    text('member', t(lang, 'common.member')),
    money('assessed', t(lang, 'contributions.assessed')),
    money('paid', t(lang, 'contributions.paid')),
    ...(writeOffs ? [money('written_off', t(lang, 'contributions.writtenOff'))] : []),
    money('outstanding', t(lang, 'contributions.outstanding')),
    money('advance', t(lang, 'contributions.advance')),
    money('arrears', t(lang, 'contributions.arrears')),
    column('collection_rate', t(lang, 'contributions.collectionRate'), 'percent', { decimals: 2 }),
    text('standing', t(lang, 'contributions.standing')),
  ];
  const row = (m: StatusMember): TableRow => ({
    member: m.name,
    assessed: m.assessed,
    paid: m.paid,
    ...(writeOffs ? { written_off: m.writtenOff } : {}),
    outstanding: m.outstanding,
    advance: m.advance,
    arrears: m.arrears,
    collection_rate: ratioToPercent(m.collectionRate),
    standing: t(lang, STANDING_LABEL[m.standing]),
  });
  const policyNote =
    report.standingPolicy.rule === 'none'
      ? t(lang, 'contributions.standingNote.none')
      : t(lang, 'contributions.standingNote.arrearsYears', { years: report.standingPolicy.years });
  return {
    kind: 'table',
    id: 'status_by_member',
    title: t(lang, 'contributions.byMember'),
    columns,
    rows: report.members.map(row),
    totals: {
      member: t(lang, 'common.total'),
      assessed: report.totals.assessed,
      paid: report.totals.paid,
      ...(writeOffs ? { written_off: report.totals.writtenOff } : {}),
      outstanding: report.totals.outstanding,
      advance: report.totals.advance,
      arrears: report.totals.arrears,
      collection_rate: ratioToPercent(report.totals.collectionRate),
      standing: null,
    },
    note: `${t(lang, 'contributions.arrearsNote', { year: report.fiscalYear })} ${policyNote}`,
  };
}

/** Paid and outstanding by member, stacked horizontal bars. */
export function paidVsOutstandingChart(report: StatusOfContributions): BarChartSection {
  const lang = report.lang;
  return {
    kind: 'chart',
    chart: 'bar',
    mode: 'stacked',
    orientation: 'horizontal',
    title: t(lang, 'contributions.paidVsOutstandingByMember'),
    valueKind: 'money',
    categories: report.members.map((m) => m.name),
    series: [
      { key: 'paid', label: t(lang, 'contributions.paid'), values: report.members.map((m) => m.paid) },
      {
        key: 'outstanding',
        label: t(lang, 'contributions.outstanding'),
        values: report.members.map((m) => m.outstanding),
      },
    ],
  };
}

/** Member × fiscal year: one group per member with figures, its years and subtotal; undefined when none has any. */
export function detailByYearTable(report: StatusOfContributions, writeOffs: boolean): GroupedTableSection | undefined {
  const lang = report.lang;
  const columns: TableColumn[] = [
    text('fiscal_year', t(lang, 'common.fiscalYear')),
    money('assessed', t(lang, 'contributions.assessed')),
    money('paid', t(lang, 'contributions.paid')),
    ...(writeOffs ? [money('written_off', t(lang, 'contributions.writtenOff'))] : []),
    money('outstanding', t(lang, 'contributions.outstanding')),
  ];
  const groups: TableGroup[] = report.members
    .filter((m) => m.years.length > 0)
    .map((m) => ({
      key: m.member,
      label: `${m.name} (${m.member})`,
      rows: m.years.map((y) => ({
        fiscal_year: String(y.fiscalYear),
        assessed: y.assessed,
        paid: y.paid,
        ...(writeOffs ? { written_off: y.writtenOff } : {}),
        outstanding: y.outstanding,
      })),
      subtotal: {
        fiscal_year: t(lang, 'common.subtotal'),
        assessed: m.assessed,
        paid: m.paid,
        ...(writeOffs ? { written_off: m.writtenOff } : {}),
        outstanding: m.outstanding,
      },
    }));
  if (groups.length === 0) return undefined;
  return {
    kind: 'table',
    id: 'detail_by_year',
    title: t(lang, 'contributions.byFiscalYear'),
    columns,
    groupColumn: { key: 'member', label: t(lang, 'common.member') },
    groups,
    totals: {
      fiscal_year: t(lang, 'common.total'),
      assessed: report.totals.assessed,
      paid: report.totals.paid,
      ...(writeOffs ? { written_off: report.totals.writtenOff } : {}),
      outstanding: report.totals.outstanding,
    },
  };
}

/** Member-years paid in full within the policy's days, with the note (and a line saying so when there are none). */
export function honourRollTable(report: StatusOfContributions): FlatTableSection {
  const lang = report.lang;
  const nameOf = new Map(report.members.map((m) => [m.member, m.name]));
  const note = t(lang, 'contributions.honourRollNote', { days: report.honourRollDays });
  return {
    kind: 'table',
    id: 'honour_roll',
    title: t(lang, 'contributions.honourRoll'),
    columns: [
      text('member', t(lang, 'common.member')),
      text('fiscal_year', t(lang, 'common.fiscalYear')),
      column('paid_in_full_on', t(lang, 'contributions.paidInFullOn'), 'date'),
    ],
    rows: report.honourRoll.map((h) => ({
      member: nameOf.get(h.member) ?? countryName(h.member, lang),
      fiscal_year: String(h.fiscalYear),
      paid_in_full_on: h.paidInFullOn,
    })),
    note: report.honourRoll.length === 0 ? `${t(lang, 'contributions.honourRollEmpty')} ${note}` : note,
  };
}
