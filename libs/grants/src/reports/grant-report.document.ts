import { minorUnits } from '@app/common';
import {
  Lang,
  RENDER_FORMATS,
  RenderFormat,
  RenderedReport,
  type PlainLabelKey,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableGroup,
  TableRow,
  column,
  countryName,
  csvDocument,
  date,
  fixed,
  formatDate,
  formatMoneyWithCode,
  money,
  organisation,
  renderReport,
  sum,
  t,
  text,
  today,
} from '@app/reports';
import type { GrantReport, GrantReportEntry } from '../grant-report';

const ENTRY_GROUPS = ['grant_pledge', 'grant_receipt', 'grant_expenditure', 'grant_refund'] as const;
type EntryGroup = (typeof ENTRY_GROUPS)[number] | 'other';

const GROUP_LABEL: Record<EntryGroup, PlainLabelKey> = {
  grant_pledge: 'grants.source.grant_pledge',
  grant_receipt: 'grants.source.grant_receipt',
  grant_expenditure: 'grants.source.grant_expenditure',
  grant_refund: 'grants.source.grant_refund',
  other: 'grants.source.other',
};

function groupOf(e: GrantReportEntry): EntryGroup {
  return (ENTRY_GROUPS as readonly string[]).includes(e.source) ? (e.source as EntryGroup) : 'other';
}

/** The figures' date: the report's asOf, or today when it covers everything. */
const asOfOf = (r: GrantReport): string => r.asOf ?? today();

function facts(r: GrantReport, lang: Lang): string {
  const g = r.grant;
  const donor = countryName(g.donor, lang);
  const parts = [
    `${t(lang, 'grants.donor')}: ${donor === g.donor ? g.donor : `${donor} (${g.donor})`}`,
    `${t(lang, 'grants.implementingPartner')}: ${g.implementingPartner}`,
    `${t(lang, 'grants.signedOn')}: ${formatDate(g.signedOn, lang)}`,
    `${t(lang, 'grants.kind')}: ${t(lang, g.kind === 'conditional' ? 'grants.kind.conditional' : 'grants.kind.restricted')}`,
    `${t(lang, 'grants.agreementAmount')}: ${formatMoneyWithCode(g.amount, g.currency, lang)}`,
  ];
  if (g.periodFrom !== null && g.periodTo !== null) {
    parts.push(
      `${t(lang, 'grants.agreementPeriod')}: ${formatDate(g.periodFrom, lang)} – ${formatDate(g.periodTo, lang)}`,
    );
  }
  return parts.join(' · ');
}

/**
 * The donor report (PDF, XLSX): the agreement, key figures, spending by budget line (with a
 * chart), movements by month, and the journal entries behind every figure, grouped by kind.
 */
export function grantDocument(r: GrantReport, lang: Lang): ReportDocument {
  const sections: ReportSection[] = [
    { kind: 'paragraph', text: facts(r, lang) },
    { kind: 'paragraph', text: `${t(lang, 'grants.purpose')}: ${r.grant.purpose}` },
    summarySection(r, lang),
    budgetLinesTable(r, lang),
    ...(r.byBudgetLine.length > 0 ? [budgetChart(r, lang)] : []),
    periodsTable(r, lang),
    ...entriesSections(r, lang),
  ];
  return {
    lang,
    title: t(lang, 'grants.reportTitle'),
    subtitle: `${r.grant.title} (${r.grant.code})`,
    meta: { organisation: organisation(lang), date: today(), asOf: asOfOf(r), currency: r.currency },
    sections,
  };
}

function summarySection(r: GrantReport, lang: Lang): ReportSection {
  return {
    kind: 'keyFigures',
    title: t(lang, 'common.summary'),
    items: [
      { label: t(lang, 'grants.pledged'), kind: 'money', value: r.pledged },
      { label: t(lang, 'grants.received'), kind: 'money', value: r.received },
      { label: t(lang, 'grants.spent'), kind: 'money', value: r.spent },
      { label: t(lang, 'grants.available'), kind: 'money', value: r.available },
      { label: t(lang, 'grants.refunded'), kind: 'money', value: r.refunded },
      {
        label: t(lang, 'grants.outstandingPledge'),
        kind: 'money',
        value: r.outstandingPledgeInGrantCurrency,
        currency: r.grant.currency,
      },
    ],
  };
}

