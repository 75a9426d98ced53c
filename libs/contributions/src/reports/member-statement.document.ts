import { minorUnits } from '@app/common';
import {
  KeyFigure,
  RenderFormat,
  RenderedReport,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableRow,
  column,
  csvDocument,
  date,
  fixed,
  formatMoney,
  money,
  organisation,
  renderReport,
  sum,
  t,
  text,
  today,
} from '@app/reports';
import type { MemberStatement, StatementLine } from './report-types';
import { yearFiguresColumns, yearFiguresRow } from './year-figures';

/** "2005: 500.00; 2006: 100.00" — where a payment's money went, in the document's number style. */
function allocationsText(s: MemberStatement, line: StatementLine): string {
  return line.allocations.map((a) => `${a.fiscalYear}: ${formatMoney(a.amount, s.currency, s.lang)}`).join('; ');
}

/** The line's words for people: the statement's description, plus where the money went. */
function describe(s: MemberStatement, line: StatementLine): string {
  const moved = line.debit === line.credit ? ` (${formatMoney(line.amount, s.currency, s.lang)})` : '';
  const applied =
    line.type === 'payment' || line.type === 'payment_reversal'
      ? line.allocations.length > 0
        ? ` — ${t(s.lang, 'contributions.appliedTo', { detail: allocationsText(s, line) })}`
        : ''
      : '';
  return `${line.description}${moved}${applied}`;
}

/** Zero debit or credit prints empty on the PDF: a statement reads down one column or the other. */
const nonZero = (amount: string): string | null => (sum([amount]).isZero() ? null : amount);

/**
 * A member's statement of account (PDF): opening and closing figures, then every line in ledger
 * order with its debit, credit and running balance (positive = owed by the member).
 */
export function statementDocument(s: MemberStatement): ReportDocument {
  const lang = s.lang;
  const figures: KeyFigure[] = [
    ...(s.from === null
      ? []
      : [{ label: t(lang, 'contributions.openingBalance'), kind: 'money' as const, value: s.opening.balance }]),
    { label: t(lang, 'contributions.closingBalance'), kind: 'money', value: s.closing.balance },
    { label: t(lang, 'contributions.outstanding'), kind: 'money', value: s.closing.outstanding },
    { label: t(lang, 'contributions.arrears'), kind: 'money', value: s.closing.arrears },
    { label: t(lang, 'contributions.advance'), kind: 'money', value: s.closing.advance },
  ];
  return {
    lang,
    title: t(lang, 'contributions.statementTitle'),
    subtitle: `${s.name} (${s.member})`,
    meta: { organisation: organisation(lang), date: today(), asOf: s.asOf, currency: s.currency },
    sections: [
      { kind: 'keyFigures', title: t(lang, 'common.summary'), items: figures },
      movementsTable(s),
      byYearTable(s),
    ],
  };
}

/** Every line with its debit, credit and running balance, after the opening balance when the statement has a start. */
function movementsTable(s: MemberStatement): ReportSection {
  const lang = s.lang;
  const scale = minorUnits(s.currency);
  const columns: TableColumn[] = [
    date('date', t(lang, 'common.date')),
    text('description', t(lang, 'common.description')),
    text('reference', t(lang, 'common.reference')),
    money('debit', t(lang, 'contributions.debit')),
    money('credit', t(lang, 'contributions.credit')),
    money('balance', t(lang, 'contributions.balance')),
  ];
  const rows: TableRow[] = s.lines.map((l) => ({
    date: l.date,
    description: describe(s, l),
    reference: l.reference,
    debit: nonZero(l.debit),
    credit: nonZero(l.credit),
    balance: l.balance,
  }));
  const opening: TableRow[] =
    s.from === null
      ? []
      : [
          {
            date: s.from,
            description: t(lang, 'contributions.openingBalance'),
            reference: null,
            debit: null,
            credit: null,
            balance: s.opening.balance,
          },
        ];
  return {
    kind: 'table',
    id: 'statement',
    title: t(lang, 'contributions.movements'),
    columns,
    rows: [...opening, ...rows],
    totals: {
      date: null,
      description: t(lang, 'contributions.closingBalance'),
      reference: null,
      debit: fixed(sum(s.lines.map((l) => l.debit)), scale),
      credit: fixed(sum(s.lines.map((l) => l.credit)), scale),
      balance: s.closing.balance,
    },
    note: t(lang, 'contributions.statementNote'),
  };
}

/** Assessed, paid, written off and outstanding by fiscal year, as at the statement's date. */
function byYearTable(s: MemberStatement): ReportSection {
  const lang = s.lang;
  const scale = minorUnits(s.currency);
  return {
    kind: 'table',
    id: 'statement_by_year',
    title: t(lang, 'contributions.byFiscalYear'),
    columns: yearFiguresColumns(lang),
    rows: s.closing.years.map(yearFiguresRow),
    totals: {
      fiscal_year: t(lang, 'common.total'),
      assessed: fixed(sum(s.closing.years.map((y) => y.assessed)), scale),
      paid: fixed(sum(s.closing.years.map((y) => y.paid)), scale),
      written_off: s.closing.writtenOff,
      outstanding: s.closing.outstanding,
    },
  };
}

/**
 * The machine form (CSV): the statement lines under stable keys. `type` is the API's line type,
 * `allocations` "2005:500.00;2006:100.00" (fiscal year:amount, exact).
 */
export function statementCsvDocument(s: MemberStatement): ReportDocument {
  const columns: TableColumn[] = [
    date('date', 'date'),
    column('sequence', 'sequence', 'integer'),
    text('entry_id', 'entry_id'),
    text('type', 'type'),
    text('description', 'description'),
    text('fiscal_year', 'fiscal_year'),
    text('reference', 'reference'),
    money('amount', 'amount'),
    money('debit', 'debit'),
    money('credit', 'credit'),
    money('balance', 'balance'),
    text('allocations', 'allocations'),
  ];
  const rows: TableRow[] = s.lines.map((l) => ({
    date: l.date,
    sequence: l.sequence,
    entry_id: l.entryId,
    type: l.type,
    description: l.description,
    fiscal_year: l.fiscalYear === null ? null : String(l.fiscalYear),
    reference: l.reference,
    amount: l.amount,
    debit: l.debit,
    credit: l.credit,
    balance: l.balance,
    allocations: l.allocations.map((a) => `${a.fiscalYear}:${a.amount}`).join(';'),
  }));
  return csvDocument(s.lang, t(s.lang, 'contributions.statementTitle'), s.currency, s.asOf, {
    id: 'statement',
    columns,
    rows,
  });
}

/** A member's statement as one file (a statement reads well on a portrait page). */
export function renderMemberStatement(s: MemberStatement, format: RenderFormat): Promise<RenderedReport> {
  const doc = format === 'csv' ? statementCsvDocument(s) : statementDocument(s);
  return renderReport(doc, format, { fileStem: `statement-${s.member}` });
}
