import { minorUnits } from '@app/common';
import {
  type PlainLabelKey,
  RenderFormat,
  RenderedReport,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableGroup,
  TableRow,
  column,
  countryName,
  csvDocument,
  fixed,
  money,
  organisation,
  renderReport,
  ratioToPercent,
  sum,
  t,
  text,
  today,
} from '@app/reports';
import type { Standing, StatusMember, StatusOfContributions } from './report-types';

const STANDING_LABEL: Record<Standing, PlainLabelKey> = {
  good: 'contributions.standing.goodStanding',
  in_arrears: 'contributions.standing.arrears',
  exempt: 'contributions.standing.exempt',
};

/** Every fiscal year any member has figures for, oldest first. */
function yearsOf(report: StatusOfContributions): number[] {
  return [...new Set(report.members.flatMap((m) => m.years.map((y) => y.fiscalYear)))].sort((a, b) => a - b);
}

const showsWriteOffs = (report: StatusOfContributions): boolean => !sum([report.totals.writtenOff]).isZero();

/**
 * The status of contributions for people (PDF, XLSX): key figures; position by member with
 * totals; a bar chart of paid and outstanding by member; member × fiscal year detail; honour roll.
 * Member names are the report's, already in its language ("México" / "Mexico").
 */
export function statusDocument(report: StatusOfContributions): ReportDocument {
  const lang = report.lang;
  const currency = report.currency;
  const writeOffs = showsWriteOffs(report);
  const years = yearsOf(report);
  const standing = (s: Standing): string => t(lang, STANDING_LABEL[s]);

  const byMemberColumns: TableColumn[] = [
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
  const memberRow = (m: StatusMember): TableRow => ({
    member: m.name,
    assessed: m.assessed,
    paid: m.paid,
    ...(writeOffs ? { written_off: m.writtenOff } : {}),
    outstanding: m.outstanding,
    advance: m.advance,
    arrears: m.arrears,
    collection_rate: ratioToPercent(m.collectionRate),
    standing: standing(m.standing),
  });
  const totals: TableRow = {
    member: t(lang, 'common.total'),
    assessed: report.totals.assessed,
    paid: report.totals.paid,
    ...(writeOffs ? { written_off: report.totals.writtenOff } : {}),
    outstanding: report.totals.outstanding,
    advance: report.totals.advance,
    arrears: report.totals.arrears,
    collection_rate: ratioToPercent(report.totals.collectionRate),
    standing: null,
  };

  const detailColumns: TableColumn[] = [
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

  const policyNote =
    report.standingPolicy.rule === 'none'
      ? t(lang, 'contributions.standingNote.none')
      : t(lang, 'contributions.standingNote.arrearsYears', { years: report.standingPolicy.years });

  const nameOf = new Map(report.members.map((m) => [m.member, m.name]));
  const sections: ReportSection[] = [
    {
      kind: 'keyFigures',
      title: t(lang, 'common.summary'),
      items: [
        { label: t(lang, 'contributions.assessed'), kind: 'money', value: report.totals.assessed },
        { label: t(lang, 'contributions.paid'), kind: 'money', value: report.totals.paid },
        { label: t(lang, 'contributions.outstanding'), kind: 'money', value: report.totals.outstanding },
        {
          label: t(lang, 'contributions.collectionRate'),
          kind: 'percent',
          decimals: 2,
          value: ratioToPercent(report.totals.collectionRate),
        },
        { label: t(lang, 'contributions.arrears'), kind: 'money', value: report.totals.arrears },
        { label: t(lang, 'contributions.advance'), kind: 'money', value: report.totals.advance },
        ...(writeOffs
          ? [{ label: t(lang, 'contributions.writtenOff'), kind: 'money' as const, value: report.totals.writtenOff }]
          : []),
        { label: t(lang, 'contributions.membersCount'), kind: 'integer', value: report.members.length },
      ],
    },
    {
      kind: 'table',
      id: 'status_by_member',
      title: t(lang, 'contributions.byMember'),
      columns: byMemberColumns,
      rows: report.members.map(memberRow),
      totals,
      note: `${t(lang, 'contributions.arrearsNote', { year: report.fiscalYear })} ${policyNote}`,
    },
  ];
  if (report.members.length > 0) {
    sections.push({
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
    });
  }
  if (groups.length > 0) {
    sections.push({
      kind: 'table',
      id: 'detail_by_year',
      title: t(lang, 'contributions.byFiscalYear'),
      columns: detailColumns,
      groupColumn: { key: 'member', label: t(lang, 'common.member') },
      groups,
      totals: {
        fiscal_year: t(lang, 'common.total'),
        assessed: report.totals.assessed,
        paid: report.totals.paid,
        ...(writeOffs ? { written_off: report.totals.writtenOff } : {}),
        outstanding: report.totals.outstanding,
      },
    });
  }
  sections.push({
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
    note:
      report.honourRoll.length === 0
        ? `${t(lang, 'contributions.honourRollEmpty')} ${t(lang, 'contributions.honourRollNote', { days: report.honourRollDays })}`
        : t(lang, 'contributions.honourRollNote', { days: report.honourRollDays }),
  });

  return {
    lang,
    title: t(lang, 'contributions.statusTitle'),
    subtitle:
      years.length === 0
        ? undefined
        : years.length === 1
          ? `${t(lang, 'common.fiscalYear')} ${years[0]}`
          : t(lang, 'common.fiscalYearsRange', { from: years[0], to: years[years.length - 1] }),
    meta: { organisation: organisation(lang), date: today(), asOf: report.asOf, currency },
    sections,
  };
}

/**
 * The machine form (CSV): one row per member, the JSON's figures under stable keys, then
 * `<figure>_<fiscal year>` for every fiscal year (the member × fiscal year table, wide).
 * `standing` is the API's code (good | in_arrears | exempt), `collection_rate` a percentage.
 */
export function statusCsvDocument(report: StatusOfContributions): ReportDocument {
  const years = yearsOf(report);
  const scale = minorUnits(report.currency);
  const zero = fixed(sum([]), scale);
  const columns: TableColumn[] = [
    text('member', 'member'),
    text('name', 'name'),
    money('assessed', 'assessed'),
    money('paid', 'paid'),
    money('written_off', 'written_off'),
    money('outstanding', 'outstanding'),
    money('advance', 'advance'),
    money('arrears', 'arrears'),
    column('collection_rate', 'collection_rate', 'percent'),
    text('standing', 'standing'),
    ...years.flatMap((y) => [
      money(`assessed_${y}`, `assessed_${y}`),
      money(`paid_${y}`, `paid_${y}`),
      money(`written_off_${y}`, `written_off_${y}`),
      money(`outstanding_${y}`, `outstanding_${y}`),
    ]),
  ];
  const rows: TableRow[] = report.members.map((m) => {
    const out: Record<string, string | null> = {
      member: m.member,
      name: m.name,
      assessed: m.assessed,
      paid: m.paid,
      written_off: m.writtenOff,
      outstanding: m.outstanding,
      advance: m.advance,
      arrears: m.arrears,
      collection_rate: ratioToPercent(m.collectionRate),
      standing: m.standing,
    };
    for (const y of years) {
      const figures = m.years.find((x) => x.fiscalYear === y);
      out[`assessed_${y}`] = figures?.assessed ?? zero;
      out[`paid_${y}`] = figures?.paid ?? zero;
      out[`written_off_${y}`] = figures?.writtenOff ?? zero;
      out[`outstanding_${y}`] = figures?.outstanding ?? zero;
    }
    return out;
  });
  return csvDocument(report.lang, t(report.lang, 'contributions.statusTitle'), report.currency, report.asOf, {
    id: 'status_of_contributions',
    columns,
    rows,
  });
}

/** The status of contributions as one file; its table is wide (nine columns): a landscape PDF. */
export function renderStatusOfContributions(report: StatusOfContributions, format: RenderFormat): Promise<RenderedReport> {
  const doc = format === 'csv' ? statusCsvDocument(report) : statusDocument(report);
  return renderReport(doc, format, { fileStem: 'status-of-contributions', pdf: { landscape: true } });
}
