import {
  ChartSection,
  formatDate,
  GroupedTableSection,
  money,
  RenderedReport,
  renderReport,
  ReportDocument,
  ReportSection,
  t,
  TableColumn,
  TableRow,
  text,
} from '@app/reports';
import type { FinancialStatements, StatementLine } from '../financial-statements/financial-statements.types';
import type { StatementLang } from '../financial-statements/labels';

export interface CoverFacts {
  /** The body publishing the statements (page header, cover). */
  organisation?: string;
  /** The meeting they are presented to (cover). */
  meeting?: string;
  /** Document symbol (cover). */
  reference?: string;
  /** Date printed on the cover and footer; default today. */
  date?: string;
}

const WORDS = {
  opening: { es: 'Al inicio', en: 'Opening' },
  surplus: { es: 'Resultado', en: 'Surplus' },
  transfers: { es: 'Transferencias', en: 'Transfers' },
  otherMovements: { es: 'Otros movimientos', en: 'Other movements' },
  closing: { es: 'Al cierre', en: 'Closing' },
  liabilitiesAndNetAssets: { es: 'Total de pasivos y activos netos', en: 'Total liabilities and net assets' },
  paid: { es: 'Pagado', en: 'Paid' },
  assessed: { es: 'Señalado', en: 'Assessed' },
  writtenOff: { es: 'Condonado', en: 'Written off' },
  outstanding: { es: 'Pendiente', en: 'Outstanding' },
  advance: { es: 'Anticipos', en: 'Advances' },
  pledged: { es: 'Comprometido', en: 'Pledged' },
  received: { es: 'Recibido', en: 'Received' },
  spent: { es: 'Gastado', en: 'Spent' },
  balance: { es: 'Saldo', en: 'Balance' },
  commitments: { es: 'Compromisos', en: 'Commitments' },
  contributionsChart: { es: 'Contribuciones pagadas y pendientes por miembro', en: 'Contributions paid and outstanding by member' },
  budgetChart: { es: 'Ejecución presupuestaria por línea', en: 'Budget execution by line' },
  reserveChart: { es: 'Saldo del fondo de reserva', en: 'Reserve fund balance' },
  interFund: { es: 'Transferencias entre fondos (eliminadas)', en: 'Inter-fund transfers (eliminated)' },
} as const;
const w = (key: keyof typeof WORDS, lang: StatementLang): string => WORDS[key][lang];

function twoYearColumns(s: FinancialStatements): TableColumn[] {
  return [text('label', t(s.lang, 'common.description')), money('current', String(s.fiscalYear)), money('prior', String(s.priorFiscalYear))];
}

const lineRows = (lines: StatementLine[]): TableRow[] => lines.map((l) => ({ label: l.label, current: l.amount, prior: l.prior }));

function positionTable(s: FinancialStatements): GroupedTableSection {
  const p = s.financialPosition;
  const lang = s.lang;
  return {
    kind: 'table',
    id: 'financial-position',
    title: p.title,
    sheetName: t(lang, 'statements.financialPosition'),
    columns: twoYearColumns(s),
    groupColumn: { key: 'section', label: t(lang, 'common.category') },
    groups: [
      {
        key: 'assets',
        label: t(lang, 'statements.currentAssets'),
        rows: lineRows(p.assets),
        subtotal: { label: t(lang, 'statements.totalAssets'), current: p.totals.assets, prior: p.totals.prior.assets },
      },
      {
        key: 'liabilities',
        label: t(lang, 'statements.currentLiabilities'),
        rows: lineRows(p.liabilities),
        subtotal: { label: t(lang, 'statements.totalLiabilities'), current: p.totals.liabilities, prior: p.totals.prior.liabilities },
      },
      {
        key: 'netAssets',
        label: t(lang, 'statements.netAssets'),
        rows: lineRows(p.netAssets),
        subtotal: { label: t(lang, 'statements.totalNetAssets'), current: p.totals.netAssets, prior: p.totals.prior.netAssets },
      },
    ],
    totals: { label: w('liabilitiesAndNetAssets', lang), current: p.totals.liabilitiesAndNetAssets, prior: p.totals.prior.liabilitiesAndNetAssets },
  };
}

function performanceTable(s: FinancialStatements): GroupedTableSection {
  const f = s.financialPerformance;
  const lang = s.lang;
  return {
    kind: 'table',
    id: 'financial-performance',
    title: f.title,
    sheetName: t(lang, 'statements.financialPerformance'),
    note: `${w('interFund', lang)}: ${f.interFundTransfers.transfersIn} / ${f.interFundTransfers.transfersOut}`,
    columns: twoYearColumns(s),
    groupColumn: { key: 'section', label: t(lang, 'common.category') },
    groups: [
      {
        key: 'revenue',
        label: t(lang, 'statements.revenue'),
        rows: lineRows(f.revenue),
        subtotal: { label: t(lang, 'statements.totalRevenue'), current: f.totals.revenue, prior: f.totals.prior.revenue },
      },
      {
        key: 'expenses',
        label: t(lang, 'statements.expenses'),
        rows: lineRows(f.expenses),
        subtotal: { label: t(lang, 'statements.totalExpenses'), current: f.totals.expenses, prior: f.totals.prior.expenses },
      },
    ],
    totals: { label: t(lang, 'statements.surplus'), current: f.totals.surplus, prior: f.totals.prior.surplus },
  };
}

