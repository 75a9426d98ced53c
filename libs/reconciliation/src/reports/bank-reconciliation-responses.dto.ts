import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RegisterCheckResult } from '@app/register-checks';
import type { ReconciliationChecksReport } from '../register-checks/register-checks.service';
import type {
  BankReconciliationReport,
  PreparationView,
  SignOffView,
  StatementGapView,
  UnmatchedLedgerItemView,
  UnmatchedStatementLineView,
} from './bank-reconciliation.service';

// Each class `implements` the service's type: a field added there and not here fails to compile.

export class UnmatchedStatementLineResponse implements UnmatchedStatementLineView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty({ example: '2005-03-31' }) date: string;
  @ApiProperty({ type: String, nullable: true }) valueDate: string | null;
  @ApiProperty({ enum: ['credit', 'debit'], description: 'credit: money in' }) direction: 'credit' | 'debit';
  @ApiProperty({ example: '35.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() reference: string;
  @ApiProperty({ type: String, nullable: true }) bankReference: string | null;
  @ApiProperty() description: string;
  @ApiProperty() reversal: boolean;
  @ApiProperty({ description: 'In another currency than the account: left out of the totals' }) foreignCurrency: boolean;
  @ApiProperty({ example: 3 }) ageDays: number;
  @ApiProperty({ description: 'Older than the matching window' }) stale: boolean;
}

export class UnmatchedLedgerItemResponse implements UnmatchedLedgerItemView {
  @ApiProperty({ format: 'uuid' }) postingId: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ example: 42 }) sequence: number;
  @ApiProperty({ example: 1 }) line: number;
  @ApiProperty({ example: '2005-03-30' }) date: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) side: 'debit' | 'credit';
  @ApiProperty({ example: '1250.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: 2 }) ageDays: number;
  @ApiProperty() stale: boolean;
}

export class StatementBalanceBasisResponse {
  @ApiProperty({ enum: ['closing', 'opening', 'lines', 'none'] }) kind: 'closing' | 'opening' | 'lines' | 'none';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) statementId: string | null;
  @ApiProperty({ type: String, nullable: true }) statementRef: string | null;
  @ApiProperty({ type: String, nullable: true }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) balance: string | null;
}

export class UnmatchedCountsResponse {
  @ApiProperty() unmatchedStatementLines: number;
  @ApiProperty() unmatchedLedgerItems: number;
}

export class GapStatementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) statementRef: string | null;
}

export class StatementGapResponse implements StatementGapView {
  @ApiProperty({ example: '2005-03-15', description: 'Last day of the statement before the gap' }) after: string;
  @ApiProperty({ example: '2005-03-17', description: 'First day of the statement after it' }) before: string;
  @ApiProperty({ example: '10800.00' }) closingBalance: string;
  @ApiProperty({ example: '10950.00' }) openingBalance: string;
  @ApiProperty({ type: GapStatementResponse }) afterStatement: GapStatementResponse;
  @ApiProperty({ type: GapStatementResponse }) beforeStatement: GapStatementResponse;
}

export class BankReconciliationResponse implements BankReconciliationReport {
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1010' }) ledgerAccount: string;
  @ApiProperty({ example: '2005-06-30' }) asOf: string;
  @ApiProperty({ example: '48210.50' }) statementBalance: string;
  @ApiProperty({ type: StatementBalanceBasisResponse }) statementBalanceBasis: StatementBalanceBasisResponse;
  @ApiProperty({ example: '48245.50' }) ledgerBalance: string;
  @ApiProperty({ example: '-35.00', description: 'Σ unmatched statement lines (money in positive), foreign-currency lines excluded' })
  unmatchedStatementTotal: string;
  @ApiProperty({ example: '0.00', description: 'Σ unmatched ledger items (debits of the bank positive)' }) unmatchedLedgerTotal: string;
  @ApiProperty({ example: '48210.50', description: 'ledgerBalance + unmatchedStatementTotal − unmatchedLedgerTotal' })
  adjustedLedgerBalance: string;
  @ApiProperty({ example: '0.00' }) difference: string;
  @ApiProperty() reconciled: boolean;
  @ApiProperty({ type: String, nullable: true }) reconciliationStart: string | null;
  @ApiProperty({ example: 5 }) matchingWindowDays: number;
  @ApiProperty({ example: 0 }) staleItems: number;
  @ApiProperty({ type: UnmatchedCountsResponse }) counts: UnmatchedCountsResponse;
  @ApiProperty({
    type: [StatementGapResponse],
    description: 'Consecutive statements whose opening balance is not the previous closing balance (one is missing): not reconciled across them',
  })
  gaps: StatementGapResponse[];
  @ApiProperty({ description: 'The lists below were cut (the counts and totals cover everything)' }) truncated: boolean;
  @ApiProperty({ type: [UnmatchedStatementLineResponse] }) unmatchedStatementLines: UnmatchedStatementLineResponse[];
  @ApiProperty({ type: [UnmatchedLedgerItemResponse] }) unmatchedLedgerItems: UnmatchedLedgerItemResponse[];
}

export class SignOffResponse implements SignOffView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ example: '2005-06-30' }) asOf: string;
  @ApiProperty() preparedBy: string;
  @ApiProperty() reviewedBy: string;
  @ApiProperty() reconciled: boolean;
  @ApiProperty({ example: '0.00' }) difference: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The preparation this sign-off reviewed' })
  preparationId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The reconciliation as it stood when signed off' })
  figures: unknown;
}

export class PreparationResponse implements PreparationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ example: '2005-06-30' }) asOf: string;
  @ApiProperty({ description: 'The signed-in person (or token) who prepared it', example: 'María López' }) preparedBy: string;
  @ApiProperty({ format: 'date-time' }) preparedAt: string;
  @ApiProperty() reconciled: boolean;
  @ApiProperty({ example: '0.00' }) difference: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The sign-off its review wrote; null while it awaits review' })
  signOffId: string | null;
  @ApiProperty({ type: BankReconciliationResponse, description: 'The reconciliation as it stood when prepared' })
  figures: unknown;
}

export class RegisterCheckResponse implements RegisterCheckResult {
  @ApiProperty({ example: 'trial balance per fund: GEN' }) name: string;
  @ApiProperty({ type: String, nullable: true }) ledger: string | null;
  @ApiProperty({ type: String, nullable: true }) register: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'register − ledger' }) difference: string | null;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ type: 'array', items: {}, description: 'Why it fails, or what it compared' }) explanation?: unknown[];
  @ApiPropertyOptional({ description: 'How many items the explanation had before it was cut' }) explanationTotal?: number;
}

export class ReconciliationChecksResponse implements ReconciliationChecksReport {
  @ApiProperty({ example: '2005-06-30' }) asOf: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [RegisterCheckResponse] }) checks: RegisterCheckResponse[];
}
