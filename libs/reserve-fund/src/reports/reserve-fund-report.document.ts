import { Dec, minorUnits } from '@app/common';
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
  formatMoney,
  formatShortMonthYear,
  money,
  organisation,
  renderReport,
  sum,
  t,
  text,
  today,
} from '@app/reports';
import type { CaseEvent, CaseStatus } from '../domain/case-rules';
import type { CaseHistoryItem, CaseView, ReserveFundReport } from '../reserve-fund-report';

/** A case's status in words. */
const CASE_STATUS_LABEL: Readonly<Record<CaseStatus, PlainLabelKey>> = {
  requested: 'reserveFund.status.requested',
  consulting: 'reserveFund.status.consulting',
  approved: 'reserveFund.status.approved',
  rejected: 'reserveFund.status.rejected',
  notified: 'reserveFund.status.notified',
  disbursed: 'reserveFund.status.disbursed',
  closed: 'reserveFund.status.closed',
};

const EVENT_LABEL: Record<CaseEvent, PlainLabelKey> = {
  requested: 'reserveFund.event.requested',
  consulted: 'reserveFund.event.consulted',
  approved: 'reserveFund.event.approved',
  rejected: 'reserveFund.event.rejected',
  notified: 'reserveFund.event.notified',
  disbursed: 'reserveFund.event.disbursed',
  closed: 'reserveFund.event.closed',
};

/** The words of a case event's details; `entry` (a journal entry id) is left to the JSON. */
const DETAIL_LABEL: Readonly<Record<string, PlainLabelKey>> = {
  requestedAmount: 'reserveFund.requestedAmount',
  approvedAmount: 'reserveFund.approvedAmount',
  amount: 'common.amount',
  released: 'reserveFund.released',
  people: 'reserveFund.people',
  country: 'common.country',
  response: 'reserveFund.response',
  decidedBy: 'reserveFund.decidedBy',
  reference: 'common.reference',
  reason: 'reserveFund.reason',
};
const MONEY_DETAILS = new Set(['requestedAmount', 'approvedAmount', 'amount', 'released']);

function detailText(item: CaseHistoryItem, lang: Lang, currency: string): string {
  return Object.entries(item.detail)
    .filter(([key]) => key !== 'entry')
    .map(([key, value]) => {
      const label = DETAIL_LABEL[key];
      const shown = MONEY_DETAILS.has(key)
        ? formatMoney(value, currency, lang)
        : key === 'country'
          ? countryName(value, lang)
          : value;
      return `${label === undefined ? key : t(lang, label)}: ${shown}`;
    })
    .join(' · ');
}

const countries = (c: CaseView, lang: Lang): string => c.countriesInvolved.map((x) => countryName(x, lang)).join(', ');

/**
 * The reserve-fund report for a period (PDF, XLSX): the fund's movement from the opening to the
 * closing balance, what remains available after commitments and the floor, disbursements by case,
 * every case with its figures, and each case's history under the Protocol.
 */
export function reserveFundDocument(r: ReserveFundReport, lang: Lang): ReportDocument {
  const sections: ReportSection[] = [
    summarySection(r, lang),
    movementTable(r, lang),
    availableTable(r, lang),
    disbursementsTable(r, lang),
    ...(r.balanceByMonth.length > 1 ? [balanceChart(r, lang)] : []),
    casesTable(r, lang),
    ...(r.cases.length > 0 ? [historyTable(r, lang)] : []),
  ];
  return {
    lang,
    title: t(lang, 'reserveFund.reportTitle'),
    subtitle: t(lang, 'reserveFund.periodRange', { from: formatDate(r.from, lang), to: formatDate(r.asOf, lang) }),
    meta: { organisation: organisation(lang), date: today(), asOf: r.asOf, currency: r.currency },
    sections,
  };
}

/** An amount taken off, shown negative (zero without a sign), at the currency's scale. */
function minus(amount: string, scale: number): string {
  const d = new Dec(amount);
  return d.isZero() ? fixed(d.abs(), scale) : fixed(d.negated(), scale);
}