function changesTable(s: FinancialStatements): ReportSection {
  const c = s.changesInNetAssets;
  const lang = s.lang;
  const keys = ['opening', 'surplus', 'transfers', 'otherMovements', 'closing'] as const;
  const columns: TableColumn[] = [
    text('label', t(lang, 'statements.fund')),
    ...keys.map((k) => money(`c_${k}`, w(k, lang), String(s.fiscalYear))),
    ...keys.map((k) => money(`p_${k}`, w(k, lang), String(s.priorFiscalYear))),
  ];
  const row = (label: string, m: (typeof c)['totals']): TableRow => ({
    label,
    ...Object.fromEntries(keys.map((k) => [`c_${k}`, m[k]])),
    ...Object.fromEntries(keys.map((k) => [`p_${k}`, m.prior[k]])),
  });
  return {
    kind: 'table',
    id: 'changes-in-net-assets',
    title: c.title,
    sheetName: t(lang, 'statements.changesInNetAssets'),
    columns,
    rows: c.byKind.map((k) => row(k.label, k)),
    totals: row(t(lang, 'common.total'), c.totals),
  };
}

function cashFlowTable(s: FinancialStatements): ReportSection {
  const c = s.cashFlow;
  const lang = s.lang;
  return {
    kind: 'table',
    id: 'cash-flow',
    title: c.title,
    sheetName: t(lang, 'statements.cashFlow'),
    columns: twoYearColumns(s),
    rows: [
      { label: t(lang, 'statements.cashAtStart'), current: c.totals.openingCash, prior: c.totals.prior.openingCash },
      ...lineRows(c.lines),
      { label: t(lang, 'statements.netCashFlow'), current: c.totals.netFlow, prior: c.totals.prior.netFlow },
    ],
    totals: { label: t(lang, 'statements.cashAtEnd'), current: c.totals.closingCash, prior: c.totals.prior.closingCash },
  };
}

function budgetTable(s: FinancialStatements): ReportSection {
  const b = s.budgetVsActual;
  const lang = s.lang;
  const cur = String(s.fiscalYear);
  const pri = String(s.priorFiscalYear);
  return {
    kind: 'table',
    id: 'budget-vs-actual',
    title: b.title,
    sheetName: t(lang, 'statements.budgetVsActual'),
    columns: [
      text('code', t(lang, 'common.code')),
      text('name', t(lang, 'common.name')),
      money('budget', t(lang, 'statements.budget'), cur),
      money('actual', t(lang, 'statements.actual'), cur),
      money('variance', t(lang, 'statements.variance'), cur),
      { key: 'execution', label: t(lang, 'statements.execution'), kind: 'percent', decimals: 1, group: cur },
      money('priorBudget', t(lang, 'statements.budget'), pri),
      money('priorActual', t(lang, 'statements.actual'), pri),
    ],
    rows: [
      ...b.lines.map((l) => ({
        code: l.code,
        name: l.name,
        budget: l.budget,
        actual: l.actual,
        variance: l.variance,
        execution: l.executionPercent,
        priorBudget: l.prior.budget,
        priorActual: l.prior.actual,
      })),
      { code: '', name: b.unallocated.label, budget: null, actual: b.unallocated.actual, variance: null, execution: null, priorBudget: null, priorActual: b.unallocated.prior },
    ],
    totals: {
      code: '',
      name: t(lang, 'common.total'),
      budget: b.totals.budget,
      actual: b.totals.actual,
      variance: b.totals.variance,
      execution: b.totals.executionPercent,
      priorBudget: b.totals.prior.budget,
      priorActual: b.totals.prior.actual,
    },
  };
}

function charts(s: FinancialStatements): ChartSection[] {
  const lang = s.lang;
  const members = s.notes.contributions.members;
  const out: ChartSection[] = [];
  if (members.length > 0) {
    out.push({
      kind: 'chart',
      chart: 'bar',
      mode: 'stacked',
      orientation: 'horizontal',
      title: w('contributionsChart', lang),
      categories: members.map((m) => m.name),
      series: [
        { key: 'paid', label: w('paid', lang), values: members.map((m) => m.paid) },
        { key: 'outstanding', label: w('outstanding', lang), values: members.map((m) => m.outstanding) },
      ],
      valueKind: 'money',
    });
  }
  const lines = s.budgetVsActual.lines;
  if (lines.length > 0) {
    out.push({
      kind: 'chart',
      chart: 'bar',
      mode: 'grouped',
      title: w('budgetChart', lang),
      categories: lines.map((l) => l.name),
      series: [
        { key: 'budget', label: t(lang, 'statements.budget'), values: lines.map((l) => l.budget) },
        { key: 'actual', label: t(lang, 'statements.actual'), values: lines.map((l) => l.actual) },
      ],
      valueKind: 'money',
    });
  }
  const months = s.notes.reserveFund.monthlyBalances;
  out.push({
    kind: 'chart',
    chart: 'line',
    title: w('reserveChart', lang),
    categories: months.map((m) => m.month),
    series: [{ key: 'balance', label: w('balance', lang), values: months.map((m) => m.balance) }],
    valueKind: 'money',
  });
  return out;
}

