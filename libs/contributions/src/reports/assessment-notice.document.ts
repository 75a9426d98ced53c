import { Dec, minorUnits } from '@app/common';
import {
  ReportDocument,
  ReportSection,
  TableRow,
  formatDate,
  formatMoneyWithCode,
  formatPercent,
  money,
  organisation,
  t,
  text,
} from '@app/reports';
import { AssessmentNotice } from '../assessment-notices/assessment-notice';
import { yearFiguresColumns, yearFiguresRow } from './year-figures';

/** A deduction shown negative ("-1000.00"), at the currency's scale. */
function minus(amount: string, currency: string): string {
  return new Dec(amount).negated().toFixed(minorUnits(currency));
}

/**
 * The assessment notice as a one-page letter (PDF): date and due date, the budget decision, the
 * member's share and amount, what was deducted (advances, payments already credited), arrears
 * carried forward, the total due, and how to pay.
 */
export function noticeDocument(n: AssessmentNotice): ReportDocument {
  const lang = n.lang;
  const year = n.fiscalYear;
  const who = `${n.name} (${n.member})`;
  const sections: ReportSection[] = [
    {
      kind: 'keyFigures',
      items: [
        { label: t(lang, 'contributions.noticeDate'), kind: 'date', value: n.noticeDate },
        { label: t(lang, 'contributions.dueDate'), kind: 'date', value: n.dueDate },
        { label: t(lang, 'contributions.assessment', { year }), kind: 'money', value: n.assessment },
        { label: t(lang, 'contributions.noticeTotalDue'), kind: 'money', value: n.totalDue },
      ],
    },
    ...decisionSections(n),
    settlementTable(n),
    arrearsSection(n),
    ...howToPaySections(n),
  ];
  return {
    lang,
    title: `${t(lang, 'contributions.noticeTitle')} ${year}`,
    subtitle: t(lang, 'contributions.noticeSubtitle', { member: who, year }),
    meta: {
      organisation: organisation(lang),
      date: n.noticeDate,
      asOf: n.noticeDate,
      currency: n.currency,
      reference: `${n.member}/${year}`,
    },
    sections,
  };
}

const amountIn = (n: AssessmentNotice, value: string): string => formatMoneyWithCode(value, n.currency, n.lang);

/** The budget decision, the member's share or fixed amount, and the revision the notice follows. */
function decisionSections(n: AssessmentNotice): ReportSection[] {
  const { lang, fiscalYear: year } = n;
  const decision = t(lang, 'contributions.noticeDecision', {
    year,
    total: amountIn(n, n.budget.total),
    meeting: n.budget.approval.meeting,
    date: formatDate(n.budget.approval.date, lang),
    reference: n.budget.approval.reference,
  });
  const share =
    n.share === null
      ? t(lang, 'contributions.noticeFixed', { member: n.name, amount: amountIn(n, n.assessment) })
      : t(lang, 'contributions.noticeShare', {
          member: n.name,
          share: formatPercent(n.share, lang, Math.min(new Dec(n.share).decimalPlaces(), 4)),
          amount: amountIn(n, n.assessment),
        });
  const sections: ReportSection[] = [
    { kind: 'heading', text: t(lang, 'contributions.noticeDecisionTitle'), level: 2 },
    { kind: 'paragraph', text: decision },
    { kind: 'paragraph', text: share },
  ];
  if (n.budget.version > 1) {
    sections.push({
      kind: 'paragraph',
      style: 'note',
      text: t(lang, 'contributions.noticeRevision', {
        version: n.budget.version,
        date: formatDate(n.budget.assessedOn, lang),
      }),
    });
  }
  return sections;
}

/** The assessment less what was deducted, the year's balance, the arrears: the total due. */
function settlementRows(n: AssessmentNotice): TableRow[] {
  const { lang, fiscalYear: year } = n;
  const settlement: TableRow[] = [{ item: t(lang, 'contributions.assessment', { year }), amount: n.assessment }];
  if (!new Dec(n.advancesApplied).isZero())
    settlement.push({
      item: t(lang, 'contributions.noticeLessAdvances'),
      amount: minus(n.advancesApplied, n.currency),
    });
  if (!new Dec(n.paymentsCredited).isZero())
    settlement.push({
      item: t(lang, 'contributions.noticeLessPayments'),
      amount: minus(n.paymentsCredited, n.currency),
    });
  if (!new Dec(n.writtenOff).isZero())
    settlement.push({ item: t(lang, 'contributions.noticeLessWrittenOff'), amount: minus(n.writtenOff, n.currency) });
  // The year's balance only says something when something was deducted from the assessment.
  if (settlement.length > 1)
    settlement.push({ item: t(lang, 'contributions.noticeYearBalance', { year }), amount: n.yearBalance });
  settlement.push({ item: t(lang, 'contributions.noticeArrears'), amount: n.arrears });
  return settlement;
}

function settlementTable(n: AssessmentNotice): ReportSection {
  const lang = n.lang;
  return {
    kind: 'table',
    id: 'settlement',
    title: t(lang, 'contributions.noticeSettlement'),
    columns: [text('item', t(lang, 'common.description')), money('amount', t(lang, 'common.amount'))],
    rows: settlementRows(n),
    totals: { item: t(lang, 'contributions.noticeTotalDue'), amount: n.totalDue },
    ...(new Dec(n.advanceRemaining).isZero()
      ? {}
      : { note: t(lang, 'contributions.noticeRemainingAdvance', { amount: amountIn(n, n.advanceRemaining) }) }),
  };
}

/** The arrears by fiscal year, or a note that there are none. */
function arrearsSection(n: AssessmentNotice): ReportSection {
  const lang = n.lang;
  if (n.arrearsByYear.length === 0) {
    return { kind: 'paragraph', style: 'note', text: t(lang, 'contributions.noticeNoArrears') };
  }
  return {
    kind: 'table',
    id: 'arrears',
    title: t(lang, 'contributions.noticeArrearsByYear'),
    columns: yearFiguresColumns(lang),
    rows: n.arrearsByYear.map(yearFiguresRow),
    totals: { fiscal_year: t(lang, 'common.total'), outstanding: n.arrears },
  };
}

/** When and where to pay. */
function howToPaySections(n: AssessmentNotice): ReportSection[] {
  const lang = n.lang;
  return [
    { kind: 'heading', text: t(lang, 'contributions.howToPay'), level: 2 },
    {
      kind: 'paragraph',
      text: t(lang, 'contributions.noticeDue', { date: formatDate(n.dueDate, lang), days: n.paymentTermDays }),
    },
    {
      kind: 'paragraph',
      text:
        n.payTo === null
          ? t(lang, 'contributions.noticeNoBank')
          : t(lang, 'contributions.noticeBank', {
              name: n.payTo.name,
              code: n.payTo.code,
              currency: n.payTo.currency,
              reference: n.paymentReference,
            }),
    },
    { kind: 'paragraph', style: 'note', text: t(lang, 'contributions.noticeOrder') },
  ];
}
