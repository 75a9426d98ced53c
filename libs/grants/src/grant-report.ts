import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRANT_KINDS, GrantKind } from './domain/grant-postings';

/**
 * The public shapes of grants and of the donor report. Classes so that they document the API and
 * type the report's document (CSV, XLSX, PDF: reports/grant-report.document.ts).
 * Amounts are decimal strings; figures named `...InGrantCurrency` are in the grant's currency,
 * all others in the base currency (`currency`).
 */
export class GrantBudgetLineView {
  @ApiProperty({ example: 'MEDIA' }) code: string;
  @ApiProperty({ example: 'Radio and television spots' }) name: string;
  @ApiProperty({ description: "In the grant's currency", example: '150000.00' }) amount: string;
}

export class GrantView {
  @ApiProperty({ example: 'USA-2004-CAMPAIGN' }) code: string;
  @ApiProperty({ example: 'USA' }) donor: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: "In the grant's currency", example: '250000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ description: 'Rate at which the pledge was recognised', example: '1' }) rate: string;
  @ApiProperty({ description: 'The pledge in the base currency', example: '250000.00' }) amountBase: string;
  @ApiProperty({ example: '2004-11-15' }) signedOn: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ example: 'IOM' }) implementingPartner: string;
  @ApiProperty({ enum: GRANT_KINDS }) kind: GrantKind;
  @ApiPropertyOptional({ nullable: true, type: String }) periodFrom: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) periodTo: string | null;
  @ApiProperty({ enum: ['active', 'closed'] }) status: 'active' | 'closed';
  @ApiPropertyOptional({ nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ description: "The grant's restricted fund (same code)", example: 'USA-2004-CAMPAIGN' }) fund: string;
  @ApiProperty({ type: [GrantBudgetLineView] }) budgetLines: GrantBudgetLineView[];
}

export class GrantFigures {
  @ApiProperty({ example: 'USD', description: 'Currency of every figure below but those in the grant currency' })
  currency: string;
  @ApiProperty({ description: 'Pledge recognised (1200 debited by the pledge)', example: '250000.00' }) pledged: string;
  @ApiProperty({ description: 'Cash received from the donor', example: '250000.00' }) received: string;
  @ApiProperty({ description: 'Expenses charged to the grant', example: '180000.00' }) spent: string;
  @ApiProperty({ description: 'Unspent cash paid back to the donor', example: '0.00' }) refunded: string;
  @ApiProperty({ description: "Cash of the grant's fund: received − spent − refunded", example: '70000.00' })
  available: string;
  @ApiProperty({ description: 'Grants receivable (1200) still open', example: '0.00' }) receivable: string;
  @ApiProperty({ description: 'Deferred revenue (2200) of a conditional grant not yet recognised', example: '0.00' })
  deferredRevenue: string;
  @ApiProperty({ description: 'Net exchange difference on receipts: gains − losses', example: '0.00' })
  fxDifference: string;
  @ApiProperty({ example: '250000.00' }) pledgedInGrantCurrency: string;
  @ApiProperty({ description: 'Part of the pledge the receipts settled', example: '250000.00' })
  receivedInGrantCurrency: string;
  @ApiProperty({ example: '0.00' }) outstandingPledgeInGrantCurrency: string;
}

export class GrantBudgetLineFigures {
  @ApiProperty({ example: 'MEDIA' }) code: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Null for a code spent on that is not a budget line of the grant',
  })
  name: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Budget in the base currency at the pledge rate' })
  budget: string | null;
  @ApiProperty({ example: '100000.00' }) spent: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'budget − spent (negative when overspent)' })
  available: string | null;
}

export class GrantPeriodFigures {
  @ApiProperty({ description: 'Calendar month', example: '2005-02' }) period: string;
  @ApiProperty({ example: '125000.00' }) received: string;
  @ApiProperty({ example: '40000.00' }) spent: string;
  @ApiProperty({ example: '0.00' }) refunded: string;
}

export class GrantReportEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 3 }) sequence: number;
  @ApiProperty({ example: '2005-02-10' }) date: string;
  @ApiProperty({ example: 'grant_expenditure' }) source: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: "Σ of the entry's debits in the grant's fund (base currency)", example: '40000.00' })
  amount: string;
}

export class GrantReport extends GrantFigures {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'As at this date; null = everything' }) asOf:
    string | null;
  @ApiProperty({ type: GrantView }) grant: GrantView;
  @ApiProperty({ type: [GrantBudgetLineFigures] }) byBudgetLine: GrantBudgetLineFigures[];
  @ApiProperty({ type: [GrantPeriodFigures] }) byPeriod: GrantPeriodFigures[];
  @ApiProperty({ type: [GrantReportEntry] }) entries: GrantReportEntry[];
}

export class GrantDetail extends GrantView {
  @ApiProperty({ type: GrantFigures }) figures: GrantFigures;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) pledgeEntryId: string | null;
}
