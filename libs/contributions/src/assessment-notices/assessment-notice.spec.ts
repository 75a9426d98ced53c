import { assertValidReportDocument, renderCsv } from '@app/reports';
import {
  AssessmentNotice,
  NoticeInconsistency,
  PAYMENT_TERM_DAYS,
  addDays,
  buildNotice,
  dueDateOf,
} from './assessment-notice';
import type { BudgetVersion } from '../budgets/budgets.service';
import { noticeDocument } from '../reports/assessment-notice.document';
import type { MemberStatement, StatementLine, StatusYear } from '../reports/report-types';

describe('due date of an assessment notice', () => {
  it.each([
    ['2006-01-01', 30, '2006-01-31'],
    ['2006-02-01', 30, '2006-03-03'],
    ['2008-02-01', 30, '2008-03-02'],
    ['2005-12-15', 30, '2006-01-14'],
    ['2006-01-01', 0, '2006-01-01'],
  ])('%s + %i days → %s', (assessedOn, days, due) => {
    expect(dueDateOf(assessedOn, days)).toBe(due);
    expect(addDays(assessedOn, days)).toBe(due);
  });

  it('defaults to 30 days', () => {
    expect(PAYMENT_TERM_DAYS).toBe(30);
    expect(dueDateOf('2006-01-01')).toBe('2006-01-31');
  });
});

const year = (
  fiscalYear: number,
  assessed: string,
  paid: string,
  writtenOff: string,
  outstanding: string,
): StatusYear => ({
  fiscalYear,
  assessed,
  paid,
  writtenOff,
  outstanding,
});

const line = (
  type: StatementLine['type'],
  date: string,
  allocations: { fiscalYear: number; amount: string }[],
): StatementLine => ({
  date,
  sequence: 1,
  entryId: '00000000-0000-0000-0000-000000000000',
  type,
  description: type,
  fiscalYear: null,
  reference: null,
  amount: '0.00',
  debit: '0.00',
  credit: '0.00',
  balance: '0.00',
  allocations,
});

function version(assessment: string, share: string | null): BudgetVersion {
  return {
    fiscalYear: 2006,
    version: 1,
    total: '120000.00',
    currency: 'USD',
    approval: { meeting: 'X Reunión Viceministerial', date: '2005-12-01', reference: 'CRM-X/2005/4' },
    lines: [],
    scaleKind: share === null ? 'amount' : 'share',
    scale: [{ member: 'CAN', ...(share === null ? { amount: assessment } : { share }), assessment }],
    assessed: { assessedOn: '2006-01-01', entryId: null },
    createdAt: '2005-12-01T00:00:00.000Z',
  };
}

function statement(years: StatusYear[], lines: StatementLine[], advance = '0.00'): MemberStatement {
  return {
    member: 'CAN',
    name: 'Canadá',
    asOf: '2006-01-01',
    from: null,
    currency: 'USD',
    lang: 'es',
    opening: { date: null, balance: '0.00' },
    lines,
    closing: { balance: '0.00', outstanding: '0.00', advance, arrears: '0.00', writtenOff: '0.00', years },
  };
}

describe('figures of an assessment notice (worked out by hand)', () => {
  const payTo = { code: 'OPERATING', name: 'Operating account', currency: 'USD' };

  it.each<[string, StatusYear[], StatementLine[], Partial<AssessmentNotice>]>([
    [
      'advance 3,000 applied, nothing in arrears: 18,000 − 3,000 = 15,000',
      [year(2005, '15000.00', '15000.00', '0.00', '0.00'), year(2006, '18000.00', '3000.00', '0.00', '15000.00')],
      [line('advance_applied', '2006-01-01', [{ fiscalYear: 2006, amount: '3000.00' }])],
      {
        advancesApplied: '3000.00',
        paymentsCredited: '0.00',
        yearBalance: '15000.00',
        arrears: '0.00',
        totalDue: '15000.00',
      },
    ],
    [
      'arrears of two earlier years carried forward: 18,000 + 2,500.50 + 1,000 = 21,500.50',
      [
        year(2004, '10000.00', '9000.00', '0.00', '1000.00'),
        year(2005, '15000.00', '12000.00', '499.50', '2500.50'),
        year(2006, '18000.00', '0.00', '0.00', '18000.00'),
      ],
      [],
      { advancesApplied: '0.00', yearBalance: '18000.00', arrears: '3500.50', totalDue: '21500.50' },
    ],
    [
      'an advance applied then partly released by a revision, and a payment already credited',
      [year(2006, '18000.00', '5000.00', '0.00', '13000.00')],
      [
        line('advance_applied', '2006-01-01', [{ fiscalYear: 2006, amount: '4000.00' }]),
        line('advance_released', '2006-01-01', [{ fiscalYear: 2006, amount: '1000.00' }]),
        line('payment', '2006-01-01', [{ fiscalYear: 2006, amount: '2000.00' }]),
      ],
      { advancesApplied: '3000.00', paymentsCredited: '2000.00', yearBalance: '13000.00', totalDue: '13000.00' },
    ],
  ])('%s', (_name, years, lines, expected) => {
    const notice = buildNotice({
      fiscalYear: 2006,
      version: version('18000.00', '15'),
      statement: statement(years, lines),
      payTo,
    });
    expect(notice).toMatchObject({
      member: 'CAN',
      name: 'Canadá',
      noticeDate: '2006-01-01',
      dueDate: '2006-01-31',
      share: '15',
      assessment: '18000.00',
      paymentReference: 'CAN 2006',
      ...expected,
    });
    assertValidReportDocument(noticeDocument(notice));
    expect(renderCsv(noticeDocument(notice), { table: 'settlement', header: 'keys' }).split('\r\n').at(-2)).toBe(
      `Más: atrasos de ejercicios anteriores,${notice.arrears}`,
    );
  });

  it('a fixed-amount scale has no share; the remaining advance is reported', () => {
    const notice = buildNotice({
      fiscalYear: 2006,
      version: version('18000.00', null),
      statement: statement(
        [year(2006, '18000.00', '18000.00', '0.00', '0.00')],
        [line('advance_applied', '2006-01-01', [{ fiscalYear: 2006, amount: '18000.00' }])],
        '2000.00',
      ),
      payTo: null,
    });
    expect(notice).toMatchObject({
      share: null,
      advancesApplied: '18000.00',
      totalDue: '0.00',
      advanceRemaining: '2000.00',
      payTo: null,
    });
  });

  it('refuses figures that disagree with the budget (a read that raced a revision)', () => {
    expect(() =>
      buildNotice({
        fiscalYear: 2006,
        version: version('18000.00', '15'),
        statement: statement([year(2006, '17000.00', '0.00', '0.00', '17000.00')], []),
        payTo,
      }),
    ).toThrow(NoticeInconsistency);
  });
});