function summarySection(r: ReserveFundReport, lang: Lang): ReportSection {
  return {
    kind: 'keyFigures',
    title: t(lang, 'common.summary'),
    items: [
      { label: t(lang, 'reserveFund.openingBalance'), kind: 'money', value: r.openingBalance },
      { label: t(lang, 'reserveFund.contributions'), kind: 'money', value: r.contributions.total },
      { label: t(lang, 'reserveFund.disbursements'), kind: 'money', value: r.disbursements },
      { label: t(lang, 'reserveFund.closingBalance'), kind: 'money', value: r.closingBalance },
      { label: t(lang, 'reserveFund.committed'), kind: 'money', value: r.committed },
      { label: t(lang, 'reserveFund.floor'), kind: 'money', value: r.floor },
      { label: t(lang, 'reserveFund.available'), kind: 'money', value: r.available },
      { label: t(lang, 'reserveFund.cases'), kind: 'integer', value: r.cases.length },
    ],
  };
}

/** From the opening to the closing balance. */
function movementTable(r: ReserveFundReport, lang: Lang): ReportSection {
  const scale = minorUnits(r.currency);
  const movementRows: TableRow[] = [
    { item: t(lang, 'reserveFund.openingBalance'), amount: r.openingBalance },
    { item: t(lang, 'reserveFund.fromMembers'), amount: r.contributions.member },
    { item: t(lang, 'reserveFund.fromGeneralFund'), amount: r.contributions.generalFund },
    { item: t(lang, 'reserveFund.fromDonors'), amount: r.contributions.donor },
    { item: t(lang, 'reserveFund.lessDisbursements'), amount: minus(r.disbursements, scale) },
    { item: t(lang, 'reserveFund.otherMovements'), amount: r.otherMovements },
  ];
  return {
    kind: 'table',
    id: 'movement',
    title: t(lang, 'reserveFund.movement'),
    columns: [text('item', t(lang, 'common.description')), money('amount', t(lang, 'common.amount'))],
    rows: movementRows,
    totals: { item: t(lang, 'reserveFund.closingBalance'), amount: r.closingBalance },
  };
}

/** What remains available after commitments and the floor. */
function availableTable(r: ReserveFundReport, lang: Lang): ReportSection {
  const scale = minorUnits(r.currency);
  return {
    kind: 'table',
    id: 'available',
    title: t(lang, 'reserveFund.available'),
    columns: [text('item', t(lang, 'common.description')), money('amount', t(lang, 'common.amount'))],
    rows: [
      { item: t(lang, 'reserveFund.closingBalance'), amount: r.closingBalance },
      { item: t(lang, 'reserveFund.lessCommitted'), amount: minus(r.committed, scale) },
      { item: t(lang, 'reserveFund.lessFloor'), amount: minus(r.floor, scale) },
    ],
    totals: { item: t(lang, 'reserveFund.available'), amount: r.available },
  };
}

function disbursementsTable(r: ReserveFundReport, lang: Lang): ReportSection {
  return {
    kind: 'table',
    id: 'disbursements_by_case',
    title: t(lang, 'reserveFund.disbursementsByCase'),
    columns: [text('case', t(lang, 'reserveFund.case')), money('amount', t(lang, 'reserveFund.disbursed'))],
    rows: r.disbursementsByCase.map((d) => ({ case: d.title, amount: d.amount })),
    totals: { case: t(lang, 'common.total'), amount: r.disbursements },
    ...(r.disbursementsByCase.length === 0 ? { note: t(lang, 'reserveFund.noDisbursements') } : {}),
  };
}

function balanceChart(r: ReserveFundReport, lang: Lang): ReportSection {
  return {
    kind: 'chart',
    chart: 'line',
    title: t(lang, 'reserveFund.balanceOverTime'),
    valueKind: 'money',
    categories: r.balanceByMonth.map((p) => formatShortMonthYear(`${p.month}-01`, lang)),
    series: [{ key: 'balance', label: t(lang, 'reserveFund.balance'), values: r.balanceByMonth.map((p) => p.balance) }],
  };
}

