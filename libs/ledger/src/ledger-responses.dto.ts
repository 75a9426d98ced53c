import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JournalEntryResponse } from './entries/journal-entries.dto';

export class TrialBalanceRow {
  @ApiProperty({ example: '1010' }) account: string;
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: '90.75' }) debit: string;
  @ApiProperty({ example: '0.00' }) credit: string;
}

export class TrialBalanceTotals {
  @ApiProperty({ example: '1390.75' }) debit: string;
  @ApiProperty({ example: '1390.75' }) credit: string;
}

export class TrialBalanceFund {
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: '800.75' }) debit: string;
  @ApiProperty({ example: '800.75' }) credit: string;
  @ApiProperty({ example: true }) balanced: boolean;
}

export class TrialBalanceResponse {
  @ApiProperty({ example: '2005-12-31' }) asOf: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: [TrialBalanceRow] }) rows: TrialBalanceRow[];
  @ApiProperty({ type: TrialBalanceTotals }) totals: TrialBalanceTotals;
  @ApiProperty({ type: [TrialBalanceFund] }) funds: TrialBalanceFund[];
  @ApiProperty({ example: true }) balanced: boolean;
}

export class VerificationResponse {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiProperty({ example: 1250, description: 'Entries checked' }) entries: number;
  @ApiProperty({ example: '9f2c…', description: 'Hash of the last entry' }) head: string;
  @ApiPropertyOptional({ example: 17, description: 'The first sequence whose hash or link does not recompute' })
  firstBrokenSequence?: number;
  @ApiPropertyOptional({ description: 'What is wrong there, in words' }) problem?: string;
}

export class FiscalYearResponse {
  @ApiProperty({ example: 2005 }) year: number;
  @ApiProperty({ example: '2005-01-01' }) startsOn: string;
  @ApiProperty({ example: '2005-12-31' }) endsOn: string;
  @ApiProperty({ enum: ['open', 'closed'], example: 'open' }) status: 'open' | 'closed';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
}

export class FiscalYearCloseResponse {
  @ApiProperty({ example: 2004 }) fiscalYear: number;
  @ApiProperty({ example: '2004-12-31', description: 'The date of the closing entries' }) closedOn: string;
  @ApiProperty({ enum: ['closed'] }) status: 'closed';
  @ApiProperty({ type: [JournalEntryResponse], description: 'One per fund that had revenue or expenses in the year' })
  closingEntries: JournalEntryResponse[];
}
