import { ApiProperty } from '@nestjs/swagger';
import { REPORT_LANGS, ReportLang, StatementLineType } from './report-types';

const STANDINGS = ['good', 'exempt', 'in_arrears'] as const;
const LINE_TYPES: readonly StatementLineType[] = [
  'assessment',
  'assessment_reduction',
  'payment',
  'advance_applied',
  'advance_released',
  'write_off',
  'waiver',
  'write_off_reduction',
  'payment_reversal',
];

export class StatusYearResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '6000.00' }) assessed: string;
  @ApiProperty({ example: '6000.00', description: 'Applied to the assessment, net of releases and reversals' }) paid: string;
  @ApiProperty({ example: '0.00', description: 'Settled by write-off or waiver; not paid' }) writtenOff: string;
  @ApiProperty({ example: '0.00', description: 'assessed − paid − writtenOff' }) outstanding: string;
}

export class StatusMemberResponse {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: 'México', description: "The member's name in the report's language" }) name: string;
  @ApiProperty({ example: '11000.00' }) assessed: string;
  @ApiProperty({ example: '11000.00' }) paid: string;
  @ApiProperty({ example: '0.00' }) writtenOff: string;
  @ApiProperty({ example: '0.00' }) outstanding: string;
  @ApiProperty({ example: '500.00', description: 'Received and not yet applied' }) advance: string;
  @ApiProperty({ example: '0.00', description: 'Outstanding on fiscal years before the fiscal year of asOf' }) arrears: string;
  @ApiProperty({ enum: STANDINGS }) standing: (typeof STANDINGS)[number];
  @ApiProperty({ type: String, nullable: true, example: '1.0000', description: 'paid ÷ assessed; null when nothing is assessed' })
  collectionRate: string | null;
  @ApiProperty({ type: [StatusYearResponse] }) years: StatusYearResponse[];
}

export class StatusTotalsResponse {
  @ApiProperty({ example: '22000.00' }) assessed: string;
  @ApiProperty({ example: '19600.00' }) paid: string;
  @ApiProperty({ example: '0.00' }) writtenOff: string;
  @ApiProperty({ example: '2400.00' }) outstanding: string;
  @ApiProperty({ example: '500.00' }) advance: string;
  @ApiProperty({ example: '1000.00' }) arrears: string;
  @ApiProperty({ type: String, nullable: true, example: '0.8909' }) collectionRate: string | null;
}

export class HonourRollEntryResponse {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '2005-01-20' }) paidInFullOn: string;
}

export class StandingPolicyResponse {
  @ApiProperty({ enum: ['none', 'arrears_years'] }) rule: 'none' | 'arrears_years';
  @ApiProperty({ example: 2 }) years: number;
}

export class StatusOfContributionsResponse {
  @ApiProperty({ example: '2005-12-31' }) asOf: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: REPORT_LANGS }) lang: ReportLang;
  @ApiProperty({ example: 2005, description: 'The fiscal year asOf falls in' }) fiscalYear: number;
  @ApiProperty({ type: StandingPolicyResponse }) standingPolicy: StandingPolicyResponse;
  @ApiProperty({ example: 30 }) honourRollDays: number;
  @ApiProperty({ type: [StatusMemberResponse] }) members: StatusMemberResponse[];
  @ApiProperty({ type: StatusTotalsResponse }) totals: StatusTotalsResponse;
  @ApiProperty({ type: [HonourRollEntryResponse] }) honourRoll: HonourRollEntryResponse[];
}

export class StatementAllocationResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '6000.00' }) amount: string;
}

export class StatementLineResponse {
  @ApiProperty({ example: '2005-01-20' }) date: string;
  @ApiProperty({ example: 42, description: 'Sequence of the journal entry behind the line' }) sequence: number;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ enum: LINE_TYPES }) type: StatementLineType;
  @ApiProperty() description: string;
  @ApiProperty({ type: Number, nullable: true, example: 2005 }) fiscalYear: number | null;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ example: '6000.00' }) amount: string;
  @ApiProperty({ example: '0.00', description: 'Raises what the member owes' }) debit: string;
  @ApiProperty({ example: '6000.00', description: 'Lowers what the member owes' }) credit: string;
  @ApiProperty({ example: '0.00', description: 'Running balance: positive = owed, negative = held to its credit' }) balance: string;
  @ApiProperty({ type: [StatementAllocationResponse] }) allocations: StatementAllocationResponse[];
}

export class StatementOpeningResponse {
  @ApiProperty({ type: String, nullable: true, example: '2004-12-31' }) date: string | null;
  @ApiProperty({ example: '0.00' }) balance: string;
}

export class StatementClosingResponse {
  @ApiProperty({ example: '0.00' }) balance: string;
  @ApiProperty({ example: '0.00' }) outstanding: string;
  @ApiProperty({ example: '500.00' }) advance: string;
  @ApiProperty({ example: '0.00' }) arrears: string;
  @ApiProperty({ example: '0.00' }) writtenOff: string;
  @ApiProperty({ type: [StatusYearResponse] }) years: StatusYearResponse[];
}

export class MemberStatementResponse {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: 'Mexico' }) name: string;
  @ApiProperty({ example: '2005-12-31' }) asOf: string;
  @ApiProperty({ type: String, nullable: true, example: '2005-01-01' }) from: string | null;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: REPORT_LANGS }) lang: ReportLang;
  @ApiProperty({ type: StatementOpeningResponse }) opening: StatementOpeningResponse;
  @ApiProperty({ type: [StatementLineResponse] }) lines: StatementLineResponse[];
  @ApiProperty({ type: StatementClosingResponse }) closing: StatementClosingResponse;
}