/** Budget, spent and available by budget line (and by each code spent on that is not one). */
function budgetLinesTable(r: GrantReport, lang: Lang): ReportSection {
  const scale = minorUnits(r.currency);
  const notALine = t(lang, 'grants.notABudgetLine');
  const lineColumns: TableColumn[] = [
    text('budget_line', t(lang, 'grants.budgetLine')),
    text('name', t(lang, 'common.name')),
    money('budget', t(lang, 'grants.budget')),
    money('spent', t(lang, 'grants.spent')),
    money('available', t(lang, 'grants.available')),
  ];
  const budgets = r.byBudgetLine.flatMap((l) => (l.budget === null ? [] : [l.budget]));
  return {
    kind: 'table',
    id: 'by_budget_line',
    title: t(lang, 'grants.byBudgetLine'),
    columns: lineColumns,
    rows: r.byBudgetLine.map((l) => ({
      budget_line: l.code,
      name: l.name ?? notALine,
      budget: l.budget,
      spent: l.spent,
      available: l.available,
    })),
    totals: {
      budget_line: t(lang, 'common.total'),
      budget: fixed(sum(budgets), scale),
      spent: r.spent,
    },
  };
}

function budgetChart(r: GrantReport, lang: Lang): ReportSection {
  return {
    kind: 'chart',
    chart: 'bar',
    mode: 'grouped',
    orientation: 'horizontal',
    title: t(lang, 'grants.budgetVsSpent'),
    valueKind: 'money',
    categories: r.byBudgetLine.map((l) => l.name ?? l.code),
    series: [
      { key: 'budget', label: t(lang, 'grants.budget'), values: r.byBudgetLine.map((l) => l.budget) },
      { key: 'spent', label: t(lang, 'grants.spent'), values: r.byBudgetLine.map((l) => l.spent) },
    ],
  };
}

/** Received, spent and refunded by month. */
function periodsTable(r: GrantReport, lang: Lang): ReportSection {
  const periodColumns: TableColumn[] = [
    text('period', t(lang, 'common.period')),
    money('received', t(lang, 'grants.received')),
    money('spent', t(lang, 'grants.spent')),
    money('refunded', t(lang, 'grants.refunded')),
  ];
  return {
    kind: 'table',
    id: 'by_period',
    title: t(lang, 'grants.byPeriod'),
    columns: periodColumns,
    rows: r.byPeriod.map((p) => ({ period: p.period, received: p.received, spent: p.spent, refunded: p.refunded })),
    totals: { period: t(lang, 'common.total'), received: r.received, spent: r.spent, refunded: r.refunded },
  };
}

/** The journal entries behind every figure, grouped by kind with a subtotal each; none: no table. */
function entriesSections(r: GrantReport, lang: Lang): ReportSection[] {
  const scale = minorUnits(r.currency);
  const groups: TableGroup[] = [...ENTRY_GROUPS, 'other' as const]
    .map((g) => ({ g, entries: r.entries.filter((e) => groupOf(e) === g) }))
    .filter(({ entries }) => entries.length > 0)
    .map(({ g, entries }) => ({
      key: g,
      label: t(lang, GROUP_LABEL[g]),
      rows: entries.map((e) => ({ date: e.date, sequence: e.sequence, description: e.description, amount: e.amount })),
      subtotal: { description: t(lang, 'common.subtotal'), amount: fixed(sum(entries.map((e) => e.amount)), scale) },
    }));
  if (groups.length === 0) return [];
  return [
    {
      kind: 'table',
      id: 'entries',
      title: t(lang, 'grants.entries'),
      columns: [
        date('date', t(lang, 'common.date')),
        column('sequence', t(lang, 'common.entryNumber'), 'integer'),
        text('description', t(lang, 'common.description')),
        money('amount', t(lang, 'common.amount')),
      ],
      groupColumn: { key: 'kind', label: t(lang, 'common.source') },
      groups,
      note: t(lang, 'grants.entriesNote', { currency: r.currency }),
    },
  ];
}

/**
 * The machine form (CSV): one row per budget line of the grant (and per code spent on that is
 * not one), budget, spent and available in the base currency, exact.
 */
export function grantCsvDocument(r: GrantReport, lang: Lang): ReportDocument {
  const rows: TableRow[] = r.byBudgetLine.map((l) => ({
    grant: r.grant.code,
    budget_line: l.code,
    name: l.name,
    budget: l.budget,
    spent: l.spent,
    available: l.available,
  }));
  return csvDocument(lang, t(lang, 'grants.reportTitle'), r.currency, asOfOf(r), {
    id: 'by_budget_line',
    columns: [
      text('grant', 'grant'),
      text('budget_line', 'budget_line'),
      text('name', 'name'),
      money('budget', 'budget'),
      money('spent', 'spent'),
      money('available', 'available'),
    ],
    rows,
  });
}

/** The files of the donor report besides its JSON: CSV, XLSX and PDF, in Spanish or English. */
export const GRANT_REPORT_FILES = RENDER_FORMATS;

/** The donor report as one file (`grant-<code>-<asOf>-<lang>.<format>`). */
export function renderGrantReport(r: GrantReport, format: RenderFormat, lang: Lang): Promise<RenderedReport> {
  const doc = format === 'csv' ? grantCsvDocument(r, lang) : grantDocument(r, lang);
  return renderReport(doc, format, { fileStem: `grant-${r.grant.code}` });
}
