import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Decimal } from 'decimal.js';
import { Dec, minorUnits } from '@app/common';
import type { BudgetVersion } from '../budgets/budgets.service';
import type { MemberStatement } from '../reports/report-types';

/**
 * Days between the assessment (the date of the notice) and its due date. No policy of the
 * installation sets a payment term, so it is this constant; the honour roll's window
 * (`policies.honourRollDays`, 30 by default) is a different rule — who paid promptly — and is not
 * read here.
 */
export const PAYMENT_TERM_DAYS = 30;

/** YYYY-MM-DD plus whole days, in UTC calendar arithmetic (no time zone can shift it). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The due date of an assessment made on `assessedOn`. */
export function dueDateOf(assessedOn: string, termDays: number = PAYMENT_TERM_DAYS): string {
  return addDays(assessedOn, termDays);
}

export class NoticeDecision {
  @ApiProperty({ example: 'IX Reunión Viceministerial, Ciudad de Panamá' }) meeting: string;
  @ApiProperty({ example: '2004-12-02' }) date: string;
  @ApiProperty({ example: 'CRM-IX/2004/7' }) reference: string;
}

export class NoticeBudget {
  @ApiProperty({ description: 'The budget version the notice is for (the latest one assessed)', example: 1 })
  version: number;
  @ApiProperty({ example: '120000.00' }) total: string;
  @ApiProperty({ type: NoticeDecision }) approval: NoticeDecision;
  @ApiProperty({ description: 'When that version was assessed: the date of the notice', example: '2006-01-01' })
  assessedOn: string;
}

export class NoticeYear {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '30000.00' }) assessed: string;
  @ApiProperty({ example: '20000.00' }) paid: string;
  @ApiProperty({ example: '0.00' }) writtenOff: string;
  @ApiProperty({ example: '10000.00' }) outstanding: string;
}

export class NoticeBankAccount {
  @ApiProperty({ example: 'OPERATING' }) code: string;
  @ApiProperty({ example: 'Operating account' }) name: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

/**
 * One member's assessment notice for one fiscal year, as at the date of the assessment. Amounts
 * are base-currency decimal strings. yearBalance = assessment − advancesApplied −
 * paymentsCredited − writtenOff; totalDue = yearBalance + arrears.
 */
export class AssessmentNotice {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ description: "The member's name in the notice's language", example: 'México' }) name: string;
  @ApiProperty({ example: 2006 }) fiscalYear: number;
  @ApiProperty({ enum: ['es', 'en'] }) lang: 'es' | 'en';
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ description: 'Date of the notice: the assessment date', example: '2006-01-01' }) noticeDate: string;
  @ApiProperty({ description: `noticeDate + paymentTermDays`, example: '2006-01-31' }) dueDate: string;
  @ApiProperty({ example: PAYMENT_TERM_DAYS }) paymentTermDays: number;
  @ApiProperty({ type: NoticeBudget }) budget: NoticeBudget;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Percentage of the budget (null when the scale gives fixed amounts)',
    example: '30',
  })
  share: string | null;
  @ApiProperty({ description: "The member's assessment for the fiscal year", example: '36000.00' })
  assessment: string;
  @ApiProperty({ example: '0.00' }) advancesApplied: string;
  @ApiProperty({ description: 'Payments already credited to the year by the notice date', example: '0.00' })
  paymentsCredited: string;
  @ApiProperty({ example: '0.00' }) writtenOff: string;
  @ApiProperty({ description: 'What is owed for the fiscal year itself', example: '36000.00' }) yearBalance: string;
  @ApiProperty({ type: [NoticeYear], description: 'Earlier fiscal years still outstanding' })
  arrearsByYear: NoticeYear[];
  @ApiProperty({ example: '10000.00' }) arrears: string;
  @ApiProperty({ example: '46000.00' }) totalDue: string;
  @ApiProperty({ description: 'Advance still held to the member after the application', example: '0.00' })
  advanceRemaining: string;
  @ApiPropertyOptional({ nullable: true, type: NoticeBankAccount, description: 'The default bank account' })
  payTo: NoticeBankAccount | null;
  @ApiProperty({ description: 'Reference to quote with the payment', example: 'MEX 2006' }) paymentReference: string;
}