/** Every case with its figures. */
function casesTable(r: ReserveFundReport, lang: Lang): ReportSection {
  const scale = minorUnits(r.currency);
  const caseColumns: TableColumn[] = [
    text('title', t(lang, 'reserveFund.case')),
    text('countries', t(lang, 'reserveFund.countriesInvolved')),
    column('people', t(lang, 'reserveFund.people'), 'integer'),
    date('requested_on', t(lang, 'reserveFund.requestedOn')),
    money('requested', t(lang, 'reserveFund.requestedAmount')),
    money('approved', t(lang, 'reserveFund.approvedAmount')),
    money('disbursed', t(lang, 'reserveFund.disbursed')),
    money('commitment', t(lang, 'reserveFund.commitment')),
    text('status', t(lang, 'reserveFund.status')),
  ];
  return {
    kind: 'table',
    id: 'cases',
    title: t(lang, 'reserveFund.cases'),
    columns: caseColumns,
    rows: r.cases.map((c) => ({
      title: c.title,
      countries: countries(c, lang),
      people: c.people,
      requested_on: c.requestedOn,
      requested: c.requestedAmount,
      approved: c.approvedAmount,
      disbursed: c.disbursed,
      commitment: c.commitment,
      status: t(lang, CASE_STATUS_LABEL[c.status]),
    })),
    totals: {
      title: t(lang, 'common.total'),
      disbursed: fixed(sum(r.cases.map((c) => c.disbursed)), scale),
      commitment: r.committed,
    },
    ...(r.cases.length === 0 ? { note: t(lang, 'reserveFund.noCases') } : {}),
  };
}

/** Each case's history under the Protocol, grouped by case. */
function historyTable(r: ReserveFundReport, lang: Lang): ReportSection {
  const history: TableGroup[] = r.cases.map((c) => ({
    key: c.id,
    label: c.title,
    rows: c.history.map((h) => ({
      date: h.date,
      event: t(lang, EVENT_LABEL[h.event]),
      status: t(lang, CASE_STATUS_LABEL[h.status]),
      detail: detailText(h, lang, r.currency),
    })),
  }));
  return {
    kind: 'table',
    id: 'case_history',
    title: t(lang, 'reserveFund.caseHistory'),
    columns: [
      date('date', t(lang, 'common.date')),
      text('event', t(lang, 'reserveFund.event')),
      text('status', t(lang, 'reserveFund.status')),
      text('detail', t(lang, 'common.detail')),
    ],
    groupColumn: { key: 'case', label: t(lang, 'reserveFund.case') },
    groups: history,
  };
}

/**
 * The machine form (CSV): the fund's movement and position, one figure per row under a stable
 * `item` key, amounts exactly as in the JSON (disbursements and commitments positive).
 */
export function reserveFundCsvDocument(r: ReserveFundReport, lang: Lang): ReportDocument {
  const figures: Array<[string, PlainLabelKey, string]> = [
    ['opening_balance', 'reserveFund.openingBalance', r.openingBalance],
    ['contributions_member', 'reserveFund.fromMembers', r.contributions.member],
    ['contributions_general_fund', 'reserveFund.fromGeneralFund', r.contributions.generalFund],
    ['contributions_donor', 'reserveFund.fromDonors', r.contributions.donor],
    ['contributions_total', 'reserveFund.contributions', r.contributions.total],
    ['disbursements', 'reserveFund.disbursements', r.disbursements],
    ['other_movements', 'reserveFund.otherMovements', r.otherMovements],
    ['closing_balance', 'reserveFund.closingBalance', r.closingBalance],
    ['committed', 'reserveFund.committed', r.committed],
    ['floor', 'reserveFund.floor', r.floor],
    ['available', 'reserveFund.available', r.available],
  ];
  return csvDocument(lang, t(lang, 'reserveFund.reportTitle'), r.currency, r.asOf, {
    id: 'reserve_fund',
    columns: [
      date('from', 'from'),
      date('as_of', 'as_of'),
      text('item', 'item'),
      text('label', 'label'),
      money('amount', 'amount'),
    ],
    rows: figures.map(([item, label, amount]) => ({
      from: r.from,
      as_of: r.asOf,
      item,
      label: t(lang, label),
      amount,
    })),
  });
}

/** The files of the reserve-fund report besides its JSON: CSV, XLSX and PDF, in Spanish or English. */
export const RESERVE_FUND_REPORT_FILES = RENDER_FORMATS;

/** The reserve-fund report as one file (`reserve-fund-<asOf>-<lang>.<format>`). */
export function renderReserveFundReport(
  r: ReserveFundReport,
  format: RenderFormat,
  lang: Lang,
): Promise<RenderedReport> {
  const doc = format === 'csv' ? reserveFundCsvDocument(r, lang) : reserveFundDocument(r, lang);
  // The cases table has nine columns: in portrait the case titles wrap a word per line.
  return renderReport(doc, format, { fileStem: 'reserve-fund', pdf: { landscape: true } });
}