function notes(s: FinancialStatements): ReportSection[] {
  const lang = s.lang;
  const n = s.notes;
  const contributionKeys = ['assessed', 'paid', 'writtenOff', 'outstanding', 'advance'] as const;
  const grantKeys = ['pledged', 'received', 'spent', 'netAssets'] as const;
  const grantLabel = (k: (typeof grantKeys)[number]) => (k === 'netAssets' ? t(lang, 'statements.netAssets') : w(k, lang));
  return [
    { kind: 'heading', text: t(lang, 'statements.notes'), level: 1 },
    { kind: 'heading', text: `1. ${n.accountingPolicies.title}`, level: 2 },
    ...n.accountingPolicies.paragraphs.map((p): ReportSection => ({ kind: 'paragraph', text: `${p.title}. ${p.text}` })),
    { kind: 'heading', text: `2. ${n.contributions.title}`, level: 2 },
    {
      kind: 'table',
      id: 'note-contributions',
      sheetName: n.contributions.title,
      columns: [text('member', t(lang, 'common.member')), ...contributionKeys.map((k) => money(k, w(k, lang)))],
      rows: n.contributions.members.map((m) => ({ member: m.name, ...Object.fromEntries(contributionKeys.map((k) => [k, m[k]])) })),
      totals: { member: t(lang, 'common.total'), ...Object.fromEntries(contributionKeys.map((k) => [k, n.contributions.totals[k]])) },
    },
    { kind: 'heading', text: `3. ${n.grants.title}`, level: 2 },
    {
      kind: 'table',
      id: 'note-grants',
      sheetName: n.grants.title,
      columns: [text('grant', t(lang, 'statements.fund')), ...grantKeys.map((k) => money(k, grantLabel(k)))],
      rows: n.grants.grants.map((g) => ({ grant: `${g.fund} — ${g.name}`, ...Object.fromEntries(grantKeys.map((k) => [k, g[k]])) })),
      totals: { grant: t(lang, 'common.total'), ...Object.fromEntries(grantKeys.map((k) => [k, n.grants.totals[k]])) },
    },
    { kind: 'heading', text: `4. ${n.reserveFund.title}`, level: 2 },
    {
      kind: 'keyFigures',
      items: [
        { label: w('balance', lang), value: n.reserveFund.balance, kind: 'money' },
        { label: t(lang, 'statements.revenue'), value: n.reserveFund.contributions, kind: 'money' },
        { label: t(lang, 'statements.expenses'), value: n.reserveFund.disbursements, kind: 'money' },
        { label: w('commitments', lang), value: n.reserveFund.commitments, kind: 'money' },
      ],
    },
  ];
}

/**
 * The statements as a report document: one table (and one worksheet) per statement, the charts
 * the meetings ask for, and the notes. Every figure is copied from the JSON, never recomputed.
 */
export function statementsDocument(s: FinancialStatements, cover: CoverFacts = {}): ReportDocument {
  const lang = s.lang;
  return {
    lang,
    title: t(lang, 'statements.title'),
    subtitle: `${t(lang, 'statements.forYearEnded', { date: formatDate(s.period.endsOn, lang) })} — ${t(lang, 'common.amountsIn', { currency: s.currency })}`,
    meta: {
      organisation: cover.organisation ?? '',
      date: cover.date ?? new Date().toISOString().slice(0, 10),
      asOf: s.period.endsOn,
      currency: s.currency,
      ...(cover.meeting !== undefined ? { meeting: cover.meeting } : {}),
      ...(cover.reference !== undefined ? { reference: cover.reference } : {}),
    },
    sections: [
      positionTable(s),
      { kind: 'pageBreak' },
      performanceTable(s),
      { kind: 'pageBreak' },
      changesTable(s),
      { kind: 'pageBreak' },
      cashFlowTable(s),
      { kind: 'pageBreak' },
      budgetTable(s),
      ...charts(s),
      { kind: 'pageBreak' },
      ...notes(s),
    ],
  };
}

/** `?format=` of the financial statements: their JSON, or the XLSX and PDF editions of this document. */
export const STATEMENT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/**
 * The XLSX (a summary sheet, then one sheet per statement and note table) or PDF (cover naming the
 * meeting, contents, numbered pages, the statements, charts and notes) of the statements, built
 * from their JSON alone: it formats, it never recomputes a figure.
 */
export function renderFinancialStatements(
  statements: FinancialStatements,
  format: Exclude<StatementFormat, 'json'>,
  cover: CoverFacts,
): Promise<RenderedReport> {
  return renderReport(statementsDocument(statements, cover), format, {
    fileStem: `financial-statements-${statements.fiscalYear}`,
    pdf: { cover: true, toc: true, landscape: true },
  });
}
