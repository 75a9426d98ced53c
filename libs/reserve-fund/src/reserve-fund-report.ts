import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_EVENTS, CASE_STATUSES, CaseEvent, CaseStatus } from './domain/case-rules';

/**
 * Public shapes of the reserve fund: cases, the fund's position and the period report. Classes
 * so that they document the API and type the report's document (reports/reserve-fund-report.document.ts).
 * Amounts are decimal strings in the base currency (`currency`).
 */
export class CaseHistoryItem {
  @ApiProperty({ enum: CASE_EVENTS }) event: CaseEvent;
  @ApiProperty({ enum: CASE_STATUSES, description: 'Status after the event' }) status: CaseStatus;
  @ApiProperty({ example: '2005-03-10' }) date: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) detail: Record<string, string>;
  @ApiProperty({ description: 'When it was recorded' }) recordedAt: string;
}

export class CaseConsultation {
  @ApiProperty({ example: 'PAN' }) country: string;
  @ApiProperty({ example: '2005-03-04' }) date: string;
  @ApiProperty() response: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'As at the date asked (GET /v1/reserve-fund?asOf=), else now' })
  status: CaseStatus;
  @ApiProperty({ example: ['PAN', 'ECU'] }) countriesInvolved: string[];
  @ApiProperty({ example: '18000.00' }) requestedAmount: string;
  @ApiProperty({ example: 12 }) people: number;
  @ApiProperty({ example: '2005-03-01' }) requestedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'IOM' }) decidedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '15000.00' }) approvedAmount: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notifiedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notificationReference: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ example: '9000.00' }) disbursed: string;
  @ApiProperty({ description: 'approved − disbursed while approved and not closed', example: '6000.00' })
  commitment: string;
  @ApiProperty({ type: [CaseConsultation] }) consultations: CaseConsultation[];
  @ApiProperty({ type: [CaseHistoryItem] }) history: CaseHistoryItem[];
}

export class ReserveFundPosition {
  @ApiProperty({ example: '2005-12-31' }) asOf: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ description: 'Cash of fund RES', example: '100000.00' }) balance: string;
  @ApiProperty({ description: 'Σ commitments of approved, undisbursed cases', example: '6000.00' }) committed: string;
  @ApiProperty({ description: 'policies.reserveFund.floor', example: '0.00' }) floor: string;
  @ApiProperty({ description: 'What can still be approved: balance − committed − floor', example: '94000.00' })
  available: string;
  @ApiProperty({ type: [CaseView] }) cases: CaseView[];
}

export class ContributionsBySource {
  @ApiProperty({ example: '50000.00' }) member: string;
  @ApiProperty({ example: '30000.00' }) generalFund: string;
  @ApiProperty({ example: '20000.00' }) donor: string;
  @ApiProperty({ example: '100000.00' }) total: string;
}

export class DisbursementsByCase {
  @ApiProperty({ format: 'uuid' }) case: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '9000.00' }) amount: string;
}

export class BalancePoint {
  @ApiProperty({ example: '2005-03' }) month: string;
  @ApiProperty({ description: 'Balance at the end of the month (or asOf)', example: '91000.00' }) balance: string;
}

export class ReserveFundReport {
  @ApiProperty({ example: '2005-01-01' }) from: string;
  @ApiProperty({ example: '2005-12-31' }) asOf: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ description: 'Balance at the end of the day before `from`' }) openingBalance: string;
  @ApiProperty({ type: ContributionsBySource }) contributions: ContributionsBySource;
  @ApiProperty({ type: [DisbursementsByCase] }) disbursementsByCase: DisbursementsByCase[];
  @ApiProperty({ example: '9000.00' }) disbursements: string;
  @ApiProperty({ description: 'Any other cash movement of the fund (manual entries, bank charges…)', example: '0.00' })
  otherMovements: string;
  @ApiProperty({ description: 'opening + contributions − disbursements + other' }) closingBalance: string;
  @ApiProperty() committed: string;
  @ApiProperty() floor: string;
  @ApiProperty() available: string;
  @ApiProperty({ type: [BalancePoint] }) balanceByMonth: BalancePoint[];
  @ApiProperty({ type: [CaseView] }) cases: CaseView[];
}
