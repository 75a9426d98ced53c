import { minorUnits } from '@app/common';
import {
  RenderFormat,
  RenderedReport,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableRow,
  column,
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
import type { StatusOfContributions } from './report-types';
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

/**
 * The status of contributions for people (PDF, XLSX): key figures; position by member with
 * totals; a bar chart of paid and outstanding by member; member × fiscal year detail; honour roll.
 * Member names are the report's, already in its language ("México" / "Mexico"). Each section is
 * built in status-of-contributions.sections.ts.
 */
export function statusDocument(report: StatusOfContributions): ReportDocument {
  const lang = report.lang;
  const writeOffs = showsWriteOffs(report);
  const detail = detailByYearTable(report, writeOffs);
  const sections: ReportSection[] = [
    keyFiguresSection(report, writeOffs),
    byMemberTable(report, writeOffs),
    ...(report.members.length > 0 ? [paidVsOutstandingChart(report)] : []),
    ...(detail === undefined ? [] : [detail]),
    honourRollTable(report),
  ];
  return {
    lang,
    title: t(lang, 'contributions.statusTitle'),
    subtitle: yearsSubtitle(lang, yearsOf(report)),
    meta: { organisation: organisation(lang), date: today(), asOf: report.asOf, currency: report.currency },
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