export interface NoticeInput {
  fiscalYear: number;
  version: BudgetVersion;
  /** The member's statement as at the version's assessment date, in the notice's language. */
  statement: MemberStatement;
  payTo: NoticeBankAccount | null;
  termDays?: number;
}

/** A notice whose figures do not add up is a bug upstream (or a read that raced a write). */
export class NoticeInconsistency extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeInconsistency';
  }
}

/**
 * The notice's figures from the budget version and the member's statement as at the assessment
 * date. Advances applied are the statement's advance lines moving money into the fiscal year
 * (less any released back); whatever else the year has been paid by then is payments credited.
 */
export function buildNotice(input: NoticeInput): AssessmentNotice {
  const { fiscalYear, version, statement: s } = input;
  if (version.assessed === null) throw new NoticeInconsistency(`version ${version.version} is not assessed`);
  const scale = minorUnits(s.currency);
  const fmt = (d: Decimal): string => d.toFixed(scale);
  const termDays = input.termDays ?? PAYMENT_TERM_DAYS;
  const entry = version.scale.find((x) => x.member === s.member);
  const assessment = new Dec(entry?.assessment ?? 0);
  const year = s.closing.years.find((y) => y.fiscalYear === fiscalYear);
  if (year === undefined || !new Dec(year.assessed).equals(assessment)) {
    throw new NoticeInconsistency(
      `${s.member} FY ${fiscalYear}: the statement as at ${s.asOf} shows ${year?.assessed ?? 'no'} assessed, version ${version.version} says ${fmt(assessment)}`,
    );
  }
  let advances = new Dec(0);
  for (const line of s.lines) {
    if (line.type !== 'advance_applied' && line.type !== 'advance_released') continue;
    const moved = line.allocations
      .filter((a) => a.fiscalYear === fiscalYear)
      .reduce((t, a) => t.plus(a.amount), new Dec(0));
    advances = line.type === 'advance_applied' ? advances.plus(moved) : advances.minus(moved);
  }
  const paid = new Dec(year.paid);
  const writtenOff = new Dec(year.writtenOff);
  const yearBalance = new Dec(year.outstanding);
  if (!assessment.minus(paid).minus(writtenOff).equals(yearBalance)) {
    throw new NoticeInconsistency(`${s.member} FY ${fiscalYear}: assessed − paid − written off ≠ outstanding`);
  }
  const earlier = s.closing.years.filter((y) => y.fiscalYear < fiscalYear);
  const arrears = earlier.reduce((t, y) => t.plus(y.outstanding), new Dec(0));
  return {
    member: s.member,
    name: s.name,
    fiscalYear,
    lang: s.lang,
    currency: s.currency,
    noticeDate: version.assessed.assessedOn,
    dueDate: dueDateOf(version.assessed.assessedOn, termDays),
    paymentTermDays: termDays,
    budget: {
      version: version.version,
      total: version.total,
      approval: { ...version.approval },
      assessedOn: version.assessed.assessedOn,
    },
    share: entry?.share === undefined ? null : new Dec(entry.share).toFixed(),
    assessment: fmt(assessment),
    advancesApplied: fmt(advances),
    paymentsCredited: fmt(paid.minus(advances)),
    writtenOff: fmt(writtenOff),
    yearBalance: fmt(yearBalance),
    arrearsByYear: earlier
      .filter((y) => !new Dec(y.outstanding).isZero())
      .map((y) => ({
        fiscalYear: y.fiscalYear,
        assessed: y.assessed,
        paid: y.paid,
        writtenOff: y.writtenOff,
        outstanding: y.outstanding,
      })),
    arrears: fmt(arrears),
    totalDue: fmt(yearBalance.plus(arrears)),
    advanceRemaining: s.closing.advance,
    payTo: input.payTo,
    paymentReference: `${s.member} ${fiscalYear}`,
  };
}
